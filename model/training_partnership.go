package model

// TrainingPartnership adds Seats training places a year in each covered
// sector, funded by a destination (Australia-Pacific Training Coalition,
// global skill partnerships). A share AwayShare of its entrants follow the
// away track and, on graduating, move to the partner destination (the first
// the policy names, or the scenario's first) with recognised credentials,
// outside its quota. The origin's fiscal cost counts CostPerSeat a
// student-year when PaidBy is PaidByOrigin, its OriginShare of it when the
// destination pays the rest.
type TrainingPartnership struct {
	Seats       float64 `toml:"seats"`         // extra places a year, persons; >= 0
	AwayShare   float64 `toml:"away_share"`    // share of entrants on the away track; in [0, 1]
	PaidBy      Payer   `toml:"paid_by"`       // who pays; the zero value is the destination
	CostPerSeat float64 `toml:"cost_per_seat"` // USD a student-year; >= 0
	// EmigrationFactor multiplies the emigration hazard of the
	// partnership's graduates at home (workers and returnees trained on its
	// seats) while the policy is in force, within [0, MaxHazardFactor]; 0
	// (left out) leaves their hazard the ordinary one. It calibrates the
	// share of graduates who leave by the ordinary channel (APTC: 2.9% by
	// 2014, ../shared/data/README.md), in place of an away track added on
	// top of that channel.
	EmigrationFactor float64 `toml:"emigration_factor"`
	// OriginShare is the origin's share of CostPerSeat when the costs are
	// shared (global skill partnerships share them between the two
	// countries, seeds/000_850983be4f159c81.txt), within [0, 1]; the rest
	// falls on the destination. 0 (left out) keeps PaidBy's all-or-nothing:
	// nothing when the destination pays, all when the origin does; it must
	// be 0 with PaidBy = PaidByOrigin.
	OriginShare float64 `toml:"origin_share"`
	// Recognition is the chance that a partnership graduate's credentials
	// are recognised on arrival at the partner destination, training to its
	// standard, within [0, 1]; the destination's own chance applies when it
	// is higher, and 0 (left out) leaves it alone.
	Recognition float64 `toml:"recognition"`
	// StudentShare is the student's share of CostPerSeat, within [0, 1],
	// paid as a fee on top of the sector's training cost by each student
	// on a partnership seat (global skill partnerships ask "how to share
	// costs equitably", seeds/000_850983be4f159c81.txt; the trainee is the
	// third party who may pay, no source sizes it): it enters the sector's training
	// choice as an expected fee, the cost per student-year times the
	// chance of a partnership seat, and comes off what the payers pay:
	// with PaidBy = PaidByOrigin the origin pays the rest, otherwise
	// OriginShare + StudentShare must not exceed 1. 0 (left out) = the
	// student pays nothing of it.
	StudentShare float64 `toml:"student_share"`
}

// MaxHazardFactor bounds TrainingPartnership.EmigrationFactor: ten times
// the ordinary hazard, beyond any calibration the seeds call for.
const MaxHazardFactor = 10

// Kind returns KindTrainingPartnership.
func (*TrainingPartnership) Kind() Kind { return KindTrainingPartnership }

// Validate checks every parameter's range.
func (l *TrainingPartnership) Validate() []Problem {
	var ps problems
	ps.nonNegative("seats", l.Seats)
	ps.share("away_share", l.AwayShare)
	ps.nonNegative("cost_per_seat", l.CostPerSeat)
	ps.check("emigration_factor", l.EmigrationFactor, l.EmigrationFactor >= 0 && l.EmigrationFactor <= MaxHazardFactor,
		"must be within [0, 10] (0 = the ordinary hazard)")
	ps.share("recognition", l.Recognition)
	if l.PaidBy == PaidByOrigin {
		ps.check("origin_share", l.OriginShare, l.OriginShare == 0, `must be 0 or left out with paid_by = "origin" (the origin pays all)`)
	} else {
		ps.share("origin_share", l.OriginShare)
	}
	ps.share("student_share", l.StudentShare)
	if l.PaidBy != PaidByOrigin && l.OriginShare <= 1 && l.StudentShare <= 1 && l.OriginShare+l.StudentShare > 1 {
		ps.check("student_share", l.StudentShare, false, "must be at most 1 - origin_share (the two shares of cost_per_seat add to at most 1)")
	}
	return ps
}
