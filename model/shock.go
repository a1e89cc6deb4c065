package model

// Shock changes conditions while in force: WageAbroadChange the wages at the
// covered destinations (-0.2 = a recession), WageHomeChange the home wages
// of the covered sectors (a crisis at home), and DemandChange the covered
// destinations' quotas and emigration appeal (+0.5 = a demand surge). Each
// is a relative change; 0 changes nothing.
type Shock struct {
	WageAbroadChange float64 `toml:"wage_abroad_change"` // relative; > -1
	WageHomeChange   float64 `toml:"wage_home_change"`   // relative; > -1
	DemandChange     float64 `toml:"demand_change"`      // relative; > -1; applies to every covered destination, whatever the sectors
}

// Kind returns KindShock.
func (*Shock) Kind() Kind { return KindShock }

// Validate checks that no change is a fall of 100% or more.
func (l *Shock) Validate() []Problem {
	var ps problems
	ps.change("wage_abroad_change", l.WageAbroadChange)
	ps.change("wage_home_change", l.WageHomeChange)
	ps.change("demand_change", l.DemandChange)
	return ps
}
