package agents

import "math"

// DestinationValue is the systematic utility of moving to one destination, in
// logit units, before the home wage is compared: WageGap*ln(w_abroad_eff) +
// Network*ln(1 + diaspora/stock) - Cost - moveCost. The effective wage abroad
// is the recognition-weighted mean of the recognised and brain-waste wages.
// A destination with no demand (w_abroad_eff <= 0) has value -Inf.
func DestinationValue(e EmigrationParams, wageAbroadEff, diaspora, stockHome, moveCost float64) float64 {
	if wageAbroadEff <= 0 {
		return math.Inf(-1)
	}
	net := 0.0
	if diaspora > 0 {
		net = math.Log1p(diaspora / max(stockHome, 1))
	}
	return e.WageGap*math.Log(wageAbroadEff) + e.Network*net - e.Cost - moveCost
}

// Inclusive is the log-sum-exp of destination values, the nested-logit
// inclusive value: with one destination it is that destination's value, so the
// hazard reduces to the single-destination form of docs/ODD.md. It fills
// probs with each destination's choice probability given a move. It returns
// -Inf, and zero probabilities, when no destination is open.
//
// It panics if len(probs) != len(values).
func Inclusive(values, probs []float64) float64 {
	if len(probs) != len(values) {
		panic("agents: Inclusive: len(probs) != len(values)")
	}
	best := math.Inf(-1)
	for _, v := range values {
		best = max(best, v)
	}
	if math.IsInf(best, -1) {
		clear(probs)
		return best
	}
	sum := 0.0
	for i, v := range values {
		probs[i] = math.Exp(v - best)
		sum += probs[i]
	}
	for i := range probs {
		probs[i] /= sum
	}
	return best + math.Log(sum)
}

// EmigrationRate is the emigration hazard per year of a person of the given
// age whose effective home wage is wageHomeEff, given the inclusive value of
// the destinations:
//
//	BaseRate * logistic(inclusive - WageGap*ln(wageHomeEff) + (1 - weight)*WageGap*ln(wageHomeEff/wageRef) - Age*(age - 30))
//
// Because the inclusive value carries WageGap*ln(w_abroad), the argument is
// WageGap*ln(w_abroad/w_home) plus the network and cost terms. wageRef is
// the home wage the person would earn at the scenario's wages (no top-up,
// shock or unemployment) and weight the wage-gap weight of the person's age
// (WageGapWeight): a change of the home wage from wageRef moves the logit
// by weight*WageGap per log point, while the level at wageRef is the same
// for every weight. Weight 1 is the single WageGap of earlier versions.
// Wages below 1 count as 1.
func EmigrationRate(e EmigrationParams, inclusive, wageHomeEff, wageRef, weight, age float64) float64 {
	if math.IsInf(inclusive, -1) {
		return 0
	}
	home := math.Log(max(wageHomeEff, 1))
	z := inclusive - e.WageGap*home - e.Age*(age-30)
	if weight != 1 {
		z += (1 - weight) * e.WageGap * (home - math.Log(max(wageRef, 1)))
	}
	return e.BaseRate * Logistic(z)
}

// WageGapWeight returns the wage-gap weight of a person of the given age,
// years: the Weight of the first band of WageGapByAge whose Below exceeds
// age; 1 if WageGapByAge is empty; the last band's weight beyond it. The
// engine tabulates it by age in steps, once.
func WageGapWeight(e EmigrationParams, age float64) float64 {
	if len(e.WageGapByAge) == 0 {
		return 1
	}
	for _, b := range e.WageGapByAge {
		if age < b.Below {
			return b.Weight
		}
	}
	return e.WageGapByAge[len(e.WageGapByAge)-1].Weight
}
