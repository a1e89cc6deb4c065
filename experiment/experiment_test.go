package experiment

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/scenarios"
)

func TestLoadProblems(t *testing.T) {
	const head = "scenario = \"BASELINE\"\n" + tiny + "\n"
	const ind = "\n[indicators]\nmetrics = [\"emigrants\"]\nyears = [2]\n"
	const param = "\n[[parameter]]\nkey = \"emigration.base_rate\"\nvalues = [0.2]\n"
	for _, tt := range []struct {
		name string
		text string
		want []string // the problems, in order, after "scenarios: FILE:"
	}{
		{"syntax error", "scenario = \n", []string{`1: invalid TOML:`}},
		{"no scenario", "replicates = 2\n" + param + ind,
			[]string{`scenario: missing: the base scenario file`}},
		{"unknown keys with suggestions", head + "replicats = 2\n" + param + "valeus = 3\n" + ind,
			[]string{`3: replicats: unknown key "replicats" at the top level; did you mean "replicates"?`,
				`8: parameter[0].valeus: unknown key "valeus" in parameter[0]; did you mean "values"?`}},
		{"wrong types", head + "replicates = \"two\"\n" + "\n[[parameter]]\nkey = 3\nvalues = [0.2, \"x\"]\n" + ind,
			[]string{`3: replicates = "two": must be an integer`,
				`6: parameter[0].key = 3: must be a string`,
				`7: parameter[0].values[1] = "x": must be a number`}},
		{"bad design", head + "design = \"random\"\n" + param + ind,
			[]string{`3: design = "random": must be "grid", "lhs" or "sobol"`}},
		{"lhs needs ranges and samples", head + "design = \"lhs\"\n" + param + ind,
			[]string{`5: parameter[0].min: missing`, `5: parameter[0].max: missing`,
				`7: parameter[0].values: design = "lhs" samples a range: give min and max instead of values`,
				`samples: must be >= 1`}},
		{"range upside down", head + "design = \"lhs\"\nsamples = 4\n\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.5\nmax = 0.1\n" + ind,
			[]string{`9: parameter[0].max = 0.1: must be > min = 0.5`}},
		{"sobol needs years", head + "design = \"sobol\"\nsamples = 4\n\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 0.5\n\n[indicators]\nmetrics = [\"emigrants\"]\nseries = true\n",
			[]string{`13: indicators.series = true: design = "sobol" needs indicators at given years`}},
		{"reserved and repeated keys", head + "\n[[parameter]]\nkey = \"seed\"\nvalues = [1]\n" + param + param + ind,
			[]string{`5: parameter[0].key = "seed": cannot be varied`,
				`13: parameter[2].key = "emigration.base_rate": is varied already by parameter[1]`}},
		{"bad scenario key", head + "\n[[parameter]]\nkey = \"emigration.bas_rate\"\nvalues = [0.2]\n" + ind,
			[]string{`6: parameter[0].values[0] = 0.2: unknown key "bas_rate" in emigration; did you mean "base_rate"?`}},
		{"value out of range", head + "\n[[parameter]]\nkey = \"emigration.base_rate\"\nvalues = [0.2, -1]\n" + ind,
			[]string{`6: parameter[0].values[1] = -1: emigration.base_rate: must be within [0, 1]`}},
		{"bad set", "scenario = \"BASELINE\"\nset = [\"agents=0\", \"years\"]\n" + param + ind,
			// Both, in one pass: the malformed one and the range.
			[]string{`2: set[0] = "agents=0": agents = 0: must be within`, `2: set[1] = "years": want key.path=value`}},
		{"set out of range", "scenario = \"BASELINE\"\nset = [\"agents=0\"]\n" + param + ind,
			[]string{`2: set[0] = "agents=0": agents = 0: must be within`}},
		{"unknown metric and year past the horizon", head + param + "\n[indicators]\nmetrics = [\"emigrant\", \"emigrants\"]\nyears = [2, 9]\n",
			[]string{`9: indicators.metrics[0] = "emigrant": no such metric; did you mean "emigrants"?`,
				`10: indicators.years[1] = 9: must be within [1, 4]`}},
		{"no parameters and no indicators", head,
			[]string{`parameter: an experiment needs at least one [[parameter]]`, `indicators: missing`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "exp.toml", tt.text)
			_, err := Load(path)
			var ps scenarios.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Load: %v; want scenarios.Problems", err)
			}
			if len(ps) != len(tt.want) {
				t.Errorf("Load: %d problems; want %d:\n%v", len(ps), len(tt.want), err)
			}
			for i, p := range ps {
				if i >= len(tt.want) {
					break
				}
				want := "scenarios: " + path + ":" + tt.want[i]
				if !strings.Contains(tt.want[i], ": ") || tt.want[i][0] < '0' || tt.want[i][0] > '9' {
					want = "scenarios: " + path + ": " + tt.want[i] // no line
				}
				if got := p.Error(); !strings.HasPrefix(got, want) {
					t.Errorf("problem %d = %q; want prefix %q", i, got, want)
				}
			}
		})
	}
}

