package model

// SkillsRegister is a database of the diaspora's skills that matches its
// members with programmes at home: the Franco-Malian co-development fund
// "was used to register skills of Malians in France"; Moldova's scientific
// diaspora programme built "a database featuring all interested candidates"
// for temporary assignments (seed 002_02df7b30806fa867.txt). With a share
// Registered of the diaspora of the covered sectors on the register and a
// MatchGain for a registered member, programmes in those sectors reach
// 1 + Registered x MatchGain times as many: the acceptance of
// temporary_return offers (capped at 1) and the contributions to
// diaspora_investment are multiplied by that factor. The seeds give no
// figure of the gain: values in the presets are "assumed".
type SkillsRegister struct {
	Registered float64 `toml:"registered"` // share of the diaspora on the register; in [0, 1]; 0 = no effect
	MatchGain  float64 `toml:"match_gain"` // relative gain in take-up of a registered member, 0.5 = +50%; >= 0
	Cost       float64 `toml:"cost"`       // running cost of the register, USD PPP a year; >= 0
	// PaidBy is who pays the cost: the zero value, the destination (a
	// donor), costs the origin nothing; "origin" charges policy_cost and
	// the policy's budget.
	PaidBy Payer `toml:"paid_by"`
}

// Kind returns KindSkillsRegister.
func (*SkillsRegister) Kind() Kind { return KindSkillsRegister }

// Validate checks every parameter's range.
func (l *SkillsRegister) Validate() []Problem {
	var ps problems
	ps.share("registered", l.Registered)
	ps.nonNegative("match_gain", l.MatchGain)
	ps.nonNegative("cost", l.Cost)
	return ps
}
