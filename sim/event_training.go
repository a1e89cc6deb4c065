package sim

import (
	"slices"

	"github.com/brainsim/brainsim/agents"
)

// The event engine's port of training_abroad (lever_training_abroad.go).
//
// The yearly lottery (startYear) runs at the start of the year's first
// step, before its wakes, and reads of every person the fields that
// eligibility depends on: the state, the sector and the flags (public,
// returnee), which change only in a wake or in settlement and are current
// between touches, and the timer of a bond, which is positive exactly
// while the person is bonded (the last step of service is a scheduled
// wake: event_bond.go), though its value is the one after the touch. The
// lottery thus draws from the set the step engine's would.
//
// A person sent is changed outside its own wake, so the lottery brings its
// fields up to the last step done (eventLeaveHome, as syncEvents does for
// one person), moves it in the stocks from its state at home to
// TraineeAbroad in the sequential phase (e.total, byBirth, the sums of the
// uncapped skills at home), and plans its wakes (eventTraineeIn); after
// the yearly phase the persons sent are taken out of the buckets of their
// old wakes and put in that of their first step abroad (moveTrainees), a
// rebuild of the calendar limited to them. A trainee then
// has two scheduled wakes, besides death and retirement (scheduled too):
// its first step abroad, where the departure is counted as serveTraining
// counts it, and the step its training ends, where the skill gain and the
// choice to stay or come home are made exactly as in the step engine
// (endTraining). A trainee has no hazard but death, so it has no candidate.
// Between the wakes the timer is in closed form (less a step a step), and
// the programme's cost of the steps of training is charged from the count
// of trainees still abroad after the wakes (trainingCosts), the trainees
// whose training ends in a step paying theirs in their wake.

// eventLeaveHome brings the fields of person i, at home and chosen by a
// training lottery at the start of this step, up to the last step done and
// takes it out of the stocks of its state, before the lottery changes its
// fields.
func (e *Engine) eventLeaveHome(i int) {
	ev, p, t := e.ev, &e.pop, &e.total
	e.joblessOut(i) // event_jobless.go
	sl := &ev.slot[i]
	last, touched := e.step-1, int(sl.touched)
	st, s := p.rec[i].state, int(p.rec[i].sector)
	oldSkill, flags := p.skill[i], p.rec[i].flags
	// Taken out as it was added: its stored skill at its touch.
	e.addNorm(e.normPair(), st, s, oldSkill, touched, int(p.rec[i].tenure), -1)
	e.addBirth(e.birthIndex(i, st), -1)
	dt := last - touched
	p.rec[i].age += uint16(dt)
	p.rec[i].tenure += uint16(dt)
	p.skill[i] = e.homeSkill(oldSkill, s, touched, last)
	sl.touch(last)
	t.removePerson(st, s, int(p.rec[i].dest), flags, oldSkill, t.fineIndex(st, s, flags, e.band(p.rec[i].age)))
	if ev.ben != nil {
		e.benefitMove(e.normPair(), i, s, st, flags, agents.TraineeAbroad, flags, false) // event_benefit.go
	}
}

// eventTraineeIn counts person i, made a trainee abroad by a training
// lottery at the start of this step (step key key), in the stocks and
// plans its first wake, its first step abroad, which moveTrainees puts
// in the calendar after the yearly phase.
func (e *Engine) eventTraineeIn(i int, key uint64) {
	ev, p, t := e.ev, &e.pop, &e.total
	s, d, fl := int(p.rec[i].sector), int(p.rec[i].dest), p.rec[i].flags
	t.addPerson(agents.TraineeAbroad, s, d, fl, p.skill[i], t.fineIndex(agents.TraineeAbroad, s, fl, e.band(p.rec[i].age)))
	e.addBirth(e.birthIndex(i, agents.TraineeAbroad), 1)
	// A trainee's bound is 0, so no skip is drawn (the purpose is moot).
	e.plan(i, e.step-1, agentKey(key, p.id[i]), drawSkip, true)
	ev.sent = append(ev.sent, int32(i))
}

