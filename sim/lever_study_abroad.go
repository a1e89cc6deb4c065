package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

func init() {
	register(model.KindStudyAbroad, func(l *model.StudyAbroad) lever { return studyAbroadLever{l} })
}

// studyAbroadLever sends youths to study abroad for a whole course
// (Moldova's graduates of overseas universities, Malawi's medical students
// abroad): the year's students leave at its start (startYear), taken out of
// the cohort that chooses training at home; a step of study per step
// abroad, and at graduation the choice to stay or come home
// (Engine.studyAbroad); while the policy is in force, the scholars who came
// home serve (adjust, Engine.serveBond).
//
// Students abroad are marked by their state, agents.StudentAbroad, and use
// two fields of a person with a meaning of their own in that state, as
// trainees abroad do: timer counts the steps of study left, and
// flagAssigned marks a scholar obliged to return. At home, an obliged
// graduate's timer counts the steps of service left, as a bond's does.
type studyAbroadLever struct{ l *model.StudyAbroad }

// studyTerms are the terms of a study-abroad programme for its students of
// one sector at one destination. They outlive the policy's window: students
// sent in its last year finish their course on its terms. Two programmes
// for the same sector and destination: the one that sent students last sets
// the terms of all students there.
type studyTerms struct {
	policy       int
	skill        float64 // skill of a graduate
	stay         float64 // chance a graduate free to choose stays abroad
	buyout       float64 // USD paid by an obliged graduate who stays
	serviceSteps uint16  // steps of service an obliged graduate owes at home
	costPerStep  float64 // origin's cost per student per step, USD
}

// service is the service owed at home by the scholars of a study-abroad
// programme while it is in force: their emigration hazard is multiplied by
// rate while their timer runs (Engine.serveBond).
type service struct {
	on   bool
	rate float64
}

// adjust holds the scholars who came home to their service. A bonding
// policy for the same sector, if any, sets the rate instead (serveBond).
func (v studyAbroadLever) adjust(e *Engine, c *conditions, k int) {
	if v.l.ServiceYears <= 0 {
		return
	}
	for s, ok := range e.pols[k].sectors {
		if ok {
			c.service[s] = service{on: true, rate: v.l.ServiceRate}
		}
	}
}

// startYear sends this year's students of policy k: for each covered
// sector, Places persons plus CohortShare of the year's youth cohort (scaled
// by the budget), in agents rounded at random. Each enters as a new person
// at the entry age, studying at the partner destination for Years; a share
// Obliged, drawn per person, holds a scholarship with a return obligation.
// The students are counted in youthsAbroad, which enterCohort takes out of
// the cohort choosing training at home.
func (v studyAbroadLever) startYear(e *Engine, st *stream, k int) {
	pc, sc, nD := &e.pols[k], e.sc, e.nD
	if e.studyTerms == nil {
		e.studyTerms = make([]studyTerms, e.nS*nD)
	}
	dest := partnerDest(e, pc.p)
	spy := float64(e.spy)
	terms := studyTerms{policy: k, skill: v.l.Skill, stay: v.l.StayShare, buyout: v.l.Buyout,
		serviceSteps: steps16("study_abroad service_years", v.l.ServiceYears*spy)}
	if terms.skill == 0 {
		terms.skill = 1
	}
	if v.l.PaidBy == model.PaidByOrigin {
		terms.costPerStep = v.l.CostPerYear / spy
	}
	year := e.step / e.spy
	cohort := sc.Origin.YouthCohort * math.Pow(1+sc.Origin.CohortGrowth, float64(year))
	persons := (v.l.Places + v.l.CohortShare*cohort) * e.scale[k]
	timer := steps16("study_abroad years", math.Max(1, math.Round(v.l.Years*spy)))
	key := stepKey(e.repKey, e.step)
	for s, ok := range pc.sectors {
		if !ok {
			continue
		}
		e.studyTerms[s*nD+dest] = terms
		n := st.round(persons / e.weight)
		e.youthsAbroad += n
		for range n {
			var flags uint8
			if st.float() < sc.Demography.FemaleShare {
				flags |= flagFemale
			}
			i := e.placeEntrant(agents.StudentAbroad, uint8(s), uint8(dest), flags, 0)
			e.pop.rec[i].timer = timer
			if uniform(agentKey(key, e.pop.id[i]), drawStudyObliged) < v.l.Obliged {
				e.pop.rec[i].flags |= flagAssigned
			}
		}
	}
}

