package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// The event engine's port of the benefits paid to persons at home:
// retention benefits (lever_retention.go), portable benefits for returnees
// (lever_portable.go) and wage top-ups for returnees for as long as they stay
// (lever_top_up.go with months = 0). The aggregate levers that act on costs
// and on the spending of remittances (health_insurance, remittance_matching,
// diaspora_investment, skills_register) need no port: they read only the
// totals the event engine keeps as the step engine does (the diaspora by
// sector and destination, the remittances and fees of the previous step,
// the budget scales), in computeConditions and account.
//
// What decide does person by person, the event engine does as follows:
//
//   - The emigration decision of a worker or returnee woken at a candidate
//     step weighs the same income as decide's (the wage with its top-ups,
//     plus the retention benefits it holds, plus the portable benefits of a
//     returnee: benefitIncome). The benefits only add to the home income,
//     which lowers the hazard (the bound is used only where the wage-gap
//     weight is >= 0: emigTight), so the bound without them bounds the
//     hazard with them: who holds a benefit, and its value, may change
//     without a re-plan. The circulation effect of portable benefits adds
//     to a returnee's logit: its bound is the sum of the positive effects of
//     the portable policies covering the sector, in force or not (constant
//     over the run: no raise), a factor circExp on the returnee's bound.
//   - The return decision weighs the home wage plus the portable benefits
//     (returns); the return bound (returnBoundOf) counts them at their bound
//     homeAdd, the sum of the policies' benefits at a budget scale of 1 (a
//     scale is at most 1: budgetScale), so constant too. Their return
//     effect is in the conditions' returnExtra, which retTerms bounds.
//   - Costs from counts. A retention benefit costs costPerStep a step per
//     recipient at home with a post (not jobless) that lives through the
//     step's start: the holders of each retention policy by sector are
//     kept from the deltas of the persons' moves (benefitMove: a wake, an
//     admission abroad, a departure to train abroad), those who came home
//     in the step (graduates, returnees, trainees and students back) apart,
//     as decide does not pay them in that step. Whether a person holds the
//     benefit is a draw keyed by person and policy only (retention.
//     recipient), so a holder stays one until it moves. A portable benefit
//     costs amount/spy a step per returnee at home but those who returned in
//     the step: from the count of returnees after the wakes less the step's
//     returns. A permanent top-up for returnees costs rate x wage x skill a
//     step per returnee at home with a post but those who returned in the
//     step: the returnees' skill is kept as the workers' is (addNorm: the
//     uncapped normalised by the growth index, the capped as stored), with
//     the step's returnees apart.
//
// Counts are kept as float64 in ev.normAll after the returnee ring, so that
// a block's changes are merged with its other sums (block.normDelta); they
// are whole numbers far below 2^53, so exact.
//
// Unemployment in person is refused (EventSupport), so flagJobless is never
// set here. Should it be simulated, every change of flagJobless of a person
// at home outside a wake (the filling of posts) must call benefitMove, and
// eventAdmitted must pass the flags from before admission (admit clears
// flagJobless before it calls eventAdmitted); the returnees' skill of the
// permanent top-up would then leave out the jobless, whom decide does not
// pay a top-up.

// eventBenefit is the event engine's state of the benefits; nil when the
// scenario has none of these levers, so that they cost nothing without them.
type eventBenefit struct {
	ret  []retHold // the retention policies, in policy order
	base int       // offset in normAll of the holders: [j*nS + s] held, then [(nRet+j)*nS + s] came home this step
	// perm: a permanent top-up for returnees exists; permOff is the offset
	// in normAll of the returnees' skill: [s] normalised (uncapped), [nS+s]
	// stored (capped), then the same for those who returned this step.
	perm    bool
	permOff int
	size    int       // the length of the part of normAll kept here
	circExp []float64 // [sector] exp(-bound of the circulation effect on returnees' emigration logit)
	homeAdd []float64 // [sector] bound of the portable benefits a returnee receives, USD a year
}

// retHold is a retention policy whose holders are counted.
type retHold struct {
	policy  int
	sectors []bool
	r       retention // takeUp, key and eligible, for recipient
}

// newEventBenefit returns the state of the scenario's benefits, its counts
// at offset base of normAll, or nil if it has none.
func newEventBenefit(e *Engine, base int) *eventBenefit {
	bn := &eventBenefit{base: base, circExp: make([]float64, e.nS), homeAdd: make([]float64, e.nS)}
	circ := make([]float64, e.nS)
	found := false
	for k, p := range e.sc.Policies {
		switch l := p.Lever.(type) {
		case *model.RetentionBenefit:
			found = true
			bn.ret = append(bn.ret, retHold{policy: k, sectors: e.pols[k].sectors, r: retention{
				takeUp:   l.TakeUp,
				key:      mix(e.repKey ^ (uint64(k)+1)*kPolicy), // as retentionLever.adjust
				eligible: l.Eligible,
			}})
		case *model.PortableBenefits:
			found = true
			for s, ok := range e.pols[k].sectors {
				if ok {
					circ[s] += max(0, l.CirculationEffect)
					bn.homeAdd[s] += l.Benefit
				}
			}
		case *model.WageTopUp:
			if l.Eligible == model.EligibleReturnees && l.Months <= 0 {
				found, bn.perm = true, true
			}
		}
	}
	if !found {
		return nil
	}
	for s, c := range circ {
		bn.circExp[s] = math.Exp(-c)
	}
	bn.size = 2 * len(bn.ret) * e.nS
	if bn.perm {
		bn.permOff = base + bn.size
		bn.size += 4 * e.nS
	}
	return bn
}

