package plot_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
)

func ExampleBands() {
	years := []float64{2025, 2030, 2035, 2040}
	p, err := plot.Bands("Health workforce", "health workers per 10,000 people",
		[]plot.Band{{
			Label: "Workers at home",
			X:     years,
			Mean:  []float64{36, 39, 42, 45},
			Lo:    []float64{35, 37, 39, 41},
			Hi:    []float64{37, 41, 45, 49},
		}},
		[]plot.Reference{{Label: "WHO threshold 44.5", Value: 44.5}},
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("x: %v to %v\n", p.X.Min, p.X.Max)
	fmt.Printf("y: %v to %v\n", p.Y.Min, p.Y.Max)
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		fmt.Print(t.Label, " ")
	}
	fmt.Println()
	// Output:
	// x: 2025 to 2040
	// y: 0 to 50
	// 0 10 20 30 40 50
}

func ExampleFromSummary() {
	s := &results.Summary{
		Metrics:    []results.Metric{{Name: "emigrants", Unit: "persons"}},
		Step:       []int{12, 24},
		Year:       []float64{2026, 2027},
		Replicates: 20,
		Mean:       [][]float64{{1200}, {1500}},
		Lo:         [][]float64{{1100}, {1350}},
		Hi:         [][]float64{{1300}, {1650}},
	}
	b, ok := plot.FromSummary(s, "emigrants", "Emigrants")
	fmt.Println(ok, b.X, b.Mean, b.Lo, b.Hi)
	// Output:
	// true [2026 2027] [1200 1500] [1100 1350] [1300 1650]
}

func ExampleFormatNumber() {
	for _, v := range []float64{0.25, 950, 1234, 12000, 1500000} {
		fmt.Println(plot.FormatNumber(v))
	}
	// Output:
	// 0.25
	// 950
	// 1,234
	// 12k
	// 1.5M
}

func ExampleSave() {
	p, err := plot.Bars("Emigrants abroad in 2055", "persons",
		[]string{"baseline", "bonding", "wage top-up"},
		[]float64{152e3, 131e3, 118e3},
		[]float64{148e3, 127e3, 113e3},
		[]float64{156e3, 135e3, 123e3},
	)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "brainsim-plot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := plot.Save(p, filepath.Join(dir, "headline.png"), plot.Width, plot.Height); err != nil {
		log.Fatal(err)
	}
	fmt.Println("saved headline.png")
	// Output:
	// saved headline.png
}
