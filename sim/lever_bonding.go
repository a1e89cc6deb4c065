package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindBonding, func(l *model.Bonding) lever { return bondingLever{l} })
}

// bondingLever binds graduates of public programmes to service at home.
type bondingLever struct{ l *model.Bonding }

func (v bondingLever) adjust(e *Engine, c *conditions, k int) {
	for s, ok := range e.pols[k].sectors {
		if ok && e.sc.Sectors[s].PublicTraining {
			c.bond[s] = bond{policy: k, steps: steps16("bonding months", v.l.Months/12*float64(e.spy)),
				rate: v.l.BuyoutRate, buyout: v.l.Buyout}
		}
	}
}

// bond is the service obligation of graduates of a sector.
type bond struct {
	policy int
	steps  uint16  // steps owed; 0 = no bond
	rate   float64 // multiplier of the emigration hazard while bonded
	buyout float64 // paid by a bonded worker who leaves, USD
}

// bondFactor returns the factor of the emigration hazard of a bonded worker
// of sector s under the conditions c, and whether a bond or a service is
// in force (serveBond, and the event engine: event_bond.go): the bonding
// policy's rate, else the service's; none in force lifts the bond.
func (c *conditions) bondFactor(s int) (float64, bool) {
	if bd := c.bond[s]; bd.steps > 0 {
		return bd.rate, true
	}
	if sv := c.service[s]; sv.on {
		return sv.rate, true // a study-abroad scholar's service (lever_study_abroad.go)
	}
	return 1, false
}
