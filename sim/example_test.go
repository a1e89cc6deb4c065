package sim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// ExampleEngine steps one replicate of a scenario through its first year
// and reads a stock and a flow from the engine's row.
func ExampleEngine() {
	sc, err := scenarios.Load("testdata/small.toml")
	if err != nil {
		log.Fatal(err)
	}
	e := sim.New(sc, 0, 1) // replicate 0, one worker
	for range sc.StepsPerYear {
		e.Step()
	}
	ms := e.Metrics()
	row := e.Row()
	fmt.Printf("after %d steps, year %.0f: %d agents, %d metrics\n", e.StepsDone(), e.Year(), e.Agents(), len(ms))
	for _, name := range []string{results.Students, results.Enrolments} {
		m := results.MetricIndex(ms, name)
		fmt.Printf("%s (%s): about %.0f hundred %s\n", name, ms[m].Kind, row[m]/100, ms[m].Unit)
	}
	// Output:
	// after 4 steps, year 2026: 416 agents, 101 metrics
	// students (stock): about 45 hundred persons
	// enrolments (flow): about 22 hundred persons/year
}

// ExampleRun runs every replicate of a scenario and summarizes a metric
// across them.
func ExampleRun() {
	sc, err := scenarios.Load("testdata/small.toml")
	if err != nil {
		log.Fatal(err)
	}
	ts, err := sim.Run(context.Background(), sc, sim.Options{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d replicates x %d steps x %d metrics, to %.0f\n", len(ts.Values), len(ts.Step), len(ts.Metrics), ts.Year[len(ts.Year)-1])
	mean, _, _, _ := results.Summarize(ts).Column(results.BySector(results.SkilledHome, "nurse"))
	fmt.Printf("skilled nurses at home at the end: about %.0f thousand\n", mean[len(mean)-1]/1000)
	// Output:
	// 2 replicates x 12 steps x 101 metrics, to 2028
	// skilled nurses at home at the end: about 14 thousand
}

// ExampleRunWith traces three agents of each replicate and takes a snapshot
// of everyone at the end of the first year, then prints one traced life.
func ExampleRunWith() {
	sc, err := scenarios.Load("testdata/small.toml")
	if err != nil {
		log.Fatal(err)
	}
	out, err := sim.RunWith(context.Background(), sc, sim.Options{Trace: 3, Snapshots: []int{sc.StartYear}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d transitions traced; %d agents in the snapshots\n", len(out.Trace), len(out.Snapshots))
	first := out.Trace[0]
	for _, tr := range out.Trace {
		if tr.Replicate == first.Replicate && tr.Agent == first.Agent {
			fmt.Printf("step %d (%d): %s, %s -> %s, %s, age %.0f\n", tr.Step, tr.Year, tr.Event, tr.From, tr.To, tr.Sector, tr.Age)
		}
	}
	// Output:
	// 9 transitions traced; 817 agents in the snapshots
	// step 0 (2025): enter, outside -> worker, engineer, age 50
	// step 10 (2027): emigrate, worker -> emigrant, engineer, age 52
}
