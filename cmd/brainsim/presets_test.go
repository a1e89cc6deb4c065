package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/scenarios"
)

func TestScenariosList(t *testing.T) {
	t.Parallel()
	stdout := mustRun(t, "scenarios", "list")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	presets := scenarios.Presets()
	if len(lines) != len(presets) {
		t.Fatalf("scenarios list printed %d lines; want one per preset, %d:\n%s", len(lines), len(presets), stdout)
	}
	for i, name := range presets {
		data, err := scenarios.ShippedFile(name)
		if err != nil {
			t.Fatal(err)
		}
		desc := scenarios.Description(data)
		if desc == "" {
			t.Errorf("%s has no description", name)
		}
		if f := strings.Fields(lines[i]); len(f) == 0 || f[0] != name || !strings.HasSuffix(lines[i], desc) {
			t.Errorf("line %d = %q; want %s and its description %q", i, lines[i], name, desc)
		}
	}
	if strings.Contains(stdout, scenarios.Bench) {
		t.Errorf("scenarios list offers %s:\n%s", scenarios.Bench, stdout)
	}
}

func TestShippedShow(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		file func(string) ([]byte, error)
	}{
		{"scenario", []string{"scenarios", "show", "ghana"}, scenarios.ShippedFile},
		{"experiment", []string{"experiments", "show", "baseline_sweep"}, scenarios.ShippedExperimentFile},
		{"calibration", []string{"experiments", "show", "calibrate"}, scenarios.ShippedExperimentFile},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, _ := runBrainsim(t, tt.args...)
			want, err := tt.file(tt.args[2])
			if err != nil {
				t.Fatal(err)
			}
			if code != 0 || stdout != string(want) {
				t.Errorf("brainsim %s: exit status %d, stdout %d bytes; want 0 and the file's %d bytes", strings.Join(tt.args, " "), code, len(stdout), len(want))
			}
		})
	}
}

func TestExperimentsList(t *testing.T) {
	t.Parallel()
	stdout := mustRun(t, "experiments", "list")
	for _, want := range []string{"baseline_sweep ", "calibrate ", "sobol ", "Sobol indices"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("experiments list = %q; want it to contain %q", stdout, want)
		}
	}
}

func TestShippedUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"scenarios"},
		{"scenarios", "show"},
		{"scenarios", "list", "x"},
		{"scenarios", "frob"},
		{"experiments", "show", "a", "b"},
	} {
		if code, _, _ := runBrainsim(t, args...); code != 2 {
			t.Errorf("brainsim %s: exit status %d; want 2", strings.Join(args, " "), code)
		}
	}
	code, _, stderr := runBrainsim(t, "scenarios", "show", "atlantis")
	if code != 2 || !strings.Contains(stderr, "ghana") {
		t.Errorf("scenarios show atlantis: exit status %d, stderr %q; want 2 and the shipped names", code, stderr)
	}
}

func TestRunByName(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	stdout := mustRun(t, "run", "classroom", "--set", "agents=500", "--set", "years=1", "--replicates", "1", "--out", out, "--quiet")
	if !strings.HasPrefix(stdout, "classroom: 1 replicates") {
		t.Errorf("stdout = %q; want the classroom scenario run", stdout)
	}
	if m := readManifest(t, out); m.Scenario != "classroom" {
		t.Errorf("manifest scenario = %q; want the name as given, classroom", m.Scenario)
	}
	if stdout := mustRun(t, "validate", "ghana", "classroom"); !strings.Contains(stdout, "ok  ghana (") {
		t.Errorf("validate ghana = %q; want ok", stdout)
	}
}

func TestRunPathWinsOverName(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	// A file named ghana in the current folder is the baseline scenario.
	if err := os.WriteFile(filepath.Join(dir, "ghana"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	stdout := mustRun(t, "validate", "ghana")
	if !strings.Contains(stdout, "ok  ghana (baseline:") {
		t.Errorf("validate ghana = %q; want the file ghana, the baseline scenario", stdout)
	}
}
