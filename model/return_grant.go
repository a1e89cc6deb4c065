package model

// ReturnGrant pays each returning emigrant of the covered sectors and
// destinations a one-off Grant, which adds GrantEffect x Grant / (annual home
// wage) to the return logit.
type ReturnGrant struct {
	Grant       float64 `toml:"grant"`        // USD per returnee; >= 0
	GrantEffect float64 `toml:"grant_effect"` // logit units per year of home wage granted; >= 0
}

// Kind returns KindReturnGrant.
func (*ReturnGrant) Kind() Kind { return KindReturnGrant }

// Validate checks that the grant and its effect are not negative.
func (l *ReturnGrant) Validate() []Problem {
	var ps problems
	ps.nonNegative("grant", l.Grant)
	ps.nonNegative("grant_effect", l.GrantEffect)
	return ps
}
