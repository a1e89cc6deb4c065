package sim

import (
	"math"
	"slices"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// newYear runs the yearly settlement at the first step of each year: it
// renews the quotas and the temporary-return assignments. The youth enter
// training after it (intake).
func (e *Engine) newYear() {
	key := stepKey(e.repKey, e.step)
	st := newStream(key, drawRounding, 0)
	e.renewQuotas(&st)
	e.youthsAbroad = 0 // a year's students abroad beyond its cohort come out of no later one
	for k, pc := range e.pols {
		e.slotsLeft[k] = 0
		if pc.starter != nil && pc.p.Active(e.cond.year) {
			pc.starter.startYear(e, &st, k)
		}
	}
}

// intake lets the youth cohort enter training, as origin.intake says: the
// whole year's cohort, with the year's seats, at the first step of each
// year ("yearly"), or a 1/steps_per_year part of both at every step
// ("spread"), so that the yearly totals are the same either way.
func (e *Engine) intake() {
	part := 1.0
	switch {
	case e.sc.Origin.Intake == model.IntakeSpread:
		part = 1 / float64(e.spy)
	case e.step%e.spy != 0:
		return
	}
	e.enterCohort(stepKey(e.repKey, e.step), e.step/e.spy, part)
}

// renewQuotas sets this year's admissions left at each destination, in
// agents: the quota in persons (the scenario's, then capped or scaled by the
// policies in force) divided by the agent weight, rounded at random so that
// the expected number of persons admitted equals the quota.
func (e *Engine) renewQuotas(st *stream) {
	nS := e.nS
	q := e.quotaBuf
	for d, dst := range e.sc.Destinations {
		row := q[d*(nS+1) : (d+1)*(nS+1)]
		for s, sec := range e.sc.Sectors {
			row[s] = math.Inf(1)
			if v, ok := dst.SectorQuota[sec.Name]; ok {
				row[s] = v
			}
			// Openings (the employers' demand) bind like a quota of the
			// sector; policies then cap or scale the tighter of the two.
			if v, ok := dst.Openings[sec.Name]; ok {
				row[s] = min(row[s], v)
			}
		}
		row[nS] = math.Inf(1)
		if dst.Quota != nil {
			row[nS] = *dst.Quota
		}
	}
	for k, pc := range e.pols {
		if pc.quotas != nil && pc.p.Active(e.cond.year) {
			pc.quotas.quotas(e, q, k)
		}
	}
	for i, v := range q {
		e.quotaLeft[i] = -1
		if !math.IsInf(v, 1) {
			e.quotaLeft[i] = int64(st.round(v / e.weight))
		}
	}
}

// youthChunk is the number of youths whose draws and training weights one
// worker computes at a time in enterYouths.
const youthChunk = 2048

// maxEntryRounds is how many times youths turned away by full programmes
// choose again among those with seats left.
const maxEntryRounds = 3

// enterCohort lets this year's youth cohort choose training, with the
// migration chance read from the previous step's skilled emigration rate of
// the sector (or training.perceived_migration when the scenario fixes it).
// When youths are alike (agents.TrainingParams.Heterogeneous is false) each
// chooses independently by the multinomial logit of
// agents.TrainingProbabilities on expected income, the counts drawn at once
// as a multinomial; where a sector's applicants exceed its seats, the seats
// go to exactly that many (youths are alike, so the lottery is over counts),
// and those turned away choose again among the sectors with seats left, up
// to maxEntryRounds times. Otherwise each youth draws an ability and a
// personal cost and chooses as agents.ChooseTraining does (enterYouths), with a
// lottery among the applicants of a full sector. Seats of a training
// partnership are filled first; their entrants take the away track with the
// partnership's away share. part is the share of the year's cohort and
// seats that enters now (intake).
func (e *Engine) enterCohort(key uint64, year int, part float64) {
	sc, c := e.sc, &e.cond
	tp := &sc.Training
	persons := part * sc.Origin.YouthCohort * math.Pow(1+sc.Origin.CohortGrowth, float64(year))
	st := newStream(key, drawYouth, 0)
	youths := st.round(persons / e.weight)
	// The year's students abroad come out of its first entrants
	// (lever_study_abroad.go); with the intake spread, of the first steps'.
	abroad := min(youths, e.youthsAbroad)
	youths -= abroad
	e.youthsAbroad -= abroad

	outlook := e.cohortOutlook()
	seats := make([]int, e.nS)   // -1 = unlimited
	partner := make([]int, e.nS) // partnership seats
	for s, sec := range sc.Sectors {
		if pt := c.partner[s]; pt.seats > 0 {
			partner[s] = st.round(part * pt.seats / e.weight)
		}
		seats[s] = -1
		if sec.SeatsPerYear > 0 {
			seats[s] = st.round(part*sec.SeatsPerYear/e.weight) + partner[s]
			if ts := c.teachSeats[s]; ts > 0 { // temporary returnees who teach
				seats[s] += st.round(part * ts / e.weight)
			}
		}
	}

	admitted := e.admitted
	if tp.Heterogeneous() {
		e.enterYouths(key, youths, outlook, seats)
		for s := range admitted {
			admitted[s] = len(e.skillIn[s])
		}
	} else {
		clear(admitted)
		wants := make([]int, e.nS+1)
		for range maxEntryRounds {
			if youths == 0 {
				break
			}
			for s := range outlook {
				outlook[s].SeatsAvailable = seats[s] != 0
			}
			agents.TrainingProbabilities(e.youthProbs, sc.Training, sc.Origin.WageUntrained, outlook)
			multinomial(youths, e.youthProbs, &st, wants)
			youths = 0
			for s := range e.nS {
				n := wants[1+s]
				if seats[s] >= 0 && n > seats[s] {
					youths += n - seats[s]
					n = seats[s]
				}
				admitted[s] += n
				if seats[s] >= 0 {
					seats[s] -= n
				}
			}
		}
	}

	entrants := 0
	for s, n := range admitted {
		sec := sc.Sectors[s]
		pt := c.partner[s]
		for j := range n {
			if (entrants+j)%touchBatch == 0 {
				// The fields of the slots the next entrants take, loaded
				// ahead (population.touch).
				e.sink += e.pop.touch(e.free[:min(touchBatch, len(e.free))])
			}
			var flags, dest uint8
			if st.float() < sc.Demography.FemaleShare {
				flags |= flagFemale
			}
			if sec.PublicTraining {
				flags |= flagPublic
			}
			if j < partner[s] {
				flags |= flagPartner
				if st.float() < pt.away {
					flags |= flagAway
					dest = uint8(pt.dest)
				}
			}
			if ge := tp.GraduateEmigration; ge > 0 && flags&flagAway == 0 && st.float() < ge {
				// A fixed realised migration chance (theory scenarios):
				// the graduate leaves as a partnership's away track does.
				if d := agents.Choose(c.destProb[s*e.nD:(s+1)*e.nD], st.float()); d >= 0 {
					flags |= flagAway
					dest = uint8(d)
				}
			}
			// The skill factor chosen at entry (ability, or Stark's
			// theta), held in the student's skill until graduation; 0
			// when youths are alike (graduate reads it as 1).
			var skill float32
			if e.skillIn[s] != nil {
				skill = e.skillIn[s][j]
			}
			// Entrants start one step short of the entry age: the step
			// they enter in ages them like everybody else. They take the
			// slots of the gone first, so the arrays do not grow without
			// need and no compaction pass is needed.
			e.placeEntrant(agents.Student, uint8(s), dest, flags, skill)
		}
		e.entered[s] += int64(n)
		entrants += n
	}
	e.tertiary = 0
	if persons > 0 {
		e.tertiary = float64(entrants) * e.weight / persons
	}
}

// cohortOutlook returns what this year's youths know of each sector: the
// home wage with any top-up a new graduate would get, the migration chance
// (fixed by training.perceived_migration, else the sector's share abroad
// after the previous step), the wages and recognition abroad averaged with
// the destination choice probabilities, the fee net of scholarships and its
// cost per year of working life (agents.FeeFactor).
func (e *Engine) cohortOutlook() []agents.SectorOutlook {
	sc, t, c := e.sc, &e.total, &e.cond
	tp := &sc.Training
	outlook := make([]agents.SectorOutlook, e.nS)
	for s, sec := range sc.Sectors {
		home, abroad := float64(t.home(s)), float64(t.n(agents.Emigrant, s))
		wage := c.expectHome(s, c.wageHome[s]*(1+c.topUpRate(s, false, sec.PublicTraining, 0, 0, nil)), 1)
		o := agents.SectorOutlook{WageHome: wage, Preference: sec.Preference + c.training, SeatsAvailable: true}
		switch {
		case tp.PerceivedMigration != nil:
			o.MigrationP = *tp.PerceivedMigration
		case home+abroad > 0:
			o.MigrationP = abroad / (home + abroad)
		}
		for d := range sc.Destinations {
			pd := c.destProb[s*e.nD+d]
			o.WageAbroad += pd * c.wageAbroad[s*e.nD+d]
			o.WageWaste += pd * c.waste[d]
			o.Recognition += pd * c.recognition[d]
		}
		cost := sec.TrainingCost + c.partner[s].expectedFee(&sc.Sectors[s])
		for _, pay := range c.scholarship[s] {
			cost -= pay.amount
		}
		working := max(1, sc.Demography.RetirementAge-sc.Demography.EntryAge-sec.TrainingYears)
		o.Fee = max(0, cost)
		o.Cost = o.Fee * agents.FeeFactor(tp.DiscountRate, sec.TrainingYears, working)
		outlook[s] = o
	}
	return outlook
}

// enterYouths lets that many heterogeneous youths choose as
// agents.ChooseTraining does, computing each youth's weights once
// (agents.TrainingWeights) and picking among the sectors with seats left in
// each round (agents.PickTraining), and fills e.skillIn with the skill factors of the
// admitted, by sector, in order of admission. Youth j draws ability and
// personal cost from keys of (step key, j), so the draws are the same
// whatever else the scenario changes (common random numbers); a taste draw
// per round feeds the logit. Where the applicants to a sector exceed its
// seats left (seats, -1 = unlimited; updated), a lottery admits exactly
// that many and the others choose again among the sectors with seats left,
// up to maxEntryRounds times.
func (e *Engine) enterYouths(key uint64, youths int, outlook []agents.SectorOutlook, seats []int) {
	sc := e.sc
	tp := &sc.Training
	ykey := newStream(key, drawYouth, 1).key // distinct from the cohort's stream (sub 0)
	lot := newStream(key, drawSeats, 0)
	if cap(e.youths) < youths {
		// With room for a decade of cohort growth, so that the buffers
		// are not made again each year.
		e.youths = make([]agents.Youth, youths, youths+youths/4)
		e.youthW = make([]float64, 0, cap(e.youths)*(e.nS+1))
	}
	e.youths = e.youths[:youths]
	e.youthW = e.youthW[:youths*(e.nS+1)]
	// A full sector's weight: 0 under the logit, -Inf under the threshold
	// rule (agents.PickTraining).
	closedWeight := 0.0
	if tp.Choice == agents.ChoiceThreshold {
		closedWeight = math.Inf(-1)
	}
	// Each youth's draws and weights are a pure function of the youth's
	// key, so they are computed in parallel, in chunks of youths: the
	// same numbers for any number of workers (issue 16: with the event
	// engine, cohort entry was half of a step's time).
	chunks := (youths + youthChunk - 1) / youthChunk
	e.parallel(chunks, func(c int) {
		for j := c * youthChunk; j < min((c+1)*youthChunk, youths); j++ {
			k := agentKey(ykey, uint32(j))
			e.youths[j] = agents.Youth{
				Ability: tp.Ability.Quantile(uniform(k, drawAbility), 1),
				Cost:    tp.Cost.Quantile(uniform(k, drawCost), 0),
				Means:   tp.CreditLimit * tp.Means.Quantile(uniform(k, drawMeans), 1),
			}
			agents.TrainingWeights(e.youthW[j*(e.nS+1):(j+1)*(e.nS+1)], *tp, sc.Origin.WageUntrained, outlook, e.youths[j])
		}
	})
	waiting := e.waiting[:0]
	for j := range youths {
		waiting = append(waiting, int32(j))
	}
	for s := range e.skillIn {
		e.skillIn[s] = e.skillIn[s][:0]
	}
	for round := range maxEntryRounds {
		if len(waiting) == 0 {
			break
		}
		for s := range outlook {
			outlook[s].SeatsAvailable = seats[s] != 0
			e.applied[s] = e.applied[s][:0]
			e.appliedSkill[s] = e.appliedSkill[s][:0]
		}
		for _, j := range waiting {
			w := e.youthW[int(j)*(e.nS+1) : (int(j)+1)*(e.nS+1)] // TrainingWeights, above
			for s := range outlook {
				if seats[s] == 0 {
					w[1+s] = closedWeight
				}
			}
			u := uniform(mix(agentKey(ykey, uint32(j))+uint64(round)), drawTaste)
			if s := agents.PickTraining(w, *tp, u); s >= 0 {
				_, theta := agents.YouthIncome(outlook[s], *tp, e.youths[j])
				e.applied[s] = append(e.applied[s], j)
				e.appliedSkill[s] = append(e.appliedSkill[s], float32(theta))
			}
		}
		waiting = waiting[:0]
		for s := range outlook {
			app := e.applied[s]
			if seats[s] < 0 || len(app) <= seats[s] {
				e.skillIn[s] = append(e.skillIn[s], e.appliedSkill[s]...)
				if seats[s] >= 0 {
					seats[s] -= len(app)
				}
				continue
			}
			e.chosen = lottery(len(app), seats[s], &lot, e.chosen)
			next := 0
			for i, j := range app {
				if next < len(e.chosen) && e.chosen[next] == i {
					e.skillIn[s] = append(e.skillIn[s], e.appliedSkill[s][i])
					next++
					continue
				}
				waiting = append(waiting, j)
			}
			seats[s] = 0
		}
		// Turned-away youths choose again in youth order, whatever the
		// order of the sectors that turned them away.
		slices.Sort(waiting)
	}
	e.waiting = waiting[:0]
}

// placeEntrant gives a new person the oldest free slot, or a new one, and
// returns the slot.
func (e *Engine) placeEntrant(st agents.State, sector, dest, flags uint8, skill float32) int {
	id := e.nextID
	e.nextID++
	if len(e.free) > 0 {
		i := int(e.free[0])
		e.free = e.free[1:]
		e.pop.put(i, id, st, sector, dest, flags, e.entrySteps-1, 0, skill, 0)
		if e.tr != nil {
			e.enterTraced(i)
		}
		if e.ev != nil {
			e.eventEnter(i)
		}
		return i
	}
	e.pop.add(id, st, sector, dest, flags, e.entrySteps-1, 0, skill, 0)
	if e.tr != nil {
		e.enterTraced(e.pop.len() - 1)
	}
	if e.ev != nil {
		e.eventEnter(e.pop.len() - 1)
	}
	return e.pop.len() - 1
}
