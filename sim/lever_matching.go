package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindRemittanceMatching, func(l *model.RemittanceMatching) lever { return matchingLever{l} })
}

// matchingLever matches collective remittances with public money.
type matchingLever struct{ l *model.RemittanceMatching }

func (v matchingLever) adjust(e *Engine, c *conditions, k int) {
	c.matching = append(c.matching, matching{policy: k, share: v.l.CollectiveShare, match: v.l.Match * e.scale[k]})
}

// matching is a public match of collective remittances.
type matching struct {
	policy       int
	share, match float64
}
