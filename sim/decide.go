package sim

import "github.com/brainsim/brainsim/agents"

// decide steps the agents in slots [lo, hi): ageing, death and retirement,
// then the decision of the person's state. It writes only those slots and
// the block's scratch, and reads the conditions, which nobody writes during
// the parallel phase.
//
// Each state's monthly work is a case of one loop, since it runs for every
// person every step: a function per state, called per person, measured 7 to
// 10% slower at a million agents (Go inlines only small functions). What
// happens to a few persons a step (graduating, dropping out, asking to
// emigrate, deciding to return) is a function of its own, named for the
// event, so that the loop reads as the life cycle. The events of a traced
// person (flagTraced, see trace.go) are noted on those rare paths only, by
// a call kept out of line: with tracing off the loop does what it did.
func (e *Engine) decide(b *block, lo, hi int, key uint64) {
	sc, c, p, t := e.sc, &e.cond, &e.pop, &b.t
	t.reset()
	b.applicants = b.applicants[:0]
	b.volunteers = b.volunteers[:0]
	b.freed = b.freed[:0]
	b.trace = b.trace[:0]
	spy := e.spy
	fspy := float64(spy)
	nS, nD := e.nS, e.nD
	mort := e.mortality
	ageBand, lastBand := e.ageBand, len(e.ageBand)-1
	for i := lo; i < hi; i++ {
		st := p.rec[i].state
		if st == agents.Gone {
			continue
		}
		k := agentKey(key, p.id[i])
		s := int(p.rec[i].sector)
		p.rec[i].age++
		p.rec[i].tenure++
		age := p.rec[i].age
		// The year of age is the one the step (age-1, age] lies in.
		if uniform(k, drawDeath) < mort[min((int(age)-1)/spy, len(mort)-1)] {
			b.leave(p, i, flowDeath*nS+s)
			if p.rec[i].flags&flagTraced != 0 {
				b.note(p, i, evDeath, st, agents.Gone)
			}
			continue
		}
		// Death comes first: its hazard is the same in every state, so the
		// chance of dying in the step is exact whatever else happens in it,
		// and the survivors' own hazard below is the one of their state
		// (docs/ODD.md, "Time"). Students leave at the retirement age too:
		// only a long training_delay takes one there.
		if age >= e.retireSteps {
			b.leave(p, i, flowRetire*nS+s)
			if p.rec[i].flags&flagTraced != 0 {
				b.note(p, i, evRetire, st, agents.Gone)
			}
			continue
		}
		flags := p.rec[i].flags
		switch st {
		case agents.Student:
			for _, pay := range c.scholarship[s] {
				t.cost[pay.policy] += pay.amount / fspy
			}
			if pt := c.partner[s]; flags&flagPartner != 0 && pt.seats > 0 {
				t.cost[pt.policy] += pt.cost / fspy
			}
			if flags&(flagPublic|flagPartner) == flagPublic {
				t.public[s]++ // the state pays the seat (fiscal.go)
			}
			// Within the fixed length a student may drop out, and
			// graduates at its end; past it (training_delay) graduating and
			// dropping out compete, their chances split exactly
			// (agents.Competing). One draw decides both. A completion that
			// is certain in a step (no delay) happens at the fixed length.
			ten, ts := int(p.rec[i].tenure), e.gradStep(i, s)
			done, drop := c.studentOutcome(s, ten, ts, uniform(k, drawDropout))
			switch {
			case done:
				st = e.graduate(t, i, s, flags)
				if flags&flagTraced != 0 {
					b.note(p, i, evGraduate, agents.Student, st)
				}
			case drop:
				b.leave(p, i, flowDropout*nS+s)
				if flags&flagTraced != 0 {
					b.note(p, i, evDropout, st, agents.Gone)
				}
				continue
			}

		case agents.Worker, agents.Returnee:
			if f := c.growHome[s]; f > 1 {
				p.skill[i] = float32(agents.GrowBy(float64(p.skill[i]), f, sc.Skill.Max))
			}
			wage := c.wageHome[s] * float64(p.skill[i])
			topUp, benefit := 0.0, 0.0
			if flags&flagJobless != 0 {
				// Without a post: the fallback income, and no top-up.
				wage = c.idleWage(s, float64(p.skill[i]))
			} else {
				if len(c.topUps[s]) > 0 {
					topUp = c.topUpRate(s, st == agents.Returnee, flags&flagPublic != 0, int(p.rec[i].tenure), wage/fspy, t.cost)
				}
				if len(c.retain[s]) > 0 {
					benefit = c.retentionValue(s, p.id[i], st == agents.Returnee, flags&flagPublic != 0, t.cost)
				}
			}
			// hMax bounds the hazard (the logistic is below 1), so a draw
			// above its step probability decides without computing the
			// hazard: thinning, which changes no decision.
			hMax, pMax := sc.Emigration.BaseRate, e.emigMax[0]
			if st == agents.Returnee {
				hMax, pMax = hMax*sc.Emigration.ReturneeFactor, e.emigMax[1]
			}
			if p.rec[i].timer > 0 {
				hMax *= e.serveBond(i, s)
				pMax = agents.StepProb(hMax, spy)
			}
			if flags&flagPartner != 0 && c.partner[s].factor > 0 {
				hMax *= c.partner[s].factor // partnership graduates (lever_partnership.go)
				pMax = agents.StepProb(hMax, spy)
			}
			income := wage*(1+topUp) + benefit
			if st == agents.Returnee && len(c.benefits[s]) > 0 {
				income += c.returneeBenefit(s, fspy, t.cost) // portable benefits (lever_portable.go)
			}
			if u := uniform(k, drawEmigrate); u < pMax {
				e.considerEmigrating(b, i, s, st, k, u, hMax, income)
			}

		case agents.TraineeAbroad:
			st = e.serveTraining(b, i, s, k)

		case agents.StudentAbroad:
			st = e.studyAbroad(b, i, s, k)

		case agents.Emigrant:
			d := int(p.rec[i].dest)
			sd := s*nD + d
			assigned := flags&flagAssigned != 0
			if assigned {
				e.serveAssignment(t, i, sd)
				if flags&flagTraced != 0 && p.rec[i].flags&flagAssigned == 0 {
					b.note(p, i, evAssignEnd, st, st)
				}
			}
			income, remit := c.waste[d], c.remitWaste[d]
			if flags&flagRecognised != 0 {
				income, remit = c.wageAbroad[sd], c.remitRec[sd]
			}
			r := agents.RemitShare(sc.Remittance, remit*e.remitDecay[min(int(p.rec[i].tenure), len(e.remitDecay)-1)], income, flags&flagFemale != 0, c.fee[d], spy)
			t.sent[d] += r.Sent
			t.fees[d] += r.Fee
			for _, pay := range c.feeSubsidy[d] {
				t.cost[pay.policy] += pay.amount * r.Sent
			}
			p.savings[i] = float32(agents.Save(float64(p.savings[i]), income, sc.Destinations[d].LivingCost, r.Sent, spy))
			p.skill[i] = float32(agents.GrowBy(float64(p.skill[i]), e.growAbroad, sc.Skill.Max))
			if assigned {
				break
			}
			// Thinning again: the return hazard is below its base rate.
			if u := uniform(k, drawReturn); u < e.returnMax && e.returns(i, s, d, u, income) {
				st = agents.Returnee
				p.rec[i].tenure = 0
				e.seekPost(i, s)
				t.flows[flowReturn*nS+s]++
				if flags&flagTraced != 0 {
					b.note(p, i, evReturn, agents.Emigrant, st)
				}
				for _, pay := range c.grant[sd] {
					t.cost[pay.policy] += pay.amount
				}
			} else if a := c.assign[sd]; a.prob > 0 && uniform(k, drawAssign) < a.prob {
				b.volunteers = append(b.volunteers, applicant{slot: int32(i), dest: uint8(d)})
			}
		}
		p.rec[i].state = st
		fl := p.rec[i].flags
		t.addPerson(st, s, int(p.rec[i].dest), fl, p.skill[i], t.fineIndex(st, s, fl, ageBand[min(int(age), lastBand)]))
		if fl&(flagJobless|flagAssigned) != 0 {
			t.addRare(st, s, fl)
		}
	}
}

