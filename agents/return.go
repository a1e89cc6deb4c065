package agents

// ReturnRate is the return hazard per year of an emigrant: BaseRate *
// logistic(Intercept + WageGap*ln(wageHomeEff/wageAbroadEff) + Savings*[savings
// >= SavingsTarget] + Age*(age - 30) - YearsAbroad*yearsAbroad) (docs/ODD.md,
// "Return"). A higher wage at home, reaching the savings target and age raise
// it; years settled abroad lower it. extra adds policy terms in logit units
// (return grants, portable benefits). Wages below 1 count as 1, so that a wage
// that collapses to zero pushes the hazard to its limit instead of dropping
// the wage term.
func ReturnRate(r ReturnParams, wageHomeEff, wageAbroadEff, savings, age, yearsAbroad, extra float64) float64 {
	z := r.Intercept + r.Age*(age-30) - r.YearsAbroad*yearsAbroad + extra
	z += r.WageGap * logRatio(max(wageHomeEff, 1), max(wageAbroadEff, 1))
	if r.SavingsTarget > 0 && savings >= r.SavingsTarget {
		z += r.Savings
	}
	return r.BaseRate * Logistic(z)
}
