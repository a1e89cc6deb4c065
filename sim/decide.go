package sim

import (
	"brainsim/agents"
	"brainsim/scenarios"
)

// decider is one block's pass over its agents in a step: what every person's
// decision reads, hoisted out of the per-person loop once per block, and the
// block's scratch it writes. It lives on the stack of decide and is passed to
// the per-state steps by pointer, so splitting the loop into them allocates
// nothing and copies nothing per person.
type decider struct {
	e           *Engine
	sc          *scenarios.Scenario
	c           *conditions
	p           *population
	b           *block
	t           *tally
	spy         int       // steps per year
	fspy        float64   // steps per year, as a float for rates
	nD          int       // destinations
	mortality   []float64 // Engine.mortality
	retireSteps uint16    // Engine.retireSteps
	returnMax   float64   // Engine.returnMax
}

// decide steps the agents in slots [lo, hi): ageing, death and retirement,
// then the step of the person's state. It writes only those slots and the
// block's scratch, and reads the conditions, which nobody writes during the
// parallel phase.
//
// The loop is the hot path of a run: what every person does each step stays
// in it or in functions small enough to inline, and each state's step is one
// call, whose own rare branches (graduation, the emigration and return
// hazards past thinning) are calls again.
func (e *Engine) decide(b *block, lo, hi int, key uint64) {
	d := decider{e: e, sc: e.sc, c: &e.cond, p: &e.pop, b: b, t: &b.t,
		spy: e.spy, fspy: float64(e.spy), nD: e.nD,
		mortality: e.mortality, retireSteps: e.retireSteps, returnMax: e.returnMax}
	p := d.p
	d.t.reset()
	b.applicants = b.applicants[:0]
	b.volunteers = b.volunteers[:0]
	b.freed = b.freed[:0]
	for i := lo; i < hi; i++ {
		st := p.state[i]
		if st == agents.Gone {
			continue
		}
		k := agentKey(key, p.id[i])
		s := int(p.sector[i])
		age := d.age(i)
		switch {
		case d.dies(k, age):
			d.leave(i, s, flowDeath)
			continue
		case d.retires(st, age):
			d.leave(i, s, flowRetire)
			continue
		}
		switch st {
		case agents.Student:
			st = d.student(i, k, s)
		case agents.Worker, agents.Returnee:
			d.atHome(i, k, st, s)
		case agents.Emigrant:
			st = d.abroad(i, k, s)
		}
		if st == agents.Gone {
			continue
		}
		p.state[i] = st
		d.t.addPerson(st, s, int(p.dest[i]), p.flags[i], p.skill[i])
	}
}

// age ages the person in slot i by a step, in age and in time in the
// current state, and returns the new age, steps.
func (d *decider) age(i int) uint16 {
	d.p.age[i]++
	d.p.tenure[i]++
	return d.p.age[i]
}

// dies reports whether a person of the given age, steps, dies this step, by
// the mortality of the age's year (the last year's beyond the table).
func (d *decider) dies(k uint64, age uint16) bool {
	return uniform(k, drawDeath) < d.mortality[min(int(age)/d.spy, len(d.mortality)-1)]
}

// retires reports whether a person in state st retires at the given age,
// steps: everybody at the retirement age except students, who finish their
// training first.
func (d *decider) retires(st agents.State, age uint16) bool {
	return st != agents.Student && age >= d.retireSteps
}

// leave takes the person in slot i of sector s out of the model by flow f
// (death, retirement, dropout), freeing the slot for an entrant.
func (d *decider) leave(i, s, f int) {
	d.p.state[i] = agents.Gone
	d.b.freed = append(d.b.freed, int32(i))
	d.t.flows[f*d.t.nS+s]++
}

