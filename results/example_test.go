package results_test

import (
	"fmt"

	"github.com/brainsim/brainsim/results"
)

func ExampleSummarize() {
	// Three replicates of one metric at one step.
	ts := &results.Timeseries{
		Metrics: []results.Metric{{Name: "nurses_abroad", Unit: "persons"}},
		Step:    []int{12},
		Year:    []float64{2026},
		Values:  [][][]float64{{{1000}}, {{1100}}, {{1300}}},
	}
	s := results.Summarize(ts)
	mean, lo, hi, _ := s.Column("nurses_abroad")
	fmt.Printf("replicates %d\n", s.Replicates)
	fmt.Printf("mean %.1f, sd %.1f\n", mean[0], s.SD[0][0])
	fmt.Printf("95%% CI [%.1f, %.1f]\n", lo[0], hi[0])
	// Output:
	// replicates 3
	// mean 1133.3, sd 152.8
	// 95% CI [753.9, 1512.8]
}
