package sim

import (
	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

func init() {
	register(model.KindRetentionBenefit, func(l *model.RetentionBenefit) lever { return retentionLever{l} })
}

// retentionLever gives a non-wage benefit (a car hire-purchase, a housing
// loan) to a share of the workers at home with a post (docs/ODD.md 7.9).
type retentionLever struct{ l *model.RetentionBenefit }

// kPolicy spreads the keys of per-policy draws that do not change with the
// step (who takes a benefit up), like kStep and kAgent in rng.go.
const kPolicy = 0x9e6c63d0676a9a99

func (v retentionLever) adjust(e *Engine, c *conditions, k int) {
	fspy := float64(e.spy)
	sc := e.scale[k]
	r := retention{
		policy:   k,
		takeUp:   v.l.TakeUp,
		key:      mix(e.repKey ^ (uint64(k)+1)*kPolicy),
		value:    v.l.Value * sc,
		eligible: v.l.Eligible,
		tie:      e.monthsToSteps(v.l.TieMonths),
		since:    e.step - e.policyStartStep(k),
	}
	if v.l.PaidBy == model.PaidByOrigin {
		r.costPerStep = v.l.Cost * sc / fspy
		r.repayPerStep = v.l.Value * sc / fspy
	}
	for s, ok := range e.pols[k].sectors {
		if ok {
			c.retain[s] = append(c.retain[s], r)
		}
	}
}

// policyStartStep returns the step at which policy k came into force: its
// start year's first step, or 0 if it was in force from the start.
func (e *Engine) policyStartStep(k int) int {
	y := e.pols[k].p.StartYear
	if y <= e.sc.StartYear {
		return 0
	}
	return (y - e.sc.StartYear) * e.spy
}

// retention is a retention benefit in force for one sector.
type retention struct {
	policy       int
	takeUp       float64 // share of the eligible who are recipients
	key          uint64  // key of the take-up draw, per person
	value        float64 // worth to a recipient, USD a year (a wage equivalent)
	costPerStep  float64 // cost to the origin per recipient and step, USD; 0 when another payer pays
	repayPerStep float64 // repayment per step of the tie left, USD; 0 when another payer receives it
	eligible     model.Eligibility
	tie          int // steps after receipt within which an emigrant repays; 0 = none
	since        int // steps since the policy came into force
}

// recipient reports whether the person with the given id, at home in the
// state returnee or not and a graduate of a public programme or not, holds
// benefit r. The take-up draw is keyed by person and policy, not by step, so
// that a recipient keeps the benefit for as long as the person is eligible.
func (r *retention) recipient(id uint32, returnee, public bool) bool {
	switch r.eligible {
	case model.EligiblePublic:
		if !public {
			return false
		}
	case model.EligibleReturnees:
		if !returnee {
			return false
		}
	}
	return uniform(agentKey(r.key, id), drawRetain) < r.takeUp
}

// retentionValue returns the yearly value of the retention benefits held by
// a worker of sector s with a post and charges each paying policy its cost
// for the step.
func (c *conditions) retentionValue(s int, id uint32, returnee, public bool, cost []float64) float64 {
	v := 0.0
	for j := range c.retain[s] {
		r := &c.retain[s][j]
		if r.recipient(id, returnee, public) {
			v += r.value
			cost[r.policy] += r.costPerStep
		}
	}
	return v
}

// repayRetention charges, as revenue to the paying policy, the outstanding
// benefit of worker or returnee i of sector s who emigrates within the tie:
// the value of the tie's steps left, counted from the later of the policy's
// start and the person's graduation or return (tenure).
func (e *Engine) repayRetention(t *tally, i, s int, from agents.State) {
	p := &e.pop
	if p.rec[i].flags&flagJobless != 0 {
		return
	}
	for j := range e.cond.retain[s] {
		r := &e.cond.retain[s][j]
		if r.tie == 0 || r.repayPerStep == 0 || !r.recipient(p.id[i], from == agents.Returnee, p.rec[i].flags&flagPublic != 0) {
			continue
		}
		if held := min(int(p.rec[i].tenure), r.since); held < r.tie {
			t.cost[r.policy] -= r.repayPerStep * float64(r.tie-held)
		}
	}
}
