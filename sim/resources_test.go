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
// 10,000 replicates of 200 years of daily steps held about 391 GB of series
// (the estimate: 374 GB for the 64 metrics of the baseline then); the
// breakdowns by sex and age band of issue 12 add 28 (workers, emigrants,
// returnees and emigrations by 2 sexes and the 5 age bands from 18 to 62),
// 92 metrics: about 537 GB.
func TestEstimateOfTheIssue(t *testing.T) {
	sc := loadBaseline(t, 1, 200, 10_000)
	sc.StepsPerYear = 365
	r := Estimate(sc, 2)
	if gb := r.SeriesBytes / 1e9; gb < 480 || gb > 600 {
		t.Errorf("series need %.0f GB; want about 537", gb)
	}
}
