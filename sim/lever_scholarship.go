package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindScholarship, func(l *model.Scholarship) lever { return scholarshipLever{l} })
}

// scholarshipLever lowers the cost of training, paid per student-year.
type scholarshipLever struct{ l *model.Scholarship }

func (v scholarshipLever) adjust(e *Engine, c *conditions, k int) {
	for s, ok := range e.pols[k].sectors {
		if ok {
			c.scholarship[s] = append(c.scholarship[s], payment{policy: k, amount: v.l.Amount * e.scale[k]})
		}
	}
}
