package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tiny are the overrides that make the baseline scenario small enough for
// tests under the race detector: a run takes a few milliseconds (tens with
// -race).
const tiny = `set = ["agents=500", "years=4"]`

// baseline returns the absolute path of the shipped baseline scenario.
func baseline(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../scenarios/baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// writeFile writes text into a file named name in a new temporary folder,
// replacing BASELINE by the path of the baseline scenario, and returns its
// path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	text = strings.ReplaceAll(text, "BASELINE", baseline(t))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// load loads the experiment text, failing the test on error.
func load(t *testing.T, text string) *Experiment {
	t.Helper()
	e, err := Load(writeFile(t, "exp.toml", text))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return e
}

// readBytes returns the content of the file at path, failing the test if
// there is none.
func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gridExperiment is a grid of 2 x 2 points with 2 replicates: 8 runs.
const gridExperiment = `name = "grid"
scenario = "BASELINE"
` + tiny + `
replicates = 2

[[parameter]]
key = "emigration.base_rate"
values = [0.2, 0.4]

[[parameter]]
key = "sector.nurse.seats_per_year"
values = [2000, 4000]

[indicators]
metrics = ["emigration_rate.doctor", "skilled_home"]
years = [2, 4]
`

// sobolExperiment is Saltelli's design with N = 3 base rows over 2
// parameters: 12 points, one replicate each.
const sobolExperiment = `name = "sobol"
scenario = "BASELINE"
` + tiny + `
replicates = 1
design = "sobol"
samples = 3

[[parameter]]
key = "emigration.base_rate"
min = 0.1
max = 0.6

[[parameter]]
key = "return.base_rate"
min = 0.05
max = 0.4

[indicators]
metrics = ["emigrants", "returnees"]
years = [4]
`
