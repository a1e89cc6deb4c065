package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindTrainingPartnership, func(l *model.TrainingPartnership) lever { return partnershipLever{l} })
}

// partnershipLever adds training seats funded by a partner destination,
// with an away track that leads there.
type partnershipLever struct{ l *model.TrainingPartnership }

func (v partnershipLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	// The partner is the first destination the policy names (the first of
	// the scenario when it names none).
	dest := 0
	if len(p.p.Destinations) > 0 {
		for d, dst := range e.sc.Destinations {
			if dst.Name == p.p.Destinations[0] {
				dest = d
			}
		}
	}
	cost := v.l.CostPerSeat * v.l.OriginShare // shared costs: the origin's part
	if v.l.PaidBy == model.PaidByOrigin {
		cost = v.l.CostPerSeat * (1 - v.l.StudentShare) // the origin pays what the student does not
	}
	fee := v.l.CostPerSeat * v.l.StudentShare
	for s, ok := range p.sectors {
		if ok {
			c.partner[s] = partnership{policy: k, seats: v.l.Seats, away: v.l.AwayShare, dest: dest, cost: cost,
				factor: v.l.EmigrationFactor, recognition: v.l.Recognition, fee: fee}
		}
	}
}

// partnership is a training partnership's extra seats in one sector.
type partnership struct {
	policy int
	seats  float64 // persons a year; 0 = none
	away   float64 // share on the away track
	dest   int     // partner destination
	cost   float64 // origin's cost per student-year
	// factor multiplies the emigration hazard of its graduates at home; 0
	// = 1.
	factor float64
	// recognition is the chance its graduates are recognised at dest, when
	// above the destination's own.
	recognition float64
	// fee is what a student on its seats pays a student-year, USD, besides
	// the sector's training cost (student_share x cost_per_seat).
	fee float64
}

// expectedFee returns the partnership fee a youth choosing sector s
// expects to pay a year of training: the fee times the chance of a
// partnership seat, the partnership's seats over the sector's seats a year
// (all of them when the sector has no cap: its other places cannot be
// counted ahead, and an uncapped sector with a partnership is the
// partnership's own).
func (pt partnership) expectedFee(sec *model.Sector) float64 {
	if pt.seats <= 0 || pt.fee <= 0 {
		return 0
	}
	if sec.SeatsPerYear <= 0 {
		return pt.fee
	}
	return pt.fee * pt.seats / (sec.SeatsPerYear + pt.seats)
}