// studyAbroad counts a step of student i of sector s abroad, charging its
// programme, and at graduation decides, by the draw of agent key k, whether
// the graduate stays abroad as an emigrant or comes home as a worker. It
// returns the new state.
//
// The chance of staying is the programme's StayShare for a graduate free
// to choose and, for an obliged one, StayShare x exp(-buyout / gain), where
// gain is the yearly wage gain of staying (recognised wage abroad minus the
// home wage, per unit of skill), as for a bonded trainee abroad
// (serveTraining; assumed form): with no buy-out, an obliged graduate is as
// free as the others; none buys out when staying gains nothing. A stayer's
// credentials are recognised (a degree of the destination); the stay is
// outside the destination's quota, as a change of visa. An obliged
// graduate who comes home owes the programme's service.
func (e *Engine) studyAbroad(b *block, i, s int, k uint64) agents.State {
	p, c, t, nS := &e.pop, &e.cond, &b.t, e.nS
	d := int(p.rec[i].dest)
	terms := &e.studyTerms[s*e.nD+d]
	t.cost[terms.policy] += terms.costPerStep
	p.rec[i].timer--
	if p.rec[i].timer > 0 {
		return agents.StudentAbroad
	}
	flags := p.rec[i].flags
	obliged := flags&flagAssigned != 0
	p.rec[i].flags &^= flagAssigned
	p.rec[i].tenure = 0
	p.skill[i] = float32(terms.skill)
	t.flows[flowStudyGrad*nS+s]++
	stay := terms.stay
	if obliged && terms.buyout > 0 {
		stay = buyoutStay(terms.stay, terms.buyout, c.wageAbroad[s*e.nD+d]-c.wageHome[s])
	}
	if stay > 0 && uniform(k, drawStudyStay) < stay {
		e.emigrateOutsideQuota(t, i, s, d, flags)
		if obliged {
			t.cost[terms.policy] -= terms.buyout
		}
		if flags&flagTraced != 0 {
			b.note(p, i, evGraduate, agents.StudentAbroad, agents.Emigrant)
		}
		return agents.Emigrant
	}
	if obliged {
		p.rec[i].timer = terms.serviceSteps
	}
	e.seekPost(i, s)
	t.flows[flowStudyReturn*nS+s]++
	if flags&flagTraced != 0 {
		b.note(p, i, evGraduate, agents.StudentAbroad, agents.Worker)
	}
	return agents.Worker
}

// studyAbroadMetrics lists the metrics of students abroad, for a scenario
// with a study_abroad policy; none otherwise, so that the columns of other
// scenarios do not change.
var studyAbroadMetrics = abroadMetrics{
	kind:      model.KindStudyAbroad,
	state:     agents.StudentAbroad,
	stock:     results.StudentsAbroad,
	stockDesc: "youths studying abroad (study_abroad)",
	stockSec:  "youths studying abroad",
	destDesc:  "youths studying in ",
	flows: []abroadFlow{
		{name: results.StudyAbroadGraduates, desc: "students abroad graduating, trailing year",
			sectorDesc: "students abroad graduating, trailing year", flow: flowStudyGrad},
		{name: results.StudyAbroadReturns, desc: "graduates abroad coming home on graduating, trailing year",
			sectorDesc: "graduates abroad coming home, trailing year", flow: flowStudyReturn},
	},
	byDest: func(t *tally) []int64 { return t.studying },
}
