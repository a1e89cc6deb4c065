package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindWageTopUp, func(l *model.WageTopUp) lever { return topUpLever{l} })
}

// topUpLever pays a wage top-up in the covered sectors.
type topUpLever struct{ l *model.WageTopUp }

func (v topUpLever) adjust(e *Engine, c *conditions, k int) {
	t := topUp{policy: k, rate: v.l.TopUp * e.scale[k], eligible: v.l.Eligible, steps: e.monthsToSteps(v.l.Months)}
	for s, ok := range e.pols[k].sectors {
		if ok {
			c.topUps[s] = append(c.topUps[s], t)
		}
	}
}

// topUp is a wage top-up in force for one sector.
type topUp struct {
	policy   int
	rate     float64 // share of the home wage
	eligible model.Eligibility
	steps    int // returnees: steps after return it is paid; 0 = always
}

// topUpRate returns the top-up share of the home wage a person receives and,
// unless cost is nil, charges rate x wage to each policy paying it.
func (c *conditions) topUpRate(s int, returnee, public bool, tenure int, wage float64, cost []float64) float64 {
	rate := 0.0
	for _, t := range c.topUps[s] {
		switch t.eligible {
		case model.EligiblePublic:
			if !public {
				continue
			}
		case model.EligibleReturnees:
			if !returnee || (t.steps > 0 && tenure > t.steps) {
				continue
			}
		}
		rate += t.rate
		if cost != nil {
			cost[t.policy] += t.rate * wage
		}
	}
	return rate
}
