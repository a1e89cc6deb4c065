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
