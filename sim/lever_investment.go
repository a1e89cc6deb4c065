package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindDiasporaInvestment, func(l *model.DiasporaInvestment) lever { return investmentLever{l} })
}

// investmentLever turns diaspora contributions and their public match into
// funded posts at home (docs/ODD.md 7.9).
type investmentLever struct{ l *model.DiasporaInvestment }

func (v investmentLever) adjust(e *Engine, c *conditions, k int) {
	s := -1
	for i, ok := range e.pols[k].sectors {
		if ok {
			s = i
			break
		}
	}
	if s < 0 {
		return
	}
	fspy := float64(e.spy)
	// Remittances received in the previous step, as a yearly rate.
	received := (sum(e.total.sent) - sum(e.total.fees)) * e.weight * fspy
	contrib := (v.l.Contribution + v.l.RemittanceShare*received) * e.registerFactor(s)
	match := v.l.Match * contrib * e.scale[k]
	funds := contrib + match
	ppu := v.l.PostsPerUSD
	if ppu == 0 && e.lab.wage[s] > 0 {
		ppu = 1 / e.lab.wage[s]
	}
	posts := funds * ppu
	e.lab.addPosts(s, posts)
	c.investUSD += funds / fspy
	c.investPosts += posts
	if v.l.PaidBy == model.PaidByOrigin {
		c.flatCost = append(c.flatCost, payment{policy: k, amount: match / fspy})
	}
}
