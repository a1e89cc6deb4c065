package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// newEvent returns an event engine of replicate r of sc.
func newEvent(sc *model.Scenario, r, workers int) *Engine {
	e := New(sc, r, workers)
	e.startEvents()
	return e
}

// TestEventDeterministic: the event engine gives the same bytes for any
// number of workers, over several blocks, on the baseline, on bench
// (assignments, skill growth at home, its cap), on ghana from 2008
// (training abroad), and with bonds, a service after study abroad and a
// scholarship (event_bond_test.go).
func TestEventDeterministic(t *testing.T) {
	smallShards(t)
	for _, sc := range []*model.Scenario{loadBaseline(t, 3*blockSize+123, 4, 3), benchCapped(t, 3*blockSize+123, 4, 3),
		moldovaWhole(t, 3*blockSize+123, 4, 3), pacificVariant(t, 3*blockSize+123, 4, 3),
		ghanaFrom(t, 3*blockSize+123, 4, 2), // training abroad (event_training_test.go)
		// Bonds, a service after study abroad, a scholarship (event_bond_test.go).
		bondsVaried(t, 3*blockSize+123, 5, 2), moldovaService(t, 3*blockSize+123, 8, 2, 2021),
		scholarshipBaseline(t, 3*blockSize+123, 2, 2),
		benefitAll(t, 3*blockSize+123, 4, 3),                                                                              // event_benefit_test.go
		baselineDelay(t, 3*blockSize+123, 4, 2), baselineJobless(t, model.UnemploymentUntrained, 3*blockSize+123, 4, 2)} { // event_sector_test.go
		t.Run(sc.Name, func(t *testing.T) { eventDeterministic(t, sc) })
	}
}

// smallShards makes the event engines of the test keep their calendar by
// shards of a block (4,096 slots), so that a few thousand agents make
// several units of parallel work, and restores the default at its end.
func smallShards(t *testing.T) {
	testShard = blockSize
	t.Cleanup(func() { testShard = 0 })
}

