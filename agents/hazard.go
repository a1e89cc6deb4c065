package agents

import "math"

// Logistic is the standard logistic function 1 / (1 + e^-x).
func Logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// StepProb converts a hazard rate per year into the probability of the event
// within one step of 1/stepsPerYear years: 1 - exp(-rate/stepsPerYear), the
// exact probability for a hazard that is constant over the step. So k steps
// of 1/k years give the same chance of the event as one step of a year, and
// results do not depend on the step length beyond the discretisation of the
// rates themselves (docs/ODD.md, "Time"). A rate that is not positive (or
// NaN) gives 0. The form is increasing in rate, so the probability of a
// bound of a hazard bounds the probability of the hazard (thinning).
func StepProb(rate float64, stepsPerYear int) float64 {
	if !(rate > 0) {
		return 0
	}
	return -math.Expm1(-rate / float64(stepsPerYear))
}

// StepRate is the inverse of StepProb: the constant yearly hazard that gives
// the probability p in one step of 1/stepsPerYear years. p >= 1 gives +Inf.
func StepRate(p float64, stepsPerYear int) float64 {
	if !(p > 0) {
		return 0
	}
	return -math.Log1p(-p) * float64(stepsPerYear)
}

// Competing returns the probabilities that each of two competing events with
// constant yearly hazards h1 and h2 happens first within one step of
// 1/stepsPerYear years: h_j/H (1 - exp(-H/stepsPerYear)) with H = h1 + h2,
// the exact split of continuous-time competing risks. One uniform draw u then
// decides: u < p1 is the first event, p1 <= u < p1 + p2 the second.
func Competing(h1, h2 float64, stepsPerYear int) (p1, p2 float64) {
	h1, h2 = max(h1, 0), max(h2, 0)
	h := h1 + h2
	if !(h > 0) {
		return 0, 0
	}
	pAny := StepProb(h, stepsPerYear)
	if math.IsInf(h, 1) {
		// An infinite hazard happens at once; two are equally likely first.
		switch {
		case math.IsInf(h1, 1) && math.IsInf(h2, 1):
			return 0.5, 0.5
		case math.IsInf(h1, 1):
			return 1, 0
		default:
			return 0, 1
		}
	}
	return h1 / h * pAny, h2 / h * pAny
}
