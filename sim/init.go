package sim

import (
	"math"
	"slices"

	"github.com/brainsim/brainsim/agents"
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

	key := e.initKey()
	spy := float64(e.spy)
	entry := sc.Demography.EntryAge
	retire := sc.Demography.RetirementAge
	for _, g := range gs {
		sec := sc.Sectors[g.sector]
		qualified := entry + sec.TrainingYears
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
				tenure = math.Floor(uniform(k, drawInitTenure) * float64(e.trainSteps[g.sector]))
				age = entry*spy + tenure
			default:
				age = math.Floor((qualified + uniform(k, drawInitAge)*(retire-qualified)) * spy)
				skill = sc.Origin.EducationQuality
				tenure = math.Floor(uniform(k, drawInitTenure) * (age - qualified*spy))
			}
			if g.state == agents.Emigrant {
				// Years abroad: up to 20, and no more than the career so far.
				tenure = math.Floor(uniform(k, drawInitTenure) * min(20*spy, age-qualified*spy))
				years := tenure / spy
				skill = min(skill*math.Pow(1+sc.Skill.GrowthAbroad, years), max(sc.Skill.Max, 1))
				if uniform(k, drawRecognition) < e.cond.recognition[g.dest] {
					flags |= flagRecognised
				}
				income := sc.Destinations[g.dest].WasteWage
				if flags&flagRecognised != 0 {
					income = e.cond.wageAbroad[g.sector*e.nD+g.dest]
				}
				net := income*(1-sc.Remittance.Share) - sc.Destinations[g.dest].LivingCost
				savings = max(0, net*years)
			}
			e.pop.add(id, g.state, uint8(g.sector), uint8(g.dest), flags,
				uint16(age), uint16(tenure), float32(skill), float32(savings))
		}
	}
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
	for i, st := range p.state {
		if st == agents.Gone {
			continue
		}
		s := int(p.sector[i])
		t.addPerson(st, s, int(p.dest[i]), p.flags[i], p.skill[i], t.fineIndex(st, s, p.flags[i], e.band(p.age[i])))
	}
	t.deriveCounts()
}
