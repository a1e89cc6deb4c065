package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenShipped(t *testing.T) {
	t.Parallel()
	e, err := Open("baseline_sweep")
	if err != nil {
		t.Fatalf("Open(baseline_sweep): %v", err)
	}
	if e.Name != "baseline_sweep" || e.Path != "baseline_sweep" || e.ScenarioPath != "baseline" {
		t.Errorf("Open(baseline_sweep) = name %q, path %q, scenario %q; want baseline_sweep, baseline_sweep, baseline", e.Name, e.Path, e.ScenarioPath)
	}
	if n := len(e.Plan().Points); n != 9 {
		t.Errorf("Open(baseline_sweep) has %d points; want 9", n)
	}
	c, err := OpenCalibration("calibrate")
	if err != nil {
		t.Fatalf("OpenCalibration(calibrate): %v", err)
	}
	if c.Name != "calibrate" || c.ScenarioPath != "baseline" {
		t.Errorf("OpenCalibration(calibrate) = name %q, scenario %q; want calibrate, baseline", c.Name, c.ScenarioPath)
	}
}

func TestOpenPathWins(t *testing.T) {
	dir := t.TempDir()
	// A file named like a shipped experiment, in the current folder, is
	// the one loaded.
	text := `name = "mine"
scenario = "` + baseline(t) + `"
[[parameter]]
key = "emigration.base_rate"
values = [0.2]
[indicators]
metrics = ["skilled_home"]
years = [1]
`
	if err := os.WriteFile(filepath.Join(dir, "baseline_sweep"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	e, err := Open("baseline_sweep")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if e.Name != "mine" {
		t.Errorf("Open(baseline_sweep) loaded %q; want the file in the current folder, mine", e.Name)
	}
}

func TestOpenUnknown(t *testing.T) {
	t.Parallel()
	if _, err := Open("no_such_experiment"); err == nil || !strings.Contains(err.Error(), "no_such_experiment") {
		t.Errorf("Open(no_such_experiment) = %v; want an error naming it", err)
	}
}

func TestScenarioByName(t *testing.T) {
	t.Parallel()
	// scenario = "baseline" names the shipped scenario when no file of that
	// name is beside the experiment file, as in a copy of a shipped one.
	e, err := Load(writeFile(t, "exp.toml", `scenario = "baseline"
set = ["agents=500", "years=1"]
[[parameter]]
key = "emigration.base_rate"
values = [0.2]
[indicators]
metrics = ["skilled_home"]
years = [1]
`))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if e.ScenarioPath != "baseline" {
		t.Errorf("ScenarioPath = %q; want baseline", e.ScenarioPath)
	}
}
