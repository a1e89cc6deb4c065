package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRunTrace checks --trace and --snapshot end to end: the files are
// written (CSV, Parquet with --format both, and their column dictionaries)
// and listed in the manifest; a trace of N agents holds N whole lives per
// replicate; a snapshot year outside the run is a usage error.
func TestRunTrace(t *testing.T) {
	t.Parallel()
	path := writeScenario(t, "small.toml", smallScenario)
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, "run", path, "--out", out, "--quiet", "--engine", "step", "--trace", "20", "--snapshot", "2026", "--format", "both")
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Files []string }
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"trace.csv", "trace.parquet", "trace_columns.md", "snapshots.csv", "snapshots.parquet", "snapshots_columns.md"} {
		if !slices.Contains(m.Files, f) {
			t.Errorf("manifest lacks %s: %v", f, m.Files)
		}
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	trace, err := os.ReadFile(filepath.Join(out, "trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	agents := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(trace)), "\n")[1:] {
		f := strings.Split(line, ",")
		agents[f[0]+"/"+f[3]] = true // replicate/agent
	}
	if reps := 2; len(agents) != 20*reps {
		t.Errorf("trace follows %d agents; want 20 in each of %d replicates", len(agents), reps)
	}

	code, _, stderr := runBrainsim(t, "run", path, "--out", filepath.Join(t.TempDir(), "x"), "--quiet", "--snapshot", "1990")
	if code != 2 || !strings.Contains(stderr, "snapshot year 1990: outside the run") {
		t.Errorf("--snapshot 1990: exit %d, %q; want 2 and the run's years", code, stderr)
	}
	code, _, _ = runBrainsim(t, "run", path, "--out", filepath.Join(t.TempDir(), "y"), "--quiet", "--trace", "-1")
	if code != 2 {
		t.Errorf("--trace -1: exit %d; want 2", code)
	}
}
