package scenarios

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/brainsim/brainsim/agents"
)

func TestPriorProblems(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"unknown shape", edit{118, "base_rate = 0.2", `base_rate = { prior = "gamma", min = 0, max = 1, source = "assumed" }`},
			`scenarios: valid.toml:118: emigration.base_rate: prior = "gamma": must be "uniform", "normal", "lognormal", "beta" or "triangular"`},
		{"sd not positive", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "normal", mean = 1, sd = 0, source = "assumed" }`},
			"scenarios: valid.toml:119: emigration.wage_gap: sd must be > 0"},
		{"min not below max", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "uniform", min = 2, max = 1, source = "assumed" }`},
			"scenarios: valid.toml:119: emigration.wage_gap: min (2) must be < max (1)"},
		{"mode outside", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "triangular", min = 0, mode = 3, max = 2, source = "assumed" }`},
			"scenarios: valid.toml:119: emigration.wage_gap: mode (3) must be within [min, max] = [0, 2]"},
		{"missing parameter", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "normal", mean = 1, source = "assumed" }`},
			`scenarios: valid.toml:119: emigration.wage_gap: a normal prior needs "mean" and "sd"`},
		{"key of another shape", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "uniform", min = 0, max = 2, sd = 1, source = "assumed" }`},
			`scenarios: valid.toml:119: emigration.wage_gap: a uniform prior does not read "sd"; it reads "prior", "source", "min" and "max"`},
		{"no source", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "uniform", min = 0, max = 2 }`},
			`scenarios: valid.toml:119: emigration.wage_gap: a prior needs its source: source = "..." (a reference, or "assumed")`},
		{"whole-number key", edit{6, "agents = 20_000", `agents = { prior = "uniform", min = 1000, max = 2000, source = "assumed" }`},
			"scenarios: valid.toml:6: agents: a prior applies to a real-valued key; agents is a whole number"},
		{"bound outside the key's range", edit{118, "base_rate = 0.2", `base_rate = { prior = "uniform", min = 0.5, max = 1.5, source = "assumed" }`},
			"scenarios: valid.toml:118: emigration.base_rate: the prior's highest draw, 1.5, is out of the key's range: must be within [0, 1]"},
		{"unbounded normal below 0", edit{119, "wage_gap = 1.0", `wage_gap = { prior = "normal", mean = 1, sd = 0.5, source = "assumed" }`},
			"scenarios: valid.toml:119: emigration.wage_gap: the prior's lowest draw, -1.377, is out of the key's range: must be >= 0"},
		{"median outside the key's range", edit{118, "base_rate = 0.2", `base_rate = { prior = "uniform", min = 1, max = 2, source = "assumed" }`},
			"scenarios: valid.toml:118: emigration.base_rate = 1.5: must be within [0, 1]"},
	})
}

func TestPriorLoads(t *testing.T) {
	data := variant(t,
		edit{48, "dropout_rate = 0.1", `dropout_rate = { prior = "beta", alpha = 2, beta = 2, min = 0, max = 0.2, source = "assumed" }`},
		edit{119, "wage_gap = 1.0", `wage_gap = { prior = "normal", mean = 1.2, sd = 0.3, min = 0, max = 2.4, source = "assumed" }`},
	)
	tests := []struct {
		name      string
		overrides []string
		paths     []string
		wageGap   float64
	}{
		{"file", nil, []string{"emigration.wage_gap", "sector.nurse.dropout_rate"}, 1.2},
		{"override drops a prior", []string{"emigration.wage_gap=0.7"}, []string{"sector.nurse.dropout_rate"}, 0.7},
		{"override sets a prior", []string{`emigration.network={prior="uniform",min=0.5,max=1.5,source="assumed"}`},
			[]string{"emigration.network", "emigration.wage_gap", "sector.nurse.dropout_rate"}, 1.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("valid.toml", data, tt.overrides...)
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, p := range s.Priors {
				paths = append(paths, p.Path)
			}
			if len(paths) != len(tt.paths) {
				t.Fatalf("prior paths = %q; want %q", paths, tt.paths)
			}
			for i := range paths {
				if paths[i] != tt.paths[i] {
					t.Fatalf("prior paths = %q; want %q", paths, tt.paths)
				}
			}
			// A symmetric prior's median is its centre.
			if math.Abs(s.Emigration.WageGap-tt.wageGap) > 1e-12 {
				t.Errorf("wage_gap = %v; want the median %v", s.Emigration.WageGap, tt.wageGap)
			}
			if math.Abs(s.Sectors[1].DropoutRate-0.1) > 1e-12 {
				t.Errorf("dropout_rate = %v; want the median 0.1", s.Sectors[1].DropoutRate)
			}
		})
	}
}

// TestGhanaPriorsKeepValues checks that ghana.toml's priors are centred on
// the values the preset had before them, so plain runs do not change
// (or, for a key calibrated since, on its fitted value).
func TestGhanaPriorsKeepValues(t *testing.T) {
	s, err := LoadShipped("ghana")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Priors) < 5 {
		t.Fatalf("ghana has %d priors; want at least 5", len(s.Priors))
	}
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"training.sensitivity", s.Training.Sensitivity, 3},
		{"emigration.base_rate", s.Emigration.BaseRate, 0.25},
		{"emigration.wage_gap", s.Emigration.WageGap, 1},
		{"return.base_rate", s.Return.BaseRate, 0.22}, // calibrated since (ghana.calibration.toml): the Nelder-Mead point, 0.25 assumed before
		{"return.wage_gap", s.Return.WageGap, 1},
		{"remittance.fee_elasticity", s.Remittance.FeeElasticity, 1.5},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v; want exactly %v", c.name, c.got, c.want)
		}
	}
	for _, p := range s.Priors {
		if p.Source == "" || p.Shape == agents.ShapeNone {
			t.Errorf("prior %s has no source or shape", p.Path)
		}
	}
}

// TestPresetPriorsKeepValues checks that every prior of the shipped
// presets whose source states the value it replaces ("assumed: V +-N%")
// has V as its median, exactly, so that a plain run, which uses the
// median, is unchanged by the prior (issue 14, item 5).
func TestPresetPriorsKeepValues(t *testing.T) {
	const minStated = 10 // each country preset has at least this many (it has 15-20)
	countries := []string{"ghana", "island", "malawi", "moldova", "pacific", "philippines"}
	stated := regexp.MustCompile(`^assumed: ([-+]?[0-9.]+) \+-\d+%$`)
	for _, name := range Shipped() {
		n := 0
		s, err := LoadShipped(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range s.Priors {
			m := stated.FindStringSubmatch(p.Source)
			if m == nil {
				continue
			}
			want, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if got := p.Central(); got != want {
				t.Errorf("%s: %s: median %v; want exactly %v, the value the source states", name, p.Path, got, want)
			}
			if lo, hi := p.Lowest(), p.Highest(); !(lo < want && want < hi) {
				t.Errorf("%s: %s: range [%v, %v] does not straddle %v", name, p.Path, lo, hi, want)
			}
		}
		if slices.Contains(countries, name) && n < minStated {
			t.Errorf("%s: %d priors state the value they replace; want at least %d", name, n, minStated)
		}
	}
}
