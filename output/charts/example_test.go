package charts_test

import (
	"fmt"
	"log"
	"os"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output/charts"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// run returns a timeseries of 6 years of monthly steps from 2025, with 3
// replicates, of the metrics a run of sc records: skilled workers at home
// are 1,000 plus 10 a month, plus extra(r) a month in replicate r; every
// other metric but temporary_fte (0: no assignments) is r+1 in replicate
// r, the same in every scenario.
func run(sc *model.Scenario, extra func(r int) float64) *results.Timeseries {
	ts := &results.Timeseries{Metrics: sim.Metrics(sc)}
	skilled := results.MetricIndex(ts.Metrics, results.SkilledHome)
	for i := range 72 {
		ts.Step = append(ts.Step, i+1)
		ts.Year = append(ts.Year, 2025+float64(i+1)/12)
	}
	for r := range 3 {
		var rows [][]float64
		for i := range ts.Step {
			row := make([]float64, len(ts.Metrics))
			for m := range row {
				if ts.Metrics[m].BaseName() != results.TemporaryFTE {
					row[m] = float64(r + 1)
				}
			}
			row[skilled] = 1000 + float64(r*100) + (10+extra(r))*float64(i+1)
			rows = append(rows, row)
		}
		ts.Values = append(ts.Values, rows)
	}
	return ts
}

func ExampleWriteRun() {
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "brainsim-charts")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	sum := results.Summarize(run(sc, func(int) float64 { return 0 }))
	files, err := charts.WriteRun(dir, sc, sum, nil, "brainsim run baseline.toml")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(f)
	}
	// Output:
	// plots/workforce.png
	// plots/workforce.svg
	// plots/sector_doctor.png
	// plots/sector_doctor.svg
	// plots/sector_nurse.png
	// plots/sector_nurse.svg
	// plots/sector_teacher.png
	// plots/sector_teacher.svg
	// plots/health.png
	// plots/health.svg
	// plots/education.png
	// plots/education.svg
	// plots/education_quality.png
	// plots/education_quality.svg
	// plots/remittances.png
	// plots/remittances.svg
	// plots/fiscal.png
	// plots/fiscal.svg
	// plots/training_lost_abroad.png
	// plots/training_lost_abroad.svg
	// report.html
}

func ExampleNewComparison() {
	base, err := scenarios.LoadShipped("baseline")
	if err != nil {
		log.Fatal(err)
	}
	pol := *base
	pol.Name = "topup"
	// The replicates start 100 workers apart; the policy adds 1, 2 and 3
	// workers a month in replicates 0, 1 and 2.
	runs := []*results.Timeseries{
		run(base, func(int) float64 { return 0 }),
		run(&pol, func(r int) float64 { return float64(r + 1) }),
	}
	c, err := charts.NewComparison([]*model.Scenario{base, &pol}, []string{"baseline", "topup"},
		[]string{"baseline.toml", "topup.toml"}, 0, runs)
	if err != nil {
		log.Fatal(err)
	}
	h := c.Headline()
	d := h.Cells[0][0][1].Diff
	fmt.Printf("%s at %d, topup − baseline: %.0f [%.0f, %.0f]\n", h.Metrics[0].Name, h.Years[0], d.Mean, d.Lo, d.Hi)
	// Output:
	// skilled_home at 2030, topup − baseline: 120 [-29, 269]
}
