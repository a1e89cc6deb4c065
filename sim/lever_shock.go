package sim

import (
	"math"

	"github.com/brainsim/brainsim/model"
)

func init() {
	register(model.KindShock, func(l *model.Shock) lever { return shockLever{l} })
}

// shockLever changes wages at home and abroad and the demand of destinations.
type shockLever struct{ l *model.Shock }

func (v shockLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		c.wageHome[s] *= 1 + v.l.WageHomeChange
		for d, okd := range p.dests {
			if okd {
				c.wageAbroad[s*e.nD+d] *= 1 + v.l.WageAbroadChange
			}
		}
	}
	for d, ok := range p.dests {
		if ok && v.l.DemandChange > -1 {
			c.appeal[d] += math.Log1p(v.l.DemandChange)
		}
	}
}

// quotas scales the covered destinations' quotas with the change in demand.
func (v shockLever) quotas(e *Engine, q []float64, k int) {
	if v.l.DemandChange == 0 {
		return
	}
	nS := e.nS
	for d, ok := range e.pols[k].dests {
		if !ok {
			continue
		}
		for i := d * (nS + 1); i < (d+1)*(nS+1); i++ {
			if !math.IsInf(q[i], 1) {
				q[i] = max(0, q[i]*(1+v.l.DemandChange))
			}
		}
	}
}
