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
// share fee in [0, 1] of the amount (docs/ODD.md, "Remittances"). It is
// the amount at the reference fee and income (RemitFactor = 1).
func Remit(r RemittanceParams, income, yearsAbroad float64, female bool, fee float64, stepsPerYear int) Remittance {
	return RemitShare(r, RemitDecay(r, yearsAbroad), income, female, fee, stepsPerYear)
}

// RemitDecay is the share of income a man remits after yearsAbroad years:
// Share * exp(-Decay * yearsAbroad). The engine tabulates it by time abroad.
func RemitDecay(r RemittanceParams, yearsAbroad float64) float64 {
	return r.Share * math.Exp(-r.Decay*yearsAbroad)
}

// RemitShare is Remit with the decayed share given (RemitDecay). The engine
// passes the decayed share times RemitFactor, so that the amount responds
// to the fee and to income; the share is capped at 1 after both.
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

// RemitFactor multiplies the share of income remitted for the cost of
// sending and for income (docs/ODD.md, "Remittances"):
//
//	((1 - fee) / (1 - refFee))^FeeElasticity x (income / refIncome)^(IncomeElasticity - 1)
//
// The first term is the response to the price of delivering one dollar
// home, 1 / (1 - fee), fee a share of the amount sent; refFee is the fee at
// which the scenario's share holds (the destination's own fee), so a policy
// that cuts the fee raises the amount sent, not only what arrives. It is 1
// when fee = refFee, when FeeElasticity is 0, and when refFee >= 1 (nothing
// arrives at the reference, so no price to compare with). The second term
// turns share x income into share x refIncome x (income /
// refIncome)^IncomeElasticity, refIncome the income at the scenario's
// wages; it is 1 when IncomeElasticity is 1, when income = refIncome, and
// when either is <= 0.
func RemitFactor(r RemittanceParams, fee, refFee, income, refIncome float64) float64 {
	f := 1.0
	if r.FeeElasticity != 0 && fee != refFee && refFee < 1 {
		f = math.Pow(max(1-fee, 0)/(1-refFee), r.FeeElasticity)
	}
	if r.IncomeElasticity != 1 && income != refIncome && income > 0 && refIncome > 0 {
		f *= math.Pow(income/refIncome, r.IncomeElasticity-1)
	}
	return f
}

// Save returns the savings after one step abroad: savings grow by what is left
// of income after living costs and the amount sent, and never fall below zero.
func Save(savings, income, livingCost, sent float64, stepsPerYear int) float64 {
	return max(0, savings+(income-livingCost)/float64(stepsPerYear)-sent)
}
