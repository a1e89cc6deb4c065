package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// Levers of the tests of event_benefit.go, on baseline.toml. Values are
// assumed, chosen so that each lever moves its metrics well beyond the
// noise of the equivalence test (see TestEventEquivalenceBenefits).
const (
	benNurseTakeUp   = 0.5  // half the nurses take the retention benefit up
	benNurseValue    = 4000 // USD a year: a third of a nurse's wage (12,000 in baseline.toml)
	benNurseCost     = 2500 // USD a year to the origin per recipient
	benNurseTie      = 24   // months within which an emigrant recipient repays
	benRetTakeUp     = 0.6  // share of the returnees of every sector who take their retention benefit up
	benRetValue      = 3000 // USD a year
	benRetCost       = 1000 // USD a year
	benPortable      = 3000 // USD a year to a returnee (as TestPortableBenefit)
	benReturnEffect  = 0.3  // logit units on the return
	benCirculation   = 0.4  // logit units on returnees' emigration
	benTopUp         = 0.3  // permanent top-up for returnees, share of the home wage
	benPremium       = 300  // health insurance premium, USD a year (as policy_test.go)
	benEnrolment     = 0.5
	benCover         = 0.5
	benMatchShare    = 0.1 // collective share of remittances matched (3x1, as policy_test.go)
	benMatch         = 3
	benContribution  = 1e7 // diaspora investment, USD a year (as policy_test.go)
	benInvestShare   = 0.05
	benRegistered    = 0.5
	benMatchGain     = 1
	benRegisterCost  = 1e6 // USD a year
	benPostsPerUSD   = 1e-4
	benInvestSector  = "nurse"
	benLeverNurse    = "nurse"
	benLeverLaterOff = 1 // the levers that start later start this many years after the scenario
)

// benefitLevers returns the policies of event_benefit.go by name: a
// retention benefit for nurses from the second year and one for the
// returnees of every sector from the start, portable benefits from the
// second year, a permanent top-up for returnees, and the aggregate levers.
func benefitLevers(start int) map[string][]model.Policy {
	later := start + benLeverLaterOff
	return map[string][]model.Policy{
		"retention": {
			{Name: "retain_nurses", StartYear: later, Sectors: []string{benLeverNurse}, Lever: &model.RetentionBenefit{
				TakeUp: benNurseTakeUp, Value: benNurseValue, Cost: benNurseCost, TieMonths: benNurseTie, PaidBy: model.PaidByOrigin}},
			{Name: "retain_returnees", Lever: &model.RetentionBenefit{
				TakeUp: benRetTakeUp, Value: benRetValue, Cost: benRetCost, PaidBy: model.PaidByOrigin, Eligible: model.EligibleReturnees}},
		},
		"portable": {
			{Name: "portable", StartYear: later, Lever: &model.PortableBenefits{
				Benefit: benPortable, PaidBy: model.PaidByOrigin, ReturnEffect: benReturnEffect, CirculationEffect: benCirculation}},
		},
		"top_up": {
			{Name: "top_up_returnees", Lever: &model.WageTopUp{TopUp: benTopUp, Eligible: model.EligibleReturnees}},
		},
		"aggregate": {
			{Name: "insurance", Lever: &model.HealthInsurance{Premium: benPremium, Enrolment: benEnrolment, Cover: benCover}},
			{Name: "matching", Lever: &model.RemittanceMatching{CollectiveShare: benMatchShare, Match: benMatch}},
			{Name: "register", Lever: &model.SkillsRegister{Registered: benRegistered, MatchGain: benMatchGain, Cost: benRegisterCost, PaidBy: model.PaidByOrigin}},
			{Name: "investment", Sectors: []string{benInvestSector}, Lever: &model.DiasporaInvestment{
				Contribution: benContribution, RemittanceShare: benInvestShare, Match: 1, PostsPerUSD: benPostsPerUSD, PaidBy: model.PaidByOrigin}},
		},
	}
}

// benefitScenario returns baseline.toml with the levers of the given names
// (benefitLevers).
func benefitScenario(t testing.TB, name string, agentsN, years, reps int, levers ...string) *model.Scenario {
	sc := loadBaseline(t, agentsN, years, reps)
	sc.Name = name
	all := benefitLevers(sc.StartYear)
	for _, l := range levers {
		ps, ok := all[l]
		if !ok {
			t.Fatalf("no lever set %q", l)
		}
		sc.Policies = append(sc.Policies, ps...)
	}
	return sc
}

// benefitAll returns baseline.toml with every lever of event_benefit.go.
func benefitAll(t testing.TB, agentsN, years, reps int) *model.Scenario {
	return benefitScenario(t, "benefits", agentsN, years, reps, "retention", "portable", "top_up", "aggregate")
}

// TestEventBenefitSupport: the event engine accepts every lever of
// event_benefit.go.
func TestEventBenefitSupport(t *testing.T) {
	if err := EventSupport(benefitAll(t, 100, 1, 1)); err != nil {
		t.Fatal(err)
	}
}