// eventDeterministic runs sc with 1, 2 and 7 workers.
func eventDeterministic(t *testing.T, sc *model.Scenario) {
	var want []byte
	var events int64
	for _, w := range []int{1, 2, 7} {
		out, err := RunWith(t.Context(), sc, Options{Workers: w, Engine: EngineEvent})
		if err != nil {
			t.Fatal(err)
		}
		got := csvBytes(t, out.Timeseries)
		if want == nil {
			want, events = got, out.Events
			if events <= 0 {
				t.Fatalf("workers=1: %d events", events)
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("workers=%d: timeseries differ from workers=1 (%d vs %d bytes)", w, len(got), len(want))
		}
		if out.Events != events {
			t.Errorf("workers=%d: %d events, workers=1 %d", w, out.Events, events)
		}
	}
}

// TestEventStockFlow checks the event engine's persistent tally: every step
// the change of the stocks equals the flows, and every year the stocks equal
// a recount of the whole population from scratch (by state, sector, sex and
// age band, abroad, recognised, skill at home).
func TestEventStockFlow(t *testing.T) {
	// The baseline, and the baseline with a yearly intake, a fixed
	// graduate emigration (graduates who leave at once, outside the
	// quotas) and the wage top-up of bench.
	yearly := loadBaseline(t, 20000, 5, 1)
	yearly.Name = "yearly intake, graduate emigration, top-up"
	yearly.Origin.Intake = model.IntakeYearly
	yearly.Training.GraduateEmigration = 0.3
	yearly.Policies = topUpOnly(t).Policies
	// bench.toml whole: assignments (their FTE), skill growth at home from
	// their transfer, with the cap reached within the run.
	// pacific.toml (training partnerships) and its variant (away track,
	// the partnerships ending): event_partner_test.go; training abroad:
	// event_training_test.go; bonds, the service of study abroad and a
	// scholarship: event_bond_test.go.
	for _, sc := range []*model.Scenario{loadBaseline(t, 20000, 5, 1), yearly, benchWhole(t, 20000, 5, 1), benchCapped(t, 20000, 5, 1),
		moldovaTopUp(t, 5000, 5, 1), moldovaImmortal(t, 5000, 6, 1), pacificShipped(t, 3000, 3, 1), pacificVariant(t, 3000, 3, 1),
		ghanaFrom(t, 3000, 4, 1), ghanaVaried(t, 3000, 4, 1),
		bondsVaried(t, 5000, 6, 1), moldovaServiceImmortal(t, 3000, 8, 1), scholarshipBaseline(t, 5000, 3, 1), // event_bond_test.go
		benefitAll(t, 5000, 5, 1),    // event_benefit_test.go
		baselineDelay(t, 5000, 5, 1), // event_sector_test.go
		baselineJobless(t, model.UnemploymentBenefit, 5000, 5, 1), baselineJobless(t, model.UnemploymentOtherSector, 5000, 5, 1),
		joblessTopUp(t, 5000, 3, 1)} {
		t.Run(sc.Name, func(t *testing.T) { stockFlow(t, sc) })
	}
}

// stockFlow runs sc with the event engine and checks its tally.
func stockFlow(t *testing.T, sc *model.Scenario) {
	e := newEvent(sc, 0, 2)
	for range sc.Steps() {
		before := append([]int64(nil), e.total.count...)
		e.Step()
		t2 := &e.total
		for s := range e.nS {
			d := func(st agents.State) int64 { return t2.n(st, s) - before[int(st)*e.nS+s] }
			in := t2.flow(flowEnrol, s)
			out := t2.flow(flowDeath, s) + t2.flow(flowRetire, s) + t2.flow(flowDropout, s)
			// Students abroad come into these stocks as they graduate
			// (flowStudyGrad); the scenarios with them have no deaths
			// here, as deaths are not counted by state. Trainees abroad
			// are in the stocks.
			in += t2.flow(flowStudyGrad, s)
			if all := d(agents.Student) + d(agents.Worker) + d(agents.Emigrant) + d(agents.Returnee) + d(agents.TraineeAbroad); all != in-out {
				t.Fatalf("step %d sector %d: stocks changed by %d, flows say %d", e.step, s, all, in-out)
			}
		}
		if e.step%e.spy != 0 {
			continue
		}
		e.syncEvents()
		partnerRecount(t, e)
		got := newTally(e.nS, e.nD, len(e.pols))
		got.add(&e.total)
		e.recount()
		for name, pair := range map[string][2][]int64{
			"fine": {got.fine, e.total.fine}, "abroad": {got.abroad, e.total.abroad},
			"recognised": {got.recognised, e.total.recognised}, "count": {got.count, e.total.count},
			"fte": {got.fte, e.total.fte}, "away": {got.away, e.total.away}, "jobless": {got.jobless, e.total.jobless},
		} {
			for j := range pair[0] {
				if pair[0][j] != pair[1][j] {
					t.Fatalf("step %d: %s[%d] = %d in the tally, %d recounted", e.step, name, j, pair[0][j], pair[1][j])
				}
			}
		}
		for s := range e.nS {
			if g, w := got.skillHome[s], e.total.skillHome[s]; math.Abs(g-w) > 1e-6*w {
				t.Fatalf("step %d: skill at home of sector %d = %v in the tally, %v recounted", e.step, s, g, w)
			}
		}
		// The recount changed the flows too: put the step's back.
		copy(e.total.flows, got.flows)
		copy(e.total.sent, got.sent)
		copy(e.total.fees, got.fees)
		copy(e.total.public, got.public)
		copy(e.total.cost, got.cost)
	}
}

// TestEventMatchesStep compares the event engine with the step engine on
// the baseline, on ghana without its policies (whose age-specific wage-gap
// weights take the emigration bound at the base rate), on bench with its
// wage top-up only, on moldova's grant and fee cut, on philippines, and on
// bench whole (temporary-return assignments, skill growth at home from
// their transfer) and with a low skill cap (benchCapped): 30 replicates of
// 3,000 agents each (20,000 for the last two, so that about 30 agents are
// on assignment), the means of the main stocks, flows, the policies' cost,
// the mean skill at home and the FTE on assignment at years 1, 5 and 10
// (1 and 5 where the horizon is 5 years) must agree within the Bonferroni-corrected two-sided 1%
// normal quantile of the standard error of their difference (about 3.6
// standard errors for the checks of a scenario). Both engines start from the
// same initial population (the same draws), which only makes the test
// conservative.
func TestEventMatchesStep(t *testing.T) {
	if testing.Short() {
		t.Skip("30 replicates of both engines")
	}
	const reps = 30
	ghana, err := scenarios.LoadShipped("ghana")
	if err != nil {
		t.Fatal(err)
	}
	ghana.Policies = nil
	ghana.Agents, ghana.Years, ghana.Replicates = 3000, 5, reps
	topUp := topUpOnly(t)
	topUp.Agents, topUp.Years, topUp.Replicates = 3000, 5, reps
	// Fee cut with a subsidy, return grant, a top-up for returnees for 6
	// months, temporary return.
	moldova := moldovaWhole(t, 3000, 6, reps) // its students abroad graduate in 2021
	// Fee cut, a shock, a visa quota.
	philippines, err := scenarios.LoadShipped("philippines")
	if err != nil {
		t.Fatal(err)
	}
	philippines.Agents, philippines.Years, philippines.Replicates = 3000, 5, reps
	bench := benchWhole(t, 20000, 5, reps) // assignments are rare: 20,000 agents put about 30 on one
	for _, sc := range []*model.Scenario{loadBaseline(t, 3000, 10, reps), ghana, topUp, moldova, philippines, bench, benchCapped(t, 20000, 5, reps)} {
		t.Run(sc.Name, func(t *testing.T) { matchStep(t, sc, reps) })
	}
}

// benchWhole returns bench.toml, both its policies, at the given size.
func benchWhole(t testing.TB, agents, years, reps int) *model.Scenario {
	return shippedSized(t, "bench", agents, years, reps)
}

// shippedSized returns the shipped scenario name with the given agents,
// years and replicates.
func shippedSized(t testing.TB, name string, agents, years, reps int) *model.Scenario {
	t.Helper()
	sc, err := scenarios.LoadShipped(name)
	if err != nil {
		t.Fatal(err)
	}
	sc.Agents, sc.Years, sc.Replicates = agents, years, reps
	return sc
}

// runBoth runs sc with the step engine and with the event engine.
func runBoth(t testing.TB, sc *model.Scenario) (step, event *results.Timeseries) {
	t.Helper()
	ctx := context.Background()
	step, err := Run(ctx, sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	event, err = Run(ctx, sc, Options{Engine: EngineEvent})
	if err != nil {
		t.Fatal(err)
	}
	return step, event
}

// benchCapped returns bench.toml with a skill cap that the growth at home
// (its own, assumed 0.5% a year, and that of the assignments' transfer)
// brings most of the skilled at home to within three years, so that the
// cap's checks and the capped sums are exercised.
func benchCapped(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := benchWhole(t, agents, years, reps)
	sc.Name = "bench capped"
	sc.Skill.Max = 1.04
	sc.Skill.GrowthHome = 0.005
	return sc
}

// topUpOnly returns bench.toml with its wage top-up for the publicly
// trained and without its temporary-return programme.
func topUpOnly(t testing.TB) *model.Scenario {
	sc := keepKinds(t, "bench", model.KindWageTopUp)
	sc.Name = "bench top-up"
	return sc
}

// keepKinds returns the shipped scenario name with only its policies of the
// given kinds.
func keepKinds(t testing.TB, name string, kinds ...model.Kind) *model.Scenario {
	sc, err := scenarios.LoadShipped(name)
	if err != nil {
		t.Fatal(err)
	}
	var pols []model.Policy
	for _, p := range sc.Policies {
		if slices.Contains(kinds, p.Kind()) {
			pols = append(pols, p)
		}
	}
	sc.Policies = pols
	sc.Name = name + " " + fmt.Sprint(kinds)
	return sc
}

// matchStep runs sc with both engines and compares the replicates' means.
func matchStep(t *testing.T, sc *model.Scenario, reps int) {
	step, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Run(t.Context(), sc, Options{Engine: EngineEvent})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{results.Students, results.WorkersHome, results.Emigrants, results.Returnees,
		results.Emigrations, results.Returns, results.Deaths, results.Retirements, results.Dropouts,
		results.Graduates, results.Remittances, results.PolicyCost, results.SkillHome, results.TemporaryFTE}
	for _, sec := range sc.Sectors {
		names = append(names, results.BySector(results.Students, sec.Name))
	}
	var years []int
	for _, y := range []int{1, 5, 10} {
		if y <= sc.Years {
			years = append(years, y)
		}
	}
	checks := len(names) * len(years)
	zCrit := math.Sqrt2 * math.Erfinv(1-0.01/float64(checks))
	col := map[string]int{}
	for j, m := range step.Metrics {
		col[m.Name] = j
	}
	for _, name := range names {
		j, ok := col[name]
		if !ok {
			t.Fatalf("no metric %s", name)
		}
		for _, y := range years {
			i := y*sc.StepsPerYear - 1
			var a, b []float64
			for r := range reps {
				a = append(a, step.Values[r][i][j])
				b = append(b, ev.Values[r][i][j])
			}
			ma, va := meanVar(a)
			mb, vb := meanVar(b)
			se := math.Sqrt((va + vb) / float64(reps))
			z := 0.0
			if se > 0 {
				z = (mb - ma) / se
			} else if ma != mb {
				z = math.Inf(1)
			}
			t.Logf("%-28s year %2d: step %10.1f event %10.1f z %+.2f", name, y, ma, mb, z)
			if math.Abs(z) > zCrit {
				t.Errorf("%s year %d: step mean %.1f, event mean %.1f: %.2f standard errors apart (limit %.2f)", name, y, ma, mb, z, zCrit)
			}
		}
	}
}

// TestEventSupport: the event engine accepts the model without policies
// (the baseline, and every shipped preset whose mechanisms it simulates,
// with its policies cleared), and refuses a scenario with a policy, naming
// the policy, or with a mechanism it does not simulate, naming the key.
func TestEventSupport(t *testing.T) {
	load := func(name string) *model.Scenario {
		sc, err := scenarios.LoadShipped(name)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	cleared := func(name string) *model.Scenario {
		sc := load(name)
		sc.Policies = nil
		return sc
	}
	delay := cleared("baseline")
	delay.Sectors[1].TrainingDelay = 0.5
	returneeTopUp := topUpOnly(t)
	returneeTopUp.Policies[0].Lever.(*model.WageTopUp).Eligible = model.EligibleReturnees
	growth := cleared("baseline")
	growth.Skill.GrowthHome = 0.01
	tests := []struct {
		name string
		sc   *model.Scenario
		want string // "" = accepted; else a part of the error
	}{
		{"baseline", load("baseline"), ""},
		{"ghana without policies", cleared("ghana"), ""},
		{"malawi without policies", cleared("malawi"), ""},
		{"moldova without policies", cleared("moldova"), ""},
		{"pacific without policies", cleared("pacific"), ""},
		{"pacific", load("pacific"), ""},
		{"bench", load("bench"), ""},
		{"bench with its top-up only", topUpOnly(t), ""},
		{"philippines", load("philippines"), ""},
		{"ghana", load("ghana"), ""},
		{"top-up for returnees", returneeTopUp, ""}, // permanent: event_benefit.go
		{"moldova", load("moldova"), ""},
		{"moldova's top-up for returnees for 6 months", moldovaTopUp(t, 1000, 1, 1), ""},
		{"moldova's grant and fee cut", keepKinds(t, "moldova", model.KindReturnGrant, model.KindRemittanceFeeCut), ""},
		{"philippines without policies", cleared("philippines"), ""},
		{"training delay", delay, ""}, // event_delay.go
		{"unemployment in person", baselineJobless(t, model.UnemploymentBenefit, 1000, 1, 1), ""}, // event_jobless.go
		{"a top-up with unemployment in person", joblessTopUp(t, 1000, 1, 1), ""},                 // event_jobless.go
		{"growth at home", growth, ""},
		{"bonding", bondsVaried(t, 1000, 1, 1), ""},                         // event_bond.go
		{"scholarship", scholarshipBaseline(t, 1000, 1, 1), ""},             // event_bond.go
		{"study abroad with service", moldovaService(t, 1000, 1, 1, 0), ""}, // event_bond.go
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := EventSupport(tt.sc)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrEventUnsupported) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want an ErrEventUnsupported naming %s", err, tt.want)
			}
		})
	}
}

