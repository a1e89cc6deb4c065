package sim

import (
	"bytes"
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// everyone traces every agent that ever lives in a run.
const everyone = math.MaxInt32

func loadScenario(t *testing.T, path string, agentsN, years, reps int) *model.Scenario {
	t.Helper()
	sc, err := scenarios.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	sc.Agents, sc.Years, sc.Replicates = agentsN, years, reps
	return sc
}

// TestTraceAddsUpToFlows traces everyone and counts the transitions of each
// calendar year: they must be the yearly flows of the timeseries (read at
// each year's last step, where a flow is the sum over that year) divided by
// the agent weight, exactly. Ghana has temporary-return assignments; the
// Pacific a training partnership, whose away-track graduates emigrate on
// graduating.
func TestTraceAddsUpToFlows(t *testing.T) {
	for _, tt := range []struct {
		name string
		sc   *model.Scenario
		want results.Event // an event that must occur, besides the flows'
	}{
		{"small", loadScenario(t, "testdata/small.toml", 400, 3, 2), results.EventEnter},
		{"ghana", loadScenario(t, "../scenarios/ghana.toml", 3000, 6, 1), results.EventAssignmentEnd},
		{"pacific", withAwayTrack(loadScenario(t, "../scenarios/pacific.toml", 4000, 6, 1), 0.029), results.EventGraduate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.sc
			out, err := RunWith(t.Context(), sc, Options{Workers: 2, Trace: everyone})
			if err != nil {
				t.Fatal(err)
			}
			ts, w := out.Timeseries, New(sc, 0, 1).Weight()
			// counts[r][year][metric]
			counts := make([][]map[string]int, sc.Replicates)
			for r := range counts {
				counts[r] = make([]map[string]int, sc.Years)
				for y := range counts[r] {
					counts[r][y] = map[string]int{}
				}
			}
			wanted := 0
			for _, tr := range out.Trace {
				if tr.Event == tt.want && (tt.want != results.EventGraduate || tr.To == results.StateEmigrant) {
					wanted++
				}
				if tr.Step == 0 {
					continue
				}
				c := counts[tr.Replicate][tr.Year-sc.StartYear]
				switch tr.Event {
				case results.EventGraduate:
					c[results.Graduates]++
					if tr.To == results.StateEmigrant {
						c[results.Emigrations]++
					}
				case results.EventEmigrate:
					c[results.Emigrations]++
				case results.EventReturn:
					c[results.Returns]++
				case results.EventDeath:
					c[results.Deaths]++
				case results.EventRetire:
					c[results.Retirements]++
				case results.EventDropout:
					c[results.Dropouts]++
				case results.EventEnter:
					c[results.Enrolments]++
				}
			}
			ms := []string{results.Graduates, results.Emigrations, results.Returns, results.Deaths, results.Retirements, results.Dropouts, results.Enrolments}
			seen := map[string]int{}
			for r := range sc.Replicates {
				for y := range sc.Years {
					row := ts.Values[r][(y+1)*sc.StepsPerYear-1]
					for _, name := range ms {
						m := results.MetricIndex(ts.Metrics, name)
						if m < 0 {
							t.Fatalf("no metric %s", name)
						}
						got, want := counts[r][y][name], row[m]
						seen[name] += got
						// The metric sums persons (agents × weight) over the
						// year's steps in floating point: equal to the
						// count × weight within rounding.
						if math.Abs(float64(got)*w-want) > 1e-9*max(1, want) {
							t.Errorf("replicate %d, year %d: %s: trace has %d agents = %v persons; timeseries %v",
								r, sc.StartYear+y, name, got, float64(got)*w, want)
						}
					}
				}
			}
			if wanted == 0 {
				t.Errorf("no %s event (to emigrant, for graduate) in the trace", tt.want)
			}
			for _, name := range ms {
				if seen[name] == 0 && name != results.Dropouts {
					t.Errorf("%s: no transition in the trace; the test checks nothing", name)
				}
			}
		})
	}
}

// TestTraceLivesAreWhole checks the sample: exactly n agents, each life
// starting with entry and chaining from one state to the next.
func TestTraceLivesAreWhole(t *testing.T) {
	sc := loadScenario(t, "../scenarios/ghana.toml", 3000, 8, 2)
	const n = 150
	out, err := RunWith(t.Context(), sc, Options{Workers: 2, Trace: n})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ r, id int }
	last := map[key]results.Transition{}
	entrants := 0
	for _, tr := range out.Trace {
		k := key{tr.Replicate, tr.Agent}
		prev, ok := last[k]
		switch {
		case !ok && tr.Event != results.EventEnter:
			t.Errorf("agent %d of replicate %d: first event %s; want enter", tr.Agent, tr.Replicate, tr.Event)
		case ok && prev.To != tr.From:
			t.Errorf("agent %d of replicate %d: %s to %s, then %s from %s", tr.Agent, tr.Replicate, prev.Event, prev.To, tr.Event, tr.From)
		case ok && (prev.Step > tr.Step || prev.To == results.StateOutside):
			t.Errorf("agent %d of replicate %d: %+v after %+v", tr.Agent, tr.Replicate, tr, prev)
		}
		if tr.Event == results.EventEnter && tr.Step > 0 {
			entrants++
		}
		last[k] = tr
	}
	if got := len(last); got != n*sc.Replicates {
		t.Errorf("traced %d agents; want %d per replicate, %d", got, n, n*sc.Replicates)
	}
	if entrants == 0 {
		t.Errorf("no later entrant among %d traced agents", len(last))
	}
}

