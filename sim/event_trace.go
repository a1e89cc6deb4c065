package sim

import "github.com/brainsim/brainsim/agents"

// Agent traces (trace.go) in the event engine. The persons traced are the
// step engine's sample (the n smallest trace hashes, decided at entry by
// enterTraced, which the engines share), and their records are the step
// engine's: the same events, with the same fields, so that a person's rows
// tell the story the stocks count.
//
// A traced person is woken as any other, so that tracing changes nothing
// of the run (RunWith's promise holds for both engines): its events are
// those of its wakes, and its fields at a wake are brought up to date in
// closed form, so that they are those decide would hold. Where decide notes
// an event before the step's growth of skill and savings (death,
// retirement, the end of an assignment), the record takes the fields after
// the previous step, in closed form too (traceBefore): the skill grown up
// to it, and an emigrant's savings those of its cohort before the step's
// pre-pass (coPrev, kept while tracing).

// The events of the sequential phases (entry, admission abroad, the start
// of an assignment or of training abroad) are noted by the code the engines
// share (noteSeq), on fields that are up to date there: the applicants and
// volunteers were woken in the step, the trainees sent are brought up to
// the step before (eventLeaveHome). The wakes' records go to the block's
// buffer and are gathered in block order after the wakes, as after decide.

// traceStart stamps the step being taken on the records of its sequential
// phases (the wakes' are stamped as they are gathered).
func (e *Engine) traceStart() {
	if e.tr != nil {
		e.tr.step = int32(e.step + 1)
	}
}

// traceBefore keeps, for traced person i woken at step now, the skill and
// savings it had after step now-1, which decide's early records show
// (traceWake): its fields are those after its last touch.
func (e *Engine) traceBefore(b *block, i, now int) {
	ev, p := e.ev, &e.pop
	touched := int(ev.slot[i].touched)
	sk, sav := p.skill[i], p.savings[i]
	switch st, s := p.rec[i].state, int(p.rec[i].sector); {
	case st == agents.Emigrant:
		if now-1 > touched { // grown as the wake grows it (capped)
			x := float64(sk) * ev.powAbroadOf(now-1-touched)
			if mx := e.sc.Skill.Max; mx > 0 && x > mx {
				x = mx
			}
			sk = float32(x)
		}
		ten := int(p.rec[i].tenure) + now - touched // this step's
		sav = float32(ev.coPrev[e.cohortIndex(now-ten, s, int(p.rec[i].dest), p.rec[i].flags)])
	case st.AtHome():
		sk = e.homeSkill(sk, s, touched, now-1)
	}
	b.traceSkill, b.traceSav = sk, sav
}

// traceWake records the event of traced person i in its wake, which took it
// from state from to state to, or out of the model by flow leave (>= 0),
// with oldFlags its flags before the wake. It is kept out of line: the
// wake calls it for traced persons only.
//
//go:noinline
func (e *Engine) traceWake(b *block, i int, from, to agents.State, leave int, oldFlags uint8) {
	p := &e.pop
	var ev uint8
	early := false // noted by decide before the step's growth of skill and savings
	switch {
	case leave == flowDeath:
		ev, early = evDeath, true
	case leave == flowRetire:
		ev, early = evRetire, true
	case leave == flowDropout:
		ev = evDropout
	case leave >= 0:
		return
	case from == agents.Student && to != agents.Student:
		ev = evGraduate
	case from == agents.Emigrant && to == agents.Returnee:
		ev = evReturn
	case from == agents.Emigrant && oldFlags&flagAssigned != 0 && p.rec[i].flags&flagAssigned == 0:
		ev, early = evAssignEnd, true
	default:
		return // no event, or one noted by the code decide shares (study and training abroad)
	}
	r := note(p, i, ev, from, to)
	if leave >= 0 {
		r.to = agents.Gone
	}
	if early {
		r.skill, r.savings = b.traceSkill, b.traceSav
	}
	b.trace = append(b.trace, r)
}
