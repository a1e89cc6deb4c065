package agents

import "math"

// Remittance is what one emigrant sends home in one step.
type Remittance struct {
	Sent     float64 // amount sent, USD PPP
	Fee      float64 // corridor fee paid out of Sent, USD PPP
	Received float64 // Sent - Fee, what the household receives
}

// Remit returns the remittance of an emigrant with annual income abroad over a
// step of 1/stepsPerYear years: share = Share * (1 + FemaleExtra if female) *
// exp(-Decay * yearsAbroad), capped at 1, of income, less the corridor fee, a
// share fee in [0, 1] of the amount (docs/ODD.md, "Remittances").
func Remit(r RemittanceParams, income, yearsAbroad float64, female bool, fee float64, stepsPerYear int) Remittance {
	return RemitShare(r, RemitDecay(r, yearsAbroad), income, female, fee, stepsPerYear)
}

// RemitDecay is the share of income a man remits after yearsAbroad years:
// Share * exp(-Decay * yearsAbroad). The engine tabulates it by time abroad.
func RemitDecay(r RemittanceParams, yearsAbroad float64) float64 {
	return r.Share * math.Exp(-r.Decay*yearsAbroad)
}

// RemitShare is Remit with the decayed share given (RemitDecay).
func RemitShare(r RemittanceParams, decayed, income float64, female bool, fee float64, stepsPerYear int) Remittance {
	share := decayed
	if female {
		share *= 1 + r.FemaleExtra
	}
	share = min(share, 1)
	sent := share * income / float64(stepsPerYear)
	f := sent * fee
	return Remittance{Sent: sent, Fee: f, Received: sent - f}
}

// Save returns the savings after one step abroad: savings grow by what is left
// of income after living costs and the amount sent, and never fall below zero.
func Save(savings, income, livingCost, sent float64, stepsPerYear int) float64 {
	return max(0, savings+(income-livingCost)/float64(stepsPerYear)-sent)
}
