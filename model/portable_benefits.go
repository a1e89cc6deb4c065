package model

// PortableBenefits lowers the frictions of return and circular moves
// (portable pensions, dual citizenship): ReturnEffect adds to emigrants'
// return logit, CirculationEffect to returnees' re-emigration logit.
type PortableBenefits struct {
	ReturnEffect      float64 `toml:"return_effect"`      // logit units; any sign
	CirculationEffect float64 `toml:"circulation_effect"` // logit units; any sign
}

// Kind returns KindPortableBenefits.
func (*PortableBenefits) Kind() Kind { return KindPortableBenefits }

// Validate accepts any finite effect.
func (*PortableBenefits) Validate() []Problem { return nil }
