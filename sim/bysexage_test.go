package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/results"
)

// TestBySexAndAgeAddUp checks that the breakdowns by sex and by age band
// add up to the totals: exactly in the tally, after every step (the
// counts are whole agents), and in the recorded metrics to rounding (each
// is a count times the agent weight).
func TestBySexAndAgeAddUp(t *testing.T) {
	sc := loadSmall(t)
	sc.Years = 6 // long enough for the entry cohorts to reach the workers
	e := New(sc, 0, 2)
	states := []agents.State{agents.Student, agents.Worker, agents.Emigrant, agents.Returnee}
	ms := e.Metrics()
	col := func(name string) int {
		i := results.MetricIndex(ms, name)
		if i < 0 {
			t.Fatalf("no metric %q", name)
		}
		return i
	}
	var emigrations int64
	for !e.Done() {
		e.Step()
		tt := &e.total
		for _, st := range states {
			all := tt.stateTotal(st)
			if got := tt.stateSex(st, 0) + tt.stateSex(st, 1); got != all {
				t.Fatalf("step %d: %v by sex add up to %d; want %d", e.StepsDone(), st, got, all)
			}
			var byAge int64
			for b := range numAgeBands {
				byAge += tt.stateAge(st, b)
			}
			if byAge != all {
				t.Fatalf("step %d: %v by age add up to %d; want %d", e.StepsDone(), st, byAge, all)
			}
		}
		flow := tt.flowTotal(flowEmigrate)
		emigrations += flow
		if got := sum64(tt.emigSex); got != flow {
			t.Fatalf("step %d: emigrations by sex add up to %d; want %d", e.StepsDone(), got, flow)
		}
		if got := sum64(tt.emigAge); got != flow {
			t.Fatalf("step %d: emigrations by age add up to %d; want %d", e.StepsDone(), got, flow)
		}

		row := e.Row()
		for _, base := range []string{results.WorkersHome, results.Emigrants, results.Returnees, results.Emigrations} {
			want := row[col(base)]
			bySex := row[col(results.BySex(base, results.Female))] + row[col(results.BySex(base, results.Male))]
			byAge := 0.0
			for _, m := range ms {
				if m.Base == base && m.AgeBand != "" {
					byAge += row[col(m.Name)]
				}
			}
			for _, got := range []float64{bySex, byAge} {
				if math.Abs(got-want) > 1e-9*max(1, want) {
					t.Fatalf("step %d: %s broken down adds up to %v; want %v", e.StepsDone(), base, got, want)
				}
			}
		}
	}
	if emigrations == 0 {
		t.Fatal("no emigration in the run: the flows were not tested")
	}
}