// leave frees slot i of a person who leaves the model (death, retirement,
// dropping out), counting the flow f.
func (b *block) leave(p *population, i, f int) {
	p.rec[i].state = agents.Gone
	b.freed = append(b.freed, int32(i))
	b.t.flows[f]++
}

// graduate turns student i of sector s into a worker at home, bonded if the
// sector's graduates owe service, or, on a partnership's away track, into an
// emigrant at the partner destination with recognised credentials, outside
// its quota. It returns the new state.
func (e *Engine) graduate(t *tally, i, s int, flags uint8) agents.State {
	p, c, nS := &e.pop, &e.cond, e.nS
	p.rec[i].tenure = 0
	// A student's skill holds the factor chosen at entry (ability, or the
	// skill of Stark's choice); 0, for the alike youths and the initial
	// students, stands for 1.
	factor := p.skill[i]
	if factor == 0 {
		factor = 1
	}
	p.skill[i] = float32(c.quality) * factor
	t.flows[flowGraduate*nS+s]++
	if flags&flagAway != 0 {
		e.emigrateOutsideQuota(t, i, s, int(p.rec[i].dest), flags)
		return agents.Emigrant
	}
	if bd := c.bond[s]; bd.steps > 0 && flags&flagPublic != 0 {
		p.rec[i].timer = bd.steps
	}
	e.seekPost(i, s)
	return agents.Worker
}

