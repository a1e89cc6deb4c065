package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindRemittanceFeeCut, func(l *model.RemittanceFeeCut) lever { return feeCutLever{l} })
}

// feeCutLever lowers the corridor fee, by subsidy or by regulation.
type feeCutLever struct{ l *model.RemittanceFeeCut }

func (v feeCutLever) adjust(e *Engine, c *conditions, k int) {
	for d, ok := range e.pols[k].dests {
		if ok && v.l.Fee < c.fee[d] {
			if v.l.CostPerPoint > 0 {
				c.feeSubsidy[d] = append(c.feeSubsidy[d], payment{policy: k, amount: (c.fee[d] - v.l.Fee) * 100 * v.l.CostPerPoint / 1000})
			}
			c.fee[d] = v.l.Fee
		}
	}
}
