package sim

import "brainsim/agents"

// decide steps the agents in slots [lo, hi): ageing, death and retirement,
// then the decision of the person's state. It writes only those slots and
// the block's scratch, and reads the conditions, which nobody writes during
// the parallel phase.
//
// It stays one loop on purpose: it is the hot path of a run, and splitting it
// into a function per state (or keeping its locals in a struct that the
// rare branches take the address of) measured 7 to 10% slower at a million
// agents, since Go inlines only small functions and keeps fields of an
// addressed struct in memory. See the history of this file for the split.
func (e *Engine) decide(b *block, lo, hi int, key uint64) {
	sc, c, p, t := e.sc, &e.cond, &e.pop, &b.t
	t.reset()
	b.applicants = b.applicants[:0]
	b.volunteers = b.volunteers[:0]
	b.freed = b.freed[:0]
	spy := e.spy
	fspy := float64(spy)
	nS, nD := e.nS, e.nD
	mort := e.mortality
	growHome := sc.Skill.GrowthHome
	for i := lo; i < hi; i++ {
		st := p.state[i]
		if st == agents.Gone {
			continue
		}
		k := agentKey(key, p.id[i])
		s := int(p.sector[i])
		p.age[i]++
		p.tenure[i]++
		age := p.age[i]
		ageYears := float64(age) / fspy
		if uniform(k, drawDeath) < mort[min(int(age)/spy, len(mort)-1)] {
			p.state[i] = agents.Gone
			b.freed = append(b.freed, int32(i))
			t.flows[flowDeath*nS+s]++
			continue
		}
		if st != agents.Student && age >= e.retireSteps {
			p.state[i] = agents.Gone
			b.freed = append(b.freed, int32(i))
			t.flows[flowRetire*nS+s]++
			continue
		}
		flags := p.flags[i]
		switch st {
		case agents.Student:
			for _, pay := range c.scholarship[s] {
				t.cost[pay.policy] += pay.amount / fspy
			}
			if pt := c.partner[s]; flags&flagPartner != 0 && pt.seats > 0 {
				t.cost[pt.policy] += pt.cost / fspy
			}
			switch {
			case agents.Graduates(int(p.tenure[i]), e.trainSteps[s]):
				p.tenure[i] = 0
				p.skill[i] = float32(c.quality)
				t.flows[flowGraduate*nS+s]++
				if flags&flagAway != 0 {
					// Away-track graduates move to the partner destination
					// with recognised credentials, outside its quota.
					st = agents.Emigrant
					p.flags[i] |= flagRecognised
					p.savings[i] = 0
					t.flows[flowEmigrate*nS+s]++
					t.arrivals[p.dest[i]]++
					break
				}
				st = agents.Worker
				if bd := c.bond[s]; bd.steps > 0 && flags&flagPublic != 0 {
					p.timer[i] = bd.steps
				}
			case uniform(k, drawDropout) < c.dropout[s]:
				p.state[i] = agents.Gone
				b.freed = append(b.freed, int32(i))
				t.flows[flowDropout*nS+s]++
				continue
			}
		case agents.Worker, agents.Returnee:
			if g := growHome + c.skillTransfer[s]; g > 0 {
				p.skill[i] = float32(agents.GrowSkill(float64(p.skill[i]), g, sc.Skill.Max, spy))
			}
			wage := c.wageHome[s] * float64(p.skill[i])
			topUp := 0.0
			if len(c.topUps[s]) > 0 {
				topUp = c.topUpRate(s, st == agents.Returnee, flags&flagPublic != 0, int(p.tenure[i]), wage/fspy, t.cost)
			}
			// hMax bounds the hazard (the logistic is below 1), so a draw
			// above its step probability decides without computing the
			// hazard: thinning, which changes no decision.
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
			u := uniform(k, drawEmigrate)
			if u >= agents.StepProb(hMax, spy) {
				break
			}
			inclusive := c.inclusive[s]
			if st == agents.Returnee {
				inclusive += c.circulation[s]
			}
			h := hMax / sc.Emigration.BaseRate * agents.EmigrationRate(sc.Emigration, inclusive, wage*(1+topUp), ageYears)
			if u < agents.StepProb(h, spy) {
				d := agents.Choose(c.destProb[s*nD:(s+1)*nD], uniform(k, drawDestination))
				if d >= 0 {
					b.applicants = append(b.applicants, applicant{slot: int32(i), dest: uint8(d)})
				}
			}
		case agents.Emigrant:
			d := int(p.dest[i])
			sd := s*nD + d
			assigned := flags&flagAssigned != 0
			if assigned {
				if a := c.assign[sd]; a.steps > 0 {
					t.cost[a.policy] += a.costPerStep
				}
				p.timer[i]--
				if p.timer[i] == 0 {
					p.flags[i] &^= flagAssigned
				}
			}
			income := c.waste[d]
			if flags&flagRecognised != 0 {
				income = c.wageAbroad[sd]
			}
			tenure := int(p.tenure[i])
			r := agents.RemitShare(sc.Remittance, e.remitDecay[min(tenure, len(e.remitDecay)-1)], income, flags&flagFemale != 0, c.fee[d], spy)
			t.sent[d] += r.Sent
			t.fees[d] += r.Fee
			for _, pay := range c.feeSubsidy[d] {
				t.cost[pay.policy] += pay.amount * r.Sent
			}
			p.savings[i] = float32(agents.Save(float64(p.savings[i]), income, sc.Destinations[d].LivingCost, r.Sent, spy))
			p.skill[i] = float32(agents.GrowSkill(float64(p.skill[i]), sc.Skill.GrowthAbroad, sc.Skill.Max, spy))
			if assigned {
				break
			}
			// Thinning again: the return hazard is below its base rate.
			u := uniform(k, drawReturn)
			returns := false
			if u < e.returnMax {
				home := c.wageHome[s] * float64(p.skill[i])
				if len(c.topUps[s]) > 0 {
					home *= 1 + c.topUpRate(s, true, flags&flagPublic != 0, 0, 0, nil)
				}
				yearsAbroad := float64(tenure) / fspy
				h := agents.ReturnRate(sc.Return, home, income, float64(p.savings[i]), ageYears, yearsAbroad, c.returnExtra[sd])
				returns = u < agents.StepProb(h, spy)
			}
			if returns {
				st = agents.Returnee
				p.tenure[i] = 0
				t.flows[flowReturn*nS+s]++
				for _, pay := range c.grant[sd] {
					t.cost[pay.policy] += pay.amount
				}
			} else if a := c.assign[sd]; a.prob > 0 && uniform(k, drawAssign) < a.prob {
				b.volunteers = append(b.volunteers, applicant{slot: int32(i), dest: uint8(d)})
			}
		}
		p.state[i] = st
		t.addPerson(st, s, int(p.dest[i]), p.flags[i], p.skill[i])
	}
}
