package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
)

// Unemployment in person (Sector.Unemployed "unemployed", "untrained",
// "other_sector"; labour.go, docs/ODD.md 7.2b) in the event engine.
//
// The step engine fills a sector's vacancies after settlement from the
// jobless at home, found by a scan of every person, by a seeded lottery
// among them (fillPosts). The event engine keeps the jobless at home of
// each sector in a list instead, changed only where a person's membership
// can change: the persons woken in the step (a graduate, a returnee, a
// trainee or student back from abroad seeks a post; a jobless person dies,
// retires), the applicants of the step (an admission abroad ends the
// search) and the persons sent to train abroad (eventLeaveHome). Filling
// the posts then costs the changes and the hires, not a scan: the lottery
// draws the same number from the same set, a uniformly random subset, so
// the law of who gets a post is the step engine's (the draws are not,
// since the list's order is not the slots').
//
// What the jobless earn is decide's: in their wake an emigration wish is
// weighed at the fallback income (conditions.idleWage) and without a
// top-up; as their income can be below the wage, their candidate is drawn
// from the base rate (emigBoundOf), which bounds every wage, so that a hire
// between their wakes (fillPosts changes the flag outside the wake) keeps
// the bound valid. An emigrant weighing return expects the wage with the
// chance of a post and the fallback without (conditions.expectHome), which
// is at most the larger of the two: retTerms bounds the wage term by the
// larger of the wage and a fallback proportional to skill (other_sector),
// and retFloor bounds the whole term by a flat fallback (a benefit or
// untrained work), raised like the other bounds (joblessBounds). Wage
// top-ups are charged from the skill at home less that of the jobless
// (joblessSkill), as decide pays them none.

// eventJobless is the event engine's lists of the jobless at home.
type eventJobless struct {
	list [][]int32 // [sector] slots of the jobless at home, in the order of the changes
	pos  []int32   // [slot] position in its sector's list; -1 if in none
}

// joblessInit builds the lists from the initial population (initJobs) at the
// first step, and the return's bound of a flat fallback; nothing without a
// sector with unemployment in person.
func (e *Engine) joblessInit() {
	ev, p := e.ev, &e.pop
	on := false
	for _, ok := range e.lab.inPerson {
		on = on || ok
	}
	if !on {
		return
	}
	jl := &eventJobless{list: make([][]int32, e.nS)}
	ev.jl = jl
	for i := range p.rec {
		jl.grow(i)
		e.joblessSync(i)
	}
	for s := range e.nS {
		if f := e.cond.idleFlat[s]; ev.retTight && f > 0 {
			ev.retFloor[s] = max(ev.retFloor[s], math.Log(f)+retHeadroom)
		}
	}
}

// grow makes room for slot i in pos.
func (jl *eventJobless) grow(i int) {
	for len(jl.pos) <= i {
		jl.pos = append(jl.pos, -1)
	}
}

// joblessSync puts slot i in its sector's list if it holds a person at home
// without a post, and takes it out otherwise.
func (e *Engine) joblessSync(i int) {
	jl, p := e.ev.jl, &e.pop
	jl.grow(i)
	want := p.rec[i].state.AtHome() && p.rec[i].flags&flagJobless != 0
	at := jl.pos[i]
	switch {
	case want && at < 0:
		s := p.rec[i].sector
		jl.pos[i] = int32(len(jl.list[s]))
		jl.list[s] = append(jl.list[s], int32(i))
	case !want && at >= 0:
		l := jl.list[p.rec[i].sector]
		last := l[len(l)-1]
		l[at] = last
		jl.pos[last] = at
		jl.list[p.rec[i].sector] = l[:len(l)-1]
		jl.pos[i] = -1
	}
}

