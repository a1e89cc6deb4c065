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
// completes a programme of trainingSteps steps.
func Graduates(monthsStudied, trainingSteps int) bool { return monthsStudied >= trainingSteps }
