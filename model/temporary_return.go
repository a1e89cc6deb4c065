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
	// TeachingShare is the share of the assignments that are teaching posts
	// in the training of the assignee's own sector (Malawi's returning
	// medical specialists teaching medical students; Mali's TOKTEN
	// expatriates teaching at the university: seeds/002_02df7b30806fa867.txt),
	// within [0, 1]; 0 (left out) = none. A teaching FTE of a sector that is
	// not a teacher sector counts as a teacher in education quality, and
	// adds SeatsPerTeacher training seats a year to its sector.
	TeachingShare float64 `toml:"teaching_share"`
	// SeatsPerTeacher is the training seats a year one teaching FTE opens in
	// the sector taught, persons per FTE, >= 0 (assumed: no source in
	// ../shared gives it); added to a sector with a seat cap only.
	SeatsPerTeacher float64 `toml:"seats_per_teacher"`
	// TransferYears is how long, in years, the skill transfer of an
	// assignment outlasts it, >= 0; 0 (left out) = it stops when the
	// assignment ends. The transfer fades exponentially with this mean
	// life (what colleagues learnt is used, then forgotten or carried away
	// by turnover), so that each FTE-year on assignment goes on raising
	// home colleagues' skill, after it, by SkillTransfer x TransferYears in
	// all, also after the programme has ended (assumed: the seeds give no
	// duration; MIDA's evaluation, seeds/002_02df7b30806fa867.txt, only
	// reports training delivered).
	TransferYears float64 `toml:"transfer_years"`
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
	ps.share("teaching_share", l.TeachingShare)
	ps.nonNegative("seats_per_teacher", l.SeatsPerTeacher)
	ps.nonNegative("transfer_years", l.TransferYears)
	return ps
}
