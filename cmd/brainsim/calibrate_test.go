package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCalibrateCmd(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	cal := filepath.Join(t.TempDir(), "fit.toml")
	text := fmt.Sprintf(`name = "fit"
scenario = %q
set = ["agents=500", "years=3"]
replicates = 2
seed = 11
max_evaluations = 12

[[parameter]]
key = "emigration.base_rate"
min = 0.05
max = 0.6
start = 0.2

[[target]]
metric = "emigration_rate"
year = 3
value = 0.2
`, abs)
	if err := os.WriteFile(cal, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	out := mustSweep(t, "calibrate", cal, "--out", dir, "--quiet", "--workers", "2")
	for _, w := range []string{
		"fit: ", " evaluations of 2 replicates in ",
		"\n  parameter                              fitted        start   range\n  emigration.base_rate ",
		"   [0.05, 0.6]\n",
		"\n  target                            year      value       mean   residual  relative\n  emigration_rate                      3        0.2 ",
		"\nthe fitted scenario: brainsim run " + abs + " --set agents=500 --set years=3 --seed 11 --replicates 2 --set emigration.base_rate=",
		"wrote calibration.csv, calibration_trace.csv, manifest.json in " + dir + "\n",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	csv := string(fileBytes(t, filepath.Join(dir, "calibration.csv")))
	if !strings.HasPrefix(csv, "kind,name,year,min,max,start,target,weight,value,residual,relative_residual\nparameter,emigration.base_rate,,0.05,0.6,0.2,,,") {
		t.Errorf("calibration.csv:\n%s", csv)
	}
	trace := strings.Split(strings.TrimSpace(string(fileBytes(t, filepath.Join(dir, "calibration_trace.csv")))), "\n")
	if trace[0] != "evaluation,emigration.base_rate,objective" || len(trace) < 2 || len(trace) > 13 {
		t.Errorf("calibration_trace.csv has %d lines, header %q; want 1 + at most 12 evaluations", len(trace), trace[0])
	}
	m := readJobManifest(t, dir)
	sum := sha256.Sum256([]byte(text))
	if m.Command != "calibrate" || m.Experiment != cal || m.ExperimentSHA256 != hex.EncodeToString(sum[:]) || m.Name != "fit" ||
		!slices.Equal(m.Files, []string{"calibration.csv", "calibration_trace.csv", "manifest.json"}) {
		t.Errorf("manifest = %+v; want calibrate of %s with its digest and the three files", m, cal)
	}
}

// TestCalibrateABCCmd runs 'calibrate --method abc' on a tiny calibration
// and checks the files it writes, the fitted scenario's keys, and that a
// second run resumes every generation and writes the same posterior.
func TestCalibrateABCCmd(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	cal := filepath.Join(t.TempDir(), "abc.toml")
	text := fmt.Sprintf(`name = "abc"
scenario = %q
set = ["agents=200", "years=3"]
replicates = 1
seed = 5
particles = 20
generations = 3

[[parameter]]
key = "emigration.base_rate"
min = 0.05
max = 0.6
prior = "triangular"
mode = 0.25

[[target]]
metric = "emigrants"
year = 3
value = 30000
sd = 3000

[[target]]
metric = "emigrants"
kind = "ratio"
denominator = "returnees"
year = 3
value = 4
sd = 1
`, abs)
	if err := os.WriteFile(cal, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	out := mustSweep(t, "calibrate", cal, "--method", "abc", "--out", dir, "--quiet", "--workers", "2")
	for _, w := range []string{
		"abc: ABC-SMC, 3 generations of 20 particles (0 resumed), ",
		"\n  emigration.base_rate             triangular ",
		"\n  emigrants                         ratio     3          4 ",
		"wrote posterior.csv, posterior_summary.csv, diagnostics.csv, predictive.csv, fitted.toml, posterior_emigration.base_rate.png, ",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	posterior := string(fileBytes(t, filepath.Join(dir, "posterior.csv")))
	if lines := strings.Split(strings.TrimSpace(posterior), "\n"); len(lines) != 1+3*20 || lines[0] != "generation,particle,emigration.base_rate,weight,distance" {
		t.Errorf("posterior.csv has %d lines; want 61 under the header:\n%s", len(lines), posterior)
	}
	diag := string(fileBytes(t, filepath.Join(dir, "diagnostics.csv")))
	if !strings.HasPrefix(diag, "generation,epsilon,particles,simulations,acceptance_rate,ess\n0,,20,20,1,") {
		t.Errorf("diagnostics.csv:\n%s", diag)
	}
	fitted := string(fileBytes(t, filepath.Join(dir, "fitted.toml")))
	if !strings.Contains(fitted, `draws in posterior.csv, column "emigration.base_rate" (was 0.25)`) {
		t.Errorf("fitted.toml does not point to posterior.csv:\n%s", fitted)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Error(err)
	}
	again := mustSweep(t, "calibrate", cal, "--method", "abc", "--out", dir, "--quiet", "--workers", "1")
	if !strings.Contains(again, "(3 resumed)") {
		t.Errorf("the second run did not resume:\n%s", again)
	}
	if p := string(fileBytes(t, filepath.Join(dir, "posterior.csv"))); p != posterior {
		t.Error("the resumed run wrote another posterior.csv")
	}
}

func TestCalibrateMethodFlag(t *testing.T) {
	t.Parallel()
	code, _, stderr := runBrainsim(t, "calibrate", "x.toml", "--method", "mcmc")
	if code != 2 || !strings.Contains(stderr, `--method "mcmc": must be "nelder-mead" or "abc"`) {
		t.Errorf("--method mcmc: exit %d, stderr %q; want 2 and the valid methods", code, stderr)
	}
	code, _, stderr = runBrainsim(t, "calibrate", "x.toml", "--method", "abc", "--fitted", "mean")
	if code != 2 || !strings.Contains(stderr, `--fitted "mean": must be "median" or "normal"`) {
		t.Errorf("--fitted mean: exit %d, stderr %q; want 2 and the valid forms", code, stderr)
	}
}
