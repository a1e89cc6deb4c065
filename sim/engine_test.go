package sim

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// loadBaseline loads the shipped baseline scenario, as users do, and
// shrinks it for a fast test: the engine is exercised on the same sectors,
// destinations and parameters users run.
func loadBaseline(t testing.TB, agentsN, years, reps int) *model.Scenario {
	t.Helper()
	sc, err := scenarios.Load("../scenarios/baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Agents, sc.Years, sc.Replicates = agentsN, years, reps
	return sc
}

func csvBytes(t *testing.T, ts *results.Timeseries) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := output.WriteTimeseries(&b, ts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDeterministicAcrossWorkers holds the promise that the same scenario and
// seed give the same bytes for any number of workers. The population spans
// several blocks so that the parallel phase really splits.
func TestDeterministicAcrossWorkers(t *testing.T) {
	sc := loadBaseline(t, 3*blockSize+123, 4, 3)
	var want []byte
	for _, w := range []int{1, 2, 7} {
		ts, err := Run(t.Context(), sc, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		got := csvBytes(t, ts)
		if want == nil {
			want = got
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("workers=%d: timeseries differ from workers=1 (%d vs %d bytes)", w, len(got), len(want))
		}
	}
}

// TestEngineWorkersInsideStep checks one engine stepped with 1 and 5 workers
// stays identical slot by slot, not only in aggregates.
func TestEngineWorkersInsideStep(t *testing.T) {
	sc := loadBaseline(t, 5*blockSize, 2, 1)
	a, b := New(sc, 0, 1), New(sc, 0, 5)
	for range sc.Steps() {
		a.Step()
		b.Step()
	}
	if a.pop.len() != b.pop.len() {
		t.Fatalf("population %d vs %d", a.pop.len(), b.pop.len())
	}
	for i := range a.pop.len() {
		if a.pop.rec[i].state != b.pop.rec[i].state || a.pop.savings[i] != b.pop.savings[i] || a.pop.id[i] != b.pop.id[i] {
			t.Fatalf("slot %d differs: %v/%v %v/%v", i, a.pop.rec[i].state, b.pop.rec[i].state, a.pop.savings[i], b.pop.savings[i])
		}
	}
}

func TestSeedChangesResults(t *testing.T) {
	sc := loadBaseline(t, 5000, 3, 2)
	ts1, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc2 := *sc
	sc2.Seed++
	ts2, err := Run(t.Context(), &sc2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(csvBytes(t, ts1), csvBytes(t, ts2)) {
		t.Error("seed+1 gave the same timeseries")
	}
	// Replicates of one run differ from each other too.
	m := results.MetricIndex(ts1.Metrics, "emigrations")
	last := len(ts1.Step) - 1
	if ts1.Values[0][last][m] == ts1.Values[1][last][m] {
		t.Errorf("replicates 0 and 1 have the same emigrations: %v", ts1.Values[0][last][m])
	}
}

// TestStockFlowAccounting checks that nobody is created or lost: each step,
// the change in every sector's stocks equals the recorded flows.
func TestStockFlowAccounting(t *testing.T) {
	sc := loadBaseline(t, 20000, 3, 1)
	e := New(sc, 0, 2)
	for range sc.Steps() {
		before := make([]int64, len(e.total.count))
		copy(before, e.total.count)
		e.Step()
		t2 := &e.total
		for s := range e.nS {
			d := func(st agents.State) int64 { return t2.n(st, s) - before[int(st)*e.nS+s] }
			in := t2.flow(flowEnrol, s)
			out := t2.flow(flowDeath, s) + t2.flow(flowRetire, s) + t2.flow(flowDropout, s)
			all := d(agents.Student) + d(agents.Worker) + d(agents.Emigrant) + d(agents.Returnee)
			if all != in-out {
				t.Fatalf("step %d sector %d: stocks changed by %d, flows say %d", e.step, s, all, in-out)
			}
			if n := t2.n(agents.Emigrant, s); n < 0 {
				t.Fatalf("negative emigrant stock %d", n)
			}
		}
		var live int64
		for i := range e.pop.rec {
			st := e.pop.rec[i].state
			if st != agents.Gone {
				live++
			}
		}
		var counted int64
		for _, c := range e.total.count {
			counted += c
		}
		if live != counted {
			t.Fatalf("step %d: %d live agents, %d counted", e.step, live, counted)
		}
	}
}

// TestQuotaRespected closes one destination and caps another: no admissions
// to the closed one, and at most the cap a year to the other.
func TestQuotaRespected(t *testing.T) {
	sc := loadBaseline(t, 20000, 4, 1)
	zero, cap := 0.0, 300.0
	sc.Destinations = append([]model.Destination(nil), sc.Destinations...)
	sc.Destinations[0].Quota = &cap
	sc.Destinations[1].Quota = &zero
	e := New(sc, 0, 2)
	yearArrivals := make([]int64, 2)
	for range sc.Steps() {
		if e.step%e.spy == 0 {
			clear(yearArrivals)
		}
		e.Step()
		for d := range 2 {
			yearArrivals[d] += e.total.arrivals[d]
		}
		if yearArrivals[1] != 0 {
			t.Fatalf("step %d: %d admitted to a closed destination", e.step, yearArrivals[1])
		}
		// The cap in agents is the cap in persons rounded at random: at
		// most one agent above cap/weight.
		if lim := int64(math.Ceil(cap / e.weight)); yearArrivals[0] > lim {
			t.Fatalf("step %d: %d agents admitted, cap %d", e.step, yearArrivals[0], lim)
		}
	}
	if yearArrivals[0] == 0 {
		t.Error("no admissions at all to the capped destination: the test shows nothing")
	}
}

func TestInitialStocks(t *testing.T) {
	sc := loadBaseline(t, 50000, 1, 1)
	e := New(sc, 0, 1)
	persons := func(st agents.State, s int) float64 { return float64(e.total.n(st, s)) * e.weight }
	for s, sec := range sc.Sectors {
		for _, c := range []struct {
			name string
			got  float64
			want float64
		}{
			{"workers", persons(agents.Worker, s), sec.Workers},
			{"students", persons(agents.Student, s), sec.Students},
			{"returnees", persons(agents.Returnee, s), sec.Returnees},
		} {
			// Whole agents: within one agent's weight.
			if math.Abs(c.got-c.want) > e.weight {
				t.Errorf("%s %s = %.0f; want %.0f within %.1f", sec.Name, c.name, c.got, c.want, e.weight)
			}
		}
	}
	if n := e.pop.len(); n != sc.Agents {
		t.Errorf("agents = %d; want %d", n, sc.Agents)
	}
}

func TestApportion(t *testing.T) {
	for _, tt := range []struct {
		name    string
		persons []float64
		n       int
		want    []int
	}{
		{"exact", []float64{10, 30}, 4, []int{1, 3}},
		{"largest remainder", []float64{1, 1, 1}, 2, []int{1, 1, 0}},
		{"zero group", []float64{0, 5}, 3, []int{0, 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gs := make([]group, len(tt.persons))
			total := 0.0
			for i, p := range tt.persons {
				gs[i].persons = p
				total += p
			}
			apportion(gs, tt.n, total)
			for i := range gs {
				if gs[i].agents != tt.want[i] {
					t.Errorf("apportion(%v, %d)[%d] = %d; want %d", tt.persons, tt.n, i, gs[i].agents, tt.want[i])
				}
			}
		})
	}
}

func BenchmarkStep(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("agents=%d/workers=%d", n, w), func(b *testing.B) {
				sc := loadBaseline(b, n, 200, 1)
				e := New(sc, 0, w)
				e.Step() // warm the scratch buffers
				b.ReportAllocs()
				steps := 0
				agentSteps := 0
				for b.Loop() {
					agentSteps += e.Agents()
					e.Step()
					steps++
				}
				b.ReportMetric(float64(agentSteps)/b.Elapsed().Seconds(), "agent-steps/s")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(agentSteps), "ns/agent-step")
			})
		}
	}
}
