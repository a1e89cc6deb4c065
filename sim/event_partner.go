package sim

import (
	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// Training partnerships in the event engine (lever_partnership.go). What
// decide does person by person for a partnership's students and graduates,
// the event engine does as follows:
//
//   - the origin's cost per student-year (partnership.cost), which decide
//     charges every student on a partnership seat who lives through the
//     step's start, and the count of publicly financed students, from which
//     decide leaves them out, come from a count of the partnership's
//     students by sector (eventPartner.students) kept from the deltas of
//     the wakes (entry, graduation, dropout, death, retirement), plus those
//     who graduated or dropped out in the step (stepped in it, as decide
//     steps them);
//   - the factor of the emigration hazard of its graduates at home
//     (partnership.factor, 0 = 1) multiplies their personal bound
//     (emigBoundOf) by a bound of the factor by sector (eventPartner.factor),
//     raised when the conditions' factor exceeds it (the policy ends and
//     the factor returns to 1), the candidates of the sector's partnership
//     graduates at home then drawn again;
//   - the away track (graduate) and the recognition at the partner's
//     standard (admit) are the step engine's own code, shared.

// eventPartner is the event engine's state of the training partnerships;
// nil when the scenario has none, so that the lever costs nothing without
// them.
type eventPartner struct {
	// [sector] bound of the factor of the emigration hazard of the
	// partnership's graduates at home (partnerFactor) over the steps
	// their candidates were drawn for.
	factor []float64
	// [sector] students on partnership seats (flagPartner) after the last
	// step's wakes.
	students []int64
	// [shard][cacheLine + sector] changes of students made by the wakes of
	// the step, then [cacheLine + nS + sector] the partnership's students
	// who graduated or dropped out in it; padded by a cache line on each
	// side, so that the shards' wakes, in parallel, write apart.
	shard [][]int64
	done  []int64 // [sector] of this step: those who graduated or dropped out
}

// newEventPartner returns the partnerships' state for a scenario with a
// training_partnership policy, else nil.
func newEventPartner(sc *model.Scenario) *eventPartner {
	for _, p := range sc.Policies {
		if _, ok := p.Lever.(*model.TrainingPartnership); ok {
			nS := len(sc.Sectors)
			return &eventPartner{factor: make([]float64, nS), students: make([]int64, nS), done: make([]int64, nS)}
		}
	}
	return nil
}

// partnerFactor returns the factor of the emigration hazard of a
// partnership graduate at home in sector s under the conditions c, as
// decide applies it: the partnership's factor, 1 when it has none or none
// is in force.
func partnerFactor(c *conditions, s int) float64 {
	if f := c.partner[s].factor; f > 0 {
		return f
	}
	return 1
}

// partnerInit sets the bounds of the factors from the first step's
// conditions and counts the initial population's partnership students
// (none today: init.go gives no one a partnership seat).
func (e *Engine) partnerInit() {
	pt := e.ev.part
	if pt == nil {
		return
	}
	for s := range e.nS {
		pt.factor[s] = partnerFactor(&e.cond, s)
	}
	p := &e.pop
	for i := range p.rec {
		st := p.rec[i].state
		if st == agents.Student && p.rec[i].flags&flagPartner != 0 {
			pt.students[p.rec[i].sector]++
		}
	}
}

// partnerShards makes room for the deltas of nb shards and zeroes them.
func (e *Engine) partnerShards(nb int) {
	pt := e.ev.part
	if pt == nil {
		return
	}
	for len(pt.shard) < nb {
		pt.shard = append(pt.shard, make([]int64, cacheLine+2*e.nS+cacheLine))
	}
	for _, d := range pt.shard[:nb] {
		clear(d)
	}
}

// partnerDelta adds n to the count of partnership students of sector s
// (j = 0) or of those who graduated or dropped out this step (j = 1), in
// the deltas of the shard of slot i. Only a partnership gives flagPartner,
// so part is set when it is called; the test keeps a stray flag harmless.
func (e *Engine) partnerDelta(i, j, s int, n int64) {
	if pt := e.ev.part; pt != nil {
		pt.shard[i/e.ev.shard][cacheLine+j*e.nS+s] += n
	}
}

// partnerBounds raises the bound of the factor of sector s that this
// step's conditions exceed and draws again the candidates of the sector's
// partnership graduates at home; it reports whether the calendar must be
// rebuilt.
func (e *Engine) partnerBounds(key uint64) bool {
	pt := e.ev.part
	if pt == nil {
		return false
	}
	rebuild := false
	p := &e.pop
	for s := range e.nS {
		f := partnerFactor(&e.cond, s)
		if f <= pt.factor[s] {
			continue
		}
		pt.factor[s] = f
		for i := range p.rec {
			st := p.rec[i].state
			if st.AtHome() && int(p.rec[i].sector) == s && p.rec[i].flags&flagPartner != 0 {
				e.plan(i, e.step-1, agentKey(key, p.id[i]), drawSkipRebound, true)
			}
		}
		rebuild = true
	}
	return rebuild
}

// partnerCosts adds the wakes' deltas to the count of the partnership's
// students and charges this step's cost per student-year to the
// partnerships in force, as decide charges every student on their seats
// who lives through the step's start: those still students after the
// wakes and those who graduated or dropped out in them.
func (e *Engine) partnerCosts(nb int) {
	pt := e.ev.part
	if pt == nil {
		return
	}
	clear(pt.done)
	for _, d := range pt.shard[:nb] {
		for s := range e.nS {
			pt.students[s] += d[cacheLine+s]
			pt.done[s] += d[cacheLine+e.nS+s]
		}
	}
	for s := range e.nS {
		if c := e.cond.partner[s]; c.seats > 0 && c.cost != 0 {
			e.total.cost[c.policy] += float64(pt.students[s]+pt.done[s]) * c.cost / float64(e.spy)
		}
	}
}

// partnerStudents returns the students on partnership seats in sector s
// after this step's wakes: not publicly financed (decide leaves them out of
// tally.public).
func (e *Engine) partnerStudents(s int) int64 {
	if pt := e.ev.part; pt != nil {
		return pt.students[s]
	}
	return 0
}
