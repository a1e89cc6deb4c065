package sim

import (
	"math"
	"slices"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// initKey keys the draws of the initial population, apart from every step's.
func (e *Engine) initKey() uint64 { return stepKey(e.repKey, math.MaxInt32) }

// group is a set of identical persons in the initial stocks of a scenario.
type group struct {
	state   agents.State
	sector  int
	dest    int
	persons float64
	agents  int
}

// populate draws the initial population: the scenario's stocks of students,
// workers, returnees and emigrants, as Agents agents of equal weight.
func (e *Engine) populate() {
	sc := e.sc
	var gs []group
	for s, sec := range sc.Sectors {
		gs = append(gs,
			group{state: agents.Worker, sector: s, persons: sec.Workers},
			group{state: agents.Student, sector: s, persons: sec.Students},
			group{state: agents.Returnee, sector: s, persons: sec.Returnees})
	}
	for d, dst := range sc.Destinations {
		for s, sec := range sc.Sectors {
			gs = append(gs, group{state: agents.Emigrant, sector: s, dest: d, persons: dst.Diaspora[sec.Name]})
		}
	}
	total := 0.0
	for _, g := range gs {
		total += g.persons
	}
	if total <= 0 {
		panic("sim: New: the scenario has no initial persons")
	}
	e.weight = total / float64(sc.Agents)
	apportion(gs, sc.Agents, total)
	// Room for an eighth more persons, as the event engine's calendar
	// (growEvents): bench's population grows by 2% over 10 years. The
	// presets grow more (1.3 to 2.5 times their agents in slots over
	// their runs, at 20,000 agents) and are copied as they grow.
	e.pop.reserve(sc.Agents + sc.Agents/8)

	key := e.initKey()
	spy := float64(e.spy)
	entry := sc.Demography.EntryAge
	students := make([][]float64, e.nS) // [sector] cumulative weights of tenure (studyTable)
	careers := make([][]float64, e.nS)  // [sector] cumulative weights of steps since qualifying (careerTable)
	for _, g := range gs {
		sec := sc.Sectors[g.sector]
		qualified := entry + sec.TrainingYears
		if g.agents > 0 && g.state == agents.Student && students[g.sector] == nil {
			students[g.sector] = e.studyTable(g.sector)
		}
		if g.agents > 0 && g.state != agents.Student && careers[g.sector] == nil {
			careers[g.sector] = e.careerTable(qualified)
		}
		for range g.agents {
			id := e.nextID
			e.nextID++
			k := agentKey(key, id)
			var flags uint8
			if uniform(k, drawFemale) < sc.Demography.FemaleShare {
				flags |= flagFemale
			}
			if sec.PublicTraining {
				flags |= flagPublic
			}
			var age, tenure, skill, savings float64
			switch g.state {
			case agents.Student:
				// Entrants start one step short of the entry age and
				// have studied tenure steps (placeEntrant).
				tenure = float64(draw(students[g.sector], uniform(k, drawInitTenure)))
				age = float64(e.entrySteps) - 1 + tenure
			default:
				career := float64(draw(careers[g.sector], uniform(k, drawInitAge)))
				age = math.Floor(qualified*spy) + career
				skill = sc.Origin.EducationQuality
				tenure = math.Floor(uniform(k, drawInitTenure) * career)
			}
			if g.state == agents.Emigrant {
				if uniform(k, drawRecognition) < e.cond.recognition[g.dest] {
					flags |= flagRecognised
				}
				income := sc.Destinations[g.dest].WasteWage
				if flags&flagRecognised != 0 {
					income = e.cond.wageAbroad[g.sector*e.nD+g.dest]
				}
				// Years abroad: the stock's, for a constant return hazard
				// r, is exponential with rate r truncated at the career
				// so far; r is the person's hazard on arrival (savings 0,
				// no time abroad yet), so that the first years' returns
				// are not an artefact of the draw (docs/ODD.md, 5).
				home := e.cond.wageHome[g.sector] * skill
				r := agents.ReturnRate(sc.Return, home, income, 0, age/spy, 0, sc.Sectors[g.sector].ReturnShift)
				years := truncExp(uniform(k, drawInitTenure), r, (age-math.Floor(qualified*spy))/spy)
				tenure = math.Floor(years * spy)
				years = tenure / spy
				skill = min(skill*math.Exp(sc.Skill.GrowthAbroad*years), max(sc.Skill.Max, 1))
				net := income*(1-sc.Remittance.Share) - sc.Destinations[g.dest].LivingCost
				savings = max(0, net*years)
			}
			e.pop.add(id, g.state, uint8(g.sector), uint8(g.dest), flags,
				uint16(age), uint16(tenure), float32(skill), float32(savings))
		}
	}
}

// studyTable returns the cumulative weights of the tenure, in steps, of
// sector s's students at the start (before the first step), so that the
// initial students are the survivors of past intakes in the scenario's
// steady state and the first years' graduates carry no start-up artefact.
// A student who entered j steps ago is there with weight (1 +
// cohort_growth)^(-j/spy) (smaller earlier cohorts) times the chance of
// still studying: exp(-dropout j/spy) within the fixed length, then the
// chance that neither graduating nor dropping out happened at each step
// past it (training_delay). Intakes happen every step (spread) or at the
// first step of each year (yearly; tenures are whole years). Mortality of
// students, below 0.1% a year in the presets, is left out. Where no past
// intake is still studying (yearly intake of a programme of a year or less
// with no delay), the tenure is uniform over the programme: those students
// graduate within the first year.
func (e *Engine) studyTable(s int) []float64 {
	sc := e.sc
	spy, ts := e.spy, e.trainSteps[s]
	drop := agents.DropoutRate(sc.Sectors[s].DropoutRate, sc.Origin.EducationQuality, sc.Training.DropoutQuality)
	pGrad, pDrop := agents.Competing(agents.CompletionRate(sc.Sectors[s].TrainingDelay), drop, spy)
	stride := 1
	if sc.Origin.Intake == model.IntakeYearly {
		stride = spy
	}
	// Nobody studies past the retirement age (decide).
	longest := max(1, int(e.retireSteps)-int(e.entrySteps))
	w := make([]float64, longest)
	cum := 0.0
	for j := stride; j < longest; j += stride {
		v := math.Pow(1+sc.Origin.CohortGrowth, -float64(j)/float64(spy))
		switch {
		case j < ts:
			v *= math.Exp(-drop * float64(j) / float64(spy))
		case j == ts && stride == 1 && pGrad >= 1:
			// Spread intake: half of a step's entrants study a step
			// more (decide), so half of them are still there.
			v *= math.Exp(-drop*float64(j)/float64(spy)) / 2
		case pGrad >= 1:
			v = 0 // graduated at the fixed length
		default:
			// At step ts the fixed length ends (dropout drawn, no
			// graduation with a delay); every later step both compete.
			v *= math.Exp(-drop*float64(ts)/float64(spy)) * math.Pow(1-pGrad-pDrop, float64(j-ts))
		}
		w[j] = v
		cum += v
	}
	if !(cum > 0) {
		for j := range min(ts, longest) {
			w[j] = 1
		}
	}
	return cumulate(w)
}

// careerTable returns the cumulative weights of the time since qualifying,
// in steps, of workers, returnees and emigrants at the start, for persons
// who qualified at age qualified (years): in the steady state of a
// workforce fed by cohorts growing at cohort_growth, the weight of j steps
// is the engine's survival (its mortality table) times (1 +
// cohort_growth)^(-j/spy), up to the retirement age. Uniform ages, used
// before, put too many persons near retirement and gave a first-year peak
// of retirements and deaths.
func (e *Engine) careerTable(qualified float64) []float64 {
	sc, spy := e.sc, e.spy
	first := int(math.Floor(qualified * float64(spy)))
	n := max(1, int(e.retireSteps)-first)
	w := make([]float64, n)
	alive := 1.0
	for j := range n {
		w[j] = alive * math.Pow(1+sc.Origin.CohortGrowth, -float64(j)/float64(spy))
		alive *= 1 - e.mortality[min((first+j)/spy, len(e.mortality)-1)]
	}
	return cumulate(w)
}

// cumulate turns weights into their running sums, in place.
func cumulate(w []float64) []float64 {
	for j := 1; j < len(w); j++ {
		w[j] += w[j-1]
	}
	return w
}

// draw returns the index drawn from cumulative weights cum with the uniform
// u: the first j with cum[j] > u * total.
func draw(cum []float64, u float64) int {
	x := u * cum[len(cum)-1]
	j, _ := slices.BinarySearchFunc(cum, x, func(c, x float64) int {
		if c <= x {
			return -1
		}
		return 1
	})
	return min(j, len(cum)-1)
}

// truncExp draws, with the uniform u, from the exponential distribution of
// rate r (per year) truncated to [0, limit] years, by inversion; with r = 0
// it is uniform.
func truncExp(u, r, limit float64) float64 {
	if limit <= 0 {
		return 0
	}
	if !(r*limit > 1e-9) {
		return u * limit
	}
	return min(limit, -math.Log1p(-u*(-math.Expm1(-r*limit)))/r)
}

// apportion gives each group a whole number of agents in proportion to its
// persons, n in all, by the largest-remainder method (ties to the earlier
// group), so that the initial stocks are as close as whole agents allow.
func apportion(gs []group, n int, total float64) {
	type rem struct {
		i int
		r float64
	}
	rs := make([]rem, len(gs))
	used := 0
	for i := range gs {
		exact := gs[i].persons / total * float64(n)
		gs[i].agents = int(exact)
		used += gs[i].agents
		rs[i] = rem{i, exact - float64(gs[i].agents)}
	}
	slices.SortStableFunc(rs, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for j := 0; used < n; j++ {
		gs[rs[j%len(rs)].i].agents++
		used++
	}
}

// recount tallies the whole population from scratch: the aggregates that the
// first step's decisions read.
func (e *Engine) recount() {
	t, p := &e.total, &e.pop
	t.reset()
	for i := range p.rec {
		st := p.rec[i].state
		if st == agents.Gone {
			continue
		}
		s := int(p.rec[i].sector)
		t.addPerson(st, s, int(p.rec[i].dest), p.rec[i].flags, p.skill[i], t.fineIndex(st, s, p.rec[i].flags, e.band(p.rec[i].age)))
		t.addRare(st, s, p.rec[i].flags)
	}
	t.deriveCounts()
}
