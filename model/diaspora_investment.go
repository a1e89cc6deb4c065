package model

// DiasporaInvestment is a diaspora fund or matched-savings scheme that
// finances posts at home (PAISD, France-Senegal: co-funding of local projects
// of migrants' associations, "health facilities, schools"; the
// Franco-Malian co-development fund; seed 002_02df7b30806fa867.txt). The
// diaspora contributes Contribution a year plus RemittanceShare of the
// remittances households received in the previous step (as a yearly rate);
// the payer adds Match USD per USD contributed. The fund pays for posts in
// the first covered sector (in scenario order): PostsPerUSD posts per USD a
// year, or, when 0, one post per the sector's home wage (the fund pays the
// wage of the posts it creates). The posts add to the sector's funded posts
// (Sector.Posts or WageBudget) while the policy is in force, which the
// labour market fills from the unemployed; a sector without a limit of
// posts has no vacancies to fill, so the posts are counted but change no
// one's employment.
type DiasporaInvestment struct {
	Contribution    float64 `toml:"contribution"`     // diaspora contributions, USD PPP a year; >= 0
	RemittanceShare float64 `toml:"remittance_share"` // share of remittances received that is invested; in [0, 1]; 0 = none
	Match           float64 `toml:"match"`            // USD the payer adds per USD contributed; >= 0; 0 = no match
	PostsPerUSD     float64 `toml:"posts_per_usd"`    // posts funded per USD a year; >= 0; 0 = 1 / the sector's home wage
	// PaidBy is who pays the match: the zero value, the destination (a
	// donor, as France in PAISD), costs the origin nothing; "origin"
	// charges policy_cost and the policy's budget.
	PaidBy Payer `toml:"paid_by"`
}

// Kind returns KindDiasporaInvestment.
func (*DiasporaInvestment) Kind() Kind { return KindDiasporaInvestment }

// Validate checks every parameter's range.
func (l *DiasporaInvestment) Validate() []Problem {
	var ps problems
	ps.nonNegative("contribution", l.Contribution)
	ps.share("remittance_share", l.RemittanceShare)
	ps.nonNegative("match", l.Match)
	ps.nonNegative("posts_per_usd", l.PostsPerUSD)
	return ps
}
