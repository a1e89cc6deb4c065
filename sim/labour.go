package sim

import (
	"math"

	"github.com/brainsim/brainsim/model"
)

// The labour market at home and abroad (docs/ODD.md, section 7.2b): funded
// posts by sector that grow with a rate or a wage budget, a home wage that
// moves toward the market-clearing wage at a yearly speed, persons without a
// post who earn a fallback income, and destinations whose demand is limited
// by yearly openings or whose wage falls as the origin's diaspora grows.
// Everything here is computed once a step, never per person, except the
// filling of vacancies, which scans the population only in a step where a
// sector with unemployment in person has both vacancies and unemployed.

// Numerical guards, not model features: far beyond any observed change of
// pay or employment, they keep extreme but valid scenarios (an elasticity
// of 1e-9, a budget of 1e12 for a wage of 1e-9) finite.
const (
	wageGuard = 1e3  // the clearing wage and the destination's wage factor stay within [1/wageGuard, wageGuard] times the scenario's wage
	maxPosts  = 1e15 // posts of a sector, persons
)

// labour is the engine state of the labour market.
type labour struct {
	wage     []float64 // [sector] market wage at home, USD PPP a year, carried from step to step
	posts    []float64 // [sector] posts in force this step, persons; 0 = no limit
	adjust   []float64 // [sector] share of the log gap to the clearing wage closed in a step
	inPerson []bool    // [sector] unemployment is a state of persons (flagJobless)
	other    []int     // [sector] index of the sector whose wage the unemployed earn, or -1
	// [sector*nD + dest] destination workforce plus initial diaspora, persons;
	// 0 = the recognised wage does not respond to the diaspora.
	abroadBase []float64
	cand       [][]int32 // [sector] unemployed slots, reused while filling vacancies
}

// newLabour derives the labour market's constants and initial state.
func (e *Engine) newLabour() labour {
	sc, spy := e.sc, float64(e.spy)
	l := labour{
		wage:       make([]float64, e.nS),
		posts:      make([]float64, e.nS),
		adjust:     make([]float64, e.nS),
		inPerson:   make([]bool, e.nS),
		other:      make([]int, e.nS),
		abroadBase: make([]float64, e.nS*e.nD),
		cand:       make([][]int32, e.nS),
	}
	for s, sec := range sc.Sectors {
		l.wage[s] = sec.WageHome
		// A share a of the log gap closed in a year is a continuous speed
		// lambda = -ln(1 - a); a step of 1/spy years closes 1 - exp(-lambda/spy).
		l.adjust[s] = 1 - math.Pow(1-sec.WageAdjustment, 1/spy)
		l.inPerson[s] = sec.Unemployed.InPerson()
		l.other[s] = -1
		if sec.Unemployed == model.UnemploymentOtherSector {
			l.other[s] = sc.SectorIndex(sec.OtherSector)
		}
		l.posts[s] = e.postsAt(s, 0, l.wage[s])
	}
	for d, dst := range sc.Destinations {
		if dst.WageElasticity <= 0 {
			continue
		}
		for s, sec := range sc.Sectors {
			if r, ok := dst.Workforce[sec.Name]; ok && r > 0 {
				l.abroadBase[s*e.nD+d] = r + dst.Diaspora[sec.Name]
			}
		}
	}
	return l
}

// postsAt returns the posts of sector s at step n and home wage w, persons;
// 0 means no limit. Fixed posts grow at PostsGrowth and respond to the wage
// with the demand elasticity: P_n (w / w_0)^(-WageElasticity). A wage budget
// B_n buys B_n / w posts.
func (e *Engine) postsAt(s, n int, w float64) float64 {
	sec := &e.sc.Sectors[s]
	growth := 1.0
	if sec.PostsGrowth != 0 {
		growth = math.Pow(1+sec.PostsGrowth, float64(n)/float64(e.spy))
	}
	switch {
	case sec.WageBudget > 0:
		return min(sec.WageBudget*growth/w, maxPosts)
	case sec.Posts > 0:
		p := sec.Posts * growth
		if sec.WageElasticity > 0 && w != sec.WageHome {
			p *= math.Pow(w/sec.WageHome, -sec.WageElasticity)
		}
		return min(p, maxPosts)
	}
	return 0
}

