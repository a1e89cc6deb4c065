package results

import "fmt"

// Timeseries holds every replicate's record of a run: one row per step and one
// value per metric. It is what the engine produces and what the writers consume.
type Timeseries struct {
	Metrics []Metric
	Step    []int     // step index of each row, 1-based: the state after that step
	Year    []float64 // calendar year at the end of each row's step, e.g. 2025.0833
	// Values[r][i][m] is replicate r's value of metric m after row i.
	// Replicate numbers are 0..len(Values)-1.
	Values [][][]float64
}

// Check panics if the lengths of ts.Step, ts.Year, ts.Values[r] or
// ts.Values[r][i] disagree with each other or with ts.Metrics: a programming
// error, not bad input.
func (ts *Timeseries) Check() {
	if len(ts.Year) != len(ts.Step) {
		panic(fmt.Sprintf("results: timeseries has %d steps but %d years", len(ts.Step), len(ts.Year)))
	}
	for r, rows := range ts.Values {
		if len(rows) != len(ts.Step) {
			panic(fmt.Sprintf("results: replicate %d has %d rows; want %d", r, len(rows), len(ts.Step)))
		}
		for i, row := range rows {
			if len(row) != len(ts.Metrics) {
				panic(fmt.Sprintf("results: replicate %d row %d has %d values; want %d metrics", r, i, len(row), len(ts.Metrics)))
			}
		}
	}
}
