package sim

import "github.com/brainsim/brainsim/agents"

// Training delays (Sector.TrainingDelay, docs/ODD.md "Completion") in the
// event engine. Within its programme's fixed length (gradStep) a student's
// one hazard is dropping out, bounded by dropBound, and the step at which
// the fixed length is done is a scheduled step, as without a delay. In a
// sector with a delay that step does not graduate anyone (graduation is
// certain in no step: c.graduate < 1); it is where the student enters the
// delayed phase. Past the fixed length graduating and dropping out compete
// (conditions.studentOutcome: c.graduate and c.dropLate from
// agents.Competing), so the student is a candidate drawn from a bound of
// their sum, lateBound, and thinning decides with the one uniform which of
// the two happened, exactly as decide does (the wake calls the same
// studentOutcome). The sum depends on the dropout hazard, which falls with
// education quality, so the bound is checked every step and, when exceeded,
// raised with the dropout bound's headroom and the sector's students'
// candidates drawn again (delayBounds).

// delayInit sets the bounds of the delayed phase from the first step's
// conditions, for the sectors with a training delay; without one the
// engine keeps no bounds (late stays nil) and nothing here runs.
func (e *Engine) delayInit() {
	ev := e.ev
	for s, sec := range e.sc.Sectors {
		if sec.TrainingDelay <= 0 {
			continue
		}
		if ev.late == nil {
			ev.late = make([]float64, e.nS)
		}
		ev.late[s] = min(1, e.lateProb(s)*dropHeadroom)
	}
}

// lateProb returns the probability that a student of sector s past its
// fixed length graduates or drops out in a step, at this step's conditions.
func (e *Engine) lateProb(s int) float64 {
	return e.cond.graduate[s] + e.cond.dropLate[s]
}

// delayed tells whether sector s has a training delay (a delayed phase).
func (e *Engine) delayed(s int) bool {
	return e.ev.late != nil && e.ev.late[s] > 0
}

// delayBounds raises the bound of the delayed phase of each sector whose
// conditions exceed it and draws the sector's students' candidates again;
// it reports whether the calendar must be rebuilt.
func (e *Engine) delayBounds(key uint64) bool {
	ev, rebuild := e.ev, false
	if ev.late == nil {
		return false
	}
	for s := range e.nS {
		if p := e.lateProb(s); e.delayed(s) && p > ev.late[s] {
			ev.late[s] = min(1, p*dropHeadroom)
			rebuild = e.redraw(s, key, func(st agents.State) bool { return st == agents.Student }) || rebuild
		}
	}
	return rebuild
}

// studentBound returns the bound of the per-step probability of a
// student's event in sector s over a window whose first step the student
// starts at tenure ten (steps): past the fixed length ts, in a sector with
// a delay, that of graduating or dropping out; else that of dropping out.
// plan never draws a window that spans both phases: the step at which the
// fixed length is done is scheduled (studentSched).
func (e *Engine) studentBound(s, ten, ts int) float64 {
	if ten > ts && e.delayed(s) {
		return e.ev.late[s]
	}
	return e.ev.dropBound[s]
}

// studentSched returns the next scheduled step of student i of sector s,
// whose tenure after step from is ten, before retirement: the step at which
// its fixed length is done (graduation, or in a sector with a delay the
// entry into the delayed phase), or, past it in a sector with a delay,
// none (neverStep: graduation is a candidate).
func (e *Engine) studentSched(i, s, from, ten int) int {
	ts := e.gradStep(i, s)
	if ten >= ts && e.delayed(s) {
		return neverStep
	}
	return from + max(1, ts-ten)
}
