package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindSkillsRegister, func(l *model.SkillsRegister) lever { return registerLever{l} })
}

// registerLever is a diaspora skills register: it charges its running cost;
// the levers it helps read its factor with registerFactor.
type registerLever struct{ l *model.SkillsRegister }

func (v registerLever) adjust(e *Engine, c *conditions, k int) {
	if v.l.PaidBy == model.PaidByOrigin && v.l.Cost > 0 {
		c.flatCost = append(c.flatCost, payment{policy: k, amount: v.l.Cost * e.scale[k] / float64(e.spy)})
	}
}

// registerFactor returns the factor by which the skills registers in force
// for sector s multiply the take-up of diaspora programmes: the product over
// registers of 1 + registered x match_gain x the register's budget scale.
// It scans the policies (a few) once per calling lever and step, so that it
// does not depend on the order of the policies; a register's budget scale is
// the one in force when it is read (the previous step's for a register listed
// after the programme).
func (e *Engine) registerFactor(s int) float64 {
	f := 1.0
	for k := range e.pols {
		p := &e.pols[k]
		l, ok := p.p.Lever.(*model.SkillsRegister)
		if !ok || !p.sectors[s] || !p.p.Active(e.cond.year) {
			continue
		}
		f *= 1 + l.Registered*l.MatchGain*e.scale[k]
	}
	return f
}