// TestEventBenefitCharges checks the charges of the retention benefits,
// the portable benefits and the permanent top-up for returnees against a
// recount every step, as decide charges them: each worker or returnee at
// home at the step's start (recorded before the step) who lives through
// the step's start and is not sent to train abroad, that is who is at home
// or has emigrated in the step (tenure 0 abroad) after it: costPerStep per
// holder of a retention benefit (less the repayment of a holder who
// emigrates within the tie), benefit / 12 per returnee, rate x wage x skill
// after the step per returnee. On baseline.toml with all the levers,
// 12,411 agents in four shards (their counts merged), two workers, 4 years.
func TestEventBenefitCharges(t *testing.T) {
	smallShards(t) // several shards, so that the blocks' counts are merged
	sc := benefitAll(t, 3*blockSize+123, 4, 1)
	e := newEvent(sc, 0, 2)
	type was struct {
		slot int
		id   uint32
		st   agents.State
		fl   uint8
		ten  int
	}
	var home []was
	charged := map[string]int{}
	for range sc.Steps() {
		home = home[:0]
		if e.step > 0 {
			e.syncEvents()
		}
		p := &e.pop
		for i := range p.rec {
			st := p.rec[i].state
			if st.AtHome() {
				home = append(home, was{i, p.id[i], st, p.rec[i].flags, int(p.rec[i].tenure)})
			}
		}
		e.Step()
		e.syncEvents()
		c, spy := &e.cond, float64(e.spy)
		want := make([]float64, len(e.pols))
		for _, w := range home {
			if p.id[w.slot] != w.id {
				continue
			}
			now := p.rec[w.slot].state
			if !now.AtHome() && (now != agents.Emigrant || p.rec[w.slot].tenure != 0) {
				continue // died, retired or sent to train abroad: not charged
			}
			s := int(p.rec[w.slot].sector)
			for _, r := range c.retain[s] {
				if !r.recipient(w.id, w.st == agents.Returnee, w.fl&flagPublic != 0) {
					continue
				}
				want[r.policy] += r.costPerStep
				charged["retention"]++
				if held := min(w.ten+1, r.since); !now.AtHome() && r.tie > 0 && held < r.tie {
					want[r.policy] -= r.repayPerStep * float64(r.tie-held) // repayRetention
					charged["repaid"]++
				}
			}
			if w.st != agents.Returnee {
				continue
			}
			for _, b := range c.benefits[s] {
				if b.origin {
					want[b.policy] += b.amount / spy
					charged["portable"]++
				}
			}
			for _, tu := range c.topUps[s] {
				if tu.eligible == model.EligibleReturnees && tu.steps == 0 {
					want[tu.policy] += tu.rate * c.wageHome[s] / spy * float64(p.skill[w.slot])
					charged["top-up"]++
				}
			}
		}
		for k, pol := range sc.Policies {
			switch pol.Lever.(type) {
			case *model.RetentionBenefit, *model.PortableBenefits, *model.WageTopUp:
			default:
				continue
			}
			if got := e.total.cost[k]; math.Abs(got-want[k]) > 1e-6*max(1, math.Abs(want[k])) { // skills are float32
				t.Fatalf("step %d: %s charged %v, want %v", e.step-1, sc.PolicyName(k), got, want[k])
			}
		}
	}
	for what, least := range map[string]int{"retention": 1000, "portable": 1000, "top-up": 1000, "repaid": 5} {
		if charged[what] < least {
			t.Errorf("only %d person-steps of %s charged: the test checks too little", charged[what], what)
		}
	}
	t.Logf("person-steps charged: %v", charged)
}

// benLargePortable is the portable benefit of benefitLarge, USD a year: three
// times a doctor's wage in baseline.toml (16,000), so that the benefit's
// term in the return bound is larger than the bound's headroom (retHeadroom)
// and a bound without it fails TestEventBoundsHold.
const benLargePortable = 48_000

// benefitLarge is benefitAll with a large portable benefit, for
// TestEventBoundsHold.
func benefitLarge(t testing.TB, agentsN, years, reps int) *model.Scenario {
	sc := benefitAll(t, agentsN, years, reps)
	sc.Name = "benefits, large"
	for _, p := range sc.Policies {
		if l, ok := p.Lever.(*model.PortableBenefits); ok {
			l.Benefit = benLargePortable
		}
	}
	return sc
}

// Sizes of TestEventEquivalenceBenefits: 3,000 agents over 10 years (years
// 1, 5 and 10 compared), 30 replicates a side, about 10 s in all without
// -race; smaller under -short and -race (as equivSize).
const (
	benEquivAgents      = 6000
	benEquivYears       = 10
	benEquivAgentsShort = 1000
	benEquivAgentsRace  = 300
	benEquivYearsRace   = 5
	// benEffectSE is the number of standard errors by which the lever's
	// effect on its key metric (step engine, with the lever against
	// without, same seeds) must exceed zero: an event engine that ignored
	// the lever would differ from the step engine's runs with it by about
	// as much, which the harness (Holm at 1% over some 300 tests, a
	// threshold near 4 standard errors) would see.
	benEffectSE = 6
)

