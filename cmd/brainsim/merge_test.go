package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMergeSobol sweeps a small Sobol design in one process and in two
// shards, merges the shards, and checks that both give the same sobol.csv
// and plots, and report the indices.
func TestMergeSobol(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	exp := filepath.Join(t.TempDir(), "sobol.toml")
	text := fmt.Sprintf(`name = "sens"
scenario = %q
set = ["agents=500", "years=3"]
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
metrics = ["emigrants"]
years = [3]
`, abs)
	if err := os.WriteFile(exp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	one := filepath.Join(t.TempDir(), "one")
	out := mustSweep(t, "sweep", exp, "--out", one, "--quiet")
	for _, w := range []string{
		"sens: 12 runs (12 points x 1 replicates; 0 finished before)",
		"wrote results.csv, sobol.csv, 2 plots in plots/ in " + one,
		"Sobol indices (first-order S and total ST, with 95% bootstrap intervals):\n  emigrants at 2028:\n    emigration.base_rate ",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("sweep stdout lacks %q:\n%s", w, out)
		}
	}
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	mustSweep(t, "sweep", exp, "--out", a, "--shard", "0/2")
	mustSweep(t, "sweep", exp, "--out", b, "--shard", "1/2")
	merged := filepath.Join(root, "merged")
	out = mustSweep(t, "merge", a, "--out", merged, b)
	if !strings.Contains(out, "Sobol indices") {
		t.Errorf("merge stdout lacks the indices:\n%s", out)
	}
	for _, f := range []string{"results.csv", "sobol.csv", "plots/sobol_emigrants_y3.png", "plots/sobol_emigrants_y3.svg"} {
		if !bytes.Equal(fileBytes(t, filepath.Join(merged, f)), fileBytes(t, filepath.Join(one, f))) {
			t.Errorf("merged %s differs from the one-process sweep's", f)
		}
	}
}
