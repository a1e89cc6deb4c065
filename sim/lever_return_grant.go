package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindReturnGrant, func(l *model.ReturnGrant) lever { return returnGrantLever{l} })
}

// returnGrantLever pays returnees a grant, which raises the return logit.
type returnGrantLever struct{ l *model.ReturnGrant }

func (v returnGrantLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	g := v.l.Grant * e.scale[k]
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		for d, okd := range p.dests {
			if okd {
				i := s*e.nD + d
				c.returnExtra[i] += v.l.GrantEffect * g / e.sc.Sectors[s].WageHome
				c.grant[i] = append(c.grant[i], payment{policy: k, amount: g})
			}
		}
	}
}
