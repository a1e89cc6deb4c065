package sim

import (
	"runtime"
	"testing"
)

// TestEstimateBounds checks that the estimate is an upper bound of what a
// run really holds, within a factor that keeps it useful: the slots an
// engine ends with, and the memory of the recorded series.
func TestEstimateBounds(t *testing.T) {
	sc := loadBaseline(t, 5000, 10, 2)
	r := Estimate(sc, 1)
	e := New(sc, 0, 1)
	for !e.Done() {
		e.Step()
	}
	if got := float64(e.Agents()); got > r.PeakAgents || got < r.PeakAgents/4 {
		t.Errorf("engine holds %v slots; estimate %v is not a bound within 4x", got, r.PeakAgents)
	}
	if r.Metrics != len(e.Metrics()) {
		t.Errorf("Metrics = %d; the engine records %d", r.Metrics, len(e.Metrics()))
	}
	if want := 2.0 * 120 * float64(r.Metrics) * 8; r.SeriesBytes != want {
		t.Errorf("SeriesBytes = %v; want %v", r.SeriesBytes, want)
	}
	if r.AgentSteps < r.PeakAgents*120 || r.PeakBytes < r.SeriesBytes {
		t.Errorf("estimate %+v is inconsistent", r)
	}
	if w := Estimate(sc, 0); w.PeakBytes < r.PeakBytes && runtime.GOMAXPROCS(0) > 1 {
		t.Errorf("more workers need less memory: %v < %v", w.PeakBytes, r.PeakBytes)
	}
}

// TestEstimateOfTheIssue checks the reproduction of issue 11: one agent,
// 10,000 replicates of 200 years of daily steps hold about 5.84 GB of
// series per metric (8 bytes x 10,000 x 73,000 rows), 391 GB at the 67
// metrics of the baseline then; the count grows as metrics are added (the
// fiscal accounts of issue 12 made it 81).
func TestEstimateOfTheIssue(t *testing.T) {
	sc := loadBaseline(t, 1, 200, 10_000)
	sc.StepsPerYear = 365
	r := Estimate(sc, 2)
	if gb := r.SeriesBytes / 1e9 / float64(r.Metrics); gb < 5.5 || gb > 6.2 {
		t.Errorf("series need %.2f GB per metric (%d metrics); want about 5.84", gb, r.Metrics)
	}
}
