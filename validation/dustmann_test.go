package validation

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestDustmannStay checks the closed form against hand-worked cases.
func TestDustmannStay(t *testing.T) {
	var sc model.Scenario
	sc.StepsPerYear = 12
	sc.Return.BaseRate, sc.Return.Intercept, sc.Return.Savings = 1, -20, 40
	p := -math.Expm1(-1 / (1 + math.Exp(-20.0)) / 12)
	for _, tt := range []struct {
		name               string
		target, wage, cost float64
		want               float64
	}{
		// 12 x 25,000 / 11,000 = 27.3: the target is reached at step 28.
		{"w* = 16,000", 25_000, 16_000, 5_000, (27 + 1/p) / 12},
		// exactly 24 steps: reached at step 24.
		{"target in whole steps", 24_000, 17_000, 5_000, (23 + 1/p) / 12},
	} {
		// The hand-worked form leaves out the returns below the target,
		// a chance of about 2e-10 a step, which shorten the stay by about
		// 1e-8 years.
		if got := DustmannStay(tt.target, tt.wage, tt.cost, sc); math.Abs(got-tt.want) > 1e-7 || got > tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDustmann runs the theory check at 4 replicates of the scenario's
// 2,000 workers (about 1,300 measured stays a replicate): each stay must
// match the discrete-time form within its 95% interval plus half a step,
// and the stay must fall with the wage by the size the form gives.
func TestDustmann(t *testing.T) {
	o := Options{Replicates: 4, ScenarioDir: "../scenarios"}.withDefaults()
	cs, err := dustmann(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(dustmannWages)+1 {
		t.Fatalf("%d checks, want %d", len(cs), len(dustmannWages)+1)
	}
	for _, c := range cs {
		t.Logf("%s: %.3f [%.3f, %.3f], want %.3f", c.Name, c.Model, c.Lo, c.Hi, c.Want)
		if !c.Pass {
			t.Errorf("%s: %.3f [%.3f, %.3f], want %.3f", c.Name, c.Model, c.Lo, c.Hi, c.Want)
		}
	}
}
