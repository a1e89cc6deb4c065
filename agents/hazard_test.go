package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tol is the relative tolerance of comparisons with hand-computed values: a
// few float64 operations each lose at most a few units in the last place
// (about 1e-16), so 1e-12 leaves ample room without hiding a wrong formula.
const tol = 1e-12

// near reports whether got is within tol of want, relative to max(1, |want|).
func near(got, want, tol float64) bool {
	if math.IsInf(want, 0) || math.IsNaN(want) {
		return got == want || (math.IsNaN(got) && math.IsNaN(want))
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// logit is the inverse of Logistic, written out here so that the tests do not
// check a rule against itself.
func logit(q float64) float64 { return math.Log(q / (1 - q)) }

// logistic is 1 / (1 + e^-x), written out independently of Logistic.
func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func TestLogistic(t *testing.T) {
	for _, tt := range []struct {
		name string
		x    float64
		want float64
	}{
		{"zero is one half", 0, 0.5},
		{"ln 3 gives three quarters", math.Log(3), 0.75},
		{"-ln 3 gives one quarter", -math.Log(3), 0.25},
		{"large positive saturates at one", 800, 1},
		{"large negative saturates at zero", -800, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Logistic(tt.x); !near(got, tt.want, tol) {
				t.Errorf("Logistic(%v) = %v; want %v", tt.x, got, tt.want)
			}
		})
	}
}

func TestStepProb(t *testing.T) {
	for _, tt := range []struct {
		name         string
		rate         float64
		stepsPerYear int
		want         float64
	}{
		{"monthly share of a yearly rate", 0.3, 12, 0.025},
		{"yearly steps keep the rate", 0.3, 1, 0.3},
		{"weekly steps", 0.52, 52, 0.01},
		{"zero rate", 0, 12, 0},
		{"rate of one event per step", 12, 12, 1},
		{"rate above one per step is capped at one", 24, 12, 1},
		{"huge rate is capped at one", math.Inf(1), 12, 1},
		{"negative rate is floored at zero", -0.3, 12, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := StepProb(tt.rate, tt.stepsPerYear); !near(got, tt.want, tol) {
				t.Errorf("StepProb(%v, %v) = %v; want %v", tt.rate, tt.stepsPerYear, got, tt.want)
			}
		})
	}
}

// TestStepProbFrequency checks that the engine's use of StepProb, an event
// when a uniform draw u satisfies u < StepProb(rate, 12), happens with
// frequency rate/12. With n = 200,000 Bernoulli draws of p = 0.025 the
// standard error of the frequency is sqrt(p(1-p)/n) = 3.5e-4; the test allows
// 4 standard errors (|z| > 4 has probability 6e-5 for a correct rule), and
// the seed is fixed so the outcome is reproducible.
func TestStepProbFrequency(t *testing.T) {
	const (
		n    = 200_000
		rate = 0.3
		want = rate / 12 // 0.025 per month
	)
	rng := rand.New(rand.NewPCG(1, 2))
	p := StepProb(rate, 12)
	events := 0
	for range n {
		if rng.Float64() < p {
			events++
		}
	}
	got := float64(events) / n
	se := math.Sqrt(want * (1 - want) / n)
	if math.Abs(got-want) > 4*se {
		t.Errorf("frequency of u < StepProb(%v, 12) = %.5f; want %.5f ± %.5f (4 standard errors)", rate, got, want, 4*se)
	}
}
