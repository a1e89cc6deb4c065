package output

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/brainsim/brainsim/results"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// sample returns a small timeseries with 3 replicates, 2 rows and 3 metrics,
// covering integral, fractional, large and NaN values.
func sample() *results.Timeseries {
	return &results.Timeseries{
		Metrics: []results.Metric{
			{Name: "workers_home", Unit: "persons", Description: "Workers in the origin country."},
			{Name: "emigration_rate", Unit: "1/year", Description: "Emigrants per worker at home, annualized."},
			{Name: "wage_gap", Unit: "USD/year", Description: "Mean wage abroad minus at home | PPP."},
		},
		Step: []int{1, 2},
		Year: []float64{2025 + 1.0/12, 2025 + 2.0/12},
		Values: [][][]float64{
			{{120000, 0.01, 25000.5}, {119990, 0.012, 25010}},
			{{120010, 0.02, 24999.5}, {119980, 0.011, 25020}},
			{{120020, 0.03, 25000}, {119970, 0.013, math.NaN()}},
		},
	}
}
