package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindPortableBenefits, func(l *model.PortableBenefits) lever { return portableLever{l} })
}

// portableLever pays returnees a benefit and shifts the return and
// re-emigration logits.
type portableLever struct{ l *model.PortableBenefits }

func (v portableLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	b := benefit{policy: k, amount: v.l.Benefit * e.scale[k], origin: v.l.PaidBy == model.PaidByOrigin}
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		if b.amount > 0 {
			c.benefits[s] = append(c.benefits[s], b)
		}
		c.circulation[s] += v.l.CirculationEffect
		for d, okd := range p.dests {
			if okd {
				c.returnExtra[s*e.nD+d] += v.l.ReturnEffect
			}
		}
	}
}

// benefit is a portable benefit paid to the returnees of one sector.
type benefit struct {
	policy int
	amount float64 // USD a year per beneficiary
	origin bool    // the origin pays (policy cost)
}

// returneeBenefit returns the benefits a returnee of sector s receives, USD
// a year, and, unless cost is nil, charges a step's worth (spy steps a
// year) to each policy the origin pays.
func (c *conditions) returneeBenefit(s int, spy float64, cost []float64) float64 {
	sum := 0.0
	for _, b := range c.benefits[s] {
		sum += b.amount
		if cost != nil && b.origin {
			cost[b.policy] += b.amount / spy
		}
	}
	return sum
}
