package agents

import "math"

// MortalityRate is the death rate per year at the given age, by the Gompertz
// law: Mortality * exp(MortalityGrowth * (age - 30)).
func MortalityRate(d DemographyParams, age float64) float64 {
	return d.Mortality * math.Exp(d.MortalityGrowth*(age-30))
}

// Retires reports whether a person of the given age leaves the workforce.
func Retires(d DemographyParams, age float64) bool { return age >= d.RetirementAge }

// GrowthFactor is the factor by which skill growing at the continuous rate g
// per year grows over one step of 1/stepsPerYear years: exp(g/stepsPerYear).
// Compounded over a year it gives exp(g) whatever the step length (g = 0.12
// gives 12.75% a year), so the growth does not depend on the step.
func GrowthFactor(g float64, stepsPerYear int) float64 {
	return math.Exp(g / float64(stepsPerYear))
}

// GrowSkill returns the skill after one step of 1/stepsPerYear years growing
// at the continuous rate g per year, skill * exp(g/stepsPerYear), capped at
// maxSkill (no cap when maxSkill <= 0). The engine precomputes the factor
// (GrowthFactor) and calls GrowBy.
func GrowSkill(skill, g, maxSkill float64, stepsPerYear int) float64 {
	return GrowBy(skill, GrowthFactor(g, stepsPerYear), maxSkill)
}

// GrowBy returns skill * factor, capped at maxSkill (no cap when maxSkill <= 0).
func GrowBy(skill, factor, maxSkill float64) float64 {
	s := skill * factor
	if maxSkill > 0 && s > maxSkill {
		return maxSkill
	}
	return s
}

func logRatio(a, b float64) float64 { return math.Log(a / b) }
