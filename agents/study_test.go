package agents

import (
	"math"
	"testing"
)

func TestDropoutRate(t *testing.T) {
	const rate = 0.08 // per year at full quality
	for _, tt := range []struct {
		name                string
		quality, elasticity float64
		want                float64
	}{
		{"full quality gives the base rate", 1, 1.5, rate},
		{"half quality, elasticity one, doubles", 0.5, 1, 2 * rate},
		{"half quality, elasticity two, quadruples", 0.5, 2, 4 * rate},
		{"quarter quality, elasticity one half, doubles", 0.25, 0.5, 2 * rate},
		{"quality 0.8, elasticity 1.5", 0.8, 1.5, rate * math.Pow(0.8, -1.5)},
		{"zero elasticity ignores quality", 0.3, 0, rate},
		{"quality at the floor", 0.05, 1, 20 * rate},
		{"quality below the floor is clamped", 0.01, 1, 20 * rate},
		{"zero quality is clamped", 0, 1, 20 * rate},
		{"negative quality is clamped", -1, 2, 400 * rate},
		{"quality above one is clamped", 1.5, 1, rate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := DropoutRate(rate, tt.quality, tt.elasticity); !near(got, tt.want, tol) {
				t.Errorf("DropoutRate(%v, %v, %v) = %v; want %v", rate, tt.quality, tt.elasticity, got, tt.want)
			}
		})
	}
}

func TestDropoutRateFallsWithQuality(t *testing.T) {
	prev := math.Inf(1)
	for q := 0.1; q <= 1; q += 0.1 {
		got := DropoutRate(0.08, q, 1.2)
		if !(got < prev) {
			t.Errorf("DropoutRate(0.08, %.1f, 1.2) = %v; want below %v, the rate at lower quality", q, got, prev)
		}
		prev = got
	}
}

func TestGraduates(t *testing.T) {
	for _, tt := range []struct {
		name           string
		studied, steps int
		want           bool
	}{
		{"one month short", 35, 36, false},
		{"exactly the programme", 36, 36, true},
		{"beyond the programme", 40, 36, true},
		{"just enrolled", 0, 36, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Graduates(tt.studied, tt.steps); got != tt.want {
				t.Errorf("Graduates(%v, %v) = %v; want %v", tt.studied, tt.steps, got, tt.want)
			}
		})
	}
}

func TestCompletionRate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		delay float64
		want  float64
	}{
		{"half a year on average", 0.5, 2},
		{"two years on average", 2, 0.5},
		{"no delay is immediate", 0, math.Inf(1)},
		{"negative delay is no delay", -1, math.Inf(1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CompletionRate(tt.delay); got != tt.want {
				t.Errorf("CompletionRate(%v) = %v; want %v", tt.delay, got, tt.want)
			}
		})
	}
}
