package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// The bond of the tests: classroom.toml's commented bonding policy (24
// months, a buyout of 5,000 USD, the hazard x 0.2 while bonded), on the
// baseline's doctors and nurses, for 36 months so that more are bonded at
// once.
const (
	testBondMonths = 36
	testBondBuyout = 5_000
	testBondRate   = 0.2
	// testScholarship is the scholarship of the tests, USD a student-year:
	// below every baseline sector's fee, as in TestScholarshipCostAndEnrolment.
	testScholarship = 600
)

// bondedBaseline returns the baseline with a bond on doctors and nurses
// from the start.
func bondedBaseline(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := loadBaseline(t, agents, years, reps)
	sc.Name = "baseline bonded"
	sc.Policies = []model.Policy{{Name: "bond", Sectors: []string{"doctor", "nurse"},
		Lever: &model.Bonding{Months: testBondMonths, Buyout: testBondBuyout, BuyoutRate: testBondRate}}}
	return sc
}

// bondsVaried returns the baseline with bonds whose factor changes and
// which are lifted within the run: on doctors and nurses at 0.2 for the
// first two years, at 0.6 in the third (the factor rises while bonds are
// in force), none from the fourth (lifted), and on doctors again at 0.2
// from the fifth.
func bondsVaried(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := loadBaseline(t, agents, years, reps)
	sc.Name = "baseline bonds varied"
	y := sc.StartYear
	bond := func(rate float64) *model.Bonding {
		return &model.Bonding{Months: testBondMonths, Buyout: testBondBuyout, BuyoutRate: rate}
	}
	sc.Policies = []model.Policy{
		{Name: "bond_early", EndYear: y + 1, Sectors: []string{"doctor", "nurse"}, Lever: bond(testBondRate)},
		{Name: "bond_mid", StartYear: y + 2, EndYear: y + 2, Sectors: []string{"doctor", "nurse"}, Lever: bond(0.6)},
		{Name: "bond_late", StartYear: y + 4, Sectors: []string{"doctor"}, Lever: bond(testBondRate)},
	}
	return sc
}

// servicePlaces multiplies the places of moldova's study abroad in
// moldovaService, so that the scholars at home are enough for the service to
// change the sectors' flows by several standard deviations of a replicate.
const servicePlaces = 4

// moldovaService returns moldovaWhole with four times the students abroad
// (servicePlaces), every one obliged to come back and serve 5 years at home
// at the emigration hazard x 0.2 (the bond of the tests), while the
// programme is in force; with end > 0 the
// programme ends that year, so that its last students come home after
// their service's policy ended (lifted) and the bonds of those serving are
// lifted.
func moldovaService(t testing.TB, agents, years, reps, end int) *model.Scenario {
	sc := moldovaWhole(t, agents, years, reps)
	sc.Name = "moldova with service"
	for j := range sc.Policies {
		if l, ok := sc.Policies[j].Lever.(*model.StudyAbroad); ok {
			l.Obliged, l.ServiceYears, l.ServiceRate = 1, 5, testBondRate
			l.Places *= servicePlaces
			sc.Policies[j].EndYear = end
		}
	}
	return sc
}

// moldovaServiceImmortal is moldovaService without deaths, for the
// stock-flow identity (as moldovaImmortal).
func moldovaServiceImmortal(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := moldovaService(t, agents, years, reps, 2021)
	sc.Name = "moldova with service, without deaths"
	sc.Demography.Mortality = 0
	return sc
}

// ghanaBonded returns ghanaVaried (its training abroad, whose yearly
// lottery draws among the workers who owe no service) with a bond of 48
// months at the hazard x 0.3 on its publicly trained doctors and nurses,
// for the first five years: the lottery reads the timers of the bonded
// (event_training.go), and the bonds are lifted within the run.
func ghanaBonded(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := ghanaVaried(t, agents, years, reps)
	sc.Name = "ghana bonded"
	sc.Policies = append(sc.Policies, model.Policy{Name: "bond", EndYear: sc.StartYear + 4,
		Lever: &model.Bonding{Months: 48, Buyout: testBondBuyout, BuyoutRate: 0.3}})
	return sc
}

