package sim

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// TestEventTraceTellsTheStocks traces everyone with the event engine and
// reads the trace against the timeseries: every life starts with entry
// and chains from one state to the next; each calendar year's transitions
// are the year's flows of the timeseries (graduations, emigrations,
// returns, deaths, retirements, dropouts, enrolments), divided by the
// weight, exactly (as TestTraceAddsUpToFlows for the step engine); and at the end of every year the persons the trace puts
// in each state (the state after its last row) are the stocks of the
// timeseries (students, workers at home, emigrants, returnees), exactly:
// a person traced as an emigrant is counted as one. On the small test
// scenario without its policies, ghana (temporary-return assignments, training abroad), pacific
// with an away track (graduates who emigrate at once), the baseline with a
// doctors' training delay and with nurses unemployed in person.
func TestEventTraceTellsTheStocks(t *testing.T) {
	small := loadScenario(t, "testdata/small.toml", 400, 3, 2)
	small.Policies = nil // its bond is not simulated by the event engine yet
	for _, sc := range []*model.Scenario{
		small,
		loadScenario(t, "../scenarios/ghana.toml", 3000, 6, 1),
		withAwayTrack(loadScenario(t, "../scenarios/pacific.toml", 4000, 6, 1), 0.029),
		baselineDelay(t, 3000, 5, 1),
		baselineJobless(t, model.UnemploymentUntrained, 3000, 5, 1),
	} {
		t.Run(sc.Name, func(t *testing.T) {
			out, err := RunWith(t.Context(), sc, Options{Workers: 2, Trace: everyone, Engine: EngineEvent})
			if err != nil {
				t.Fatal(err)
			}
			traceStory(t, sc, out)
		})
	}
}

// traceStory checks a trace of everyone against its timeseries
// (TestEventTraceTellsTheStocks).
func traceStory(t *testing.T, sc *model.Scenario, out *Output) {
	t.Helper()
	ts, w := out.Timeseries, New(sc, 0, 1).Weight()
	type key struct{ r, id int }
	last := map[key]results.Transition{}
	steps := sc.Steps()
	// flows[r][year][metric], stocks[r][step][state]: the states' changes
	// by step, summed into stocks below.
	flows := make([][]map[string]int, sc.Replicates)
	change := make([][]map[string]int, sc.Replicates)
	for r := range sc.Replicates {
		flows[r] = make([]map[string]int, sc.Years)
		for y := range flows[r] {
			flows[r][y] = map[string]int{}
		}
		change[r] = make([]map[string]int, steps+1)
		for i := range change[r] {
			change[r][i] = map[string]int{}
		}
	}
	for _, tr := range out.Trace {
		k := key{tr.Replicate, tr.Agent}
		prev, ok := last[k]
		switch {
		case !ok && tr.Event != results.EventEnter:
			t.Fatalf("agent %d of replicate %d: first event %s; want enter", tr.Agent, tr.Replicate, tr.Event)
		case ok && prev.To != tr.From:
			t.Fatalf("agent %d of replicate %d: %s to %s, then %s from %s", tr.Agent, tr.Replicate, prev.Event, prev.To, tr.Event, tr.From)
		case ok && (prev.Step > tr.Step || prev.To == results.StateOutside):
			t.Fatalf("agent %d of replicate %d: %+v after %+v", tr.Agent, tr.Replicate, tr, prev)
		}
		last[k] = tr
		c := change[tr.Replicate][tr.Step]
		c[tr.From]--
		c[tr.To]++
		if tr.Step == 0 {
			continue
		}
		f := flows[tr.Replicate][tr.Year-sc.StartYear]
		switch tr.Event {
		case results.EventGraduate:
			f[results.Graduates]++
			if tr.To == results.StateEmigrant {
				f[results.Emigrations]++
			}
		case results.EventEmigrate:
			f[results.Emigrations]++
		case results.EventReturn:
			f[results.Returns]++
		case results.EventDeath:
			f[results.Deaths]++
		case results.EventRetire:
			f[results.Retirements]++
		case results.EventDropout:
			f[results.Dropouts]++
		case results.EventEnter:
			f[results.Enrolments]++
		}
	}
	check := func(r, i int, name string, got int) {
		m := results.MetricIndex(ts.Metrics, name)
		if m < 0 {
			t.Fatalf("no metric %s", name)
		}
		if want := ts.Values[r][i][m]; math.Abs(float64(got)*w-want) > 1e-9*max(1, want) {
			t.Errorf("replicate %d, step %d: %s: the trace has %d agents = %v persons; the timeseries %v", r, i+1, name, got, float64(got)*w, want)
		}
	}
	stockOf := map[string]string{
		results.StateStudent: results.Students, results.StateWorker: results.WorkersHome,
		results.StateEmigrant: results.Emigrants, results.StateReturnee: results.Returnees,
	}
	for r := range sc.Replicates {
		stock := map[string]int{}
		for i := range steps + 1 {
			for st, d := range change[r][i] {
				stock[st] += d
			}
			if i == 0 || i%sc.StepsPerYear != 0 {
				continue
			}
			for st, name := range stockOf {
				check(r, i-1, name, stock[st])
			}
			for name, n := range flows[r][i/sc.StepsPerYear-1] {
				check(r, i-1, name, n)
			}
		}
	}
}