func TestGridPlan(t *testing.T) {
	e := load(t, gridExperiment)
	p := e.Plan()
	if want := [][]float64{{0.2, 2000}, {0.2, 4000}, {0.4, 2000}, {0.4, 4000}}; !reflect.DeepEqual(p.Points, want) {
		t.Errorf("Points = %v; want %v (first parameter slowest)", p.Points, want)
	}
	if p.Runs() != 8 {
		t.Errorf("Runs() = %d; want 8", p.Runs())
	}
	var got []string
	for _, in := range p.Indicators {
		got = append(got, in.Metric+"@"+in.Year)
	}
	want := []string{"emigration_rate.doctor@2027.0000", "emigration_rate.doctor@2029.0000", "skilled_home@2027.0000", "skilled_home@2029.0000"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Indicators = %v; want %v", got, want)
	}
	if e.Seed != 20261122 || e.Replicates != 2 {
		t.Errorf("Seed, Replicates = %d, %d; want the scenario's seed 20261122 and the file's 2", e.Seed, e.Replicates)
	}
	if got, want := e.overrides(3), []string{"agents=500", "years=4", "seed=20261122", "emigration.base_rate=0.4", "sector.nurse.seats_per_year=4000"}; !reflect.DeepEqual(got, want) {
		t.Errorf("overrides(3) = %v; want %v", got, want)
	}
}

func TestPlanRoundTrip(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"grid", gridExperiment},
		{"lhs", lhsExperiment},
		{"sobol", sobolExperiment},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := load(t, tt.text)
			dir := t.TempDir()
			if err := preparePlan(dir, e.Plan()); err != nil {
				t.Fatal(err)
			}
			p, err := ReadPlan(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p, e.Plan()) {
				t.Errorf("ReadPlan = %+v; want %+v", p, e.Plan())
			}
			// The plan is a function of the content: loading again gives the same.
			if again := load(t, tt.text).Plan(); again.Fingerprint != p.Fingerprint {
				t.Errorf("fingerprint %s, then %s; want equal", p.Fingerprint, again.Fingerprint)
			}
		})
	}
}

const lhsExperiment = `name = "lhs"
scenario = "BASELINE"
` + tiny + `
replicates = 1
design = "lhs"
samples = 5
seed = 7

[[parameter]]
key = "emigration.base_rate"
min = 0.1
max = 0.5

[[parameter]]
key = "agents"
min = 400
max = 600
integer = true

[indicators]
metrics = ["emigrants"]
series = true
`

func TestLHSPlan(t *testing.T) {
	e := load(t, lhsExperiment)
	p := e.Plan()
	if len(p.Points) != 5 {
		t.Fatalf("%d points; want 5", len(p.Points))
	}
	for i, pt := range p.Points {
		if pt[0] < 0.1 || pt[0] > 0.5 || pt[1] < 400 || pt[1] > 600 || pt[1] != math.Round(pt[1]) {
			t.Errorf("point %d = %v; want base_rate in [0.1, 0.5] and whole agents in [400, 600]", i, pt)
		}
	}
	if e.Seed != 7 {
		t.Errorf("Seed = %d; want 7", e.Seed)
	}
	if n := len(p.Indicators); n != 48 {
		t.Errorf("%d indicators; want one per step, 48", n)
	}
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"design": "lhs"`) {
		t.Errorf("plan.json lacks the design:\n%s", b.String())
	}
}

// TestShippedExperiments loads the experiment and calibration files shipped
// in scenarios/experiments: calibration files are named calibrate*.toml.
func TestShippedExperiments(t *testing.T) {
	paths, err := filepath.Glob("../scenarios/experiments/*.toml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no shipped experiments: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if strings.HasPrefix(filepath.Base(path), "calibrate") {
				if _, err := LoadCalibration(path); err != nil {
					t.Error(err)
				}
				return
			}
			e, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if e.Plan().Runs() > 1000 {
				t.Errorf("%d runs; a shipped example should run in minutes", e.Plan().Runs())
			}
		})
	}
}
