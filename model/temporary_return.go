package model

// TemporaryReturn offers members of the diaspora assignments at home (IOM's
// MIDA Ghana Health, TRQN). Assignments a year, Months long each, are offered
// to emigrants of the covered sectors at the covered destinations; each one
// approached accepts with probability Acceptance. While on assignment a
// member counts as a full-time equivalent at home, and raises the summed
// skill of home colleagues of the sector by SkillTransfer a year (their skill
// grows by SkillTransfer x FTE / home stock a year). Two programmes covering
// the same sector and destination at once: the later block applies there.
type TemporaryReturn struct {
	Assignments       float64 `toml:"assignments"`         // offered a year, persons; >= 0; 0 offers none
	Months            float64 `toml:"months"`              // length of an assignment, months; > 0
	Acceptance        float64 `toml:"acceptance"`          // chance an approached member accepts; in [0, 1]
	SkillTransfer     float64 `toml:"skill_transfer"`      // skill index added to home colleagues per FTE-year; >= 0
	CostPerAssignment float64 `toml:"cost_per_assignment"` // USD per assignment; >= 0
}

// Kind returns KindTemporaryReturn.
func (*TemporaryReturn) Kind() Kind { return KindTemporaryReturn }

// Validate checks every parameter's range; an assignment must last.
func (l *TemporaryReturn) Validate() []Problem {
	var ps problems
	ps.months("months", l.Months, true)
	ps.nonNegative("assignments", l.Assignments)
	ps.share("acceptance", l.Acceptance)
	ps.nonNegative("skill_transfer", l.SkillTransfer)
	ps.nonNegative("cost_per_assignment", l.CostPerAssignment)
	return ps
}