// clearingWage returns the wage at which sector s's posts at step n equal
// the trained persons at home, seekers: w_0 (P_n / seekers)^(1/elasticity)
// with fixed posts, B_n / seekers with a wage budget, within wageGuard of
// the scenario's wage w_0.
func (e *Engine) clearingWage(s, n int, seekers float64) float64 {
	sec := &e.sc.Sectors[s]
	w0 := sec.WageHome
	var w float64
	if sec.WageBudget > 0 {
		growth := 1.0
		if sec.PostsGrowth != 0 {
			growth = math.Pow(1+sec.PostsGrowth, float64(n)/float64(e.spy))
		}
		w = sec.WageBudget * growth / seekers
	} else {
		w = w0 * math.Pow(e.postsAt(s, n, w0)/seekers, 1/sec.WageElasticity)
	}
	return min(max(w, w0/wageGuard), w0*wageGuard)
}

// labourMarket sets this step's market wages at home and posts, from the
// previous step's trained persons at home, and the recognised wages abroad
// from the previous step's diaspora. It runs before the policies adjust the
// conditions, so that a shock or a top-up acts on the market wage.
func (e *Engine) labourMarket() {
	sc, t, c, l := e.sc, &e.total, &e.cond, &e.lab
	for s, sec := range sc.Sectors {
		if a := l.adjust[s]; a > 0 {
			if seekers := float64(t.home(s)) * e.weight; seekers > 0 {
				w := l.wage[s]
				target := e.clearingWage(s, e.step, seekers)
				w *= math.Exp(a * (math.Log(target) - math.Log(w)))
				if sec.WageFloor > 0 {
					w = max(w, sec.WageFloor)
				}
				if sec.WageCeiling > 0 {
					w = min(w, sec.WageCeiling)
				}
				l.wage[s] = w
			}
		}
		l.posts[s] = e.postsAt(s, e.step, l.wage[s])
		c.wageHome[s] = l.wage[s]
	}
	for i, base := range l.abroadBase {
		if base > 0 && c.wageAbroad[i] > 0 {
			s, d := i/e.nD, i%e.nD
			diaspora := float64(t.diaspora(s, d)) * e.weight
			f := math.Pow((base-sc.Destinations[d].Diaspora[sc.Sectors[s].Name]+diaspora)/base, -1/sc.Destinations[d].WageElasticity)
			c.wageAbroad[i] *= min(max(f, 1/wageGuard), wageGuard)
		}
	}
}

// unemployment sets what the trained at home without a post earn, after the
// policies have adjusted the wages: with unemployment shared, every trained
// person at home earns the wage times the share employed, posts / trained
// (the rule of brainsim 0.2); in person, the unemployed earn the fallback
// of their sector, and expectations of the home wage (the youth's, an
// emigrant's considering return) weigh wage and fallback by the share
// employed.
func (e *Engine) unemployment() {
	sc, t, c, l := e.sc, &e.total, &e.cond, &e.lab
	copy(c.wagePost, c.wageHome)
	for s, sec := range sc.Sectors {
		c.employ[s] = 1
		c.idleFlat[s], c.idleSkill[s] = 0, 0
		posts := l.posts[s]
		home := float64(t.home(s)) * e.weight
		if posts <= 0 || home <= posts {
			continue
		}
		if !l.inPerson[s] {
			c.wageHome[s] *= posts / home
			continue
		}
		c.employ[s] = posts / home
		switch sec.Unemployed {
		case model.UnemploymentBenefit:
			c.idleFlat[s] = sec.UnemploymentIncome
		case model.UnemploymentUntrained:
			c.idleFlat[s] = sc.Origin.WageUntrained
		case model.UnemploymentOtherSector:
			// The wage of the other sector's posts (after shocks), before
			// any unemployment there.
			c.idleSkill[s] = c.wagePost[l.other[s]]
		}
	}
}

// idleWage returns the income of an unemployed person of sector s with the
// given skill: a benefit or untrained work pays the same to all, work in
// another sector pays its wage for the person's skill.
func (c *conditions) idleWage(s int, skill float64) float64 {
	return c.idleFlat[s] + c.idleSkill[s]*skill
}

// expectHome returns the home income expected by a person of sector s who
// does not hold a post yet (a youth choosing training, an emigrant weighing
// return): wage with the chance of a post, the fallback without. With
// unemployment shared, or no shortage of posts, it is the wage.
func (c *conditions) expectHome(s int, wage, skill float64) float64 {
	if e := c.employ[s]; e < 1 {
		return e*wage + (1-e)*c.idleWage(s, skill)
	}
	return wage
}