// joblessOut takes person i out of the lists before a change of its state
// outside the wakes and settlement (sent to train abroad): its flag is
// cleared by the caller.
func (e *Engine) joblessOut(i int) {
	if jl := e.ev.jl; jl != nil {
		jl.grow(i)
		if jl.pos[i] >= 0 {
			f := e.pop.rec[i].flags
			e.pop.rec[i].flags &^= flagJobless
			e.joblessSync(i)
			e.pop.rec[i].flags = f
		}
	}
}

// joblessTouch notes, in a sector with unemployment in person, that person
// i is woken in this step (its membership may change in the wake).
func (e *Engine) joblessTouch(b *block, i int) {
	if e.ev.jl != nil {
		b.jobTouch = append(b.jobTouch, int32(i))
	}
}

// fillPostsEvent is fillPosts in the event engine: the lists are brought up
// to date with the persons woken and the applicants of the step, in block
// and slot order, then each sector's vacancies are filled by the lottery
// of fillPosts over its list.
func (e *Engine) fillPostsEvent(nb int, key uint64) {
	jl, l := e.ev.jl, &e.lab
	if jl == nil {
		e.fillPosts(key)
		return
	}
	for _, b := range e.blocks[:nb] {
		for _, i := range b.jobTouch {
			e.joblessSync(int(i))
		}
		b.jobTouch = b.jobTouch[:0]
		for _, a := range b.applicants {
			e.joblessSync(int(a.slot))
		}
	}
	for s := range e.nS {
		v := e.vacancies(s)
		cand := jl.list[s]
		if !l.inPerson[s] || v <= 0 || len(cand) == 0 {
			continue
		}
		var hired []int32
		if v >= len(cand) {
			hired = append(hired, cand...)
		} else {
			st := newStream(key, drawJobs, uint64(s))
			e.chosen = lottery(len(cand), v, &st, e.chosen)
			hired = make([]int32, 0, v)
			for _, j := range e.chosen {
				hired = append(hired, cand[j])
			}
		}
		for _, i := range hired {
			e.hire(int(i))
			e.joblessSync(int(i))
		}
	}
}

// joblessBounds raises the return's bound of a flat fallback (retFloor)
// where this step's exceeds it and draws the sector's emigrants' candidates
// again; it reports whether the calendar must be rebuilt.
func (e *Engine) joblessBounds(key uint64) bool {
	ev, rebuild := e.ev, false
	if ev.jl == nil || !ev.retTight {
		return false
	}
	for s := range e.nS {
		if f := e.cond.idleFlat[s]; f > 0 && math.Log(f) > ev.retFloor[s] {
			ev.retFloor[s] = math.Log(f) + retHeadroom
			rebuild = e.redraw(s, key, func(st agents.State) bool { return st == agents.Emigrant }) || rebuild
		}
	}
	return rebuild
}

// joblessSkill returns the skill after this step of the persons of sector
// s without a post at the step's start who are still at home after the
// wakes, whom decide pays no wage top-up (topUpCosts charges the top-ups
// from the skill at home): all of them (steps 0), or the returnees among
// them whose tenure is from 1 to steps (those a top-up for returnees of
// that many steps pays: returneeSkill). The lists hold the jobless at the
// step's start until fillPostsEvent (the trainees sent at its start, who
// decide does not step at home, are out of them); those who died or
// retired in the step are gone. O(jobless), only with wage top-ups and
// unemployment in person; 0 without unemployment in person.
func (e *Engine) joblessSkill(s, steps int) float64 {
	ev, p, n := e.ev, &e.pop, e.step
	if ev.jl == nil {
		return 0
	}
	if steps > 0 {
		steps = min(steps, ev.retWindow)
	}
	sum := 0.0
	for _, j := range ev.jl.list[s] {
		i := int(j)
		st := p.rec[i].state
		if !st.AtHome() {
			continue
		}
		touched := int(ev.slot[i].touched)
		if steps > 0 {
			if ten := int(p.rec[i].tenure) + n - touched; st != agents.Returnee || ten < 1 || ten > steps {
				continue
			}
		}
		sum += float64(e.homeSkill(p.skill[i], s, touched, n))
	}
	return sum
}
