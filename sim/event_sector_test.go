package sim

import (
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// evDelayYears is the mean training delay, years, put on the baseline's
// doctors in the tests of event_delay.go: long against their six-year
// programme, so that about a quarter of the doctors in training are in the
// delayed phase at any time (assumed: a size for the tests, not an estimate).
const evDelayYears = 2.0

// baselineDelay returns the baseline with a training delay of evDelayYears
// on its doctors.
func baselineDelay(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := loadBaseline(t, agents, years, reps)
	sc.Name = "baseline with a doctors' training delay"
	sc.Sectors[0].TrainingDelay = evDelayYears
	return sc
}

// Unemployment in person on the baseline's nurses (event_jobless.go): their
// posts are evJoblessPosts of the nurses at home at the start, so that a
// real shortage lasts the run (graduates outnumber the departures); the
// benefit of "unemployed" is evJoblessBenefit, a quarter of the nurses'
// wage (assumed: sizes for the tests, not estimates); "other_sector" pays
// the teachers' wage.
const (
	evJoblessPosts   = 0.7
	evJoblessBenefit = 3_000.0 // USD PPP a year
)

// baselineJobless returns the baseline whose nurses have evJoblessPosts of
// their number at home in posts and whose jobless earn by mode.
func baselineJobless(t testing.TB, mode model.Unemployment, agents, years, reps int) *model.Scenario {
	sc := loadBaseline(t, agents, years, reps)
	sc.Name = "baseline with nurses unemployed in person (" + mode.String() + ")"
	sc.Sectors = append([]model.Sector(nil), sc.Sectors...)
	nurse := &sc.Sectors[sc.SectorIndex("nurse")]
	nurse.Posts = evJoblessPosts * (nurse.Workers + nurse.Returnees)
	nurse.Unemployed = mode
	switch mode {
	case model.UnemploymentBenefit:
		nurse.UnemploymentIncome = evJoblessBenefit
	case model.UnemploymentOtherSector:
		nurse.OtherSector = "teacher"
	}
	return sc
}

// joblessTopUp returns bench with its wage top-up and its nurses
// unemployed in person, which the event engine refuses (joblessTopUpOK).
func joblessTopUp(t testing.TB) *model.Scenario {
	sc := topUpOnly(t)
	sc.Sectors = append([]model.Sector(nil), sc.Sectors...)
	nurse := &sc.Sectors[sc.SectorIndex("nurse")]
	nurse.Posts = 1000
	nurse.Unemployed = model.UnemploymentUntrained
	return sc
}

// TestEventJoblessLists checks the lists of the jobless (event_jobless.go)
// every step: each sector's list holds exactly the persons at home without
// a post, once each, at the positions pos says, and as many as the tally
// counts; on the baseline with nurses unemployed in person in each mode,
// 3,000 agents over 3 years, with a shortage throughout (checked: jobless
// in every step after the first).
func TestEventJoblessLists(t *testing.T) {
	for _, mode := range []model.Unemployment{model.UnemploymentBenefit, model.UnemploymentUntrained, model.UnemploymentOtherSector} {
		t.Run(mode.String(), func(t *testing.T) {
			sc := baselineJobless(t, mode, 3000, 3, 1)
			e := newEvent(sc, 0, 2)
			nurse := sc.SectorIndex("nurse")
			for range sc.Steps() {
				e.Step()
				jl, p := e.ev.jl, &e.pop
				seen := map[int32]bool{}
				for s, l := range jl.list {
					for j, i := range l {
						if seen[i] || jl.pos[i] != int32(j) || int(p.sector[i]) != s || !p.state[i].AtHome() || p.flags[i]&flagJobless == 0 {
							t.Fatalf("step %d: list %d[%d] = slot %d: seen %v, pos %d, sector %d, %v, flags %b", e.step, s, j, i, seen[i], jl.pos[i], p.sector[i], p.state[i], p.flags[i])
						}
						seen[i] = true
					}
					if int64(len(l)) != e.total.jobless[s] {
						t.Fatalf("step %d: sector %d: %d listed, %d in the tally", e.step, s, len(l), e.total.jobless[s])
					}
				}
				for i, st := range p.state {
					if st.AtHome() && p.flags[i]&flagJobless != 0 && !seen[int32(i)] {
						t.Fatalf("step %d: slot %d jobless at home, not listed", e.step, i)
					}
				}
				if e.total.jobless[nurse] == 0 {
					t.Fatalf("step %d: no nurse without a post: no shortage", e.step)
				}
			}
		})
	}
}

// equivSectorCase is a scenario of TestEventEquivalenceSectors with the
// metrics through which its setting acts, whose means are logged.
type equivSectorCase struct {
	name    string
	sc      *model.Scenario
	metrics []string
}

// TestEventEquivalenceSectors compares the engines on the settings of
// sectors that event_delay.go and event_jobless.go port, through the
// harness of TestEventEquivalence (30 replicates a side, every metric at
// years 1, 5 and 10, Welch and Kolmogorov-Smirnov tests with Holm's
// correction at 1%, and the stock-flow identity of every event run in
// whole agents):
//   - the baseline with a mean training delay of 2 years on doctors,
//     20,000 agents over 10 years: in the step engine's runs (30
//     replicates, against the baseline without a delay, same seeds) the
//     delay holds 22% more doctors in training at year 5 and 29% more at
//     year 10 (2,457 against 1,908 persons), and cuts the doctors
//     graduating in year 1 by 32% (205 against 300), in year 5 by 29% and
//     in year 10 by 12%; the harness's Welch tests see a tenth of those
//     shifts (students.doctor has a standard deviation of about 2% of its
//     mean), so a mistake in the delayed phase's law shows in
//     students.doctor and graduates.doctor;
//   - the baseline with its nurses' posts at 70% of the nurses at home at
//     the start and the jobless earning a benefit of 3,000 a year
//     ("unemployed"), the untrained wage ("untrained") or the teachers'
//     wage ("other_sector"), 10,000 agents over 10 years: in the step
//     engine's runs at 20,000 agents (30 replicates, against the baseline
//     without a limit of posts, same seeds) 12,500 to 17,600 nurses are
//     without a post, and the nurses' emigrations of year 5 are 53%, 44%
//     and 20% above the baseline's by mode (2,274, 2,127 and 1,779 against
//     1,482), their skilled at home at year 10 15%, 12% and 6% below
//     (41,884, 43,210 and 46,322 against 49,246): a jobless person stepped
//     at the wage, or hired by another law, shows in unemployed.nurse,
//     emigrations.nurse and skilled_home.nurse.
func TestEventEquivalenceSectors(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("30 replicates of both engines")
	}
	cases := []equivSectorCase{
		{"delay", baselineDelay(t, 20000, 10, equivReplicates), []string{"students.doctor", "graduates.doctor", results.Dropouts}},
	}
	for _, mode := range []model.Unemployment{model.UnemploymentBenefit, model.UnemploymentUntrained, model.UnemploymentOtherSector} {
		cases = append(cases, equivSectorCase{mode.String(), baselineJobless(t, mode, 10000, 10, equivReplicates),
			[]string{"unemployed.nurse", "emigrations.nurse", "skilled_home.nurse"}})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { equivSector(t, c) })
	}
}

// equivSector runs one case of TestEventEquivalenceSectors.
func equivSector(t *testing.T, c equivSectorCase) {
	sc := c.sc
	step, event := runBoth(t, sc)
	weight := New(sc, 0, 1).Weight()
	for _, v := range stockFlowResiduals(event, sc.StepsPerYear, weight) {
		t.Errorf("event engine: stock-flow identity: %s", v)
	}
	rep := compareRuns(step, event, sc.StepsPerYear, equivYears, equivFamilyLevel)
	t.Logf("%d tests of %d metrics; smallest p %.3g", len(rep.tests), len(step.Metrics), smallestP(rep.tests))
	for _, name := range c.metrics {
		for _, y := range []int{1, 5, 10} {
			ms, _ := meanVar(at(t, step, name, sc.StartYear+y-1))
			me, _ := meanVar(at(t, event, name, sc.StartYear+y-1))
			t.Logf("%-24s year %2d: step %10.1f event %10.1f", name, y, ms, me)
		}
	}
	for _, f := range rep.failures {
		t.Errorf("event against step: %s", f)
	}
}
