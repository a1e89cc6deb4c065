package agents

import (
	"math"
	"testing"
)

// demo has a death rate of 1 per 1000 a year at 30 growing 8.5% a year of
// age, a Gompertz slope in the range of adult life tables (doubling time
// about 8 years).
var demo = DemographyParams{EntryAge: 18, RetirementAge: 65, Mortality: 0.001, MortalityGrowth: 0.085}

func TestMortalityRate(t *testing.T) {
	double := math.Ln2 / demo.MortalityGrowth // Gompertz doubling time, years
	for _, tt := range []struct {
		name string
		d    DemographyParams
		age  float64
		want float64
	}{
		{"at thirty the base rate", demo, 30, 0.001},
		{"one doubling time older doubles", demo, 30 + double, 0.002},
		{"two doubling times older quadruples", demo, 30 + 2*double, 0.004},
		{"one doubling time younger halves", demo, 30 - double, 0.0005},
		{"one year older multiplies by exp(growth)", demo, 31, 0.001 * math.Exp(0.085)},
		{"no growth is flat", DemographyParams{Mortality: 0.001}, 70, 0.001},
		{"no mortality", DemographyParams{MortalityGrowth: 0.085}, 70, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := MortalityRate(tt.d, tt.age); !near(got, tt.want, tol) {
				t.Errorf("MortalityRate(%+v, %v) = %v; want %v", tt.d, tt.age, got, tt.want)
			}
		})
	}
}

func TestRetires(t *testing.T) {
	for _, tt := range []struct {
		name string
		age  float64
		want bool
	}{
		{"just below the retirement age", math.Nextafter(65, 0), false},
		{"at the retirement age", 65, true},
		{"past the retirement age", 66, true},
		{"at entry", 18, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Retires(demo, tt.age); got != tt.want {
				t.Errorf("Retires(%+v, %v) = %v; want %v", demo, tt.age, got, tt.want)
			}
		})
	}
}

func TestGrowSkill(t *testing.T) {
	for _, tt := range []struct {
		name          string
		skill, g, max float64
		steps         int
		want          float64
	}{
		{"one month at 12% a year", 1, 0.12, 2, 12, math.Exp(0.01)},
		{"one yearly step", 1, 0.12, 2, 1, math.Exp(0.12)},
		{"scales with the current skill", 1.5, 0.12, 2, 12, 1.5 * math.Exp(0.01)},
		{"no growth", 1.3, 0, 2, 12, 1.3},
		{"capped at the maximum", 1.499, 0.12, 1.5, 12, 1.5},
		{"at the maximum stays there", 1.5, 0.12, 1.5, 12, 1.5},
		{"zero maximum means no cap", 5, 0.12, 0, 12, 5 * math.Exp(0.01)},
		{"negative maximum means no cap", 5, 0.12, -1, 12, 5 * math.Exp(0.01)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := GrowSkill(tt.skill, tt.g, tt.max, tt.steps); !near(got, tt.want, tol) {
				t.Errorf("GrowSkill(%v, %v, %v, %v) = %v; want %v", tt.skill, tt.g, tt.max, tt.steps, got, tt.want)
			}
		})
	}
}

func TestGrowSkillCompounds(t *testing.T) {
	// Twelve monthly steps at a continuous 12% a year compound to exp(0.12),
	// 12.75% over the year, the same as one yearly step, until the cap
	// stops them.
	for _, tt := range []struct {
		name string
		max  float64
		want float64
	}{
		{"uncapped year", 0, math.Exp(0.12)},
		{"cap reached within the year", 1.1, 1.1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := 1.0
			for range 12 {
				s = GrowSkill(s, 0.12, tt.max, 12)
			}
			if !near(s, tt.want, tol) {
				t.Errorf("GrowSkill applied 12 times from 1 (max %v) = %v; want %v", tt.max, s, tt.want)
			}
		})
	}
}
