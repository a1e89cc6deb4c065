package output_test

import (
	"fmt"
	"os"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
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

func ExampleWriteTrace() {
	life := []results.Transition{
		{Step: 0, Year: 2025, Agent: 41, Event: results.EventEnter, From: results.StateOutside, To: results.StateWorker,
			Sector: "nurse", Age: 29.5, Female: true, Skill: 1},
		{Step: 17, Year: 2026, Agent: 41, Event: results.EventEmigrate, From: results.StateWorker, To: results.StateEmigrant,
			Sector: "nurse", Destination: "UK", Age: 30.916666666666668, Female: true, Skill: 1},
		{Step: 70, Year: 2030, Agent: 41, Event: results.EventReturn, From: results.StateEmigrant, To: results.StateReturnee,
			Sector: "nurse", Destination: "UK", Age: 35.333333333333336, Female: true, Skill: 1.09, Savings: 61250.5},
	}
	if err := output.WriteTrace(os.Stdout, life); err != nil {
		fmt.Println(err)
	}
	// Output:
	// replicate,step,year,agent,event,from,to,sector,destination,age,sex,skill,savings
	// 0,0,2025,41,enter,outside,worker,nurse,,29.5,female,1,0
	// 0,17,2026,41,emigrate,worker,emigrant,nurse,UK,30.916666666666668,female,1,0
	// 0,70,2030,41,return,emigrant,returnee,nurse,UK,35.333333333333336,female,1.09,61250.5
}
