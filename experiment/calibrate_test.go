package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
)

// calibrationFile returns a calibration of emigration.base_rate and
// return.base_rate, started from start and given extra top-level keys, to
// the targets. The moving cost and the return intercept are lowered from
// the baseline's, so that the 1,000 agents of the tiny scenario make enough
// moves for the targets to respond to small changes of the rates.
func calibrationFile(start [2]float64, extra, targets string) string {
	return fmt.Sprintf(`name = "recover"
scenario = "BASELINE"
set = ["agents=1000", "years=4", "emigration.cost=1", "return.intercept=1"]
replicates = 2
max_evaluations = 150
%s

[[parameter]]
key = "emigration.base_rate"
min = 0.05
max = 0.6
start = %v

[[parameter]]
key = "return.base_rate"
min = 0.05
max = 0.6
start = %v
`, extra, start[0], start[1]) + targets
}

// recoveryTargets are stocks and flows that identify both rates.
var recoveryTargets = []string{"emigrants", "returnees", "emigrations", "returns"}

// TestCalibrateRecovers generates targets from runs at known parameter
// values and checks that the calibration, started elsewhere, finds them.
func TestCalibrateRecovers(t *testing.T) {
	// With common random numbers the objective is exactly 0 at the truth
	// and piecewise constant around it: moving a rate a little changes no
	// agent's decision. With these 1,000 agents a change of 3% in either rate
	// moves the targets, so 5% allows a step or two, and is far from the
	// starts (at least 40% away). From starts far off, the objective of so
	// small a model has local minima, which a short Latin hypercube
	// exploration (explore = 8) steps over.
	const tol = 0.05
	for _, tt := range []struct {
		name  string
		truth [2]float64
		start [2]float64
		extra string
	}{
		{"from the start values", [2]float64{0.3, 0.2}, [2]float64{0.15, 0.35}, ""},
		{"exploring first", [2]float64{0.2, 0.35}, [2]float64{0.5, 0.1}, "explore = 8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var targets strings.Builder
			for _, m := range recoveryTargets {
				fmt.Fprintf(&targets, "\n[[target]]\nmetric = %q\nyear = 4\nvalue = 1\n", m)
			}
			probe, err := LoadCalibration(writeFile(t, "probe.toml", calibrationFile(tt.start, "", targets.String())))
			if err != nil {
				t.Fatal(err)
			}
			means, err := probe.Evaluate(t.Context(), tt.truth[:], 2)
			if err != nil {
				t.Fatal(err)
			}
			targets.Reset()
			for j, m := range recoveryTargets {
				fmt.Fprintf(&targets, "\n[[target]]\nmetric = %q\nyear = 4\nvalue = %s\n", m, output.FormatFloat(means[j]))
			}
			c, err := LoadCalibration(writeFile(t, "cal.toml", calibrationFile(tt.start, tt.extra, targets.String())))
			if err != nil {
				t.Fatal(err)
			}
			fit, err := c.Fit(t.Context(), FitOptions{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			for i, b := range c.Parameters {
				if got := fit.Values[i]; math.Abs(got-tt.truth[i]) > tol*tt.truth[i] {
					t.Errorf("fitted %s = %.4f; want %.4f ± %.0f%% (objective %.3g after %d evaluations, %s)",
						b.Key, got, tt.truth[i], 100*tol, fit.Objective, fit.Evaluations, fit.Status)
				}
			}
			if fit.Evaluations > c.MaxEvaluations || fit.Evaluations != len(fit.Trace) {
				t.Errorf("%d evaluations, %d in the trace; want at most %d, all traced", fit.Evaluations, len(fit.Trace), c.MaxEvaluations)
			}
			if got := c.Objective(fit.Means); got != fit.Objective {
				t.Errorf("Objective at the fitted means = %v; want the reported %v", got, fit.Objective)
			}
			for j := range c.Targets {
				if want := fit.Means[j] - c.Targets[j].Value; fit.Residuals[j] != want {
					t.Errorf("residual %d = %v; want %v", j, fit.Residuals[j], want)
				}
			}
			t.Logf("fitted %.4f in %d evaluations (%s, %d restarts), objective %.3g", fit.Values, fit.Evaluations, fit.Status, fit.Restarts, fit.Objective)

			var b bytes.Buffer
			if err := WriteFit(&b, c, fit); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(b.String()), "\n")
			if len(lines) != 1+2+4+1 || lines[0] != "kind,name,year,min,max,start,target,weight,value,residual,relative_residual" ||
				!strings.HasPrefix(lines[1], "parameter,emigration.base_rate,,0.05,0.6,") ||
				!strings.HasPrefix(lines[3], "target,emigrants,4,,,,") || !strings.HasPrefix(lines[7], "objective,,,,,,,,") {
				t.Errorf("calibration.csv:\n%s", b.String())
			}
		})
	}
}

