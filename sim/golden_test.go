package sim

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/brainsim/brainsim/output"
)

// update rewrites the golden files instead of comparing with them:
// go test ./sim/ -run Golden -update. Review the diff like code.
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGoldenTimeseries runs testdata/small.toml (400 agents, 3 years of
// quarterly steps, 2 replicates, two policies) and compares its
// timeseries.csv with testdata/golden_timeseries.csv byte for byte, so
// that any change to the model's results, intended or not, shows as a
// diff. Results do not depend on the worker count, so it runs with one.
func TestGoldenTimeseries(t *testing.T) {
	sc := loadSmall(t)
	ts, err := Run(t.Context(), sc, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := output.WriteTimeseries(&got, ts); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden_timeseries.csv")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./sim/ -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		gl, wl := bytes.Split(got.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("timeseries differs from %s at line %d:\n got %s\nwant %s\n(if the change is intended: go test ./sim/ -run Golden -update)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("timeseries has %d lines; %s has %d", len(gl), path, len(wl))
	}
}
