package agents

import "math"

// MortalityRate is the death rate per year at the given age, by the Gompertz
// law: Mortality * exp(MortalityGrowth * (age - 30)).
func MortalityRate(d DemographyParams, age float64) float64 {
	return d.Mortality * math.Exp(d.MortalityGrowth*(age-30))
}

// Retires reports whether a person of the given age leaves the workforce.
func Retires(d DemographyParams, age float64) bool { return age >= d.RetirementAge }

// GrowSkill returns the skill after one step of 1/stepsPerYear years growing
// at the nominal yearly rate g, compounded every step (so g = 0.12 gives
// 12.7% over twelve monthly steps), capped at max (no cap when max <= 0).
func GrowSkill(skill, g, maxSkill float64, stepsPerYear int) float64 {
	s := skill * (1 + g/float64(stepsPerYear))
	if maxSkill > 0 && s > maxSkill {
		return maxSkill
	}
	return s
}

func logRatio(a, b float64) float64 { return math.Log(a / b) }