// student steps a person in training in sector s: the public cost of the
// student's scholarships and partnership seat, then graduation when the
// training is done, or else dropout. It returns the person's new state,
// Gone for a dropout.
func (d *decider) student(i int, k uint64, s int) agents.State {
	p, c, t := d.p, d.c, d.t
	flags := p.flags[i]
	for _, pay := range c.scholarship[s] {
		t.cost[pay.policy] += pay.amount / d.fspy
	}
	if pt := c.partner[s]; flags&flagPartner != 0 && pt.seats > 0 {
		t.cost[pt.policy] += pt.cost / d.fspy
	}
	switch {
	case agents.Graduates(int(p.tenure[i]), d.e.trainSteps[s]):
		return d.graduate(i, s, flags)
	case uniform(k, drawDropout) < c.dropout[s]:
		d.leave(i, s, flowDropout)
		return agents.Gone
	}
	return agents.Student
}

// graduate turns the student in slot i into a worker with the skill of this
// step's education quality, bonded to serve at home if trained publicly
// under a bond; or, on a partnership's away track, into an emigrant at the
// partner destination. It returns the new state.
func (d *decider) graduate(i, s int, flags uint8) agents.State {
	p, c, t := d.p, d.c, d.t
	p.tenure[i] = 0
	p.skill[i] = float32(c.quality)
	t.flows[flowGraduate*t.nS+s]++
	if flags&flagAway != 0 {
		// Away-track graduates move to the partner destination with
		// recognised credentials, outside its quota.
		p.flags[i] |= flagRecognised
		p.savings[i] = 0
		t.flows[flowEmigrate*t.nS+s]++
		t.arrivals[p.dest[i]]++
		return agents.Emigrant
	}
	if bd := c.bond[s]; bd.steps > 0 && flags&flagPublic != 0 {
		p.timer[i] = bd.steps
	}
	return agents.Worker
}

// atHome steps a worker or returnee (st) of sector s at home: skill growth,
// the cost of any wage top-up, the service bond's countdown, and the wish to
// emigrate. The person's state does not change here: an emigrant leaves when
// settlement grants the wish.
func (d *decider) atHome(i int, k uint64, st agents.State, s int) {
	sc, c, p := d.sc, d.c, d.p
	flags := p.flags[i]
	if g := sc.Skill.GrowthHome + c.skillTransfer[s]; g > 0 {
		p.skill[i] = float32(agents.GrowSkill(float64(p.skill[i]), g, sc.Skill.Max, d.spy))
	}
	wage := c.wageHome[s] * float64(p.skill[i])
	topUp := 0.0
	if len(c.topUps[s]) > 0 {
		topUp = c.topUpRate(s, st == agents.Returnee, flags&flagPublic != 0, int(p.tenure[i]), wage/d.fspy, d.t.cost)
	}
	// hMax bounds the hazard (the logistic is below 1), so a draw above its
	// step probability decides without computing the hazard: thinning,
	// which changes no decision.
	hMax := sc.Emigration.BaseRate
	if st == agents.Returnee {
		hMax *= sc.Emigration.ReturneeFactor
	}
	if p.timer[i] > 0 {
		p.timer[i]--
		if bd := c.bond[s]; bd.steps > 0 {
			hMax *= bd.rate
		} else {
			p.timer[i] = 0 // the bond was lifted
		}
	}
	if u := uniform(k, drawEmigrate); u < agents.StepProb(hMax, d.spy) {
		d.emigrates(i, k, st, s, u, hMax, wage*(1+topUp))
	}
}

// emigrates decides, for a draw u that thinning did not settle, whether the
// worker or returnee in slot i wishes to leave: the hazard is logistic in the
// inclusive value of moving (with circulation policies for returnees), the
// wage at home with top-ups, and age, scaled by the bond and returnee factors
// folded into hMax. A wish picks a destination and joins the block's
// applicants, to be settled against the quotas.
func (d *decider) emigrates(i int, k uint64, st agents.State, s int, u, hMax, wage float64) {
	sc, c := d.sc, d.c
	inclusive := c.inclusive[s]
	if st == agents.Returnee {
		inclusive += c.circulation[s]
	}
	ageYears := float64(d.p.age[i]) / d.fspy
	h := hMax / sc.Emigration.BaseRate * agents.EmigrationRate(sc.Emigration, inclusive, wage, ageYears)
	if u < agents.StepProb(h, d.spy) {
		dest := agents.Choose(c.destProb[s*d.nD:(s+1)*d.nD], uniform(k, drawDestination))
		if dest >= 0 {
			d.b.applicants = append(d.b.applicants, applicant{slot: int32(i), dest: uint8(dest)})
		}
	}
}

