package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// moldovaTopUp returns moldova.toml with the policies the event engine
// simulates, its top-up for returnees paid for 6 months among them.
func moldovaTopUp(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := keepKinds(t, "moldova", model.KindWageTopUp, model.KindReturnGrant, model.KindTemporaryReturn, model.KindRemittanceFeeCut)
	sc.Agents, sc.Years, sc.Replicates = agents, years, reps
	return sc
}

// moldovaWhole returns moldova.toml with all its policies, its students
// abroad among them, from 2016, so that their first cohort (2017) finishes
// its study (4 years) within a run of six years.
func moldovaWhole(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := keepKinds(t, "moldova", model.KindWageTopUp, model.KindReturnGrant, model.KindTemporaryReturn,
		model.KindRemittanceFeeCut, model.KindStudyAbroad)
	sc.Name = "moldova"
	sc.StartYear = 2016
	sc.Agents, sc.Years, sc.Replicates = agents, years, reps
	return sc
}

// moldovaImmortal is moldovaWhole without deaths, so that the stock-flow
// identity of the stocks at home and abroad closes with the graduates of
// study abroad coming into them (deaths are not counted by state).
func moldovaImmortal(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := moldovaWhole(t, agents, years, reps)
	sc.Name = "moldova without deaths"
	sc.Demography.Mortality = 0
	return sc
}

// TestEventReturneeTopUpCharges checks the charge of a top-up for returnees
// paid for a limited time (event_topup.go) against a recount of the
// population every step: rate x wage x the skill of the returnees of the
// covered sectors whose tenure is from 1 to the window, as decide charges
// them. Nobody dies and returnees do not emigrate again, so that every
// returnee charged in a step is still one at its end (decide charges those
// who then leave, which a recount after the step cannot see); the top-up
// is 6 months, from moldova.toml, over the years it is in force.
func TestEventReturneeTopUpCharges(t *testing.T) {
	sc := moldovaTopUp(t, 4000, 4, 1)
	sc.StartYear = 2017 // the top-up runs from 2018
	sc.Demography.Mortality = 0
	sc.Emigration.ReturneeFactor = 0
	k := -1
	for j, p := range sc.Policies {
		if l, ok := p.Lever.(*model.WageTopUp); ok && l.Eligible == model.EligibleReturnees {
			k = j
		}
	}
	if k < 0 {
		t.Fatal("moldova.toml has no top-up for returnees")
	}
	e := newEvent(sc, 0, 1)
	charged := 0
	for range sc.Steps() {
		e.Step()
		e.syncEvents()
		c, p := &e.cond, &e.pop
		want := 0.0
		for i := range p.rec {
			st := p.rec[i].state
			s := int(p.rec[i].sector)
			if st != agents.Returnee || p.rec[i].tenure < 1 {
				continue
			}
			for _, tu := range c.topUps[s] {
				if tu.policy == k && int(p.rec[i].tenure) <= tu.steps {
					want += tu.rate * c.wageHome[s] / float64(e.spy) * float64(p.skill[i])
					charged++
				}
			}
		}
		if got := e.total.cost[k]; math.Abs(got-want) > 1e-6*max(1, want) { // skills are float32
			t.Fatalf("step %d: top-up charged %v, want %v", e.step-1, got, want)
		}
	}
	if charged < 100 {
		t.Fatalf("only %d returnee-steps charged: the test checks too little", charged)
	}
	t.Logf("%d returnee-steps charged", charged)
}
