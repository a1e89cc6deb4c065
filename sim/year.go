package sim

import (
	"math"

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

// maxEntryRounds is how many times youths turned away by full programmes
// choose again among those with seats left.
const maxEntryRounds = 3

// enterCohort lets this year's youth cohort choose training. Each youth
// chooses independently (the counts are drawn at once, as a multinomial) by
// the multinomial logit of agents.TrainingProbabilities on
// expected income, with the migration chance read from the previous step's
// skilled emigration rate of the sector. Where a sector's applicants exceed
// its seats, the seats go to exactly that many (youths are alike, so the
// lottery is over counts), and those turned away choose again among the
// sectors with seats left, up to maxEntryRounds times. Seats of a training
// partnership are filled first; their entrants take the away track with the
// partnership's away share. part is the share of the year's cohort and
// seats that enters now (intake).
func (e *Engine) enterCohort(key uint64, year int, part float64) {
	sc, t, c := e.sc, &e.total, &e.cond
	persons := part * sc.Origin.YouthCohort * math.Pow(1+sc.Origin.CohortGrowth, float64(year))
	st := newStream(key, drawYouth, 0)
	youths := st.round(persons / e.weight)

	outlook := make([]agents.SectorOutlook, e.nS)
	seats := make([]int, e.nS)   // -1 = unlimited
	partner := make([]int, e.nS) // partnership seats
	for s, sec := range sc.Sectors {
		home, abroad := float64(t.home(s)), float64(t.n(agents.Emigrant, s))
		wage := c.wageHome[s] * (1 + c.topUpRate(s, false, sec.PublicTraining, 0, 0, nil))
		o := agents.SectorOutlook{WageHome: wage, Preference: sec.Preference + c.training, SeatsAvailable: true}
		if home+abroad > 0 {
			o.MigrationP = abroad / (home + abroad)
		}
		for d := range sc.Destinations {
			pd := c.destProb[s*e.nD+d]
			o.WageAbroad += pd * c.wageAbroad[s*e.nD+d]
			o.WageWaste += pd * c.waste[d]
			o.Recognition += pd * c.recognition[d]
		}
		cost := sec.TrainingCost
		for _, pay := range c.scholarship[s] {
			cost -= pay.amount
		}
		working := max(1, sc.Demography.RetirementAge-sc.Demography.EntryAge-sec.TrainingYears)
		o.Cost = max(0, cost) * sec.TrainingYears / working
		outlook[s] = o
		if pt := c.partner[s]; pt.seats > 0 {
			partner[s] = st.round(part * pt.seats / e.weight)
		}
		seats[s] = -1
		if sec.SeatsPerYear > 0 {
			seats[s] = st.round(part*sec.SeatsPerYear/e.weight) + partner[s]
		}
	}

	admitted := make([]int, e.nS)
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

	entrants := 0
	for s, n := range admitted {
		sec := sc.Sectors[s]
		pt := c.partner[s]
		for j := range n {
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
			// Entrants start one step short of the entry age: the step
			// they enter in ages them like everybody else. They take the
			// slots of the gone first, so the arrays do not grow without
			// need and no compaction pass is needed.
			e.placeEntrant(agents.Student, uint8(s), dest, flags)
		}
		e.entered[s] += int64(n)
		entrants += n
	}
	e.tertiary = 0
	if persons > 0 {
		e.tertiary = float64(entrants) * e.weight / persons
	}
}

// placeEntrant gives a new person the oldest free slot, or a new one.
func (e *Engine) placeEntrant(st agents.State, sector, dest, flags uint8) {
	id := e.nextID
	e.nextID++
	if len(e.free) > 0 {
		i := int(e.free[0])
		e.free = e.free[1:]
		e.pop.put(i, id, st, sector, dest, flags, e.entrySteps-1, 0, 0, 0)
		if e.tr != nil {
			e.enterTraced(i)
		}
		return
	}
	e.pop.add(id, st, sector, dest, flags, e.entrySteps-1, 0, 0, 0)
	if e.tr != nil {
		e.enterTraced(e.pop.len() - 1)
	}
}
