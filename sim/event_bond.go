package sim

import (
	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// Service bonds and scholarships in the event engine: bonding
// (lever_bonding.go), the service owed at home by the obliged scholars of
// study_abroad who come back (lever_study_abroad.go, service_years) and
// scholarship (lever_scholarship.go).
//
// A bonded worker's timer counts the steps of service left (decide:
// serveBond). While it runs, its emigration hazard is multiplied by the
// factor in force in its sector (conditions.bondFactor: the bonding
// policy's rate, else the service's); a step in which neither is in force
// lifts the bond (timer 0, factor 1). In the event engine:
//
//   - the timer is the one after the person's touch, moved in closed form
//     (less a step a step) when it is woken (bondWake, and bondPassed for
//     the wakes where nothing can happen): between touches no step lifts
//     the bond, since a lift wakes the bonded (below);
//   - the last step of service, touched + timer, is a scheduled step
//     (bondEnd), stepped exactly as decide steps it: after it the timer is
//     0 and the candidate is drawn from the unbonded bound. So the stored
//     timer is positive exactly while the person is bonded, which the
//     training_abroad lottery reads (a bonded worker may not be sent);
//   - the personal bound of the emigration hazard (emigBoundOf) is
//     multiplied by the factor of the sector's bonded in this step
//     (eventBonds.bound): 1 where the bond is lifted, the bound of every
//     factor (model.Bonding.BuyoutRate and model.StudyAbroad.ServiceRate
//     are in [0, 1]); a candidate drawn with a larger factor stays valid
//     when the factor falls;
//   - when the sector's bonds are lifted (the policies end) or its factor
//     rises (a policy with a larger rate), the sector's bonded at home are
//     planned again (bondBounds): a lift makes the lifting step scheduled
//     for them, where their wake lifts the bond as decide does; a person
//     bonded in a step where the bond is lifted (an obliged scholar back
//     after the service's policy ended) has the next step scheduled, where
//     decide lifts it;
//   - the buyout is charged when the emigration is admitted, by the step
//     engine's own code (settle.go admit), which reads the timer brought
//     up to date in the applicant's wake this step.
//
// A scholarship, paid per student-year to every student decide steps (one
// who lives through the step's start), is charged for all at once from the
// students after the wakes plus those who graduated or dropped out in the
// step (scholarshipCosts).

// eventBonds is the event engine's state of the bonds; nil when the
// scenario has no bonding policy and no study_abroad with service_years,
// so that bonds cost nothing without them.
type eventBonds struct {
	on []bool // [sector] a bond or a service is in force in this step
	// [sector] the factor of the bonded's emigration hazard in this step
	// (conditions.bondFactor; 1 when lifted), by which new candidates are
	// drawn: when it rises, those drawn before are drawn again.
	bound []float64
	need  []bool // [sector] scratch of bondBounds: the bonded to plan again
}

// newEventBonds returns the bonds' state for a scenario that can bind
// anyone to service at home, else nil.
func newEventBonds(sc *model.Scenario) *eventBonds {
	for _, p := range sc.Policies {
		switch l := p.Lever.(type) {
		case *model.Bonding:
		case *model.StudyAbroad:
			if l.ServiceYears <= 0 {
				continue
			}
		default:
			continue
		}
		nS := len(sc.Sectors)
		return &eventBonds{on: make([]bool, nS), bound: make([]float64, nS), need: make([]bool, nS)}
	}
	return nil
}

// bondInit sets the bounds of the factors from the first step's
// conditions, before the initial population is planned.
func (e *Engine) bondInit() {
	bd := e.ev.bond
	if bd == nil {
		return
	}
	for s := range e.nS {
		f, on := e.cond.bondFactor(s)
		bd.on[s], bd.bound[s] = on, f
	}
}

// bondEnd returns the scheduled step of bonded person i of sector s planned
// after step from: its last step of service, or the next step when this
// step's conditions lift the bond.
func (e *Engine) bondEnd(i, s, from int) int {
	end := int(e.ev.slot[i].touched) + int(e.pop.rec[i].timer)
	if !e.ev.bond.on[s] {
		end = min(end, from+1)
	}
	return end
}

// bondWake steps the bond of worker i of sector s woken dt steps after its
// touch, as decide does in the step (serveBond): the timer is brought to
// its value at the step's start, then counts the step, and is lifted if
// nothing is in force. It returns the bounds of the hazard and of its
// probability, hMax (unbonded) times the factor.
func (e *Engine) bondWake(i, s, dt int, hMax float64) (float64, float64) {
	p := &e.pop
	if int(p.rec[i].timer) < dt {
		panic("sim: a bonded worker woken past the end of its service")
	}
	p.rec[i].timer -= uint16(dt - 1)
	hMax *= e.serveBond(i, s)
	return hMax, agents.StepProb(hMax, e.spy)
}

// bondPassed moves the timer of person i at home by the dt steps of a wake
// where nothing can happen (or of syncEvents): every step counted, none
// lifting the bond (a lift is a scheduled wake).
func (e *Engine) bondPassed(i, dt int) {
	if p := &e.pop; p.rec[i].timer > 0 {
		p.rec[i].timer -= uint16(dt)
	}
}

// bondBounds follows the factors of this step's conditions: where the bond
// of a sector is lifted, or its factor rises,
// the sector's bonded at home are planned again, so that a lift is a
// scheduled step of theirs and their candidates are drawn from the new
// bound. It reports whether the calendar must be rebuilt.
func (e *Engine) bondBounds(key uint64) bool {
	bd := e.ev.bond
	if bd == nil {
		return false
	}
	moved := false
	for s := range e.nS {
		f, on := e.cond.bondFactor(s)
		bd.need[s] = bd.on[s] && !on || f > bd.bound[s] // lifted, or the factor rises
		bd.on[s], bd.bound[s] = on, f
		moved = moved || bd.need[s]
	}
	if !moved {
		return false
	}
	p := &e.pop
	e.overShards(func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			if p.rec[i].state.AtHome() && p.rec[i].timer > 0 && bd.need[p.rec[i].sector] {
				e.plan(i, e.step-1, agentKey(key, p.id[i]), drawSkipRebound, true)
			}
		}
	})
	return true
}

// scholarshipCosts charges this step's scholarships, as decide charges
// amount / steps a year to every student it steps who lives through the
// step's start: the students after the wakes (e.total, counts derived) and
// those who graduated or dropped out in them. Entrants are students from
// the step's intake on, as in decide.
func (e *Engine) scholarshipCosts() {
	c, t := &e.cond, &e.total
	fspy := float64(e.spy)
	for s, pays := range c.scholarship {
		if len(pays) == 0 {
			continue
		}
		n := float64(t.n(agents.Student, s) + t.flow(flowGraduate, s) + t.flow(flowDropout, s))
		for _, pay := range pays {
			t.cost[pay.policy] += n * pay.amount / fspy
		}
	}
}
