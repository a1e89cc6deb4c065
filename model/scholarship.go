package model

// Scholarship lowers the cost of training in the covered sectors by Amount
// a student-year, and costs the public as much.
type Scholarship struct {
	Amount float64 `toml:"amount"` // USD per student-year; >= 0
}

// Kind returns KindScholarship.
func (*Scholarship) Kind() Kind { return KindScholarship }

// Validate checks that the amount is not negative.
func (l *Scholarship) Validate() []Problem {
	var ps problems
	ps.nonNegative("amount", l.Amount)
	return ps
}
