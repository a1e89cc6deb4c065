package model

// WageTopUp raises the home wage of eligible workers in the covered sectors
// (Ghana's 2006 salary reform; Moldova's top-up for returning graduates).
// While in force, each eligible worker's wage is multiplied by 1 + TopUp,
// which enters the emigration and return decisions and the training choice;
// the public pays TopUp x wage. A returnee top-up paid for a limited number
// of Months enters the return decision at its present value over the
// emigrant's working years left, not as a permanent wage rise (docs/ODD.md
// 7.9).
type WageTopUp struct {
	TopUp float64 `toml:"top_up"` // share of the home wage, 0.3 = 30%; >= 0; 0 pays nothing
	// Eligible is who is paid; the zero value pays everyone.
	Eligible Eligibility `toml:"eligible"`
	// Months is how long a returnee is paid after return when Eligible is
	// EligibleReturnees, months; 0 = as long as they stay.
	Months float64 `toml:"months"`
}

// Kind returns KindWageTopUp.
func (*WageTopUp) Kind() Kind { return KindWageTopUp }

// Validate checks that the top-up and the months are not negative.
func (l *WageTopUp) Validate() []Problem {
	var ps problems
	ps.nonNegative("top_up", l.TopUp)
	ps.months("months", l.Months, false)
	return ps
}
