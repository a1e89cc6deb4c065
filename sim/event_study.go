package sim

import "github.com/brainsim/brainsim/agents"

// Study abroad (lever_study_abroad.go) in the event engine. A student abroad
// has no hazard but death: its one scheduled step is the end of its study,
// timer steps after its touch (plan), where it is stepped as decide steps it
// then (studyEnd). The origin's cost of a student a step, which decide
// charges to each student abroad it steps, is charged for all at once from
// the students abroad after the wakes by sector and destination (tally.away)
// and, for those whose study ends in the step, in their wake (studyCosts).
// A service owed at home after study (service_years) is a bond
// (event_bond.go): the obliged graduate who comes home is a bonded worker.

// studyEnd steps student abroad i of sector s at the scheduled end of its
// study, step now: as decide does at its last step of study
// (Engine.studyAbroad), the step's cost, the graduation and the choice to
// stay or come home. A graduate who stays joins the emigrants who arrived
// in step now. It returns the new state.
func (e *Engine) studyEnd(b *block, i, s, now int, k uint64) agents.State {
	p := &e.pop
	if p.rec[i].timer != 0 {
		panic("sim: a student abroad woken before the end of its study")
	}
	p.rec[i].timer = 1 // the step studyAbroad counts down
	st := e.studyAbroad(b, i, s, k)
	e.arrive(b, i, s, now, st)
	return st
}

// studyCosts charges this step's cost of the students abroad still studying
// after the wakes, as studyAbroad charges each one it steps; those whose
// study ended in the step were charged in their wake.
func (e *Engine) studyCosts() {
	if e.studyTerms == nil {
		return
	}
	t := &e.total
	for s := range e.nS {
		for d := range e.nD {
			tm := &e.studyTerms[s*e.nD+d]
			if n := t.away[(e.nS+s)*e.nD+d]; n > 0 && tm.costPerStep != 0 {
				t.cost[tm.policy] += float64(n) * tm.costPerStep
			}
		}
	}
}