// abroad steps an emigrant of sector s: the countdown of a temporary-return
// assignment; earnings, remittances home with their fees and any public fee
// subsidy, savings and skill growth; and, for those not on assignment, the
// return home or the acceptance of an assignment offer, which joins the
// block's volunteers for settlement. It returns the new state: Returnee or
// still Emigrant.
func (d *decider) abroad(i int, k uint64, s int) agents.State {
	sc, c, p, t := d.sc, d.c, d.p, d.t
	flags := p.flags[i]
	dst := int(p.dest[i])
	sd := s*d.nD + dst
	assigned := flags&flagAssigned != 0
	if assigned {
		d.serve(i, sd)
	}
	income := c.waste[dst]
	if flags&flagRecognised != 0 {
		income = c.wageAbroad[sd]
	}
	decay := d.e.remitDecay
	r := agents.RemitShare(sc.Remittance, decay[min(int(p.tenure[i]), len(decay)-1)], income, flags&flagFemale != 0, c.fee[dst], d.spy)
	t.sent[dst] += r.Sent
	t.fees[dst] += r.Fee
	for _, pay := range c.feeSubsidy[dst] {
		t.cost[pay.policy] += pay.amount * r.Sent
	}
	p.savings[i] = float32(agents.Save(float64(p.savings[i]), income, sc.Destinations[dst].LivingCost, r.Sent, d.spy))
	p.skill[i] = float32(agents.GrowSkill(float64(p.skill[i]), sc.Skill.GrowthAbroad, sc.Skill.Max, d.spy))
	if assigned {
		return agents.Emigrant
	}
	// Thinning again: the return hazard is below its base rate.
	if u := uniform(k, drawReturn); u < d.returnMax && d.returns(i, s, sd, flags, income, u) {
		p.tenure[i] = 0
		t.flows[flowReturn*t.nS+s]++
		for _, pay := range c.grant[sd] {
			t.cost[pay.policy] += pay.amount
		}
		return agents.Returnee
	}
	if a := c.assign[sd]; a.prob > 0 && uniform(k, drawAssign) < a.prob {
		d.b.volunteers = append(d.b.volunteers, applicant{slot: int32(i), dest: uint8(dst)})
	}
	return agents.Emigrant
}

// serve counts down the temporary-return assignment of the emigrant in slot
// i (sd = sector*nD + destination), charging the programme for the step,
// and ends the assignment when its time is up.
func (d *decider) serve(i, sd int) {
	p := d.p
	if a := d.c.assign[sd]; a.steps > 0 {
		d.t.cost[a.policy] += a.costPerStep
	}
	p.timer[i]--
	if p.timer[i] == 0 {
		p.flags[i] &^= flagAssigned
	}
}

// returns decides, for a draw u that thinning did not settle, whether the
// emigrant in slot i of sector s goes home this step: the hazard weighs the
// wage at home, with any top-up a returnee would get, against income abroad,
// savings, age and years abroad, and the return policies in force
// (agents.ReturnRate).
func (d *decider) returns(i, s, sd int, flags uint8, income, u float64) bool {
	c, p := d.c, d.p
	home := c.wageHome[s] * float64(p.skill[i])
	if len(c.topUps[s]) > 0 {
		home *= 1 + c.topUpRate(s, true, flags&flagPublic != 0, 0, 0, nil)
	}
	ageYears := float64(p.age[i]) / d.fspy
	yearsAbroad := float64(p.tenure[i]) / d.fspy
	h := agents.ReturnRate(d.sc.Return, home, income, float64(p.savings[i]), ageYears, yearsAbroad, c.returnExtra[sd])
	return u < agents.StepProb(h, d.spy)
}
