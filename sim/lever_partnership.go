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
		cost = v.l.CostPerSeat
	}
	for s, ok := range p.sectors {
		if ok {
			c.partner[s] = partnership{policy: k, seats: v.l.Seats, away: v.l.AwayShare, dest: dest, cost: cost,
				factor: v.l.EmigrationFactor, recognition: v.l.Recognition}
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
}