// moveTrainees moves the wakes of the persons sent to train abroad by this
// step's lotteries, after the yearly phase: each still has its one entry
// in the calendar, as the worker or returnee it was, at a step from this
// one on, which it must leave (a person in two buckets would be woken
// twice). One pass over the buckets of each shard that holds one of them
// drops their entries, keeping every other entry in its order, and they
// are put in the bucket of their first step abroad, in the order sent. A
// person sent is known in the pass by its state and its tenure of 0: a
// trainee of an earlier year has served a step (its first wake), and this
// step's entrants are not in the calendar yet. The pass reads a byte a
// calendar entry, so it costs a fraction of a rebuild of the calendar
// (rebuildCalendar computes every wake again): see BenchmarkEventTraining.
func (e *Engine) moveTrainees() {
	ev := e.ev
	if len(ev.sent) == 0 {
		return
	}
	done := make([]bool, len(ev.buckets)) // once a year
	for _, i := range ev.sent {
		if sh := int(i) / ev.shard; !done[sh] {
			done[sh] = true
			e.dropSent(sh)
		}
	}
	from := e.step - 1
	for _, i := range ev.sent {
		ev.enqueue(int(i), e.wakeStep(int(i), from))
	}
	ev.sent = ev.sent[:0]
}

// dropSent takes the persons sent to train abroad at the start of this
// step (a trainee of tenure 0) out of the buckets of shard sh, keeping the
// others in their order.
func (e *Engine) dropSent(sh int) {
	p, ring := &e.pop, e.ev.buckets[sh]
	sent := func(i int32) bool { return p.rec[i].state == agents.TraineeAbroad && p.rec[i].tenure == 0 }
	for j, bk := range ring {
		ring[j] = slices.DeleteFunc(bk, sent)
	}
}

// trainingSched returns the next scheduled step of trainee i, whose fields
// are those after step touched: the first step abroad if it has served
// none (tenure 0), else the step its training ends (its timer counts the
// steps left after touched).
func (e *Engine) trainingSched(i int) int {
	touched := int(e.ev.slot[i].touched)
	if e.pop.rec[i].tenure == 0 {
		return touched + 1
	}
	return touched + int(e.pop.rec[i].timer)
}

// trainWake steps trainee i of sector s at a scheduled wake in step now,
// its timer already moved by the steps passed, as serveTraining steps it:
// the departure at its first step abroad, and at the end of its training
// the cost of the step and the choice (endTraining), with the stocks of the
// event engine that follow from it (an emigrant's cohort, the skill that
// came home this step). It returns the new state.
func (e *Engine) trainWake(b *block, i, s, now int, k uint64) agents.State {
	p, t := &e.pop, &b.t
	if p.rec[i].tenure == 1 {
		t.flows[flowTrainLeave*e.nS+s]++ // the first step abroad
	}
	if p.rec[i].timer > 0 {
		return agents.TraineeAbroad // its cost is charged from the counts (trainingCosts)
	}
	terms := &e.trainAbroad[s*e.nD+int(p.rec[i].dest)]
	t.cost[terms.policy] += terms.costPerStep // not among the trainees left after the wakes
	st := e.endTraining(b, i, s, k)
	e.arrive(b, i, s, now, st)
	return st
}

// trainingCosts charges this step's cost of the trainees abroad who train
// on after it, as serveTraining charges each trainee who lives through the
// step's start: by sector and destination, their count after the wakes
// times the cost a step of their programme's terms. The trainees whose
// training ended in the step paid in their wake (trainWake); those who
// died or retired in it are out of the count, as decide charges them
// nothing.
func (e *Engine) trainingCosts() {
	if e.trainAbroad == nil {
		return
	}
	t := &e.total
	for sd, n := range t.trainees {
		if terms := &e.trainAbroad[sd]; n > 0 && terms.costPerStep != 0 {
			t.cost[terms.policy] += float64(n) * terms.costPerStep
		}
	}
}