// initJobs marks, at the start, the trained persons at home beyond the posts
// of each sector with unemployment in person as unemployed, chosen by a
// seeded lottery in slot order.
func (e *Engine) initJobs() {
	p, l := &e.pop, &e.lab
	key := e.initKey()
	for s := range e.nS {
		if !l.inPerson[s] || l.posts[s] <= 0 {
			continue
		}
		var home []int32
		for i := range p.rec {
			st := p.rec[i].state
			if st.AtHome() && int(p.rec[i].sector) == s {
				home = append(home, int32(i))
			}
		}
		posts := int(math.Round(l.posts[s] / e.weight))
		if len(home) <= posts {
			continue
		}
		st := newStream(key, drawJobs, uint64(s))
		e.chosen = lottery(len(home), len(home)-posts, &st, e.chosen)
		for _, j := range e.chosen {
			p.rec[home[j]].flags |= flagJobless
		}
	}
}

// fillPosts gives the vacant posts of each sector with unemployment in
// person to its unemployed at home, after the step's settlement: vacancies
// are the posts in force (in agents, rounded) less those employed; where
// the unemployed outnumber them, a seeded lottery picks exactly that many.
// Nobody loses a post when posts fall: employment shrinks by attrition
// (deaths, retirements, departures abroad).
func (e *Engine) fillPosts(key uint64) {
	p, t, l := &e.pop, &e.total, &e.lab
	need := false
	for s := range e.nS {
		l.cand[s] = l.cand[s][:0]
		if l.inPerson[s] && e.vacancies(s) > 0 && t.jobless[s] > 0 {
			need = true
		}
	}
	if !need {
		return
	}
	for i := range p.rec {
		st := p.rec[i].state
		if st.AtHome() && p.rec[i].flags&flagJobless != 0 {
			s := p.rec[i].sector
			l.cand[s] = append(l.cand[s], int32(i))
		}
	}
	for s := range e.nS {
		v := e.vacancies(s)
		cand := l.cand[s]
		if !l.inPerson[s] || v <= 0 || len(cand) == 0 {
			continue
		}
		if v >= len(cand) {
			for _, i := range cand {
				e.hire(int(i))
			}
			continue
		}
		st := newStream(key, drawJobs, uint64(s))
		e.chosen = lottery(len(cand), v, &st, e.chosen)
		for _, j := range e.chosen {
			e.hire(int(cand[j]))
		}
	}
}

// vacancies returns the posts of sector s in force this step, in agents
// (rounded), less the agents employed; negative when posts have fallen
// below employment.
func (e *Engine) vacancies(s int) int {
	t := &e.total
	// At most as many agents as ids: the conversion stays in range.
	posts := int64(math.Round(min(e.lab.posts[s]/e.weight, math.MaxUint32)))
	return int(posts - (t.home(s) - t.jobless[s]))
}

// hire gives unemployed person i a post.
func (e *Engine) hire(i int) {
	e.pop.rec[i].flags &^= flagJobless
	e.total.jobless[e.pop.rec[i].sector]--
}

// unemployed returns the unemployed at home in sector s, persons: counted in
// person, or with unemployment shared the trained at home beyond the posts.
func (e *Engine) unemployed(s int) float64 {
	if e.lab.inPerson[s] {
		return e.persons(e.total.jobless[s])
	}
	if posts := e.lab.posts[s]; posts > 0 {
		return max(0, e.persons(e.total.home(s))-posts)
	}
	return 0
}

// employed returns the trained persons at home holding a post in sector s:
// the fiscal accounts pay the public wage bill on them (Sector.PublicShare).
func (e *Engine) employed(s int) float64 {
	return e.persons(e.total.home(s)) - e.unemployed(s)
}

// addPosts adds n posts funded outside the sector's own budget (diaspora
// investment, lever_investment.go) to sector s for this step, after the
// market has set the posts; the fillers of vacancies and the unemployment
// rule see them. A sector without a limit of posts has no vacancies, so it
// keeps none. The clearing wage is computed from the sector's own posts:
// the fund pays the going wage and does not bid it up.
func (l *labour) addPosts(s int, n float64) {
	if l.posts[s] > 0 {
		l.posts[s] = min(l.posts[s]+n, maxPosts)
	}
}
