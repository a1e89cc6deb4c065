package agents

import "math"

// SectorOutlook is what a youth knows of one sector when choosing training.
type SectorOutlook struct {
	WageHome       float64 // annual wage at home, USD PPP
	WageAbroad     float64 // annual wage abroad if credentials are recognised, USD PPP
	WageWaste      float64 // annual wage abroad if they are not (brain waste), USD PPP
	Recognition    float64 // chance of recognition abroad, in [0, 1]
	MigrationP     float64 // perceived chance of emigrating, in [0, 1]
	Cost           float64 // training cost per year of working life, USD PPP
	Fee            float64 // fee per year of training net of scholarships, USD PPP; read by the credit limit
	Preference     float64 // sector-specific taste, logit units
	SeatsAvailable bool    // false when the sector takes no entrants this year
}

// ExpectedIncome is the expected annual income of training for a sector, net
// of cost: (1 - p) w_home + p (r w_abroad + (1 - r) w_waste) - cost
// (docs/ODD.md, "Training choice"; Beine, Docquier and Rapoport 2001).
func ExpectedIncome(o SectorOutlook) float64 {
	p, r := o.MigrationP, o.Recognition
	return (1-p)*o.WageHome + p*(r*o.WageAbroad+(1-r)*o.WageWaste) - o.Cost
}

// TrainingProbabilities fills dst[0] with the probability of not training and
// dst[1+s] with that of training in sector s, by a multinomial logit whose
// utilities are Sensitivity * ln(ExpectedIncome / wageUntrained) + Preference,
// against NoTraining for staying untrained: log utility of income, so that a
// doubling of expected income weighs the same in every sector. A sector whose
// expected income net of cost is not positive is never chosen. The perceived
// migration chance is scaled by MigrationResponse before use. Sectors without
// seats get probability zero.
//
// It panics if len(dst) != len(sectors)+1 or wageUntrained <= 0.
func TrainingProbabilities(dst []float64, t TrainingParams, wageUntrained float64, sectors []SectorOutlook) {
	if len(dst) != len(sectors)+1 {
		panic("agents: TrainingProbabilities: len(dst) != len(sectors)+1")
	}
	if wageUntrained <= 0 {
		panic("agents: TrainingProbabilities: untrained wage must be positive")
	}
	// Subtract the largest utility before exponentiating, for stability.
	best := t.NoTraining
	u := dst[1:]
	for s, o := range sectors {
		o.MigrationP *= t.MigrationResponse
		u[s] = math.Inf(-1)
		if eu := ExpectedIncome(o); o.SeatsAvailable && eu > 0 {
			u[s] = t.Sensitivity*math.Log(eu/wageUntrained) + o.Preference
			best = max(best, u[s])
		}
	}
	dst[0] = math.Exp(t.NoTraining - best)
	sum := dst[0]
	for s := range u {
		u[s] = math.Exp(u[s] - best) // exp(-Inf) = 0 for closed sectors
		sum += u[s]
	}
	for i := range dst {
		dst[i] /= sum
	}
}

// Choose returns the index i of the category picked by the uniform draw u in
// [0, 1) from the probabilities p, the first i with u < p[0] + ... + p[i]. A
// draw beyond the sum (rounding) picks the last category with positive
// probability.
func Choose(p []float64, u float64) int {
	last := -1
	acc := 0.0
	for i, pi := range p {
		if pi <= 0 {
			continue
		}
		acc += pi
		last = i
		if u < acc {
			return i
		}
	}
	return last
}