// scholarshipBaseline returns the baseline with a scholarship for every
// sector.
func scholarshipBaseline(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := loadBaseline(t, agents, years, reps)
	sc.Name = "baseline scholarship"
	sc.Policies = []model.Policy{{Name: "scholarship", Lever: &model.Scholarship{Amount: testScholarship}}}
	return sc
}

// TestEventBondCharges checks the charges of the bonds and scholarships in
// the event engine against a recount of who paid, every step, at
// mortality 0 (so that everyone alive at a step's start is stepped in it):
//   - the buyouts (a negative cost) of each bonding policy: buyout x the
//     bonded workers of its sectors admitted abroad in the step while
//     still owing service after it (decide counts the step, then settle
//     charges a worker whose timer is left), the timer at the step's start
//     computed from the calendar in closed form (the stored timer less the
//     steps since the touch);
//   - the scholarship: amount / steps a year x the students at the step's
//     start plus its entrants (nobody is stepped and then lost).
//
// And, as checks of the closed form, every bonded worker's timer plus its
// tenure is the bond's length (both start at graduation and move a step a
// step; bondsVaried's bonds are all 36 months), and no one is bonded after
// a step in which its sector's bonds were lifted (bondsVaried's fourth
// year).
func TestEventBondCharges(t *testing.T) {
	t.Run("buyouts", func(t *testing.T) {
		sc := bondsVaried(t, 40_000, 6, 1)
		sc.Demography.Mortality = 0
		e := newEvent(sc, 0, 2)
		p := &e.pop
		bondSteps := testBondMonths * e.spy / 12
		var paid, checked int
		for range sc.Steps() {
			owing := map[uint32]bool{}
			for i := range p.rec {
				st := p.rec[i].state
				if st != agents.Worker || p.rec[i].timer == 0 {
					continue
				}
				sl := e.ev.slot[i]
				left := int(p.rec[i].timer) - (e.step - 1 - int(sl.touched)) // at the step's start
				if left < 1 {
					t.Fatalf("step %d, worker %d: timer %d after step %d, still bonded %d steps later", e.step, i, p.rec[i].timer, sl.touched, e.step-1-int(sl.touched))
				}
				if _, on := e.cond.bondFactor(int(p.rec[i].sector)); !on {
					t.Fatalf("step %d, worker %d: bonded after a step that lifted its sector's bonds", e.step, i)
				}
				if ten := int(p.rec[i].tenure) + e.step - 1 - int(sl.touched); left+ten != bondSteps {
					t.Fatalf("step %d, worker %d: %d steps of service left at tenure %d; want %d in all", e.step, i, left, ten, bondSteps)
				}
				checked++
				owing[p.id[i]] = left >= 2
			}
			e.Step()
			want := make([]float64, len(e.pols))
			for i := range p.rec {
				st := p.rec[i].state
				s := int(p.rec[i].sector)
				if bd := e.cond.bond[s]; st == agents.Emigrant && p.rec[i].tenure == 0 && owing[p.id[i]] && bd.steps > 0 {
					want[bd.policy] -= bd.buyout
					paid++
				}
			}
			for k, l := range sc.Policies {
				if _, ok := l.Lever.(*model.Bonding); ok && math.Abs(e.total.cost[k]-want[k]) > 1e-9*math.Abs(want[k]) {
					t.Fatalf("step %d: %s cost %v, want %v from the recount", e.step-1, sc.PolicyName(k), e.total.cost[k], want[k])
				}
			}
		}
		if paid < 20 || checked < 1000 {
			t.Fatalf("%d buyouts, %d timers checked: the test checks too little", paid, checked)
		}
		t.Logf("%d buyouts, %d bonded worker-steps' timers checked", paid, checked)
	})
	t.Run("scholarships", func(t *testing.T) {
		sc := scholarshipBaseline(t, 5000, 3, 1)
		sc.Demography.Mortality = 0
		e := newEvent(sc, 0, 2)
		var charged float64
		for range sc.Steps() {
			before := e.total.stateTotal(agents.Student)
			e.Step()
			want := float64(before+e.total.flowTotal(flowEnrol)) * testScholarship / float64(e.spy)
			if got := e.total.cost[0]; math.Abs(got-want) > 1e-9*want {
				t.Fatalf("step %d: scholarship cost %v, want %v from the recount", e.step-1, got, want)
			}
			charged += want
		}
		if charged <= 0 {
			t.Fatal("no scholarship charged")
		}
	})
}