func TestObjective(t *testing.T) {
	c := &Calibration{Targets: []Target{{Value: 0.5, Weight: 1}, {Value: -200, Weight: 2}, {Value: 0, Weight: 1}}}
	// ((0.6-0.5)/0.5)² + 2((-210+200)/200)² + (0.1/1)² = 0.04 + 0.005 + 0.01
	if got := c.Objective([]float64{0.6, -210, 0.1}); math.Abs(got-0.055) > 1e-15 {
		t.Errorf("Objective = %v; want 0.055", got)
	}
}

func TestLoadCalibrationProblems(t *testing.T) {
	const head = "scenario = \"BASELINE\"\n" + tiny + "\n"
	const target = "\n[[target]]\nmetric = \"emigrants\"\nyear = 2\nvalue = 1000\n"
	for _, tt := range []struct {
		name string
		text string
		want []string
	}{
		{"start outside", head + "\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 0.5\nstart = 0.5\n" + target,
			[]string{`8: parameter[0].start = 0.5: must be strictly within (min, max) = (0.1, 0.5)`}},
		{"no bounds", head + "\n[[parameter]]\nkey = \"emigration.base_rate\"\n" + target,
			[]string{`4: parameter[0].min: missing`}},
		{"bad target", head + "\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 0.5\n" +
			"\n[[target]]\nmetric = \"emigrnts\"\nyear = 7\nvalue = 1\nweight = 0\n",
			[]string{`10: target[0].metric = "emigrnts": no such metric; did you mean "emigrants"?`,
				`11: target[0].year = 7: must be within [1, 4]`,
				`13: target[0].weight = 0: must be a finite number > 0`}},
		{"more parameters than targets", head + "\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 0.5\n" +
			"\n[[parameter]]\nkey = \"return.base_rate\"\nmin = 0.1\nmax = 0.5\n" + target,
			[]string{`14: target: 2 parameters cannot be identified from 1 targets`}},
		{"bound outside the scenario's range", head + "\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 1.5\n" + target,
			[]string{`7: parameter[0].max = 1.5: emigration.base_rate: must be within [0, 1]`}},
		{"unknown key", head + "max_evaluation = 3\n\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 0.5\n" + target,
			[]string{`3: max_evaluation: unknown key "max_evaluation" at the top level; did you mean "max_evaluations"?`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "cal.toml", tt.text)
			_, err := LoadCalibration(path)
			var ps scenarios.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("LoadCalibration: %v; want scenarios.Problems", err)
			}
			if len(ps) != len(tt.want) {
				t.Errorf("%d problems; want %d:\n%v", len(ps), len(tt.want), err)
			}
			for i := range min(len(ps), len(tt.want)) {
				if want := "scenarios: " + path + ":" + tt.want[i]; !strings.HasPrefix(ps[i].Error(), want) {
					t.Errorf("problem %d = %q; want prefix %q", i, ps[i].Error(), want)
				}
			}
		})
	}
}

// TestObjectiveInSDs: a target with an sd counts its error in sds (the
// chi-square term, as ABC's distance does); one without, relative to its
// value.
func TestObjectiveInSDs(t *testing.T) {
	for _, tt := range []struct {
		name string
		tg   Target
		mean float64
		want float64
	}{
		{"sd", Target{Value: 0.5, SD: 0.02, Weight: 1}, 0.54, 4},            // (0.04 / 0.02)^2
		{"sd, weighted", Target{Value: 0.5, SD: 0.02, Weight: 3}, 0.46, 12}, // 3 (-0.04 / 0.02)^2
		{"relative", Target{Value: 0.5, Weight: 1}, 0.55, 0.01},             // (0.05 / 0.5)^2
		{"zero value", Target{Value: 0, Weight: 1}, 0.3, 0.09},
	} {
		c := &Calibration{Targets: []Target{tt.tg}}
		if got := c.Objective([]float64{tt.mean}); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: objective %v, want %v", tt.name, got, tt.want)
		}
	}
}
