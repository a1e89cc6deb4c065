package sim

import (
	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

func init() {
	register(model.KindWageTopUp, func(l *model.WageTopUp) lever { return topUpLever{l} })
}

// topUpLever pays a wage top-up in the covered sectors.
type topUpLever struct{ l *model.WageTopUp }

func (v topUpLever) adjust(e *Engine, c *conditions, k int) {
	t := topUp{policy: k, rate: v.l.TopUp * e.scale[k], eligible: v.l.Eligible, steps: e.monthsToSteps(v.l.Months)}
	if t.eligible == model.EligibleReturnees && t.steps > 0 {
		// The present value, in years of the top-up, of the months it is
		// paid: the return decision weighs it against the working years
		// left (returnTopUp).
		t.pvYears = agents.Annuity(e.sc.Training.DiscountRate, float64(t.steps)/float64(e.spy))
	}
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
	steps    int     // returnees: steps after return it is paid; 0 = always
	pvYears  float64 // returnees with steps > 0: agents.Annuity of the paid years at training.discount_rate
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

// returnTopUp returns the top-up share of the home wage an emigrant of
// sector s weighs when deciding to return, with yearsLeft years of work
// left. A top-up for everyone, or for the public sector, is a lasting wage
// rise and counts in full. A returnee top-up paid for a limited time counts
// as its present value spread over the working years left,
//
//	rate x Annuity(rho, months/12) / Annuity(rho, yearsLeft),
//
// at most rate, where rho is training.discount_rate, the model's one rate at
// which future income is discounted (docs/ODD.md 7.9): a one-month top-up
// buys a twelfth of what a year's buys, and only a permanent one is worth
// its full rate. Without this the hazard would treat a month's top-up as a
// wage rise for ever (issue 13).
func (c *conditions) returnTopUp(s int, public bool, rho, yearsLeft float64) float64 {
	rate := 0.0
	for _, t := range c.topUps[s] {
		switch {
		case t.eligible == model.EligiblePublic && !public:
			continue
		case t.eligible == model.EligibleReturnees && t.steps > 0:
			rate += t.rate * min(1, t.pvYears/agents.Annuity(rho, max(yearsLeft, minYearsLeft)))
			continue
		}
		rate += t.rate
	}
	return rate
}

// minYearsLeft is the shortest working life left over which a returnee
// top-up's value is spread, years: a month, so that an emigrant at the
// retirement age does not divide by zero (and is paid the rate at most).
const minYearsLeft = 1.0 / 12
