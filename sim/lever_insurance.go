package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindHealthInsurance, func(l *model.HealthInsurance) lever { return insuranceLever{l} })
}

// insuranceLever is health micro-insurance that emigrants buy for their
// households at home (docs/ODD.md 7.9). It acts on the spending of
// remittances only (spending, in metrics.go): no decision reads it but the
// youth's, through the remittances spent on education.
type insuranceLever struct{ l *model.HealthInsurance }

func (v insuranceLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	var covered, all int64
	for s := range e.nS {
		for d := range e.nD {
			n := e.total.diaspora(s, d)
			all += n
			if p.sectors[s] && p.dests[d] {
				covered += n
			}
		}
	}
	if all == 0 {
		return
	}
	h := v.l.Enrolment * float64(covered) * e.weight // insured households, one per paying emigrant
	premiums := h * v.l.Premium / float64(e.spy)
	c.insured += h
	c.premiums += premiums
	c.premiumCash += (1 - v.l.Additional) * premiums
	// Households receiving remittances: one per emigrant, so the insured
	// are a share covered / all of them.
	c.claimShare = min(1, c.claimShare+v.l.Cover*float64(covered)*v.l.Enrolment/float64(all))
}
