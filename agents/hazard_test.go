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
		{"monthly step of a yearly rate", 0.3, 12, 1 - math.Exp(-0.025)},
		{"yearly steps", 0.3, 1, 1 - math.Exp(-0.3)},
		{"weekly steps", 0.52, 52, 1 - math.Exp(-0.01)},
		{"zero rate", 0, 12, 0},
		{"rate of one event per step", 12, 12, 1 - 1/math.E},
		{"large rate tends to one", 1200, 12, 1},
		{"infinite rate is certain", math.Inf(1), 12, 1},
		{"negative rate is floored at zero", -0.3, 12, 0},
		{"NaN rate is zero", math.NaN(), 12, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := StepProb(tt.rate, tt.stepsPerYear); !near(got, tt.want, tol) {
				t.Errorf("StepProb(%v, %v) = %v; want %v", tt.rate, tt.stepsPerYear, got, tt.want)
			}
		})
	}
}

// TestStepProbCompounds checks that the step probability is exact for a
// constant hazard: surviving k steps of 1/(k n) years is surviving one step
// of 1/n years, for every step length the engine allows (1 to 365 a year).
// The old linear form r/n failed this by r^2/(2n) per step, about 6% of the
// yearly emigration flow between yearly and monthly steps at r = 0.12.
func TestStepProbCompounds(t *testing.T) {
	for _, tt := range []struct {
		name string
		rate float64
		n, k int // one step of 1/n years against k steps of 1/(k n) years
	}{
		{"monthly against yearly", 0.12, 1, 12},
		{"weekly against quarterly", 0.3, 4, 13},
		{"daily against yearly, high rate", 2.5, 1, 365},
		{"one step is itself", 0.08, 12, 1},
		{"tiny rate", 1e-6, 12, 30},
	} {
		t.Run(tt.name, func(t *testing.T) {
			survive := 1.0
			for range tt.k {
				survive *= 1 - StepProb(tt.rate, tt.n*tt.k)
			}
			if got, want := 1-survive, StepProb(tt.rate, tt.n); !near(got, want, tol) {
				t.Errorf("%d steps of 1/%d years: P(event) = %.15g; one step of 1/%d years: %.15g", tt.k, tt.n*tt.k, got, tt.n, want)
			}
			if got := StepRate(StepProb(tt.rate, tt.n), tt.n); !near(got, tt.rate, 1e-9) {
				t.Errorf("StepRate(StepProb(%v, %d)) = %v; want the rate back", tt.rate, tt.n, got)
			}
		})
	}
}

// TestCompeting checks the split of two competing hazards: the shares are
// h_j/H of 1 - exp(-H dt), they add up to the chance of either event, and a
// hazard of zero leaves the other on its own.
func TestCompeting(t *testing.T) {
	for _, tt := range []struct {
		name         string
		h1, h2       float64
		spy          int
		want1, want2 float64
	}{
		{"equal hazards split evenly", 0.5, 0.5, 12, (1 - math.Exp(-1.0/12)) / 2, (1 - math.Exp(-1.0/12)) / 2},
		{"one in four", 1, 3, 4, (1 - math.Exp(-1)) / 4, 3 * (1 - math.Exp(-1)) / 4},
		{"second hazard zero", 0.3, 0, 12, 1 - math.Exp(-0.025), 0},
		{"both zero", 0, 0, 12, 0, 0},
		{"negative counts as zero", -1, 0.3, 12, 0, 1 - math.Exp(-0.025)},
		{"infinite first is certain", math.Inf(1), 0.3, 12, 1, 0},
		{"infinite second is certain", 0.3, math.Inf(1), 12, 0, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p1, p2 := Competing(tt.h1, tt.h2, tt.spy)
			if !near(p1, tt.want1, tol) || !near(p2, tt.want2, tol) {
				t.Errorf("Competing(%v, %v, %d) = %v, %v; want %v, %v", tt.h1, tt.h2, tt.spy, p1, p2, tt.want1, tt.want2)
			}
		})
	}
}

// TestStepProbFrequency checks that the engine's use of StepProb, an event
// when a uniform draw u satisfies u < StepProb(rate, 12), happens with
// frequency 1 - exp(-rate/12). With n = 200,000 Bernoulli draws of p =
// 0.0247 the standard error of the frequency is sqrt(p(1-p)/n) = 3.5e-4; the test allows
// 4 standard errors (|z| > 4 has probability 6e-5 for a correct rule), and
// the seed is fixed so the outcome is reproducible.
func TestStepProbFrequency(t *testing.T) {
	const (
		n    = 200_000
		rate = 0.3
	)
	want := 1 - math.Exp(-rate/12) // 0.0247 per month
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
