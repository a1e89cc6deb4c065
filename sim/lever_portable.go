package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindPortableBenefits, func(l *model.PortableBenefits) lever { return portableLever{l} })
}

// portableLever shifts the return and re-emigration logits.
type portableLever struct{ l *model.PortableBenefits }

func (v portableLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		c.circulation[s] += v.l.CirculationEffect
		for d, okd := range p.dests {
			if okd {
				c.returnExtra[s*e.nD+d] += v.l.ReturnEffect
			}
		}
	}
}
