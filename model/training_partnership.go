package model

// TrainingPartnership adds Seats training places a year in each covered
// sector, funded by a destination (Australia-Pacific Training Coalition,
// global skill partnerships). A share AwayShare of its entrants follow the
// away track and, on graduating, move to the partner destination (the first
// the policy names, or the scenario's first) with recognised credentials,
// outside its quota. The origin's fiscal cost counts CostPerSeat a
// student-year only when PaidBy is PaidByOrigin.
type TrainingPartnership struct {
	Seats       float64 `toml:"seats"`         // extra places a year, persons; >= 0
	AwayShare   float64 `toml:"away_share"`    // share of entrants on the away track; in [0, 1]
	PaidBy      Payer   `toml:"paid_by"`       // who pays; the zero value is the destination
	CostPerSeat float64 `toml:"cost_per_seat"` // USD a student-year; >= 0
}

// Kind returns KindTrainingPartnership.
func (*TrainingPartnership) Kind() Kind { return KindTrainingPartnership }

// Validate checks every parameter's range.
func (l *TrainingPartnership) Validate() []Problem {
	var ps problems
	ps.nonNegative("seats", l.Seats)
	ps.share("away_share", l.AwayShare)
	ps.nonNegative("cost_per_seat", l.CostPerSeat)
	return ps
}
