package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/sim"
)

// TestEngineFlag checks --engine on every command that runs the model: a
// wrong name is a usage error (exit status 2) listing the valid ones, and
// the event engine's refusal of a scenario is reported, not replaced by
// the step engine (while EventSupport refuses the baseline).
func TestEngineFlag(t *testing.T) {
	t.Parallel()
	calib := "../../scenarios/ghana.calibration.toml"
	sweep := "../../scenarios/experiments/sobol.toml"
	tests := []struct {
		name string
		args []string
	}{
		{"run", []string{"run", baseline, "--set", "agents=500", "--set", "years=1", "--replicates", "1", "--quiet"}},
		{"compare", []string{"compare", baseline, baseline, "--set", "agents=500", "--set", "years=1", "--replicates", "1", "--quiet"}},
		{"sweep", []string{"sweep", sweep, "--quiet"}},
		{"calibrate", []string{"calibrate", calib, "--quiet"}},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/wrong name", func(t *testing.T) {
			args := append(append([]string{}, tc.args...), "--out", t.TempDir(), "--engine", "fast")
			code, _, stderr := runBrainsim(t, args...)
			if code != 2 || !strings.Contains(stderr, `"fast"`) || !strings.Contains(stderr, `must be "step" or "event"`) {
				t.Errorf("exit %d, stderr %q; want 2 and the valid names", code, stderr)
			}
		})
		t.Run(tc.name+"/event refused", func(t *testing.T) {
			if sim.EventSupport(mustLoad(t, baseline)) == nil {
				t.Skip("the event engine simulates the baseline")
			}
			args := append(append([]string{}, tc.args...), "--out", filepath.Join(t.TempDir(), "out"), "--engine", "event")
			code, _, stderr := runBrainsim(t, args...)
			if code == 0 || !strings.Contains(stderr, sim.ErrEventUnsupported.Error()) {
				t.Errorf("exit %d, stderr %q; want the event engine's refusal", code, stderr)
			}
		})
	}
}

func mustLoad(t *testing.T, path string) *model.Scenario {
	t.Helper()
	sc, err := loadScenario(path)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestRunManifestEngine checks that run records its engine in
// manifest.json.
func TestRunManifestEngine(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runBrainsim(t, "run", baseline, "--set", "agents=500", "--set", "years=1", "--replicates", "1", "--out", out, "--quiet", "--engine", "step")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Engine string }
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Engine != "step" {
		t.Errorf("manifest engine %q, want step", m.Engine)
	}
}