// BenchmarkEventStep steps the baseline (no policies) and bench.toml with
// the step engine and the event engine in one run, at a million agents, so
// that their costs per agent-step compare as a ratio on the same machine
// and load.
func BenchmarkEventStep(b *testing.B) {
	n := 1_000_000
	baseline := loadBaseline(b, n, 200, 1)
	bench := benchWhole(b, n, 200, 1)
	for _, sc := range []*model.Scenario{baseline, bench} {
		for _, w := range []int{1, 2} {
			for _, kind := range []EngineKind{EngineStep, EngineEvent} {
				b.Run(fmt.Sprintf("%s/workers=%d/engine=%v", strings.ReplaceAll(sc.Name, " ", "_"), w, kind), func(b *testing.B) {
					e := New(sc, 0, w)
					if kind == EngineEvent {
						e.startEvents()
					}
					e.Step() // warm the scratch buffers (and fill the calendar)
					b.ReportAllocs()
					agentSteps := 0
					var events, noops, caps int64
					if e.ev != nil {
						events, noops, caps = e.ev.events, e.ev.noops, e.ev.caps
					}
					for b.Loop() {
						agentSteps += e.Agents()
						e.Step()
					}
					b.ReportMetric(float64(agentSteps)/b.Elapsed().Seconds(), "agent-steps/s")
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(agentSteps), "ns/agent-step")
					if e.ev != nil {
						b.ReportMetric(float64(e.ev.events-events)/float64(agentSteps), "events/agent-step")
						b.ReportMetric(float64(e.ev.noops-noops)/float64(agentSteps), "noops/agent-step")
						b.ReportMetric(float64(e.ev.caps-caps)/float64(agentSteps), "caps/agent-step")
						b.ReportMetric(float64(e.ev.rebuilds), "rebuilds")
					}
				})
			}
		}
	}
}

