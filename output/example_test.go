package output_test

import (
	"fmt"
	"os"

	"brainsim/output"
	"brainsim/results"
)

func ExampleWriteTimeseries() {
	ts := &results.Timeseries{
		Metrics: []results.Metric{
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
