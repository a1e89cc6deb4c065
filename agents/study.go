package agents

import "math"

// DropoutRate is a student's dropout hazard per year: the sector's rate at full
// education quality, raised as quality falls, rate * quality^(-elasticity)
// (docs/ODD.md, "Completion"). Quality is clamped to [0.05, 1] so that a
// collapse of teaching does not give an infinite hazard.
func DropoutRate(rate, quality, elasticity float64) float64 {
	q := min(max(quality, 0.05), 1)
	if elasticity == 0 || q == 1 {
		return rate
	}
	return rate * math.Pow(q, -elasticity)
}

// Graduates reports whether a student who has studied monthsStudied steps
// completes a programme of trainingSteps steps of fixed length.
func Graduates(monthsStudied, trainingSteps int) bool { return monthsStudied >= trainingSteps }

// CompletionRate is the yearly hazard of graduating once the fixed length of
// a programme is done, for a mean delay of delayYears beyond it: 1 /
// delayYears, so that the extra time is exponential with that mean
// (docs/ODD.md, "Completion"). A delay of 0 (fixed length) gives +Inf: the
// student graduates as soon as the fixed length is done.
func CompletionRate(delayYears float64) float64 {
	if !(delayYears > 0) {
		return math.Inf(1)
	}
	return 1 / delayYears
}
