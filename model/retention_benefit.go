package model

// RetentionBenefit gives workers at home in the covered sectors a non-wage
// benefit (Ghana's car hire-purchase scheme for doctors and preferential
// housing loans for all health personnel; seed
// 002_02df7b30806fa867.txt, "partial schemes to retain health
// professionals"). A share TakeUp of the eligible workers with a post takes
// it up (who does is drawn once per person and policy, so a recipient stays
// one); to a recipient it is worth Value a year, which enters the emigration
// hazard as a wage equivalent added to the home wage; it costs its payer
// Cost a year per recipient, which may differ from Value (a subsidised loan
// costs the state less than it is worth to the worker; a car bought at
// market price and resold cheap, more). A recipient who emigrates within
// TieMonths of receiving it (the later of the policy's start and the
// person's graduation or return) repays the outstanding benefit, Value x
// the tie's months left / 12, as revenue to the payer. The seeds give no
// figures: every value is "assumed" in the presets.
//
// The benefit does not enter the return decision of emigrants, nor the
// training choice: the schemes are for those in post.
type RetentionBenefit struct {
	TakeUp    float64 `toml:"take_up"`    // share of the eligible workers who take the benefit up; in [0, 1]; 0 gives it to no one
	Value     float64 `toml:"value"`      // worth to a recipient, USD PPP a year (a wage equivalent); >= 0
	Cost      float64 `toml:"cost"`       // cost to the payer per recipient, USD PPP a year; >= 0; 0 = free to the payer
	TieMonths float64 `toml:"tie_months"` // months after receipt within which a recipient who emigrates repays; in [0, 1440]; 0 = no repayment
	// PaidBy is who pays the cost and receives the repayments: the zero
	// value, the destination (a donor), costs the origin nothing;
	// "origin" charges policy_cost and the policy's budget.
	PaidBy Payer `toml:"paid_by"`
	// Eligible is who may take it up; the zero value is every worker and
	// returnee with a post ("public": graduates of public programmes;
	// "returnees": returnees only).
	Eligible Eligibility `toml:"eligible"`
}

// Kind returns KindRetentionBenefit.
func (*RetentionBenefit) Kind() Kind { return KindRetentionBenefit }

// Validate checks every parameter's range.
func (l *RetentionBenefit) Validate() []Problem {
	var ps problems
	ps.share("take_up", l.TakeUp)
	ps.nonNegative("value", l.Value)
	ps.nonNegative("cost", l.Cost)
	ps.months("tie_months", l.TieMonths, false)
	return ps
}