// emigrateOutsideQuota turns person i of sector s into an emigrant at
// destination d with recognised credentials, outside the destination's
// quota, counting the emigration: a partnership's away track, and a trainee
// or student abroad who stays on. flags are the person's flags before the
// move (for the counts by sex). The caller sets the state.
func (e *Engine) emigrateOutsideQuota(t *tally, i, s, d int, flags uint8) {
	p := &e.pop
	p.rec[i].flags |= flagRecognised
	p.savings[i] = 0
	t.flows[flowEmigrate*e.nS+s]++
	t.emigrated(flags, e.band(p.rec[i].age))
	t.arrivals[d]++
}

// seekPost marks person i of sector s, arriving on the labour market at
// home (a graduate, a returnee, a trainee or student back from abroad), as
// looking for a post when the sector counts unemployment in person
// (labour.go fills the posts after settlement).
func (e *Engine) seekPost(i, s int) {
	if e.lab.inPerson[s] {
		e.pop.rec[i].flags |= flagJobless
	}
}

// serveBond counts a step of service owed by worker i of sector s and
// returns the factor of the emigration hazard while the bond holds (1 once
// the bonding policy has ended, which lifts the bond).
func (e *Engine) serveBond(i, s int) float64 {
	p := &e.pop
	p.rec[i].timer--
	if f, on := e.cond.bondFactor(s); on {
		return f
	}
	p.rec[i].timer = 0
	return 1
}

