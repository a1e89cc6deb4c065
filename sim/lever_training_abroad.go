package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

func init() {
	register(model.KindTrainingAbroad, func(l *model.TrainingAbroad) lever { return trainingAbroadLever{l} })
}

// trainingAbroadLever sends workers at home to train at a partner
// destination for a fixed period (UK Medical Training Initiative, the
// training halves of MIDA Ghana Health and TRQN): a yearly lottery among the
// eligible (startYear), a step of training per step abroad and the choice
// at its end (Engine.serveTraining).
//
// Trainees are marked by their state, agents.TraineeAbroad, and use two
// fields of a person with a meaning of their own in that state: timer
// counts the steps of training left, and flagAssigned, which otherwise
// marks an emigrant on a temporary-return assignment, marks a trainee
// obliged to return. Neither meaning can clash: a bonded worker (timer > 0)
// is not sent, a worker or returnee never carries flagAssigned, and both
// are reset when the training ends.
type trainingAbroadLever struct{ l *model.TrainingAbroad }

// trainingTerms are the terms of a training-abroad programme for its
// trainees of one sector at one destination. They outlive the policy's
// window: trainees sent in its last year finish their training on its
// terms. Two programmes for the same sector and destination: the one that
// sent trainees last sets the terms of all trainees there.
type trainingTerms struct {
	policy      int
	skillGain   float64 // relative rise of skill at the end of training
	bond        bool    // obliged trainees may buy out (model.EnforceBond)
	buyout      float64 // USD paid by an obliged trainee who stays
	stay        float64 // chance a trainee free to choose stays abroad
	costPerStep float64 // origin's cost per trainee per step, USD
}

// adjust does nothing: the programme acts once a year (startYear) and on its
// trainees, whose terms outlive the policy's window (trainingTerms).
func (trainingAbroadLever) adjust(*Engine, *conditions, int) {}

// startYear sends this year's trainees of policy k: Places persons (scaled
// by the budget), in agents rounded at random, drawn by lottery among the
// eligible workers and returnees of the covered sectors who owe no service
// bond, in slot order. Each leaves at once for Months; a share Obliged,
// drawn per person, must return.
func (v trainingAbroadLever) startYear(e *Engine, st *stream, k int) {
	pc, p, nD := &e.pols[k], &e.pop, e.nD
	if e.trainAbroad == nil {
		e.trainAbroad = make([]trainingTerms, e.nS*nD)
	}
	dest := partnerDest(e, pc.p)
	steps := max(1, e.monthsToSteps(v.l.Months))
	terms := trainingTerms{policy: k, skillGain: v.l.SkillGain, bond: v.l.Enforcement == model.EnforceBond,
		buyout: v.l.Buyout, stay: v.l.StayShare}
	if v.l.PaidBy == model.PaidByOrigin {
		terms.costPerStep = v.l.CostPerPlace / float64(e.spy)
	}
	for s, ok := range pc.sectors {
		if ok {
			e.trainAbroad[s*nD+dest] = terms
		}
	}
	n := st.round(v.l.Places * e.scale[k] / e.weight)
	if n <= 0 {
		return
	}
	cand := e.candBuf[:0]
	for i := range p.len() {
		if eligibleForTraining(v.l.Eligibility, p.rec[i].state, p.rec[i].flags) && pc.sectors[p.rec[i].sector] && p.rec[i].timer == 0 {
			cand = append(cand, i)
		}
	}
	e.candBuf = cand
	key := stepKey(e.repKey, e.step)
	ls := newStream(key, drawTrainAbroad, uint64(k))
	e.chosen = lottery(len(cand), n, &ls, e.chosen)
	timer := steps16("training_abroad months", float64(steps))
	for _, w := range e.chosen {
		i := cand[w]
		if e.ev != nil {
			e.eventLeaveHome(i) // event_training.go
		}
		from := p.rec[i].state
		p.rec[i].state = agents.TraineeAbroad
		p.rec[i].dest = uint8(dest)
		p.rec[i].tenure = 0
		p.rec[i].timer = timer
		p.rec[i].flags &^= flagJobless | flagAssigned
		if uniform(agentKey(key, p.id[i]), drawObliged) < v.l.Obliged {
			p.rec[i].flags |= flagAssigned
		}
		if e.ev != nil {
			e.eventTraineeIn(i, key)
		}
		if e.tr != nil && p.rec[i].flags&flagTraced != 0 {
			e.noteSeq(i, evTrainStart, from, agents.TraineeAbroad)
		}
	}
}

// eligibleForTraining reports whether a person in state st with the given
// flags may be sent to train abroad under eligibility el.
func eligibleForTraining(el model.Eligibility, st agents.State, flags uint8) bool {
	switch el {
	case model.EligiblePublic:
		return st.AtHome() && flags&flagPublic != 0
	case model.EligibleReturnees:
		return st == agents.Returnee
	}
	return st.AtHome()
}