// TestEventSnapshot: a snapshot of the event engine, whose fields are
// brought up to date only for it, counts the stocks of the timeseries, and
// every person's age and tenure are those of the calendar: within the
// working life, tenure no longer than age less the entry age (and a step:
// entrants start a step short of it).
func TestEventSnapshot(t *testing.T) {
	sc := loadBaseline(t, 3000, 3, 1)
	year := sc.StartYear + 1
	out, err := RunWith(t.Context(), sc, Options{Snapshots: []int{year}, Engine: EngineEvent})
	if err != nil {
		t.Fatal(err)
	}
	w := New(sc, 0, 1).Weight()
	stock := map[string]string{
		results.StateStudent: results.Students, results.StateWorker: results.WorkersHome,
		results.StateEmigrant: results.Emigrants, results.StateReturnee: results.Returnees,
	}
	counts := map[string]int{}
	for _, a := range out.Snapshots {
		counts[stock[a.State]]++
		entry, retire := sc.Demography.EntryAge, sc.Demography.RetirementAge
		if a.Age < entry || a.Age >= retire || a.Tenure < 0 || a.Tenure > a.Age-entry+1/float64(sc.StepsPerYear)+1e-9 {
			t.Fatalf("agent %d (%s): age %.2f, tenure %.2f: outside [%v, %v) or tenure beyond the career", a.Agent, a.State, a.Age, a.Tenure, entry, retire)
		}
		if a.Savings < 0 {
			t.Fatalf("agent %d: savings %v", a.Agent, a.Savings)
		}
	}
	row := out.Timeseries.Values[0][(year-sc.StartYear+1)*sc.StepsPerYear-1]
	for _, name := range stock {
		m := results.MetricIndex(out.Timeseries.Metrics, name)
		if got := float64(counts[name]) * w; math.Abs(got-row[m]) > 1e-9*row[m] {
			t.Errorf("%s: snapshot %v persons; timeseries %v", name, got, row[m])
		}
	}
}