// Sizes of TestEventEquivalenceBonds: agents and years at full size, under
// -short and under -race (as equivSize; the full size takes a few seconds
// a scenario on the 2-core machines).
const (
	bondEquivAgents      = 5000
	bondEquivYears       = 20
	bondEquivAgentsShort = 1000
	bondEquivYearsShort  = 10
)

// bondEquivSize returns the agents and years of TestEventEquivalenceBonds.
func bondEquivSize() (agents, years int) {
	switch {
	case raceEnabled:
		return equivAgentsRace, equivYearsRace
	case testing.Short():
		return bondEquivAgentsShort, bondEquivYearsShort
	}
	return bondEquivAgents, bondEquivYears
}

// TestEventEquivalenceBonds compares the event engine with the step engine
// through the harness of TestEventEquivalence (30 replicates a side, every
// metric at years 1, 5, 10 and 20, Welch and Kolmogorov-Smirnov tests with
// Holm's correction at 1%, the stock-flow identity of the event runs) on
// three scenarios, 5,000 agents for 20 years. The effects of the levers,
// from the step engine's runs (10 replicates of 3,000 agents, against the
// same scenario without the lever), are several standard deviations of a
// replicate in 30 replicates, so that an event engine that got the lever
// wrong would be seen:
//   - the baseline with a bond on doctors and nurses (bondedBaseline: 36
//     months at the hazard x 0.2, a buyout of 5,000 USD): emigrations -20%
//     at year 5 and -18% at year 10 (doctors' and nurses' -20 to -26%),
//     workers at home +1.5% at year 10 and +1.8% at year 15 (1.7 standard
//     deviations of a replicate), a buyout revenue of 0.4 to 0.5 million
//     USD a year;
//   - moldova whose scholars abroad come back to serve 5 years at the
//     hazard x 0.2 (moldovaService): against the same programme without
//     the service, workers at home +3.2% at year 10 and +7.6% at year 15
//     (3.6 standard deviations), researchers' emigrations -18% at year 10;
//   - the baseline with a scholarship of 600 USD a student-year for every
//     sector (scholarshipBaseline): a cost of 15.4 million USD a year
//     (standard deviation 0.27 million), enrolments +3.9% in the first year,
//     students +1.9% at year 5;
//   - and ghana with bonds while its training abroad runs (ghanaBonded), for
//     10 years: the yearly lottery of training abroad draws among those who
//     owe no service, which the event engine reads from the calendar.
//
// Checked by hand on mutants of the event engine: one whose bonds never
// end (the timer not moved between touches) fails on the bonded baseline,
// and one that ignores the bonds' factor fails on moldova, each by
// Welch t-statistics of 30 to 40 at year 20.
func TestEventEquivalenceBonds(t *testing.T) {
	agents, years := bondEquivSize()
	for _, sc := range []*model.Scenario{bondedBaseline(t, agents, years, equivReplicates),
		moldovaService(t, agents, years, equivReplicates, 0), scholarshipBaseline(t, agents, years, equivReplicates),
		ghanaBonded(t, agents, min(years, bondEquivYearsShort), equivReplicates)} {
		t.Run(sc.Name, func(t *testing.T) { equivalent(t, sc) })
	}
}

// equivalent runs sc with both engines and compares them as
// TestEventEquivalence does.
func equivalent(t *testing.T, sc *model.Scenario) {
	if err := EventSupport(sc); err != nil {
		t.Fatal(err)
	}
	step, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	event, err := Run(t.Context(), sc, Options{Engine: EngineEvent})
	if err != nil {
		t.Fatal(err)
	}
	checkEquivalent(t, sc, step, event)
}

// TestEventBondTraining checks the stocks, step by step and by a recount
// every year (stockFlow), and the determinism across workers of ghana with
// bonds while its training abroad runs (ghanaBonded).
func TestEventBondTraining(t *testing.T) {
	t.Run("stock-flow", func(t *testing.T) { stockFlow(t, ghanaBonded(t, 3000, 8, 1)) })
	t.Run("deterministic", func(t *testing.T) {
		smallShards(t)
		eventDeterministic(t, ghanaBonded(t, 3*blockSize+123, 6, 2))
	})
}
