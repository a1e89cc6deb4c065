package model

// Bonding obliges graduates of public programmes in the covered sectors to
// serve Months at home. A bonded worker's emigration hazard is multiplied by
// BuyoutRate; each who leaves early pays Buyout, which counts as public
// revenue (a negative cost).
type Bonding struct {
	Months     float64 `toml:"months"`      // service owed, months; >= 0; 0 binds nobody
	Buyout     float64 `toml:"buyout"`      // USD paid by a bonded worker who leaves; >= 0
	BuyoutRate float64 `toml:"buyout_rate"` // multiplier of the emigration hazard while bonded; in [0, 1]; 0 = no one leaves early
}

// Kind returns KindBonding.
func (*Bonding) Kind() Kind { return KindBonding }

// Validate checks every parameter's range.
func (l *Bonding) Validate() []Problem {
	var ps problems
	ps.months("months", l.Months, false)
	ps.nonNegative("buyout", l.Buyout)
	ps.share("buyout_rate", l.BuyoutRate)
	return ps
}
