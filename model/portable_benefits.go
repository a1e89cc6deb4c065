package model

// PortableBenefits lowers the frictions of return and circular moves
// (portable pensions, health insurance, social security that follows the
// migrant home; Ghana's car hire-purchase and housing loans for health
// workers are retention benefits of the same form). Benefit is what each
// beneficiary, a returnee of the covered sectors, receives, in USD a year:
// it adds to the home income a returnee earns, so it enters the returnees'
// re-emigration hazard and, as the income an emigrant would earn on return,
// the return hazard, through their wage-gap terms. PaidBy says who pays it:
// the origin's budget (counted in the policy's cost) or the destination
// (pension rights earned abroad, no cost to the origin).
//
// ReturnEffect and CirculationEffect are the older, abstract form, shifts of
// the return and re-emigration logits with no cost; they are kept for
// scenarios that calibrate them, and add to what Benefit does.
type PortableBenefits struct {
	Benefit float64 `toml:"benefit"` // USD PPP per beneficiary per year; >= 0; 0 = none
	// PaidBy is who pays Benefit; the zero value, the destination, costs
	// the origin nothing.
	PaidBy            Payer   `toml:"paid_by"`
	ReturnEffect      float64 `toml:"return_effect"`      // logit units; any sign
	CirculationEffect float64 `toml:"circulation_effect"` // logit units; any sign
}

// Kind returns KindPortableBenefits.
func (*PortableBenefits) Kind() Kind { return KindPortableBenefits }

// Validate checks that the benefit is not negative; the logit shifts may
// have any finite value.
func (l *PortableBenefits) Validate() []Problem {
	var ps problems
	ps.nonNegative("benefit", l.Benefit)
	return ps
}
