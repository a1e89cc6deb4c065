package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// Sizes of the retention tests: a population large enough that the flips of
// emigration decisions caused by the benefit (a few hundred over the run)
// measure the relative effect to a few percent.
const (
	retainAgents = 20_000
	retainYears  = 8
	retainReps   = 3
	retainTakeUp = 0.5     // half the nurses take the benefit up (assumed)
	retainValue  = 4_000   // USD a year, a third of the nurse's wage of 12,000 in baseline.toml
	retainCost   = 2_500   // USD a year: a subsidised loan costs the state less than its worth (assumed)
	retainTieMo  = 24      // months
	retainSector = "nurse" // no quota caps nurses in baseline.toml, so every wish is granted
)

func retentionScenario(t *testing.T, l *model.RetentionBenefit) *model.Scenario {
	sc := loadBaseline(t, retainAgents, retainYears, retainReps)
	if l != nil {
		sc.Policies = []model.Policy{{Sectors: []string{retainSector}, Lever: l}}
	}
	return sc
}

// TestRetentionBenefitSize compares paired runs (common random numbers) with
// and without a retention benefit in the nurse sector. The expected relative
// change of the nurses' emigrations is computed from agents.EmigrationRate:
// for each nurse at home with a post after a step of the baseline run, the
// step probability of emigrating at the wage plus the benefit if a recipient,
// against the wage alone, summed over persons and steps. The observed change
// must be within 15% of it.
func TestRetentionBenefitSize(t *testing.T) {
	base := retentionScenario(t, nil)
	pol := retentionScenario(t, &model.RetentionBenefit{TakeUp: retainTakeUp, Value: retainValue, Cost: retainCost, PaidBy: model.PaidByOrigin})
	s := base.SectorIndex(retainSector)
	var wantDelta, wantBase, gotBase, gotPol float64
	for r := range retainReps {
		eb, ep := New(base, r, 1), New(pol, r, 1)
		if eb.wageWeight != nil {
			t.Fatal("baseline.toml has wage-gap weights by age: the expectation below assumes none")
		}
		spy := eb.spy
		for !eb.Done() {
			eb.Step()
			ep.Step()
			gotBase += float64(eb.total.flow(flowEmigrate, s))
			gotPol += float64(ep.total.flow(flowEmigrate, s))

			// The next step's hazards at the baseline's conditions.
			c, p, em := &eb.cond, &eb.pop, eb.sc.Emigration
			r0 := &retention{takeUp: retainTakeUp, key: mix(eb.repKey ^ 1*kPolicy)}
			for i := range p.rec {
				st := p.rec[i].state
				if (st != agents.Worker && st != agents.Returnee) || int(p.rec[i].sector) != s || p.rec[i].flags&flagJobless != 0 {
					continue
				}
				w := c.wageHome[s] * float64(p.skill[i])
				age := float64(p.rec[i].age+1) / float64(spy)
				f := 1.0
				if st == agents.Returnee {
					f = em.ReturneeFactor
				}
				h0 := agents.StepProb(f*agents.EmigrationRate(em, c.inclusive[s], w, w, 1, age), spy)
				wantBase += h0
				if r0.recipient(p.id[i], st == agents.Returnee, p.rec[i].flags&flagPublic != 0) {
					h1 := agents.StepProb(f*agents.EmigrationRate(em, c.inclusive[s], w+retainValue, w+retainValue, 1, age), spy)
					wantDelta += h1 - h0
				}
			}
		}
	}
	want := wantDelta / wantBase
	got := (gotPol - gotBase) / gotBase
	t.Logf("nurse emigrations %.0f -> %.0f: %+.1f%%; expected %+.1f%%", gotBase, gotPol, 100*got, 100*want)
	if !(want < 0) || math.Abs(got-want) > 0.15*math.Abs(want) {
		t.Errorf("relative change of emigrations = %.4f; want %.4f within 15%%", got, want)
	}
}