// TestEventBoundsHold checks what thinning rests on: for every person in
// the calendar, the probability of its state's event in the next step, at
// this step's conditions (which the bounds were checked against), is at
// most the bound its candidate was drawn with, and no one lives past its
// step of death. It runs the baseline, ghana without policies (whose emigration
// bound is the base rate) and bench with its top-up only, for three years,
// and ghana with its policies from 2008 for four (training abroad: a
// trainee's bound is 0; TestEventTrainingBounds checks its wakes); and
// with bonds, their factor rising and lifted, and the service of study
// abroad, lifted while scholars still come home (event_bond_test.go).
func TestEventBoundsHold(t *testing.T) {
	ghana, err := scenarios.LoadShipped("ghana")
	if err != nil {
		t.Fatal(err)
	}
	ghana.Policies = nil
	ghana.Agents, ghana.Years, ghana.Replicates = 5000, 3, 1
	topUp := topUpOnly(t)
	topUp.Agents, topUp.Years, topUp.Replicates = 5000, 3, 1
	moldova := moldovaWhole(t, 5000, 3, 1)
	philippines, err := scenarios.LoadShipped("philippines")
	if err != nil {
		t.Fatal(err)
	}
	philippines.Agents, philippines.Years, philippines.Replicates = 5000, 3, 1
	bench := benchWhole(t, 5000, 3, 1)
	// Training partnerships: pacific.toml, and its variant whose
	// partnerships end after a year (their graduates' factor returns to 1);
	// training abroad (event_training_test.go).
	for _, sc := range []*model.Scenario{loadBaseline(t, 5000, 3, 1), ghana, topUp, moldova, philippines, bench, benchCapped(t, 5000, 3, 1),
		pacificShipped(t, 3000, 3, 1), pacificVariant(t, 3000, 3, 1), ghanaFrom(t, 3000, 4, 1), ghanaVaried(t, 3000, 4, 1),
		bondedBaseline(t, 5000, 3, 1), bondsVaried(t, 5000, 6, 1), moldovaService(t, 3000, 8, 1, 2021), // bonds: event_bond_test.go
		benefitLarge(t, 5000, 3, 1), // event_benefit_test.go
		baselineDelay(t, 5000, 3, 1), baselineJobless(t, model.UnemploymentBenefit, 5000, 3, 1),
		baselineJobless(t, model.UnemploymentUntrained, 5000, 3, 1), baselineJobless(t, model.UnemploymentOtherSector, 5000, 3, 1),
		joblessTopUp(t, 5000, 3, 1), joblessReturneeTopUp(t, 5000, 3, 1)} { // event_sector_test.go
		t.Run(sc.Name, func(t *testing.T) {
			e := newEvent(sc, 0, 1)
			em, rp := sc.Emigration, sc.Return
			checked, bonded := 0, 0
			for range sc.Steps() {
				e.Step()
				c, p, ev, spy := &e.cond, &e.pop, e.ev, e.spy
				for i := range p.rec {
					st := p.rec[i].state
					if st == agents.Gone {
						continue
					}
					sl := ev.slot[i]
					lag := e.step - int(sl.touched) // to the next step
					age := int(p.rec[i].age) + lag
					s := int(p.rec[i].sector)
					ageYears := (float64(age) - 0.5) / float64(spy)
					if sl.deathAt() < e.step {
						t.Fatalf("step %d, %v %d: alive past its step of death %d", e.step, st, i, sl.deathAt())
					}
					var prob float64
					switch st {
					case agents.Student:
						prob = c.dropout[s]
						if ten := int(p.rec[i].tenure) + lag; ten > e.gradStep(i, s) {
							prob = c.graduate[s] + c.dropLate[s] // the delayed phase (event_delay.go)
						}
					case agents.Worker, agents.Returnee:
						base := em.BaseRate
						if st == agents.Returnee {
							base *= em.ReturneeFactor
						}
						wage := c.wageHome[s] * float64(p.skill[i])
						if p.rec[i].flags&flagJobless != 0 {
							wage = c.idleWage(s, float64(p.skill[i])) // event_jobless.go
						}
						weight, ref := 1.0, wage
						if e.wageWeight != nil {
							weight = e.wageWeight[min(age, len(e.wageWeight)-1)]
							ref = sc.Sectors[s].WageHome * float64(p.skill[i])
						}
						inclusive := c.inclusive[s]
						if st == agents.Returnee {
							inclusive += c.circulation[s] // portable benefits (event_benefit.go)
						}
						if ev.ben != nil {
							wage += e.benefitIncome(i, s, st, p.rec[i].flags) // retention, portable benefits
						}
						h := base / em.BaseRate * agents.EmigrationRate(em, inclusive, wage, ref, weight, ageYears)
						if f := c.partner[s].factor; p.rec[i].flags&flagPartner != 0 && f > 0 {
							h *= f // a partnership's graduate
						}
						if p.rec[i].timer > 0 {
							f, _ := c.bondFactor(s) // bonded: 1 if the step lifted the bonds
							h *= f
							bonded++
						}
						prob = agents.StepProb(h, spy)
					case agents.Emigrant:
						d := int(p.rec[i].dest)
						income := c.waste[d]
						if p.rec[i].flags&flagRecognised != 0 {
							income = c.wageAbroad[s*e.nD+d]
						}
						skill := min(float64(p.skill[i])*math.Pow(e.growAbroad, float64(lag)), max(sc.Skill.Max, float64(p.skill[i])))
						ten := int(p.rec[i].tenure) + lag
						sav := ev.coSav[e.cohortIndex(e.step-ten, s, d, p.rec[i].flags)]
						home := c.wageHome[s] * skill
						if len(c.topUps[s]) > 0 {
							home *= 1 + c.returnTopUp(s, p.rec[i].flags&flagPublic != 0, sc.Training.DiscountRate, sc.Demography.RetirementAge-ageYears)
						}
						home = c.expectHome(s, home, skill)             // with unemployment in person (event_jobless.go)
						home += c.returneeBenefit(s, float64(spy), nil) // portable benefits (event_benefit.go)
						h := agents.ReturnRate(rp, home, income, sav, ageYears, (float64(ten)-0.5)/float64(spy), c.returnExtra[s*e.nD+d])
						prob = agents.StepProb(h, spy)
						if p.rec[i].flags&flagAssigned != 0 {
							prob = 0 // no return while serving
						}
						// The chance of volunteering, below its bound,
						// the bound that of the candidate.
						if a, aMax := c.assign[s*e.nD+d].prob, e.assignMax(i, st); p.rec[i].flags&flagAssigned == 0 && a > aMax {
							t.Fatalf("step %d, emigrant %d: chance of volunteering %v above its bound %v", e.step, i, a, aMax)
						}
					}
					if prob > float64(sl.pMax) {
						t.Fatalf("step %d, %v %d: probability %v above its bound %v", e.step, st, i, prob, sl.pMax)
					}
					checked++
				}
			}
			t.Logf("%d person-steps checked, %d of them bonded", checked, bonded)
		})
	}
}

