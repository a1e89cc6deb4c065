package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

func init() {
	register(model.KindTemporaryReturn, func(l *model.TemporaryReturn) lever { return &temporaryReturnLever{l: l} })
}

// temporaryReturnLever offers diaspora members assignments at home: a yearly
// allotment (startYear), offers spread over the year (adjust), and a lottery
// among those who accept when they outnumber the assignments left (settle).
// The lever is built for each engine (compilePolicies), so legacy is the
// replicate's own.
type temporaryReturnLever struct {
	l *model.TemporaryReturn
	// legacy is, by sector, the FTE whose skill transfer outlasts their
	// assignments (linger), agents; nil without TransferYears.
	legacy []float64
}

// startYear sets the assignments of the year, in agents, rounded at random
// so that the expected number of persons equals the allotment.
func (v *temporaryReturnLever) startYear(e *Engine, st *stream, k int) {
	e.slotsLeft[k] = int64(st.round(v.l.Assignments * e.scale[k] / e.weight))
}

func (v *temporaryReturnLever) adjust(e *Engine, c *conditions, k int) {
	p := &e.pols[k]
	steps := max(1, e.monthsToSteps(v.l.Months))
	// Approach enough eligible emigrants that the year's slots left are
	// offered evenly over the steps left in the year: twice the needed
	// number, since only some accept and some approached are turned away
	// by the lottery when more accept than there are slots.
	eligible := 0.0
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		for d, okd := range p.dests {
			if okd {
				eligible += float64(e.total.diaspora(s, d))
			}
		}
	}
	left := float64(e.slotsLeft[k])
	stepsLeft := float64(e.spy - e.step%e.spy)
	approach := 0.0
	if eligible > 0 && left > 0 {
		approach = min(1, 2*left/stepsLeft/eligible)
	}
	a := assignment{policy: k, prob: approach * v.l.Acceptance, steps: steps16("temporary_return months", float64(steps)),
		costPerStep: v.l.CostPerAssignment / float64(steps)}
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		// A skills register in the sector raises acceptance (lever_register.go).
		as := a
		if f := e.registerFactor(s); f != 1 {
			as.prob = approach * min(1, v.l.Acceptance*f)
		}
		for d, okd := range p.dests {
			if okd {
				c.assign[s*e.nD+d] = as
			}
		}
		// Skill transfer: each person on assignment raises the summed
		// skill of home colleagues by SkillTransfer a year.
		if home := float64(e.total.home(s)); home > 0 {
			c.skillTransfer[s] += v.l.SkillTransfer * float64(e.fte[s]) / home
		}
		v.teach(e, c, s)
	}
}

// teach counts the teaching share of sector s's assignments: as teachers in
// education quality (unless s is a teacher sector, whose FTE count there
// already) and as SeatsPerTeacher training seats each in s.
func (v *temporaryReturnLever) teach(e *Engine, c *conditions, s int) {
	if v.l.TeachingShare <= 0 {
		return
	}
	ft := v.l.TeachingShare * float64(e.fte[s]) // agents
	if !e.sc.Sectors[s].Teacher {
		c.teaching += ft
	}
	c.teachSeats[s] += ft * e.weight * v.l.SeatsPerTeacher
}

// settle grants the programme's assignments: the emigrants who accepted an
// offer of policy k this step, in slot order, get the assignments left this
// year, by lottery where they are more.
func (temporaryReturnLever) settle(e *Engine, vol []applicant, key uint64, k int) {
	p, t, c := &e.pop, &e.total, &e.cond
	cand := e.candBuf[:0]
	for j, a := range vol {
		s := int(p.rec[a.slot].sector)
		if ac := c.assign[s*e.nD+int(a.dest)]; ac.steps > 0 && ac.policy == k {
			cand = append(cand, j)
		}
	}
	e.candBuf = cand
	if len(cand) == 0 {
		return
	}
	st := newStream(key, drawLottery, uint64(1<<32+k))
	e.chosen = lottery(len(cand), int(min(int64(len(cand)), e.slotsLeft[k])), &st, e.chosen)
	for _, w := range e.chosen {
		a := vol[cand[w]]
		i := int(a.slot)
		s := int(p.rec[i].sector)
		p.rec[i].flags |= flagAssigned
		p.rec[i].timer = c.assign[s*e.nD+int(a.dest)].steps
		if p.rec[i].flags&flagTraced != 0 {
			e.noteSeq(i, evAssignStart, agents.Emigrant, agents.Emigrant)
		}
		t.fte[s]++
		e.fte[s]++
		e.slotsLeft[k]--
		if e.ev != nil {
			e.eventAssigned(s, int(a.dest))
		}
	}
}

// linger adds the skill transfer that outlasts the assignments, in every
// step, the programme active or not: the legacy L of sector s (agents)
// transfers as L FTE on assignment would (SkillTransfer x L / home stock a
// year), then fades by q = exp(-1 / (TransferYears x steps a year)) and,
// while the programme is active, takes in the step's FTE on assignment,
// whose own transfer adjust credits, as FTE / (steps of an assignment)
// finished assignments: L' = q L + c FTE, c = TransferYears (1 - q) x
// steps a year / steps of an assignment. Each assignment then goes on
// transferring, after it, for exactly TransferYears FTE-years in all
// (sum of c q^j over its steps and the steps after); taking it in over
// the assignment's steps rather than at its end keeps from tracking the
// ends, and moves the legacy earlier by at most an assignment's length.
func (v *temporaryReturnLever) linger(e *Engine, c *conditions, k int) {
	if v.l.TransferYears <= 0 {
		return
	}
	if v.legacy == nil {
		v.legacy = make([]float64, e.nS)
	}
	q := math.Exp(-1 / (v.l.TransferYears * float64(e.spy)))
	in := v.l.TransferYears * (1 - q) * float64(e.spy) / float64(max(1, e.monthsToSteps(v.l.Months)))
	p := &e.pols[k]
	active := p.p.Active(c.year)
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		if home := float64(e.total.home(s)); home > 0 {
			c.skillTransfer[s] += v.l.SkillTransfer * v.legacy[s] / home
		}
		v.legacy[s] *= q
		if active {
			v.legacy[s] += in * float64(e.fte[s])
		}
	}
}

// assignment is a temporary-return programme open to emigrants of one
// sector at one destination.
type assignment struct {
	policy      int
	prob        float64 // chance a member is approached and accepts this step
	steps       uint16  // length of an assignment, steps
	costPerStep float64 // USD per person on assignment per step
}