// TestRetentionCost checks that a retention benefit costs take-up x eligible
// x cost within 2%, eligible being the persons at home with a post before
// each step (less those who die or retire in it, a bias of about 0.2%).
// Over all sectors, about 30,000 agents at home in each of 2 replicates: the
// share of recipients has a relative sampling error of about 0.4%. Over two
// years only: recipients leave less, so their share among the eligible
// creeps above the take-up as years pass (about 1% after 8 years).
func TestRetentionCost(t *testing.T) {
	sc := loadBaseline(t, 40_000, 2, 2)
	sc.Policies = []model.Policy{{Lever: &model.RetentionBenefit{TakeUp: retainTakeUp, Value: retainValue, Cost: retainCost, PaidBy: model.PaidByOrigin}}}
	var cost, want float64
	for r := range sc.Replicates {
		e := New(sc, r, 1)
		for !e.Done() {
			var eligible float64
			for i := range e.pop.rec {
				st := e.pop.rec[i].state
				if (st == agents.Worker || st == agents.Returnee) && e.pop.rec[i].flags&flagJobless == 0 {
					eligible++
				}
			}
			want += retainTakeUp * eligible * e.weight * retainCost / float64(e.spy)
			e.Step()
			cost += e.lastCost[0]
		}
	}
	t.Logf("cost %.4g; take-up x eligible x cost %.4g", cost, want)
	if math.Abs(cost-want) > 0.02*want {
		t.Errorf("cost = %.6g; want %.6g within 2%%", cost, want)
	}
}

// TestRetentionRepayment checks the repayment identity on paired runs: the
// policy with a tie and the same policy without one make the same decisions
// (repayment changes no hazard), and the difference of their costs is the
// revenue: for every recipient who emigrates in a step, the value of the
// tie's months left, Value/12 x (tie - months held), counted here from each
// person's tenure before the step.
func TestRetentionRepayment(t *testing.T) {
	l := model.RetentionBenefit{TakeUp: retainTakeUp, Value: retainValue, Cost: retainCost, PaidBy: model.PaidByOrigin}
	tied := l
	tied.TieMonths = retainTieMo
	sc0, sc1 := retentionScenario(t, &l), retentionScenario(t, &tied)
	sc0.Years, sc1.Years = 3, 3 // beyond the tie, so that both sides of it count
	s := sc0.SectorIndex(retainSector)
	e0, e1 := New(sc0, 0, 1), New(sc1, 0, 1)
	spy := e1.spy
	tie := e1.monthsToSteps(retainTieMo)
	r := &retention{takeUp: retainTakeUp, key: mix(e1.repKey ^ 1*kPolicy)}
	var revenue, want float64
	var repaid int
	home := map[uint32]int{} // id -> tenure before the step, of recipients at home with a post
	for !e1.Done() {
		clear(home)
		p := &e1.pop
		for i := range p.rec {
			st := p.rec[i].state
			if (st == agents.Worker || st == agents.Returnee) && int(p.rec[i].sector) == s && p.rec[i].flags&flagJobless == 0 &&
				r.recipient(p.id[i], st == agents.Returnee, p.rec[i].flags&flagPublic != 0) {
				home[p.id[i]] = int(p.rec[i].tenure)
			}
		}
		since := e1.step
		e0.Step()
		e1.Step()
		revenue += e0.lastCost[0] - e1.lastCost[0]
		for i := range p.rec {
			st := p.rec[i].state
			if ten, ok := home[p.id[i]]; ok && st == agents.Emigrant {
				if held := min(ten+1, since); held < tie {
					want += retainValue / float64(spy) * float64(tie-held) * e1.weight
					repaid++
				}
			}
		}
	}
	t.Logf("%d recipients repaid %.4g USD; identity %.4g", repaid, revenue, want)
	if repaid == 0 || math.Abs(revenue-want) > 1e-9*want {
		t.Errorf("repayment revenue = %.10g; want %.10g (%d repayments)", revenue, want, repaid)
	}
}

// TestRetentionBudget checks that a retention benefit goes through the
// budgets like the other levers: with a budget well below its full cost,
// each calendar year but the first (whose first step is paid in full) spends
// the budget within 2%, as in TestBudgetHolds.
func TestRetentionBudget(t *testing.T) {
	sc := policyBaseline(t)
	sc.Replicates = 1
	sc.Years = 4
	const budget = 3e7 // USD a year, well below the full cost (checked below)
	sc.Policies = []model.Policy{{Name: "cars", Budget: budget,
		Lever: &model.RetentionBenefit{TakeUp: retainTakeUp, Value: retainValue, Cost: retainCost, PaidBy: model.PaidByOrigin}}}
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := results.MetricIndex(ts.Metrics, "policy_cost.cars")
	sc.Policies[0].Budget = 0
	full, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if last := len(full.Year) - 1; full.Values[0][last][m] < 2*budget {
		t.Fatalf("full cost %.4g a year: the budget %.4g does not bind", full.Values[0][last][m], budget)
	}
	for i, y := range ts.Year {
		if (i+1)%sc.StepsPerYear != 0 || i+1 == sc.StepsPerYear {
			continue
		}
		if got := ts.Values[0][i][m]; math.Abs(got-budget) > 0.02*budget {
			t.Errorf("year to %.0f: cost %.4g; want the budget %.4g +- 2%%", y, got, budget)
		}
	}
}
