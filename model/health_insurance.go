package model

// HealthInsurance is health micro-insurance for households at home paid by
// their emigrant members (CERMES, "Resource mobilization among migrant
// communities for health micro insurance", Mali, Senegal, Comoros and
// France: migrants "will be asked to contribute the premiums for micro
// insurance health products, and to cover their families living in their
// country of origin"; seed 002_02df7b30806fa867.txt). A share Enrolment of
// the emigrants of the covered sectors at the covered destinations pays
// Premium a year for one household each (one household per emigrant). A
// share Additional of the premiums is sent on top of cash remittances; the
// rest comes out of the cash households would have received, less cash for
// education and health. The insurance pays a share Cover of an insured
// household's health spending: out-of-pocket spending falls by as much
// (household_health_spending), and remittances_health counts the premiums,
// which fund the claims, instead of the spending they cover. The seeds give
// no premium or cover: values in the presets are "assumed". No public cost.
type HealthInsurance struct {
	Premium    float64 `toml:"premium"`    // USD PPP a year per insured household; >= 0
	Enrolment  float64 `toml:"enrolment"`  // share of the covered emigrants who pay a premium; in [0, 1]; 0 = nobody
	Cover      float64 `toml:"cover"`      // share of an insured household's health spending the insurance pays; in [0, 1]
	Additional float64 `toml:"additional"` // share of the premiums sent on top of cash remittances; in [0, 1]; 0 = all out of the cash sent
}

// Kind returns KindHealthInsurance.
func (*HealthInsurance) Kind() Kind { return KindHealthInsurance }

// Validate checks every parameter's range.
func (l *HealthInsurance) Validate() []Problem {
	var ps problems
	ps.nonNegative("premium", l.Premium)
	ps.share("enrolment", l.Enrolment)
	ps.share("cover", l.Cover)
	ps.share("additional", l.Additional)
	return ps
}
