package scenarios

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestValidateTraining checks the ranges of the per-youth training keys
// (docs/ODD.md 7.1), one edit of testdata/valid.toml each.
func TestValidateTraining(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"discount_rate negative", edit{92, "discount_rate = 0.0", "discount_rate = -0.1"},
			"scenarios: valid.toml:92: training.discount_rate = -0.1: must be within [0, 1] per year"},
		{"credit_limit negative", edit{93, "credit_limit = 0.0", "credit_limit = -5"},
			"scenarios: valid.toml:93: training.credit_limit = -5: must be >= 0"},
		{"skill_cost zero with the quadratic choice", edit{94, `skill_choice = "fixed"`, `skill_choice = "quadratic"`},
			`scenarios: valid.toml:95: training.skill_cost = 0: must be > 0 with skill_choice = "quadratic" (k of the cost k theta^2 / 2)`},
		{"perceived_migration above 1", edit{96, "perceived_migration = 0.2", "perceived_migration = 1.5"},
			"scenarios: valid.toml:96: training.perceived_migration = 1.5: must be within [0, 1]"},
		{"graduate_emigration negative", edit{97, "graduate_emigration = 0.0", "graduate_emigration = -0.2"},
			"scenarios: valid.toml:97: training.graduate_emigration = -0.2: must be within [0, 1]"},
	})
	for _, tt := range []struct {
		name  string
		edits []edit
		want  string
	}{
		{"uniform ability from zero", []edit{{99, `distribution = "none"`, `distribution = "uniform"`}, {100, "min = 0.5", "min = 0.0"}},
			`scenarios: valid.toml:100: training.ability.min = 0: must be > 0 with distribution = "uniform" (a factor of earnings or means)`},
		{"uniform cost with max below min", []edit{{105, `distribution = "none"`, `distribution = "uniform"`}, {107, "max = 1_000.0", "max = -1.0"}},
			`scenarios: valid.toml:107: training.cost.max = -1: must be >= min (0) with distribution = "uniform"`},
		{"lognormal cost with sigma above the bound", []edit{{105, `distribution = "none"`, `distribution = "lognormal"`}, {109, "sigma = 0.5", "sigma = 11.0"}},
			`scenarios: valid.toml:109: training.cost.sigma = 11: must be within [0, 10] with distribution = "lognormal"`},
		{"lognormal means with median 0", []edit{{111, `distribution = "none"`, `distribution = "lognormal"`}, {114, "median = 1.0", "median = 0.0"}},
			`scenarios: valid.toml:114: training.means.median = 0: must be > 0 with distribution = "lognormal"`},
		{"unknown shape", []edit{{99, `distribution = "none"`, `distribution = "normal"`}},
			`scenarios: valid.toml:99: training.ability.distribution = "normal": must be "none", "uniform" or "lognormal" (left out: "none")`},
		{"unknown choice", []edit{{91, `choice = "logit"`, `choice = "probit"`}},
			`scenarios: valid.toml:91: training.choice = "probit": must be "logit" or "threshold" (left out: "logit")`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.edits...))
			wantProblems(t, err, tt.want)
		})
	}
}

// TestTheoryScenarios checks the worked scenarios of scenarios/theory: they
// load by path (scenarios.Open, as `brainsim run` does) and validate, and,
// as files outside the embedded folder, are neither shipped nor presets.
func TestTheoryScenarios(t *testing.T) {
	paths, err := filepath.Glob("theory/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 2 {
		t.Fatalf("theory scenarios %v; want docquier_rapoport and stark", paths)
	}
	for _, p := range paths {
		name := filepath.Base(p[:len(p)-len(".toml")])
		t.Run(name, func(t *testing.T) {
			if _, err := os.Stat(p); err != nil {
				t.Fatal(err)
			}
			sc, err := Open(p)
			if err != nil {
				t.Fatalf("Open(%s): %v", p, err)
			}
			if !sc.Training.Heterogeneous() {
				t.Errorf("%s: youths are alike; a theory scenario needs the per-youth choice", p)
			}
			if slices.Contains(Shipped(), name) || slices.Contains(Presets(), name) {
				t.Errorf("%s is shipped or a preset; theory scenarios are opened by path", name)
			}
		})
	}
}