// TestEventEquivalenceBenefits compares the event engine with the step
// engine, through the harness of TestEventEquivalence (every metric at
// years 1, 5 and 10, Welch and Kolmogorov-Smirnov with Holm at 1%, the
// stock-flow identity of every event run), on baseline.toml with each set
// of levers of event_benefit.go, 30 replicates a side; and checks that each
// set has a real effect in the step engine on the metric it moves most, at
// year 10, paired by replicate. At 6,000 agents the step engine's means
// over the 30 replicates, without -> with the levers, were:
//
//   - retention benefits (nurses from the second year, the returnees of
//     every sector): emigrations a year 2,290 -> 2,112 (-7.8%, 8.7 paired
//     standard errors); an event engine that left the benefits out of the
//     emigration decision (benefitIncome) failed 35 of the tests;
//   - portable benefits (3,000 USD a year, return +0.3, circulation +0.4
//     from the second year): returns a year 955 -> 1,323 (+38%, 14.5);
//   - a permanent 30% top-up for returnees: returns a year 955 -> 1,127
//     (+18%, 10.1);
//   - health insurance, 3x1 matching, a skills register and diaspora
//     investment in nurses' posts: remittances spent on health 12.8 M ->
//     29.5 M USD a year (+131%, 156).
//
// The bounds of the benefits' terms are checked by TestEventBoundsHold
// (benefitLarge), their charges by TestEventBenefitCharges.
func TestEventEquivalenceBenefits(t *testing.T) {
	// The effects are checked at full size only: at the smaller sizes the
	// same effects are fewer standard errors.
	agentsN, years, full := benEquivAgents, benEquivYears, !raceEnabled && !testing.Short()
	switch {
	case raceEnabled:
		agentsN, years = benEquivAgentsRace, benEquivYearsRace
	case testing.Short():
		agentsN = benEquivAgentsShort
	}
	ctx := t.Context()
	base, err := Run(ctx, loadBaseline(t, agentsN, years, equivReplicates), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		levers string
		metric string // the metric the levers move most
	}{
		{"retention", "emigrations"},
		{"portable", "returns"},
		{"top_up", "returns"},
		{"aggregate", "remittances_health"},
	} {
		t.Run(tt.levers, func(t *testing.T) {
			sc := benefitScenario(t, tt.levers, agentsN, years, equivReplicates, tt.levers)
			step, err := Run(ctx, sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			event, err := Run(ctx, sc, Options{Engine: EngineEvent})
			if err != nil {
				t.Fatal(err)
			}
			checkEquivalent(t, sc, step, event)
			last := years*sc.StepsPerYear - 1
			without, with := benMetric(t, base, tt.metric, last), benMetric(t, step, tt.metric, last)
			// Paired by replicate (the same seeds: common random numbers).
			diff := make([]float64, len(with))
			for r := range with {
				diff[r] = with[r] - without[r]
			}
			m0, _ := meanVar(without)
			m1, _ := meanVar(with)
			_, vd := meanVar(diff)
			se := math.Sqrt(vd / float64(len(diff)))
			t.Logf("step engine, %s at year %d: %.1f without the levers, %.1f with (%+.1f%%, %.1f standard errors)",
				tt.metric, years, m0, m1, 100*(m1/m0-1), math.Abs(m1-m0)/se)
			if full && !(math.Abs(m1-m0) > benEffectSE*se) {
				t.Errorf("the levers move %s by %.1f standard errors only: the test could not see an engine that ignores them", tt.metric, math.Abs(m1-m0)/se)
			}
		})
	}
}

// benMetric returns the values over the replicates of metric name after step
// index i.
func benMetric(t *testing.T, ts *results.Timeseries, name string, i int) []float64 {
	t.Helper()
	for m, mt := range ts.Metrics {
		if mt.Name == name {
			return column(ts, i, m)
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

// TestEventBenefitIncome checks that the income a woken worker or returnee
// weighs against emigrating (benefitIncome) has the benefits decide adds to
// the wage: the retention benefits it holds (conditions.retentionValue) and
// a returnee's portable benefits (conditions.returneeBenefit), for every
// person at home over three years of benefitAll.
func TestEventBenefitIncome(t *testing.T) {
	sc := benefitAll(t, 3000, 3, 1)
	e := newEvent(sc, 0, 1)
	cost := make([]float64, len(e.pols))
	var held, returnees int
	for range sc.Steps() {
		e.Step()
		c, p := &e.cond, &e.pop
		for i := range p.rec {
			st := p.rec[i].state
			if !st.AtHome() {
				continue
			}
			s, fl := int(p.rec[i].sector), p.rec[i].flags
			want := c.retentionValue(s, p.id[i], st == agents.Returnee, fl&flagPublic != 0, cost)
			if want > 0 {
				held++
			}
			if st == agents.Returnee {
				want += c.returneeBenefit(s, float64(e.spy), nil)
				returnees++
			}
			if got := e.benefitIncome(i, s, st, fl); got != want {
				t.Fatalf("step %d, %v %d: benefits %v, decide's %v", e.step-1, st, i, got, want)
			}
		}
	}
	if held < 1000 || returnees < 1000 {
		t.Fatalf("%d holders and %d returnees checked: too few", held, returnees)
	}
}
