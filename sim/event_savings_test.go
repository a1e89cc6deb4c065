package sim

import (
	"testing"

	"github.com/brainsim/brainsim/agents"
)

// TestSavingsReach checks the projection of event_savings.go against the
// savings of each emigrant's cohort followed step by step with agents.Save
// under the same (constant) conditions, on bench.toml after a year: the
// projected step is never later than the first step the savings, rounded to
// float32 as decide compares them, reach the target (so the bound without
// the savings term holds until it), and for the recognised, whose
// increments are all positive, it is that step, or both are past
// retirement.
func TestSavingsReach(t *testing.T) {
	sc := benchWhole(t, 20000, 2, 1)
	e := newEvent(sc, 0, 1)
	for range e.spy {
		e.Step()
	}
	if !e.ev.sav.on {
		t.Fatal("the projection is off on bench.toml")
	}
	p, c, from := &e.pop, &e.cond, e.step-1
	target := sc.Return.SavingsTarget
	checked, exact := 0, 0
	for i := range p.rec {
		st := p.rec[i].state
		if st != agents.Emigrant || p.rec[i].flags&flagAssigned != 0 {
			continue
		}
		s, d, fl := int(p.rec[i].sector), int(p.rec[i].dest), p.rec[i].flags
		arrived := int(e.ev.slot[i].touched) - int(p.rec[i].tenure)
		sav := e.ev.coSav[e.cohortIndex(arrived, s, d, fl)]
		reach, with := e.savingsReach(i, s, from)
		if with != (sav >= target*(1-1e-6)) {
			t.Fatalf("emigrant %d: savings %v, term in the bound %v", i, sav, with)
		}
		if with {
			continue
		}
		income, remit := c.waste[d], c.remitWaste[d]
		if fl&flagRecognised != 0 {
			income, remit = c.wageAbroad[s*e.nD+d], c.remitRec[s*e.nD+d]
		}
		actual := neverStep
		for n := from + 1; n-arrived <= int(e.retireSteps); n++ {
			ten := min(n-arrived, len(e.remitDecay)-1)
			r := agents.RemitShare(sc.Remittance, remit*e.remitDecay[ten], income, fl&flagFemale != 0, c.fee[d], e.spy)
			sav = agents.Save(sav, income, sc.Destinations[d].LivingCost, r.Sent, e.spy)
			if float64(float32(sav)) >= target {
				actual = n
				break
			}
		}
		if reach > actual {
			t.Fatalf("emigrant %d: projected to reach the target at step %d, reaches it at %d", i, reach, actual)
		}
		if fl&flagRecognised != 0 && reach != actual && actual != neverStep {
			t.Errorf("recognised emigrant %d: projected %d, reaches it at %d", i, reach, actual)
		}
		if reach == actual && actual != neverStep {
			exact++
		}
		checked++
	}
	if checked < 200 || exact < 20 {
		t.Fatalf("%d emigrants checked, %d reaching the target at the projected step: too few", checked, exact)
	}
	t.Logf("%d emigrants checked, %d reach the target at the projected step", checked, exact)
}