// TestTraceSnapshotDeterministicAcrossWorkers holds traces and snapshots to
// the promise of the timeseries: the same bytes for any number of workers,
// and tracing changes nothing of the timeseries.
func TestTraceSnapshotDeterministicAcrossWorkers(t *testing.T) {
	sc := loadScenario(t, "../scenarios/ghana.toml", 3*blockSize+123, 4, 2)
	plain, err := Run(t.Context(), sc, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var want [3][]byte
	for _, w := range []int{1, 2, 7} {
		out, err := RunWith(t.Context(), sc, Options{Workers: w, Trace: 500, Snapshots: []int{sc.StartYear + 1, sc.StartYear + 3}})
		if err != nil {
			t.Fatal(err)
		}
		var tr, sn bytes.Buffer
		if err := output.WriteTrace(&tr, out.Trace); err != nil {
			t.Fatal(err)
		}
		if err := output.WriteSnapshots(&sn, out.Snapshots); err != nil {
			t.Fatal(err)
		}
		got := [3][]byte{csvBytes(t, out.Timeseries), tr.Bytes(), sn.Bytes()}
		if !bytes.Equal(got[0], csvBytes(t, plain)) {
			t.Errorf("workers=%d: the timeseries with a trace differs from the one without", w)
		}
		if want[0] == nil {
			want = got
			continue
		}
		for j, name := range []string{"timeseries", "trace", "snapshots"} {
			if !bytes.Equal(got[j], want[j]) {
				t.Errorf("workers=%d: %s differ from workers=1 (%d vs %d bytes)", w, name, len(got[j]), len(want[j]))
			}
		}
	}
}

// TestSnapshotMatchesStocks counts a snapshot's states: they must be the
// stocks of the timeseries at the end of that year.
func TestSnapshotMatchesStocks(t *testing.T) {
	sc := loadScenario(t, "testdata/small.toml", 400, 3, 2)
	year := sc.StartYear + 1
	out, err := RunWith(t.Context(), sc, Options{Snapshots: []int{year, year}})
	if err != nil {
		t.Fatal(err)
	}
	w := New(sc, 0, 1).Weight()
	stock := map[string]string{
		results.StateStudent: results.Students, results.StateWorker: results.WorkersHome,
		results.StateEmigrant: results.Emigrants, results.StateReturnee: results.Returnees,
	}
	counts := make([]map[string]int, sc.Replicates)
	for r := range counts {
		counts[r] = map[string]int{}
	}
	for _, a := range out.Snapshots {
		if a.Year != year {
			t.Fatalf("snapshot of year %d; want only %d", a.Year, year)
		}
		counts[a.Replicate][stock[a.State]]++
	}
	for r := range sc.Replicates {
		row := out.Timeseries.Values[r][(year-sc.StartYear+1)*sc.StepsPerYear-1]
		for _, name := range stock {
			m := results.MetricIndex(out.Timeseries.Metrics, name)
			if got := float64(counts[r][name]) * w; math.Abs(got-row[m]) > 1e-9*row[m] {
				t.Errorf("replicate %d: %s: snapshot %v persons; timeseries %v", r, name, got, row[m])
			}
		}
	}
}

func TestRunWithRejects(t *testing.T) {
	sc := loadScenario(t, "testdata/small.toml", 400, 3, 1)
	for _, tt := range []struct {
		name string
		opt  Options
	}{
		{"negative trace", Options{Trace: -1}},
		{"snapshot before the start", Options{Snapshots: []int{sc.StartYear - 1}}},
		{"snapshot after the end", Options{Snapshots: []int{sc.StartYear + sc.Years}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := RunWith(t.Context(), sc, tt.opt); err == nil {
				t.Errorf("RunWith(%+v) = nil error; want one", tt.opt)
			}
		})
	}
}

// withAwayTrack gives sc's training partnerships an away track of the given
// share: pacific.toml has none since issue 13 (its graduates leave by the
// ordinary channel), and the trace must see away-track graduations.
func withAwayTrack(sc *model.Scenario, share float64) *model.Scenario {
	sc.Policies = append([]model.Policy(nil), sc.Policies...)
	for i := range sc.Policies {
		if l, ok := sc.Policies[i].Lever.(*model.TrainingPartnership); ok {
			l2 := *l
			l2.AwayShare = share
			sc.Policies[i].Lever = &l2
		}
	}
	return sc
}
