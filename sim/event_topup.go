package sim

import (
	"github.com/brainsim/brainsim/model"
)

// A wage top-up for returnees paid for a limited time (model.WageTopUp with
// Eligible = returnees and Months > 0) is paid, in decide, to each returnee
// whose tenure at home is within its steps: rate x wage x skill a step. The
// event engine charges it for all at once from the skill of the returnees
// by the step they came home: for each return step r of the last
// retWindow + 1 steps and each sector, the sums over those returnees of
// their skill normalised by the growth index at home when uncapped (skill /
// G, as normSum) and of their skill when capped, kept exactly by the wakes
// (addNorm) in a ring after normSum and rawUnc in normAll. A returnee's
// part is taken back only while its return step is in the ring: after
// that, its slot holds a later step's returnees, and its part counts in no
// window any more.

// returneeWindow returns the longest window, in steps, of the scenario's
// wage top-ups for returnees paid for a limited time; 0 if it has none.
func returneeWindow(e *Engine) int {
	w := 0
	for _, p := range e.sc.Policies {
		if l, ok := p.Lever.(*model.WageTopUp); ok && l.Eligible == model.EligibleReturnees && l.Months > 0 {
			w = max(w, e.monthsToSteps(l.Months))
		}
	}
	return w
}

// retRing returns the number of return steps the ring keeps: the window,
// the step whose returnees are not paid yet, and one to clear; 0 without a
// window.
func (ev *eventState) retRing() int {
	if ev.retWindow == 0 {
		return 0
	}
	return ev.retWindow + 2
}

// addReturnee adds (sign 1) or takes back (sign -1) to the sums d (normAll's
// layout) the part of a returnee of sector s who came home at step r, with
// skill sk after step n, uncapped (un) or not.
func (e *Engine) addReturnee(d []float64, s, r int, un bool, sk float64, n int, sign float64) {
	nS, ring := e.nS, e.ev.retRing()
	slot := ((r % ring) + ring) % ring
	if un {
		d[2*nS+slot*nS+s] += sign * sk / e.gIndex(n, s)
	} else {
		d[2*nS+(ring+slot)*nS+s] += sign * sk
	}
}

// clearReturnees empties the ring's slot of return step n, before the
// returnees of step n are added to it; it held those of step n - ring, out
// of every window since.
func (e *Engine) clearReturnees(n int) {
	ev := e.ev
	ring := ev.retRing()
	if ring == 0 {
		return
	}
	nS, slot := e.nS, n%ring
	clear(ev.normAll[2*nS+slot*nS : 2*nS+(slot+1)*nS])
	clear(ev.normAll[2*nS+(ring+slot)*nS : 2*nS+(ring+slot+1)*nS])
}

// returneeSkill returns the skill, after step e.step, of the returnees of
// sector s whose tenure is from 1 to steps (0: any tenure from 1, a
// permanent top-up, event_benefit.go): those decide pays a top-up for
// returnees of that many steps in this step (a returnee is not paid in the
// step it comes home).
func (e *Engine) returneeSkill(s, steps int) float64 {
	ev, n, nS := e.ev, e.step, e.nS
	if steps <= 0 {
		return e.returneeSkillAll(s)
	}
	ring := ev.retRing()
	if ring == 0 {
		return 0
	}
	g, sum := e.gIndex(n, s), 0.0
	for r := n - min(steps, ev.retWindow); r < n; r++ {
		slot := ((r % ring) + ring) % ring
		sum += ev.normAll[2*nS+slot*nS+s]*g + ev.normAll[2*nS+(ring+slot)*nS+s]
	}
	return sum
}
