package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTemp writes text to name in a new temporary folder and returns its
// path.
func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateKinds(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		arg  string
		want string
	}{
		{"scenario by name", "ghana", "ok  ghana (ghana: 2 sectors, 4 destinations, 30 years)\n"},
		{"experiment by name", "baseline_sweep", "ok  baseline_sweep (experiment baseline_sweep: grid design, 9 points x 5 replicates = 45 runs of baseline)\n"},
		{"calibration by name", "calibrate", "ok  calibrate (calibration calibrate: 2 parameters, 2 targets, up to 120 evaluations of 4 replicates of baseline)\n"},
		{"experiment file", "../../scenarios/experiments/sobol.toml", "ok  ../../scenarios/experiments/sobol.toml (experiment sobol: sobol design, 384 points x 2 replicates = 768 runs of ../../scenarios/baseline.toml)\n"},
		{"calibration file", "../../scenarios/experiments/calibrate.toml", "ok  ../../scenarios/experiments/calibrate.toml (calibration calibrate: 2 parameters, 2 targets, up to 120 evaluations of 4 replicates of ../../scenarios/baseline.toml)\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := mustRun(t, "validate", tt.arg); got != tt.want {
				t.Errorf("validate %s = %q; want %q", tt.arg, got, tt.want)
			}
		})
	}
}

func TestValidateEveryProblem(t *testing.T) {
	t.Parallel()
	exp := writeTemp(t, "exp.toml", `scenario = "baseline"
replicats = 3
design = "lhs"
samples = 0
[[parameter]]
key = "emigration.base_rate"
min = 0.5
max = 2
[indicators]
metrics = ["skilled_hom"]
years = [1]
`)
	cal := writeTemp(t, "cal.toml", `scenario = "baseline"
max_evaluations = 10
[[parameter]]
key = "emigration.base_rate"
min = 0.1
max = 1.5
[[target]]
metric = "emigration_rat"
year = 10
value = 0.5
`)
	code, stdout, stderr := runBrainsim(t, "validate", exp, "ghana", cal)
	if code != 2 {
		t.Errorf("exit status %d; want 2", code)
	}
	if stdout != "ok  ghana (ghana: 2 sectors, 4 destinations, 30 years)\n" {
		t.Errorf("stdout = %q; want the valid scenario's line only", stdout)
	}
	// The unknown key does not hide the range errors after it, and the
	// problems of both files are reported.
	for _, want := range []string{
		exp + `:2: replicats: unknown key "replicats" at the top level; did you mean "replicates"?`,
		exp + ":4: samples = 0: must be >= 1",
		exp + ":8: parameter[0].max = 2: emigration.base_rate: must be within [0, 1]",
		exp + `:10: indicators.metrics[0] = "skilled_hom": no such metric; did you mean "skilled_home"?`,
		cal + ":6: parameter[0].max = 1.5",
		cal + `:8: target[0].metric = "emigration_rat"`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr = %q; want it to contain %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "did you mean \"seed\"") {
		t.Errorf("stderr = %q; an experiment file was checked as a scenario", stderr)
	}
}

func TestSweepDryRun(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "never")
	stdout := mustRun(t, "sweep", "--dry-run", "baseline_sweep", "--out", out, "--workers", "3")
	for _, want := range []string{
		"baseline_sweep: grid design over baseline, seed 20261122\n",
		"  runs:        9 points x 5 replicates = 45 runs\n",
		"    emigration.base_rate     0.15, 0.25, 0.35\n",
		"    sector.doctor.wage_home  16000, 20000, 24000\n",
		"at years 10, 20, 30 (12 values a run)\n",
		"of memory at the peak (3 runs at once)",
		"nothing run (--dry-run); the sweep would write into " + out + "\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout = %q; want it to contain %q", stdout, want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run created %s (%v); want nothing written", out, err)
	}
	stdout = mustRun(t, "sweep", "--dry-run", "sobol")
	for _, want := range []string{
		"  set:         agents=20000, years=15\n",
		"768 runs (Saltelli, N = 64 base rows x (4 parameters + 2))\n",
		"    emigration.network       [0, 1.6]\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout = %q; want it to contain %q", stdout, want)
		}
	}
	for _, args := range [][]string{
		{"sweep", "--dry-run", "--slurm", "baseline_sweep"},
		{"sweep", "--dry-run", "--shard", "0/2", "baseline_sweep"},
	} {
		if code, _, _ := runBrainsim(t, args...); code != 2 {
			t.Errorf("brainsim %s: exit status %d; want 2", strings.Join(args, " "), code)
		}
	}
}