// TestDeathStepLaw checks the event engine's draw of the step of death
// (deathStep) against the step engine's law, survival through ages a+1..b
// of prod (1 - m(age)): for persons of 25 and of 50 entering the calendar,
// 200,000 draws each, the share dead within 1, 5, 10 and 20 years (or by
// retirement) within 4 standard errors of the table's, and none dead past
// retirement.
func TestDeathStepLaw(t *testing.T) {
	sc := loadBaseline(t, 1000, 1, 1)
	sc.Demography.Mortality = 0.01 // ten times the usual, so that the shares are measurable
	e := newEvent(sc, 0, 1)
	spy := e.spy
	const n = 200_000
	for _, ageYears := range []int{25, 50} {
		age := ageYears * spy
		dead := make([]int, 4)
		horizons := []int{1, 5, 10, 20}
		for j := range n {
			d := e.deathStep(0, age, agentKey(uint64(ageYears), uint32(j)))
			if d != neverStep && age+d > int(e.retireSteps) {
				t.Fatalf("age %d: dies at age %d steps, past retirement %d", ageYears, age+d, e.retireSteps)
			}
			for h, y := range horizons {
				if d <= y*spy {
					dead[h]++
				}
			}
		}
		for h, y := range horizons {
			alive := 1.0
			for a := age + 1; a <= min(age+y*spy, int(e.retireSteps)); a++ {
				alive *= 1 - e.mortality[min((a-1)/spy, len(e.mortality)-1)]
			}
			want := 1 - alive
			got := float64(dead[h]) / n
			se := math.Sqrt(want * (1 - want) / n)
			if math.Abs(got-want) > 4*se {
				t.Errorf("age %d, %d years: %.5f dead, want %.5f (se %.5f)", ageYears, y, got, want, se)
			}
		}
	}
}
