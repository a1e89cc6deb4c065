package experiment

import (
	"strings"
	"testing"

	"github.com/brainsim/brainsim/scenarios/strict"
)

// TestFileReaderProblems checks that problems of an experiment file name
// the line of the element or key at fault, inside multi-line arrays and
// inline tables too, and quote keys that are not bare, as scenario files do.
func TestFileReaderProblems(t *testing.T) {
	path := writeFile(t, "exp.toml", `set = [
  "agents=500",
  3,
]
"odd key" = 1

[indicators]
metrics = { x = 1,
  y = 2 }
`)
	f, top, err := readFile(path, strict.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	top.strs("set")
	ind := top.sub("indicators")
	ind.strs("metrics")
	ind.finish()
	top.finish()
	want := []string{
		path + `:3: set[1] = 3: must be a string`,
		path + `:5: "odd key": unknown key "odd key" at the top level; valid keys are "indicators", "set"`,
		path + `:8: indicators.metrics = {...}: must be an array of strings`,
	}
	err = f.err()
	if err == nil {
		t.Fatalf("err() = nil; want %d problems", len(want))
	}
	if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != "scenarios: "+strings.Join(want, "\nscenarios: ") {
		t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), "scenarios: "+strings.Join(want, "\nscenarios: "))
	}
}