// partnerDest returns the index of the first destination the policy names,
// or 0 (the scenario's first) when it names none.
func partnerDest(e *Engine, p *model.Policy) int {
	if len(p.Destinations) > 0 {
		for d, dst := range e.sc.Destinations {
			if dst.Name == p.Destinations[0] {
				return d
			}
		}
	}
	return 0
}

// serveTraining counts a step of trainee i of sector s abroad, charging its
// programme, and at the end of the training decides, by the draw of agent
// key k, whether the trainee stays abroad as an emigrant or comes home as a
// worker, with the skill gained either way. It returns the new state.
//
// The chance of staying is the programme's StayShare for a trainee free to
// choose; 0 for an obliged one whose visa ends with the training; and, for
// an obliged one under a bond, StayShare x exp(-buyout / gain), where gain
// is the yearly wage gain of staying (recognised wage abroad minus the
// home wage, per unit of skill): a buy-out worth a year's gain cuts the
// take-up to 1/e of the free choice (assumed form), and none buys out when
// staying gains nothing. A stayer's credentials are recognised: the
// training was to the destination's standard; the stay is outside the
// destination's quota, as a change of visa.
func (e *Engine) serveTraining(b *block, i, s int, k uint64) agents.State {
	p, t := &e.pop, &b.t
	terms := &e.trainAbroad[s*e.nD+int(p.rec[i].dest)]
	if p.rec[i].tenure == 1 {
		t.flows[flowTrainLeave*e.nS+s]++ // the first step abroad
	}
	t.cost[terms.policy] += terms.costPerStep
	p.rec[i].timer--
	if p.rec[i].timer > 0 {
		return agents.TraineeAbroad
	}
	return e.endTraining(b, i, s, k)
}

// endTraining ends the training of trainee i of sector s in this step: the
// skill gained, and the choice, by the draw of agent key k, between staying
// abroad as an emigrant and coming home as a worker (serveTraining). It
// returns the new state. The event engine calls it at the scheduled step
// of the training's end (event_training.go).
func (e *Engine) endTraining(b *block, i, s int, k uint64) agents.State {
	p, c, t, nS := &e.pop, &e.cond, &b.t, e.nS
	d := int(p.rec[i].dest)
	terms := &e.trainAbroad[s*e.nD+d]
	flags := p.rec[i].flags
	obliged := flags&flagAssigned != 0
	p.rec[i].flags &^= flagAssigned
	p.rec[i].tenure = 0
	if terms.skillGain > 0 {
		p.skill[i] = float32(agents.GrowBy(float64(p.skill[i]), 1+terms.skillGain, e.sc.Skill.Max)) // a relative rise, not a rate
	}
	stay := terms.stay
	if obliged {
		stay = 0 // a visa that ends sends every obliged trainee home
		if terms.bond {
			stay = buyoutStay(terms.stay, terms.buyout, c.wageAbroad[s*e.nD+d]-c.wageHome[s])
		}
	}
	if stay > 0 && uniform(k, drawTrainStay) < stay {
		e.emigrateOutsideQuota(t, i, s, d, flags)
		if flags&(flagPublic|flagPartner) == flagPublic {
			t.lostPublic[s]++ // takes the state's training with it (fiscal.go)
		}
		if obliged {
			t.cost[terms.policy] -= terms.buyout
		}
		if flags&flagTraced != 0 {
			b.note(p, i, evTrainEnd, agents.TraineeAbroad, agents.Emigrant)
		}
		return agents.Emigrant
	}
	e.seekPost(i, s)
	t.flows[flowTrainReturn*nS+s]++
	if flags&flagTraced != 0 {
		b.note(p, i, evTrainEnd, agents.TraineeAbroad, agents.Worker)
	}
	return agents.Worker
}

// trainingAbroadMetrics lists the metrics of trainees abroad, for a
// scenario with a training_abroad policy; none otherwise, so that the
// columns of other scenarios do not change.
var trainingAbroadMetrics = abroadMetrics{
	kind:      model.KindTrainingAbroad,
	state:     agents.TraineeAbroad,
	stock:     results.TraineesAbroad,
	stockDesc: "workers training abroad (training_abroad)",
	stockSec:  "workers training abroad",
	destDesc:  "workers training in ",
	flows: []abroadFlow{
		{name: results.TraineeDepartures, desc: "workers leaving to train abroad, trailing year", flow: flowTrainLeave},
		{name: results.TraineeReturns, desc: "trainees coming home at the end of training, trailing year",
			sectorDesc: "trainees coming home, trailing year", flow: flowTrainReturn},
	},
	byDest: func(t *tally) []int64 { return t.trainees },
}

// buyoutStay is the chance that a person obliged to return, who may buy
// the obligation out, stays abroad: the chance stay of one free to choose,
// times exp(-buyout / gain), gain being the yearly wage gained abroad (an
// assumed form: a buy-out of one year's gain keeps 1/e of the stayers); 0
// when there is no gain. Shared by training_abroad's bond and
// study_abroad's scholarships.
func buyoutStay(stay, buyout, gain float64) float64 {
	if gain <= 0 {
		return 0
	}
	return stay * math.Exp(-buyout/gain)
}
