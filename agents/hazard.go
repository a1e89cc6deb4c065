package agents

import "math"

// Logistic is the standard logistic function 1 / (1 + e^-x).
func Logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// StepProb converts a hazard rate per year into the probability of the event
// within one step of 1/stepsPerYear years: rate / stepsPerYear, capped at 1.
// The discrete form keeps the mean-field solution exact (docs/ODD.md,
// "Time"); for the monthly steps and the rates of the shipped scenarios it
// differs from 1 - exp(-rate/12) by less than 1%.
func StepProb(rate float64, stepsPerYear int) float64 {
	p := rate / float64(stepsPerYear)
	if p > 1 {
		return 1
	}
	if p < 0 {
		return 0
	}
	return p
}
