package output_test

import (
	"fmt"
	"os"

	"brainsim/output"
)

func ExampleWriteTimeseries() {
	ts := &output.Timeseries{
		Metrics: []output.Metric{
			{Name: "workers_home", Unit: "persons"},
			{Name: "emigration_rate", Unit: "1/year"},
		},
		Step: []int{1, 2},
		Year: []float64{2025 + 1.0/12, 2025 + 2.0/12},
		Values: [][][]float64{
			{{120000, 0.015}, {119850, 0.0125}}, // replicate 0
			{{120000, 0.02}, {119800, 0.0175}},  // replicate 1
		},
	}
	if err := output.WriteTimeseries(os.Stdout, ts); err != nil {
		fmt.Println(err)
	}
	// Output:
	// replicate,step,year,workers_home,emigration_rate
	// 0,1,2025.0833,120000,0.015
	// 0,2,2025.1667,119850,0.0125
	// 1,1,2025.0833,120000,0.02
	// 1,2,2025.1667,119800,0.0175
}

func ExampleSummarize() {
	// Three replicates of one metric at one step.
	ts := &output.Timeseries{
		Metrics: []output.Metric{{Name: "nurses_abroad", Unit: "persons"}},
		Step:    []int{12},
		Year:    []float64{2026},
		Values:  [][][]float64{{{1000}}, {{1100}}, {{1300}}},
	}
	s := output.Summarize(ts)
	mean, lo, hi, _ := s.Column("nurses_abroad")
	fmt.Printf("replicates %d\n", s.Replicates)
	fmt.Printf("mean %.1f, sd %.1f\n", mean[0], s.SD[0][0])
	fmt.Printf("95%% CI [%.1f, %.1f]\n", lo[0], hi[0])
	// Output:
	// replicates 3
	// mean 1133.3, sd 152.8
	// 95% CI [753.9, 1512.8]
}
