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

// TestEngineDefaults checks the engine each command runs when --engine is
// left out: event for run (recorded in the manifest), step for compare
// (its reproducing command names it), and, for a run the event engine
// refuses (unemployment in person with a retention benefit, while it
// refuses them), the step engine with a note naming the part; with
// --engine event the refusal stays an error.
func TestEngineDefaults(t *testing.T) {
	t.Parallel()
	small := []string{"--set", "agents=500", "--set", "years=1", "--replicates", "1", "--quiet"}
	manifest := func(t *testing.T, dir string) string {
		t.Helper()
		return string(fileBytes(t, filepath.Join(dir, "manifest.json")))
	}
	t.Run("run", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		mustRun(t, append([]string{"run", baseline, "--out", out}, small...)...)
		if m := manifest(t, out); !strings.Contains(m, `"engine": "event"`) {
			t.Errorf("manifest lacks the event engine:\n%s", m)
		}
	})
	t.Run("compare", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		mustRun(t, append([]string{"compare", baseline, baseline, "--out", out}, small...)...)
		if m := manifest(t, out); !strings.Contains(m, "--engine step") {
			t.Errorf("compare's command lacks --engine step:\n%s", m)
		}
	})
	t.Run("refused", func(t *testing.T) {
		// Unemployment in person with a retention benefit: refused by
		// the event engine (sim.EventSupport) while their costs are kept
		// from counts the hiring outside the wakes would not move.
		text, err := os.ReadFile(baseline)
		if err != nil {
			t.Fatal(err)
		}
		src := strings.Replace(string(text), "posts = 0 ", "unemployed = \"untrained\"\nposts = 5000 ", 1) +
			"\n[[policy]]\nkind = \"retention_benefit\"\nname = \"keep\"\nsectors = [\"doctor\"]\ntake_up = 0.5\nvalue = 1000\ncost = 1000\n"
		path := writeScenario(t, "refused.toml", src)
		refusal := sim.EventSupport(mustLoad(t, path))
		if refusal == nil {
			t.Skip("the event engine simulates unemployment in person with a retention benefit")
		}
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runBrainsim(t, append([]string{"run", path, "--out", out}, small...)...)
		if code != 0 || !strings.Contains(stderr, "with unemployment in person: not simulated by the event engine yet: running the step engine") {
			t.Errorf("exit %d, stderr %q; want the note and the step engine", code, stderr)
		}
		if m := manifest(t, out); !strings.Contains(m, `"engine": "step"`) {
			t.Errorf("manifest lacks the step engine:\n%s", m)
		}
		code, _, stderr = runBrainsim(t, append([]string{"run", path, "--out", filepath.Join(t.TempDir(), "o"), "--engine", "event"}, small...)...)
		if code == 0 || !strings.Contains(stderr, sim.ErrEventUnsupported.Error()) {
			t.Errorf("--engine event: exit %d, stderr %q; want the refusal", code, stderr)
		}
	})
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