// benefitSize returns the length of the part of normAll that the benefits'
// counts take (0 without them).
func (bn *eventBenefit) benefitSize() int {
	if bn == nil {
		return 0
	}
	return bn.size
}

// holds tells whether a person of sector s, in state st with flags fl and
// id id, holds retention benefit j: at home with a post, and a recipient.
func (bn *eventBenefit) holds(j int, s int, st agents.State, fl uint8, id uint32) bool {
	h := &bn.ret[j]
	if !st.AtHome() || fl&flagJobless != 0 || !h.sectors[s] {
		return false
	}
	return h.r.recipient(id, st == agents.Returnee, fl&flagPublic != 0)
}

// benefitMove changes the counts d (normAll's layout) for person i of
// sector s moving from state from with flags ff to state to with flags tf
// (agents.Gone for a person leaving the model, or before it enters);
// arrive tells that it came home in this step's wakes (not paid in it).
func (e *Engine) benefitMove(d []float64, i, s int, from agents.State, ff uint8, to agents.State, tf uint8, arrive bool) {
	bn := e.ev.ben
	nS, nRet := e.nS, len(bn.ret)
	id := e.pop.id[i]
	for j := range bn.ret {
		was, is := bn.holds(j, s, from, ff, id), bn.holds(j, s, to, tf, id)
		if was == is {
			continue
		}
		sign := 1.0
		if was {
			sign = -1
		}
		d[bn.base+j*nS+s] += sign
		if arrive && is {
			d[bn.base+(nRet+j)*nS+s]++
		}
	}
}

// benefitInit counts the holders of the initial population.
func (e *Engine) benefitInit() {
	if e.ev.ben == nil || len(e.ev.ben.ret) == 0 {
		return
	}
	p := &e.pop
	for i := range p.rec {
		st := p.rec[i].state
		if st.AtHome() {
			e.benefitMove(e.normPair(), i, int(p.rec[i].sector), agents.Gone, 0, st, p.rec[i].flags, false)
		}
	}
}

// addReturneeAll adds (sign 1) or takes back (sign -1) to the sums d
// (normAll's layout) the part of a returnee of sector s who came home at
// step r, with skill sk after step n, uncapped (un) or not: for the
// permanent top-ups for returnees; apart too if it came home this step.
func (e *Engine) addReturneeAll(d []float64, s, r int, un bool, sk float64, n int, sign float64) {
	bn := e.ev.ben
	j := bn.permOff + s
	v := sign * sk
	if un {
		v /= e.gIndex(n, s)
	} else {
		j += e.nS
	}
	d[j] += v
	if r == e.step {
		d[j+2*e.nS] += v
	}
}

// returneeSkillAll returns the skill, after step e.step, of the returnees
// of sector s at home but those who came home in the step: those decide pays
// a permanent top-up for returnees in this step.
func (e *Engine) returneeSkillAll(s int) float64 {
	bn := e.ev.ben
	if bn == nil || !bn.perm {
		return 0
	}
	a, nS := e.ev.normAll[bn.permOff:], e.nS
	return (a[s]-a[2*nS+s])*e.gIndex(e.step, s) + a[nS+s] - a[3*nS+s]
}

// benefitIncome returns the benefits, USD a year, that worker or returnee i
// of sector s with flags fl adds to its wage when it weighs emigrating, as
// decide adds them: the retention benefits it holds with a post, and the
// portable benefits of a returnee.
func (e *Engine) benefitIncome(i, s int, st agents.State, fl uint8) float64 {
	c := &e.cond
	v := 0.0
	if fl&flagJobless == 0 {
		for j := range c.retain[s] {
			r := &c.retain[s][j]
			if r.recipient(e.pop.id[i], st == agents.Returnee, fl&flagPublic != 0) {
				v += r.value
			}
		}
	}
	if st == agents.Returnee && len(c.benefits[s]) > 0 {
		v += c.returneeBenefit(s, float64(e.spy), nil)
	}
	return v
}

// homeBound returns the bound of the log home income of an emigrant of
// sector s weighing return, hw a bound of the log of its wage (with
// top-ups), with the portable benefits at their bound added.
func (bn *eventBenefit) homeBound(s int, hw float64) float64 {
	if b := bn.homeAdd[s]; b > 0 {
		return math.Log(math.Exp(hw) + b)
	}
	return hw
}

// benefitCosts charges this step's retention and portable benefits from
// the counts after the wakes (e.total's counts derived), as decide charges
// each worker and returnee at home it steps, and clears the counts of this
// step's arrivals.
func (e *Engine) benefitCosts() {
	bn := e.ev.ben
	if bn == nil {
		return
	}
	c, t, nS, nRet := &e.cond, &e.total, e.nS, len(bn.ret)
	a := e.ev.normAll
	for s := range nS {
		for _, r := range c.retain[s] {
			if r.costPerStep == 0 {
				continue
			}
			for j := range bn.ret {
				if bn.ret[j].policy == r.policy {
					n := a[bn.base+j*nS+s] - a[bn.base+(nRet+j)*nS+s]
					t.cost[r.policy] += n * r.costPerStep
				}
			}
		}
		if len(c.benefits[s]) > 0 {
			n := float64(t.n(agents.Returnee, s) - t.flow(flowReturn, s))
			for _, b := range c.benefits[s] {
				if b.origin {
					t.cost[b.policy] += n * b.amount / float64(e.spy)
				}
			}
		}
	}
	clear(a[bn.base+nRet*nS : bn.base+2*nRet*nS])
	if bn.perm {
		clear(a[bn.permOff+2*nS : bn.permOff+4*nS])
	}
}