// TestEventTraceChangesNothing: with the event engine, tracing changes no
// byte of the timeseries, and the trace is the same for 1, 2 and 7
// workers; on the baseline (several blocks) and with nurses unemployed in
// person.
func TestEventTraceChangesNothing(t *testing.T) {
	smallShards(t)
	// Ghana's quotas bind: its admissions (by shard, their records
	// gathered after the wakes') change the sums of skill at home.
	for _, sc := range []*model.Scenario{loadBaseline(t, 3*blockSize+123, 4, 2),
		baselineJobless(t, model.UnemploymentBenefit, 3*blockSize+123, 4, 2), ghanaFrom(t, 3*blockSize+123, 4, 2)} {
		t.Run(sc.Name, func(t *testing.T) {
			plain, err := RunWith(t.Context(), sc, Options{Workers: 2, Engine: EngineEvent})
			if err != nil {
				t.Fatal(err)
			}
			var first *Output
			for _, w := range []int{1, 2, 7} {
				out, err := RunWith(t.Context(), sc, Options{Workers: w, Trace: 300, Engine: EngineEvent})
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(csvBytes(t, out.Timeseries), csvBytes(t, plain.Timeseries)) {
					t.Fatalf("workers=%d: the timeseries with a trace differ from that without", w)
				}
				if len(out.Trace) == 0 {
					t.Fatalf("workers=%d: no trace", w)
				}
				if first == nil {
					first = out
				} else if !reflect.DeepEqual(out.Trace, first.Trace) {
					t.Fatalf("workers=%d: the trace differs from workers=1's", w)
				}
			}
		})
	}
}

// TestEventTraceLaws compares the traces of everyone of the two engines on
// the baseline, 4,000 agents over 10 years, 4 replicates (the same initial
// population, different draws afterwards): the same columns filled the same
// way (a destination exactly on the rows from or to abroad, ages within
// the working life, savings not negative), the counts of each event within
// 4.5 standard deviations of their difference (Poisson), and, for each
// event, the mean age, skill and savings of its rows within 4.5 standard
// errors of their difference (about 30 comparisons: a correct engine fails
// one with probability about 2e-4): the fields of the records the event
// engine fills in closed form (the skill and savings of an emigrant who
// dies, the fields after the previous step) follow the step engine's.
func TestEventTraceLaws(t *testing.T) {
	const zMax = 4.5
	sc := loadBaseline(t, 4000, 10, 4)
	sum := map[EngineKind]map[string]*traceMoments{}
	for _, kind := range []EngineKind{EngineStep, EngineEvent} {
		out, err := RunWith(t.Context(), sc, Options{Workers: 2, Trace: everyone, Engine: kind})
		if err != nil {
			t.Fatal(err)
		}
		sum[kind] = map[string]*traceMoments{}
		for _, tr := range out.Trace {
			abroad := tr.From == results.StateEmigrant || tr.To == results.StateEmigrant
			if (tr.Destination != "") != abroad || tr.Sector == "" ||
				tr.Age < sc.Demography.EntryAge-1 || tr.Age > sc.Demography.RetirementAge+1 || tr.Savings < 0 {
				t.Fatalf("%v: row %+v", kind, tr)
			}
			k := string(tr.Event) + " " + tr.From
			m := sum[kind][k]
			if m == nil {
				m = &traceMoments{}
				sum[kind][k] = m
			}
			m.add(tr.Age, float64(tr.Skill), float64(tr.Savings))
		}
	}
	compared := 0
	for k, a := range sum[EngineStep] {
		b := sum[EngineEvent][k]
		if b == nil {
			b = &traceMoments{}
		}
		if z := (b.n - a.n) / math.Sqrt(max(a.n+b.n, 1)); math.Abs(z) > zMax {
			t.Errorf("%s: %v rows in the step engine's traces, %v in the event engine's (z = %.1f)", k, a.n, b.n, z)
		}
		if a.n < 30 || b.n < 30 {
			continue
		}
		for j, name := range []string{"age", "skill", "savings"} {
			ma, va := a.meanVar(j)
			mb, vb := b.meanVar(j)
			se := math.Sqrt(va/a.n + vb/b.n)
			if se == 0 {
				if math.Abs(ma-mb) > 1e-6*max(1, math.Abs(ma)) {
					t.Errorf("%s: %s %v in the step engine's traces, %v in the event engine's", k, name, ma, mb)
				}
				continue
			}
			compared++
			if z := (mb - ma) / se; math.Abs(z) > zMax {
				t.Errorf("%s: mean %s %.4g in the step engine's traces, %.4g in the event engine's (z = %.1f)", k, name, ma, mb, z)
			}
		}
		t.Logf("%-22s rows: step %6.0f event %6.0f", k, a.n, b.n)
	}
	if compared < 10 {
		t.Errorf("%d means compared: the test checks little", compared)
	}
	for k := range sum[EngineEvent] {
		if sum[EngineStep][k] == nil {
			t.Errorf("%s: in the event engine's traces only", k)
		}
	}
}

// traceMoments sums rows' age, skill and savings.
type traceMoments struct {
	n      float64
	s, ss  [3]float64
	sample string
}

func (m *traceMoments) add(x ...float64) {
	m.n++
	for j, v := range x {
		m.s[j] += v
		m.ss[j] += v * v
	}
	if m.sample == "" {
		m.sample = fmt.Sprint(x)
	}
}

func (m *traceMoments) meanVar(j int) (mean, variance float64) {
	mean = m.s[j] / m.n
	return mean, max(0, m.ss[j]/m.n-mean*mean) * m.n / max(m.n-1, 1)
}