// considerEmigrating decides, for worker or returnee i of sector s whose
// draw u fell below the bound hMax of the emigration hazard, whether the
// person asks to emigrate this step, at the wage (with any top-up) the
// person earns at home; if so it records the wish for a destination, which
// settlement grants within the quotas.
func (e *Engine) considerEmigrating(b *block, i, s int, st agents.State, k uint64, u, hMax, wage float64) {
	sc, c, spy := e.sc, &e.cond, e.spy
	inclusive := c.inclusive[s]
	if st == agents.Returnee {
		inclusive += c.circulation[s]
	}
	age := e.pop.rec[i].age
	// Hazards are read at the middle of the step (midpoint rule), so that
	// the age terms do not shift with the step length.
	ageYears := (float64(age) - 0.5) / float64(spy)
	// The wage-gap weight of the person's age scales the response to the
	// home wage's change from the scenario's wage (docs/ODD.md 7.3).
	weight, ref := 1.0, wage
	if e.wageWeight != nil {
		weight = e.wageWeight[min(int(age), len(e.wageWeight)-1)]
		ref = sc.Sectors[s].WageHome * float64(e.pop.skill[i])
	}
	h := hMax / sc.Emigration.BaseRate * agents.EmigrationRate(sc.Emigration, inclusive, wage, ref, weight, ageYears)
	if u < agents.StepProb(h, spy) {
		d := agents.Choose(c.destProb[s*e.nD:(s+1)*e.nD], uniform(k, drawDestination))
		if d >= 0 {
			b.applicants = append(b.applicants, applicant{slot: int32(i), dest: uint8(d)})
		}
	}
}

// serveAssignment counts a step of emigrant i on a temporary-return
// assignment (sector and destination sd), charging its programme, and ends
// the assignment when its time is up.
func (e *Engine) serveAssignment(t *tally, i, sd int) {
	p := &e.pop
	if a := e.cond.assign[sd]; a.steps > 0 {
		t.cost[a.policy] += a.costPerStep
	}
	p.rec[i].timer--
	if p.rec[i].timer == 0 {
		p.rec[i].flags &^= flagAssigned
	}
}

// returns decides whether emigrant i of sector s at destination d, earning
// income abroad, returns home this step, given a draw u below the bound of
// the return hazard: the hazard compares the home wage the person would
// earn (with any top-up, a returnee top-up at its present value:
// returnTopUp) with the income abroad, and weighs savings, age and years
// abroad.
func (e *Engine) returns(i, s, d int, u, income float64) bool {
	sc, c, p, spy := e.sc, &e.cond, &e.pop, e.spy
	home := c.wageHome[s] * float64(p.skill[i])
	fspy := float64(spy)
	ageYears := (float64(p.rec[i].age) - 0.5) / fspy // middle of the step, as in considerEmigrating
	if len(c.topUps[s]) > 0 {
		yearsLeft := sc.Demography.RetirementAge - ageYears
		home *= 1 + c.returnTopUp(s, p.rec[i].flags&flagPublic != 0, sc.Training.DiscountRate, yearsLeft)
	}
	home = c.expectHome(s, home, float64(p.skill[i]))
	if len(c.benefits[s]) > 0 {
		home += c.returneeBenefit(s, fspy, nil) // paid whether or not in a post
	}
	yearsAbroad := (float64(p.rec[i].tenure) - 0.5) / fspy
	h := agents.ReturnRate(sc.Return, home, income, float64(p.savings[i]), ageYears, yearsAbroad, c.returnExtra[s*e.nD+d])
	return u < agents.StepProb(h, spy)
}

// studentOutcome decides, with the uniform u, whether a student of sector s
// with tenure ten (steps, this step's) and a programme of ts steps
// graduates or drops out in this step: within the programme's length it
// drops out at the sector's rate and graduates at its end when graduation
// is certain; past it (training delay) it graduates or drops out at the
// hazards of section 3.
func (c *conditions) studentOutcome(s, ten, ts int, u float64) (done, drop bool) {
	if ten > ts {
		done = u < c.graduate[s]
		return done, !done && u < c.graduate[s]+c.dropLate[s]
	}
	drop = u < c.dropout[s]
	return !drop && agents.Graduates(ten, ts) && c.graduate[s] == 1, drop
}

// gradStep returns the tenure, steps, at which student i of sector s
// graduates. Entrants of a step stand for entries spread through it, on
// average half a step after they are placed: with the spread intake half of
// them (by id) study one step more, so that the mean time from entry to
// graduation is the programme's.
func (e *Engine) gradStep(i, s int) int {
	ts := e.trainSteps[s]
	if e.spreadIntake {
		ts += int(e.pop.id[i] & 1)
	}
	return ts
}
