package sim

import (
	"fmt"
	"math"
	"slices"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// The event engine (issue 16): a mode of the same Engine in which a person
// is touched only at steps where something can happen to it. Everything the
// step engine does once a step (conditions, the yearly phase, cohort entry,
// settlement, the labour market, accounting, recording) is shared; only the
// per-person loop (decide) is replaced by wakes from a calendar, and the
// stocks are kept in the persistent tally e.total, updated by the deltas of
// the persons touched, instead of being recounted every step.
//
// A person's wake is the earlier of two steps:
//
//   - the next scheduled step: graduation at the fixed length, retirement,
//     the crossing of an output age band (tally.fine is by band), or a
//     horizon no-op (the ring of buckets is eventRing steps long);
//   - the next candidate step: a geometric skip at a per-step probability
//     that bounds the chance of the state's event (dropout, emigration,
//     return) and of volunteering for an assignment; or, paired
//     (Options.Paired), the next step of candidate sets drawn from keys
//     that do not depend on the person's past, so that two scenarios share
//     them (event_cand.go);
//   - its death, drawn once when it enters the calendar (deathStep).
//
// At a scheduled step the person is stepped exactly as decide steps it. At a
// candidate step, the step engine's uniforms of the state's event and of
// volunteering are drawn conditionally on the candidate (candUniforms), and
// the step engine's rules are applied to them: thinning in discrete time, so that the
// per-step law of every transition is the step engine's whatever the
// conditions, as long as they stay within the bounds.
// A bound that conditions can raise (dropout, with education quality) is
// checked every step and, when exceeded, raised with headroom and the
// candidates of the persons it concerns are drawn again.
//
// Between touches a person's fields are brought up to date in closed form:
// age and tenure grow by the steps passed, skill abroad by the constant
// growth factor (capped), and the savings of an emigrant are those of its
// cohort: emigrants who arrived in the same step with the same sector,
// destination, sex and recognition remit the same amount and save the same
// (agents.RemitShare, agents.Save), so the remittances of a step and the
// savings are computed per cohort, O(cohorts) a step, not per person.

// eventRing is the length, in steps, of the ring of calendar buckets. A wake
// further away is cut to a no-op wake at the ring's end. Scheduled events are
// at most one age band (ten years) apart, so with monthly and weekly steps
// the cut bites only on long candidate skips.
const eventRing = 1024

// dropHeadroom is the factor above the current dropout probability at which
// its bound is set when it is raised, so that a slowly falling education
// quality raises it (and redraws the students' candidates) a few times, not
// every step. Assumed: a trade-off of speed only, not of results.
const dropHeadroom = 1.25

// neverStep is a step that never comes: the candidate of a person whose
// hazards are all zero.
const neverStep = math.MaxInt32

// Purposes of the event engine's draws, beyond those of rng.go (kept apart
// so that adding one does not renumber the step engine's).
const (
	drawEvent       purpose = 64 + iota // the state's event (dropout, emigration, return) in a step
	drawSkip                            // the geometric skip to the next candidate, after a wake
	drawSkipEnter                       // the same, for a person entering the calendar (start, entrants)
	drawSkipAdmit                       // the same, after an admission abroad
	drawSkipRebound                     // the same, after a bound was raised
	drawSkipAssign                      // the same, at the start of a temporary-return assignment
	drawDeathStep                       // the step of death, drawn once when a person enters the calendar
	drawCandEvent                       // the candidate set of the state's event (event_cand.go)
	drawCandAssign                      // the candidate set of volunteering for an assignment
)

// eventState is the event engine's state. Fields by slot are kept for every
// slot, the gone included.
type eventState struct {
	started bool
	// paired: candidates from the candidate sets of event_cand.go, which
	// two scenarios share (Options.Paired); else geometric skips keyed by
	// each plan, which cost less.
	paired  bool
	candKey [2]uint64 // [candEvent, candAssign] roots of the candidate sets (event_cand.go)
	slot    []evSlot  // [slot] the person's calendar entry
	// [shard][step % eventRing] the slots due at the step. A bucket is an
	// array, read in slot order at its step, so that the wakes of a step
	// are independent loads (a linked list made them one dependent cache
	// miss after another: a fifth of the time). A person is never taken
	// out of a bucket but by its wake: the passes that move many persons'
	// wakes (a bound raised) rebuild every bucket (rebuildCalendar), and
	// the applicants and volunteers of a step are put back only after
	// settlement (scheduleSettled).
	buckets [][][]int32

	powAbroad []float64 // [steps] growAbroad^steps, up to eventRing
	// [age in steps] the cumulative hazard of death up to that age: the sum
	// over ages j from 1 of -ln(1 - the step mortality at age j), for the
	// ages up to retirement (deathStep).
	cumDeath []float64
	// Stocks by birth step b (age after step n is n - b), state, sector and
	// sex (birthIndex): the counts by age band (tally.fine) are summed from
	// them every step, so that crossing a band needs no wake.
	bOff    int
	byBirth []int64
	// The stocks by age band summed from byBirth after step fineStep,
	// laid out as tally.fine, and the ages (steps) at which the band
	// changes, ageBand's edges (advanceFine).
	fine      []int64
	fineStep  int
	bandEdges []int
	dropBound []float64 // [sector] bound of the dropout probability in a step
	// [sector] bound of the sector's terms of the emigration logit,
	// inclusive - WageGap ln(wage at home), when personal bounds are used
	// (emigTight); +Inf before the first step.
	emigBound []float64
	emigTight bool      // emigration candidates are drawn from personal bounds (emigBoundOf)
	emigExp   []float64 // [sector] exp(-emigBound)
	ageExp    []float64 // [age in steps] exp(Emigration.Age (age in years at the middle of the step - 30))
	// Bounds of the conditions' terms of the return logit (returnBoundOf):
	// [sector] of the log home wage, [(sector*nD + dest)*2 + recognised]
	// of extra - WageGap ln(income abroad); +Inf before the first step.
	retHome  []float64
	retAway  []float64
	retTight bool         // return candidates are drawn from personal bounds
	sav      savingsPaths // when cohorts' savings reach the return's savings target (event_savings.go)

	// Emigrant cohorts by arrival step a (tenure in step n is n - a),
	// sector, destination, sex and recognition (cohortIndex).
	aOff   int       // arrival steps start at -aOff
	coN    []int64   // members
	coSav  []float64 // savings of a member after the last pre-pass, USD PPP
	coSent []float64 // remittance sent by a member this step, USD PPP
	coFee  []float64 // corridor fee paid by a member this step
	coPrev []float64 // savings of a member before the last pre-pass, when tracing (event_trace.go)
	// The cohorts with members, in index order, among the rows (arrival
	// steps) before activeRows: cohortsPre and cohortsPost visit these
	// rather than every cohort of every arrival step (at 20,000 agents
	// those were more than the persons). A cohort gains members only in
	// its arrival step, before its row is taken in, or through
	// addCohort, which puts a cohort back in the list.
	active     []int32
	activeRows int

	// Skill growth at home (c.growHome, with the skill transfer of
	// temporary-return assignments): a cumulative index G by sector, the
	// product of the growth factors applied up to a step, and the sums over
	// the persons at home whose skill is below the cap (uncapped: their
	// skill in step n is skill x G(n) / G(touched)) of their skill
	// normalised by G at their touch, and of their skill as stored. A
	// person is touched at the step its skill reaches the cap (the watch of
	// event_cap.go), so that a capped skill is in the stored sum exactly
	// from the step it is capped.
	gHist    []float64 // [(step+1)*nS + sector] G after the step's growth; 1 before the first step
	normSum  []float64 // [sector] sum over the uncapped at home of skill / G(touched)
	rawUnc   []float64 // [sector] sum over the uncapped at home of the stored skill
	lastCorr []float64 // [sector] the correction of the stored skill at home now in e.total.skillHome
	// The watch of the cap (event_cap.go): a queue by shard and sector
	// [shard*nS + sector] of the persons at home below the cap, by the
	// level of the index at which they reach it; the sectors whose skill
	// can grow (nil: none, or no cap); the level below which a skill is
	// uncapped (+Inf without a cap) and the skill at the cap, float32(max).
	watch    []capQueue
	watchOn  []bool
	capLevel float64
	capVal   float32
	capFill  bool // eventInit enters everyone: no compaction until it is done
	// normAll is normSum and rawUnc, then the returnees' sums of
	// event_topup.go, in one allocation: the layout of a block's normDelta.
	normAll []float64
	// retWindow is the longest window, in steps, of the wage top-ups for
	// returnees paid for a limited time (0: none), whose cost is charged
	// from the skill of the returnees by return step (event_topup.go).
	retWindow int

	// Temporary-return assignments: the bound of the chance that an
	// emigrant not on assignment volunteers in a step, by sector and
	// destination (every candidate of the sector and destination is drawn
	// again when it is raised), and the emigrants on assignment.
	assignBound []float32 // [sector*nD + dest]
	onAssign    []int64   // [sector*nD + dest]
	raised      []bool    // [sector*nD + dest] scratch of eventBounds

	entrants []int32 // slots of this step's entrants, for enterShard
	// The entrants by shard: those of shard b are entrants[entrantAt[b]:
	// entrantAt[b+1]] after groupEntrants, in the order they entered.
	entrantAt []int
	byShard   []int32 // scratch of groupEntrants
	events    int64   // candidate and scheduled wakes processed
	noops     int64   // wakes where nothing could happen (the ring's end)
	caps      int64   // touches of persons whose skill at home reached the cap (event_cap.go)
	rebuilds  int     // calendar rebuilds (rebuildCalendar), for the benchmarks
	// Slots sent to train abroad by this step's lotteries, in the order
	// sent, whose wakes moveTrainees moves (event_training.go).
	sent  []int32
	shard int // slots a shard, eventShard (testShard in tests)

	part *eventPartner // training partnerships (event_partner.go); nil without one
	bond *eventBonds   // service bonds (event_bond.go); nil without one
	ben  *eventBenefit // retention, portable benefits, permanent returnee top-ups (event_benefit.go); nil without them
	// [sector] bound of the probability that a student past its fixed
	// length graduates or drops out in a step (event_delay.go); nil without
	// a training delay.
	late []float64
	jl   *eventJobless // the jobless at home by sector (event_jobless.go); nil without unemployment in person
	// [sector] bound of the return logit's term of the home income from
	// below a flat fallback (event_jobless.go); 0 (the wage floor of 1)
	// without one.
	retFloor []float64
}

// evSlot is a person's entry in the calendar, kept together so that a wake
// reads one cache line for it (a wake is a random access: the persons due in
// a step are scattered over the population). 16 bytes, so that an entry is
// never across two cache lines (at 20 a quarter were) and the calendar
// costs 4 bytes a person less. The scheduled step and the step of death
// are kept as steps after the touch: a scheduled step is at most a working
// life after a person's plan (retirement), and its touch at most the ring
// before it, which the validation's bounds keep below slotNever
// (scenarios.MaxAge x MaxStepsPerYear = 43,800 steps; eventRing 1,024).
type evSlot struct {
	cand    int32   // next candidate step; awaitSettle while an applicant or volunteer of the step
	touched int32   // last step whose change is in the person's fields (-1: before the first)
	pMax    float32 // bound of the probability of the state's event in a step until the scheduled step, used for cand (rounded up)
	sched   uint16  // the next scheduled step, after touched (the bounds of cand hold up to it); slotNever: none
	death   uint16  // the step of death (drawn at entry: deathStep), after touched; slotNever: not before retirement
}

// slotNever marks, in evSlot.sched and evSlot.death, no such step.
const slotNever = math.MaxUint16

// schedAt returns the person's next scheduled step (neverStep: none).
func (sl *evSlot) schedAt() int { return sl.at(sl.sched) }

// deathAt returns the person's step of death (neverStep: not before
// retirement).
func (sl *evSlot) deathAt() int { return sl.at(sl.death) }

func (sl *evSlot) at(off uint16) int {
	if off == slotNever {
		return neverStep
	}
	return int(sl.touched) + int(off)
}

// setSched sets the next scheduled step to n (neverStep: none).
func (sl *evSlot) setSched(n int) { sl.sched = sl.after(n) }

// setDeath sets the step of death to n (neverStep: not before retirement).
func (sl *evSlot) setDeath(n int) { sl.death = sl.after(n) }

// after returns step n as steps after the touch. A step before the touch or
// too far after it is a broken invariant (evSlot), not an input.
func (sl *evSlot) after(n int) uint16 {
	if n >= neverStep {
		return slotNever
	}
	d := n - int(sl.touched)
	if d < 0 || d >= slotNever {
		panic(fmt.Sprintf("sim: calendar: step %d is %d steps after the touch at %d, outside [0, %d)", n, d, sl.touched, slotNever))
	}
	return uint16(d)
}

// touch moves the touch to step now (at or after it), keeping the
// scheduled step and the step of death where they are (both at or after
// now: a person is woken at them).
func (sl *evSlot) touch(now int) {
	d := uint16(now - int(sl.touched))
	if sl.sched != slotNever {
		sl.sched -= d
	}
	if sl.death != slotNever {
		sl.death -= d
	}
	sl.touched = int32(now)
}

// countDelta is a change of a counter of the event state (byBirth, coN)
// made by a wake: a shard keeps its changes and they are added after the
// wakes, rather than by atomic adds on counters the shards share (the
// persons of a birth step or an arrival cohort are in every shard), whose
// cache lines would go back and forth between the cores.
type countDelta struct {
	i int32 // the counter's index
	n int32 // its change
}

// eventShard is the number of slots whose wakes are kept in one set of
// buckets and processed as one unit of parallel work. It is fixed, not a
// function of the workers, so that the order of the wakes (and with it the
// bytes of the outputs) is the same for any number of workers; and large
// (16 blocks), so that a bucket holds tens of persons at a million, not a
// handful: the buckets' arrays then carry little slack, and a step merges 16
// tallies rather than 244.
const eventShard = 16 * blockSize

// testShard, when positive, replaces eventShard in the engines started
// after it is set: the tests of determinism across workers set it small, so
// that a few thousand agents make several shards.
var testShard int

// awaitSettle marks, in evSlot.cand, an applicant or volunteer of this
// step: in no bucket until settlement has decided on it (scheduleSettled).
const awaitSettle = -1

// enqueue puts person i in the bucket of step w.
func (ev *eventState) enqueue(i, w int) {
	b := &ev.buckets[i/ev.shard][w%eventRing]
	*b = append(*b, int32(i))
}

// up32 returns the smallest float32 >= x, so that a bound kept in 32 bits
// still bounds.
func up32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		// The next float32 up: for a finite f >= 0 the next bit pattern
		// (probabilities are never negative); Nextafter32 otherwise.
		if f >= 0 && !math.IsInf(float64(f), 0) {
			return math.Float32frombits(math.Float32bits(f) + 1)
		}
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// startEvents turns the engine into the event engine. It must be called
// before the first step; EventSupport tells which scenarios it simulates.
func (e *Engine) startEvents() {
	if e.step != 0 {
		panic("sim: startEvents after the first step")
	}
	ev := &eventState{}
	ev.candKey = [2]uint64{mix(e.repKey ^ mix(uint64(drawCandEvent)+golden)), mix(e.repKey ^ mix(uint64(drawCandAssign)+golden))}
	ev.powAbroad = make([]float64, eventRing+1)
	for k := range ev.powAbroad {
		ev.powAbroad[k] = math.Pow(e.growAbroad, float64(k))
	}
	ev.cumDeath = make([]float64, int(e.retireSteps)+1)
	for a := 1; a < len(ev.cumDeath); a++ {
		m := e.mortality[min((a-1)/e.spy, len(e.mortality)-1)]
		ev.cumDeath[a] = ev.cumDeath[a-1] - math.Log1p(-m)
	}
	ev.bOff = int(e.retireSteps) + 2
	for a := 1; a < len(e.ageBand); a++ {
		if e.ageBand[a] != e.ageBand[a-1] {
			ev.bandEdges = append(ev.bandEdges, a)
		}
	}
	ev.fine = make([]int64, len(e.total.fine))
	ev.fineStep = -1
	ev.dropBound = make([]float64, e.nS)
	ev.emigBound = make([]float64, e.nS)
	for s := range ev.emigBound {
		ev.emigBound[s] = math.Inf(1)
	}
	// Personal bounds of the emigration hazard need the logit to be
	// monotone in the wage and without the age-specific wage-gap weights;
	// otherwise the base rate bounds it.
	em := e.sc.Emigration
	ev.emigTight = em.WageGap >= 0 && e.wageWeight == nil
	ev.emigExp = make([]float64, e.nS)
	rp := e.sc.Return
	ev.retTight = rp.WageGap >= 0 && rp.YearsAbroad >= 0 && rp.Savings >= 0
	ev.retHome = make([]float64, e.nS)
	ev.retAway = make([]float64, e.nS*e.nD*2)
	ev.retFloor = make([]float64, e.nS)
	ev.ageExp = make([]float64, len(e.ageBand))
	for a := range ev.ageExp {
		ev.ageExp[a] = math.Exp(em.Age * ((float64(a)-0.5)/float64(e.spy) - 30))
	}
	ev.aOff = int(e.retireSteps) + 2
	ev.gHist = make([]float64, e.nS)
	for s := range ev.gHist {
		ev.gHist[s] = 1
	}
	ev.retWindow = returneeWindow(e)
	ev.ben = newEventBenefit(e, 2*e.nS+2*e.nS*ev.retRing())
	pair := make([]float64, 2*e.nS+2*e.nS*ev.retRing()+ev.ben.benefitSize())
	ev.normSum, ev.rawUnc = pair[:e.nS], pair[e.nS:2*e.nS]
	ev.normAll = pair
	ev.lastCorr = make([]float64, e.nS)
	ev.assignBound = make([]float32, e.nS*e.nD)
	ev.onAssign = make([]int64, e.nS*e.nD)
	ev.raised = make([]bool, e.nS*e.nD)
	ev.shard = eventShard
	if testShard > 0 {
		ev.shard = testShard
	}
	ev.part = newEventPartner(e.sc)
	ev.bond = newEventBonds(e.sc)
	e.ev = ev
	e.startCap() // event_cap.go
}

// assignHeadroom is the factor above the current chance of volunteering at
// which its bound is set when raised: the chance rises through a year as
// the assignments left are offered over fewer steps (temporaryReturnLever.
// adjust). Assumed: a trade-off of speed only.
const assignHeadroom = 2

// gIndex returns the cumulative growth index of skill at home in sector s
// after step n (n >= -1).
func (e *Engine) gIndex(n, s int) float64 { return e.ev.gHist[(n+1)*e.nS+s] }

// uncapped tells whether a person in state st with skill sk grows at home
// (at the index) and is in the sums normSum and rawUnc.
func (e *Engine) uncapped(st agents.State, sk float32) bool {
	return st.AtHome() && float64(sk) < e.ev.capLevel
}

// addNorm adds (sign 1) or takes back (sign -1) the part in the uncapped
// sums d (normalised [0, nS), raw [nS, 2nS)) of a person of state st and
// sector s whose skill sk and tenure ten are those after step n; and, for a
// returnee still in the window of the returnee top-ups (retWindow), its
// part in the sums of its return step.
func (e *Engine) addNorm(d []float64, st agents.State, s int, sk float32, n, ten int, sign float64) {
	un := e.uncapped(st, sk)
	if un {
		d[s] += sign * float64(sk) / e.gIndex(n, s)
		d[e.nS+s] += sign * float64(sk)
	}
	if w := e.ev.retWindow; w > 0 && st == agents.Returnee {
		if r := n - ten; r >= e.step-w {
			e.addReturnee(d, s, r, un, float64(sk), n, sign)
		}
	}
	if bn := e.ev.ben; bn != nil && bn.perm && st == agents.Returnee {
		e.addReturneeAll(d, s, n-ten, un, float64(sk), n, sign) // event_benefit.go
	}
}

// homeSkill returns the skill after step n of a person at home in sector s
// whose skill after step touched was sk: grown by the index, capped.
func (e *Engine) homeSkill(sk float32, s, touched, n int) float32 {
	g0, g1 := e.gIndex(touched, s), e.gIndex(n, s)
	if !(g1 > g0) {
		return sk
	}
	x := float64(sk) * (g1 / g0)
	if mx := e.sc.Skill.Max; mx > 0 && x > mx {
		x = mx
	}
	return float32(x)
}

// growStep records the growth index of step n from its conditions.
func (e *Engine) growStep(n int) {
	ev := e.ev
	for s := range e.nS {
		g := e.gIndex(n-1, s)
		if f := e.cond.growHome[s]; f > 1 {
			g *= f // as decide: no growth from a factor at or below 1
		}
		ev.gHist = append(ev.gHist, g)
	}
}

// powAbroadOf returns the growth factor of skill abroad over k steps, from
// the table when it holds k.
func (ev *eventState) powAbroadOf(k int) float64 {
	if k >= 0 && k < len(ev.powAbroad) {
		return ev.powAbroad[k]
	}
	return math.Pow(ev.powAbroad[1], float64(k))
}

// cohortIndex returns the index of the cohort of arrival step a, sector s,
// destination d, sex and recognition of the flags.
func (e *Engine) cohortIndex(a, s, d int, flags uint8) int {
	rec := 0
	if flags&flagRecognised != 0 {
		rec = 1
	}
	return (((a+e.ev.aOff)*e.nS+s)*e.nD+d)*4 + int(flags&flagFemale)*2 + rec
}

// birthRow is the number of counters of one birth step in byBirth.
func (e *Engine) birthRow() int { return int(agents.NumStates) * e.nS * 2 }

// birthIndex returns the index in byBirth of person i in state st, whose
// fields are those after step touched.
func (e *Engine) birthIndex(i int, st agents.State) int {
	p := &e.pop
	b := int(e.ev.slot[i].touched) - int(p.rec[i].age)
	return (b+e.ev.bOff)*e.birthRow() + (int(st)*e.nS+int(p.rec[i].sector))*2 + int(p.rec[i].flags&flagFemale)
}

// fineFromBirths sets the stocks by age band of the total tally from the
// stocks by birth step, for the ages after step n: from ev.fine, which
// follows them (advanceFine, addBirth) at a cost of the rows that cross a
// band's edge in a step, not of every row (at 20,000 agents the rows, a
// birth step each, were as many as the persons).
func (e *Engine) fineFromBirths(n int) {
	e.advanceFine(n)
	copy(e.total.fine, e.ev.fine)
}

// fineOf returns the index in tally.fine of the counter j of a birth row
// (state, sector and sex: birthIndex) in age band band.
func fineOf(j int, band uint8) int {
	return (j>>1)*numAgeBands*2 + (j&1)*numAgeBands + int(band)
}

// rowBand returns the age band after step n of the persons of birth row r.
func (e *Engine) rowBand(r, n int) uint8 {
	return e.band(uint16(min(max(n-(r-e.ev.bOff), 0), math.MaxUint16)))
}

// countFine sets fine to the stocks by age band after step n summed from
// every row of byBirth.
func (e *Engine) countFine(fine []int64, n int) {
	ev := e.ev
	clear(fine)
	row := e.birthRow()
	for r := 0; r*row < len(ev.byBirth); r++ {
		if n-(r-ev.bOff) < 0 {
			break
		}
		band := e.rowBand(r, n)
		for j, c := range ev.byBirth[r*row : (r+1)*row] {
			if c != 0 {
				fine[fineOf(j, band)] += c
			}
		}
	}
}

// advanceFine moves ev.fine, the stocks by age band, from the ages after
// step ev.fineStep to those after step n: only the rows whose persons reach
// an age band's lower edge move.
func (e *Engine) advanceFine(n int) {
	ev := e.ev
	row := e.birthRow()
	for ; ev.fineStep < n; ev.fineStep++ {
		m := ev.fineStep + 1
		for _, a := range ev.bandEdges {
			r := m + ev.bOff - a // the row of age a after step m
			if r < 0 || (r+1)*row > len(ev.byBirth) {
				continue
			}
			from, to := e.rowBand(r, m-1), e.rowBand(r, m)
			for j, c := range ev.byBirth[r*row : (r+1)*row] {
				if c != 0 {
					ev.fine[fineOf(j, from)] -= c
					ev.fine[fineOf(j, to)] += c
				}
			}
		}
	}
}

// addBirth changes the counter idx of byBirth by d, and the stocks by age
// band with it, at the ages after step ev.fineStep.
func (e *Engine) addBirth(idx int, d int64) {
	ev, row := e.ev, e.birthRow()
	ev.byBirth[idx] += d
	ev.fine[fineOf(idx%row, e.rowBand(idx/row, ev.fineStep))] += d
}

// growCohorts makes room for the cohorts arriving, and the persons born, up
// to step n.
func (e *Engine) growCohorts(n int) {
	ev := e.ev
	if need := (n + ev.bOff + 1) * e.birthRow(); len(ev.byBirth) < need {
		ev.byBirth = append(ev.byBirth, make([]int64, max(need, 2*len(ev.byBirth))-len(ev.byBirth))...)
	}
	need := (n + ev.aOff + 1) * e.nS * e.nD * 4
	if len(ev.coN) >= need {
		return
	}
	need = max(need, 2*len(ev.coN))
	grow := func(s []float64) []float64 { return append(s, make([]float64, need-len(s))...) }
	ev.coN = append(ev.coN, make([]int64, need-len(ev.coN))...)
	ev.coSav, ev.coSent, ev.coFee = grow(ev.coSav), grow(ev.coSent), grow(ev.coFee)
	if e.tr != nil {
		ev.coPrev = grow(ev.coPrev) // event_trace.go
	}
}

// grow makes room for the slots of the population in the per-slot arrays
// and the buckets of their blocks.
func (e *Engine) growEvents() {
	ev, n := e.ev, e.pop.len()
	if n > cap(ev.slot) {
		// Room for an eighth more slots than the population has: not one
		// entrant at a time, and not by doubling as the population's
		// arrays (append) do, since an entry is 32 bytes: the slack of
		// doubling took the peak above 110 bytes a person at 10 M.
		ev.slot = slices.Grow(ev.slot, n+n/8-len(ev.slot))
	}
	for len(ev.slot) < n {
		ev.slot = append(ev.slot, evSlot{cand: neverStep, sched: slotNever, touched: -1, death: slotNever})
	}
	for len(ev.buckets)*ev.shard < n {
		ev.buckets = append(ev.buckets, make([][]int32, eventRing))
	}
	if ev.watchOn != nil {
		for len(ev.watch) < len(ev.buckets)*e.nS {
			ev.watch = append(ev.watch, capQueue{})
		}
	}
}

// bound returns the bound of the per-step probability of the state's event
// of person i, of state st and sector s, over the steps from ageStart to
// ageEnd of age (steps, both included; ageEnd the age at its next scheduled
// step). The candidate is drawn from it and decided with it (evSlot keeps
// it), as thinning requires. Death is not a candidate: its step is drawn
// exactly (deathStep).
func (e *Engine) bound(i int, st agents.State, s, ageStart, ageEnd int, withSav bool) (pMax float64) {
	switch st {
	case agents.Student:
		pMax = e.studentBound(s, int(e.pop.rec[i].tenure)+ageStart-int(e.pop.rec[i].age), e.gradStep(i, s)) // event_delay.go
	case agents.Worker, agents.Returnee:
		pMax = e.emigBoundOf(i, st, s, ageStart, ageEnd)
	case agents.Emigrant:
		if e.pop.rec[i].flags&flagAssigned == 0 {
			pMax = e.returnBoundOf(i, s, ageStart, ageEnd, withSav)
		}
	}
	return pMax
}

// deathStep draws, for a person entering the calendar after step from at
// age (steps), the step at which it dies: the first step at which the step
// engine's draw of death (decide: U < the step mortality of its age) would
// fall below, drawn at once by inverting the cumulative hazard of the
// mortality table, so that death is an exact scheduled event rather than a
// candidate. Mortality depends on age only, not on state or conditions, so
// one draw holds for the person's whole stay. neverStep if it would die at
// an age past retirement, where it has left.
func (e *Engine) deathStep(from, age int, k uint64) int {
	cd := e.ev.cumDeath
	if age >= len(cd)-1 {
		return neverStep // retires at its next step, if not before
	}
	target := cd[max(age, 0)] - math.Log(1-uniform(k, drawDeathStep)) // 1 - U in (0, 1]
	// The first age a > age with cd[a] >= target; len(cd) if none.
	a, _ := slices.BinarySearch(cd[max(age, 0)+1:], target)
	a += max(age, 0) + 1
	if a >= len(cd) {
		return neverStep
	}
	return from + a - age
}

// returnBoundOf returns a bound of the per-step probability that emigrant
// i of sector s returns, over its ages from ageStart to ageEnd (steps):
// agents.ReturnRate with the conditions' terms at their bounds (retHome,
// retAway), the age and years abroad of the window that give the largest
// hazard, the skill at the window's end (it grows abroad, and a higher
// skill raises the home wage), and the savings term counted whenever there
// is a target (savings are not known ahead).
func (e *Engine) returnBoundOf(i, s, ageStart, ageEnd int, withSav bool) float64 {
	ev, rp, p := e.ev, &e.sc.Return, &e.pop
	if !ev.retTight {
		return e.returnMax
	}
	spy := float64(e.spy)
	age := ageEnd
	if rp.Age < 0 {
		age = ageStart - ageStart%e.spy // a whole year (boundYear)
	}
	lag := ageStart - int(p.rec[i].age) // steps from the fields' step to the window's first
	tenStart := int(p.rec[i].tenure) + lag
	yearsStart := (float64(tenStart-tenStart%e.spy) - 0.5) / spy // a whole year (boundYear)
	// Skill grows (or, with a negative growth rate, shrinks) monotonically:
	// its largest value in the window is at one end.
	skEnd := float64(p.skill[i]) * max(ev.powAbroadOf(ageEnd-int(p.rec[i].age)), ev.powAbroadOf(lag))
	if mx := e.sc.Skill.Max; mx > 0 {
		skEnd = min(skEnd, max(mx, float64(p.skill[i])))
	}
	z := rp.Intercept + rp.Age*((float64(age)-0.5)/spy-30) - rp.YearsAbroad*yearsStart
	if withSav {
		z += rp.Savings
	}
	hw := max(ev.retHome[s]+math.Log(skEnd), ev.retFloor[s]) // a flat fallback's floor (event_jobless.go)
	if ev.ben != nil {
		hw = ev.ben.homeBound(s, hw) // portable benefits (event_benefit.go)
	}
	z += rp.WageGap * max(hw, 0)
	rec := 0
	if p.rec[i].flags&flagRecognised != 0 {
		rec = 1
	}
	z += ev.retAway[(s*e.nD+int(p.rec[i].dest))*2+rec]
	if math.IsNaN(z) {
		return e.returnMax
	}
	return min(e.returnMax, rp.BaseRate*agents.Logistic(z)/spy)
}

// retTerms returns the conditions' terms of the return logit this step for
// sector s: the log home wage, and, by destination and recognition (index
// as retAway), extra - WageGap ln(max(income abroad, 1)).
func (e *Engine) retTerms(s int, away []float64) float64 {
	c, rp := &e.cond, &e.sc.Return
	for d := range e.nD {
		sd := s*e.nD + d
		away[2*d] = c.returnExtra[sd] - rp.WageGap*math.Log(max(c.waste[d], 1))
		away[2*d+1] = c.returnExtra[sd] - rp.WageGap*math.Log(max(c.wageAbroad[sd], 1))
	}
	// Top-ups raise the home wage an emigrant weighs (returnTopUp): at most
	// by the sum of their rates.
	topUp := 0.0
	for _, tu := range c.topUps[s] {
		topUp += tu.rate
	}
	// A fallback proportional to skill (other_sector) can be above the
	// wage: the expected income is below the larger (event_jobless.go).
	return math.Log(max(c.wageHome[s]*(1+topUp), c.idleSkill[s]))
}

// retHeadroom is the margin, in logit units, above the conditions' terms of
// the return logit at which their bounds are set when raised; assumed, as
// emigHeadroom.
const retHeadroom = 0.2

// boundYear: the personal bounds take the age and the years abroad at the
// start of their window down to a whole year (in steps since birth or
// arrival), where that loosens them, so that a person planned at any step
// of a year gets the same bound, the same level and the same candidates
// (event_cand.go): two scenarios that wake a person at different steps
// (one with an assignment programme that offers it a post) then share its
// candidates. It loosens the bounds by at most a year of the age and
// years-abroad terms.

// emigBoundOf returns a bound of the per-step probability that worker or
// returnee i of sector s asks to emigrate, over its ages from ageStart to
// ageEnd (steps): agents.EmigrationRate with the sector's terms at their
// bound (emigBound), the person's skill (constant at home: EventSupport
// rules out growth at home) and the age in the window that gives the
// largest hazard. Wages below 1 count as 1 in the rate, which only lowers
// the hazard, so the bound holds for them too.
func (e *Engine) emigBoundOf(i int, st agents.State, s, ageStart, ageEnd int) float64 {
	em := &e.sc.Emigration
	base, pBase := em.BaseRate, e.emigMax[0]
	if st == agents.Returnee {
		base, pBase = base*em.ReturneeFactor, e.emigMax[1]
	}
	if e.ev.part != nil && e.pop.rec[i].flags&flagPartner != 0 {
		// A partnership's graduate: its factor, at its bound (decide
		// multiplies the bound of the hazard by the factor in force).
		base *= e.ev.part.factor[s]
		pBase = agents.StepProb(base, e.spy)
	}
	if bd := e.ev.bond; bd != nil && e.pop.rec[i].timer > 0 {
		base *= bd.bound[s] // a bonded worker (event_bond.go)
		pBase = agents.StepProb(base, e.spy)
	}
	if !e.ev.emigTight || e.pop.rec[i].flags&flagJobless != 0 {
		return pBase // the jobless: their fallback may be any income (event_jobless.go)
	}
	age := ageStart - ageStart%e.spy // a whole year: a bound that does not move with the step of the plan (boundYear)
	if em.Age < 0 {
		age = ageEnd
	}
	// logistic(z) = 1 / (1 + exp(-z)), with exp(-z) a product of tables
	// and the skill's power: no logarithm or exponential per person with a
	// wage-gap weight of 1. The per-step probability 1 - exp(-h/spy) is
	// bounded by h/spy.
	sk := float64(e.pop.skill[i])
	if em.WageGap != 1 {
		sk = math.Pow(sk, em.WageGap)
	}
	x := e.ev.emigExp[s] * e.ev.ageExp[min(age, len(e.ev.ageExp)-1)] * sk
	if st == agents.Returnee && e.ev.ben != nil {
		x *= e.ev.ben.circExp[s] // portable benefits' circulation effect (event_benefit.go)
	}
	if math.IsNaN(x) {
		return pBase
	}
	return min(pBase, base/(1+x)/float64(e.spy))
}

// emigTerms returns the sector's terms of the emigration logit this step:
// the inclusive value less the wage gap's weight times the log home wage.
func (e *Engine) emigTerms(s int) float64 {
	return e.cond.inclusive[s] - e.sc.Emigration.WageGap*math.Log(e.cond.wageHome[s])
}

// emigHeadroom is the margin, in logit units, above the sector's terms of the
// emigration logit at which their bound is set when raised: about 20% on the
// hazard, so that the slow drift of networks and wages raises it (and
// redraws the candidates of the sector's workers) a few times in a run, not
// every step. Assumed: a trade-off of speed only, not of results.
const emigHeadroom = 0.2

// schedule puts person i, whose fields are those after step touched[i] and
// which is in no bucket, in the bucket of its next wake after step from (>=
// touched[i]): plan, then the bucket of wakeStep.
func (e *Engine) schedule(i, from int, k uint64, pur purpose, redraw bool) {
	e.plan(i, from, k, pur, redraw)
	e.ev.enqueue(i, e.wakeStep(i, from))
}

// scheduleLater plans person i as schedule does and notes its wake in
// block b's list, which putLater puts in the buckets at the end of the
// shard's wakes, in the same order. A bucket's end is a cache miss (at 10 M
// persons the buckets' arrays are 40 MB): one after another in a loop of
// appends they overlap, where inside the wakes each waited for the wake
// around it.
func (e *Engine) scheduleLater(b *block, i, from int, k uint64, pur purpose, redraw bool) {
	e.plan(i, from, k, pur, redraw)
	b.later = append(b.later, laterWake{slot: int32(i), step: int32(e.wakeStep(i, from))})
}

// laterWake is a wake noted by scheduleLater.
type laterWake struct{ slot, step int32 }

// putLater puts the wakes noted in block b in the buckets of shard bi, in
// the order noted: after the entrants of the step (who may be due in it)
// and after the wakes (whose next wake is after the step, within the ring).
func (e *Engine) putLater(b *block, bi int) {
	buckets := e.ev.buckets[bi]
	for _, w := range b.later {
		q := &buckets[int(w.step)%eventRing]
		*q = append(*q, w.slot)
	}
	b.later = b.later[:0]
}

// wakeStep returns the step of the next wake of person i after step from:
// the earliest of its candidate, its scheduled step, its death and the
// ring's end. The step its skill at home reaches the cap is not a wake: the
// watch of event_cap.go touches it then.
func (e *Engine) wakeStep(i, from int) int {
	sl := &e.ev.slot[i]
	w := min(int(sl.cand), sl.schedAt(), sl.deathAt(), from+eventRing-1)
	return max(w, from+1)
}

// plan sets the next scheduled step of person i, whose fields are those
// after step touched[i], from step from (>= touched[i]) and, if redraw, a
// new candidate: the first step after from of its candidate sets at the
// levels of its bounds (event_cand.go), which depend on neither the key k
// nor the purpose pur (kept for the callers, which name why they redraw);
// otherwise the candidate is kept. It puts the person in no bucket.
func (e *Engine) plan(i, from int, k uint64, pur purpose, redraw bool) {
	p := &e.pop
	sl := &e.ev.slot[i]
	st, s := p.rec[i].state, int(p.rec[i].sector)
	lag := from - int(sl.touched)
	age := int(p.rec[i].age) + lag // age after step from
	// Scheduled: retirement, graduation, the end of an assignment; the
	// bound of the state's event holds up to them. The checks of the cap
	// (wakeStep) are not scheduled steps: a wake for them alone moves the
	// fields and keeps the candidate, whose bound does not depend on the
	// skill at home reaching the cap.
	next := from + int(e.retireSteps) - age
	if st == agents.Student {
		ten := int(p.rec[i].tenure) + lag
		next = min(next, e.studentSched(i, s, from, ten)) // event_delay.go
	}
	if st == agents.Emigrant && p.rec[i].flags&flagAssigned != 0 || st == agents.StudentAbroad {
		// The end of the assignment or of study abroad; the timer counts
		// from the touch.
		next = min(next, int(sl.touched)+int(p.rec[i].timer))
	}
	if st == agents.TraineeAbroad {
		next = min(next, e.trainingSched(i)) // event_training.go
	}
	if e.ev.bond != nil && st.AtHome() && p.rec[i].timer > 0 {
		next = min(next, e.bondEnd(i, s, from)) // the last step of service (event_bond.go)
	}
	next = max(next, from+1)
	withSav := e.sc.Return.SavingsTarget > 0
	if st == agents.Emigrant && e.ev.sav.on && p.rec[i].flags&flagAssigned == 0 {
		// The savings term only from the step the cohort's savings can
		// reach the target, a scheduled step (event_savings.go).
		var reach int
		reach, withSav = e.savingsReach(i, s, from)
		next = min(next, reach)
	}
	sl.setSched(next)
	if redraw {
		end := min(next, sl.deathAt())
		pMax := e.bound(i, st, s, age+1, age+max(end-from, 1), withSav)
		if e.ev.paired {
			// The first step after from of the person's candidate sets
			// at the levels of its bounds (event_cand.go).
			c, id := neverStep, p.id[i]
			sl.pMax = 0
			if l := candLevelOf(pMax); l != candNever {
				sl.pMax = float32(candTab[l].q)
				c = e.ev.nextCand(id, candEvent, l, from, neverStep-1)
			}
			if l := candLevelOf(e.assignMax(i, st)); l != candNever {
				c = min(c, e.ev.nextCand(id, candAssign, l, from, neverStep-1))
			}
			sl.cand = int32(c)
			return
		}
		// A geometric skip at the chance that either the state's event
		// or volunteering is a candidate, keyed by this plan.
		sl.pMax = up32(pMax)
		q := candProb(float64(sl.pMax), e.assignMax(i, st))
		c := neverStep
		switch {
		case q >= 1:
			c = from + 1
		case q > 0:
			u := 1 - uniform(k, pur) // in (0, 1]
			skip := math.Floor(math.Log(u) / log1mSmall(q))
			c = from + 1 + int(min(skip, 1<<29))
		}
		sl.cand = int32(c)
	}
}

// rebuildCalendar puts every person in the bucket of its wake (wakeStep)
// after step e.step-1, every bucket emptied first: after a pass that moved
// many persons' wakes (a bound raised, redrawing candidates or moving the
// checks of the cap earlier), since a person is never taken out of a bucket
// otherwise.
func (e *Engine) rebuildCalendar() {
	ev, p := e.ev, &e.pop
	from := e.step - 1
	e.overShards(func(sh, lo, hi int) {
		for j := range ev.buckets[sh] {
			ev.buckets[sh][j] = ev.buckets[sh][j][:0]
		}
		for i := lo; i < hi; i++ {
			if p.rec[i].state != agents.Gone {
				ev.enqueue(i, e.wakeStep(i, from))
			}
		}
	})
}

// overShards calls f for every shard of the calendar, with its slots [lo,
// hi), in parallel: for the passes over the population (rebuildCalendar,
// redraw), which touch each person's slot and its shard's buckets only, a
// sequential part of a step that was a tenth of a 10-year run at 1 M.
func (e *Engine) overShards(f func(sh, lo, hi int)) {
	n, size := e.pop.len(), e.ev.shard
	e.growEvents()
	e.parallel((n+size-1)/size, func(sh int) {
		f(sh, sh*size, min((sh+1)*size, n))
	})
}

// assignMax returns the bound of the chance that person i, in state st,
// volunteers for a temporary-return assignment in a step: that of its
// sector and destination for an emigrant not on assignment, else 0.
func (e *Engine) assignMax(i int, st agents.State) float64 {
	p := &e.pop
	if st != agents.Emigrant || p.rec[i].flags&flagAssigned != 0 {
		return 0
	}
	return float64(e.ev.assignBound[int(p.rec[i].sector)*e.nD+int(p.rec[i].dest)])
}

// eventInit puts the initial population in the calendar and its emigrants in
// their cohorts, at the first step, once its conditions are known.
func (e *Engine) eventInit(key uint64) {
	ev, p := e.ev, &e.pop
	ev.started = true
	e.growEvents()
	e.growCohorts(0)
	for s := range e.nS {
		ev.dropBound[s] = min(1, gridRatio(e.cond.dropout[s], dropHeadroom))
		ev.emigBound[s] = gridUp(e.emigTerms(s), emigHeadroom)
		ev.emigExp[s] = math.Exp(-ev.emigBound[s])
		away := ev.retAway[s*e.nD*2 : (s+1)*e.nD*2]
		ev.retHome[s] = gridUp(e.retTerms(s, away), retHeadroom)
		for j := range away {
			away[j] = gridUp(away[j], retHeadroom)
		}
		for d := range e.nD {
			ev.assignBound[s*e.nD+d] = up32(min(1, gridRatio(e.cond.assign[s*e.nD+d].prob, assignHeadroom)))
		}
	}
	e.partnerInit()
	e.bondInit()
	e.savingsInit()
	e.benefitInit()
	e.delayInit()
	e.joblessInit()
	for i := range p.rec {
		st := p.rec[i].state
		if st == agents.Gone {
			continue
		}
		if st == agents.Emigrant {
			// Tenure t0 before the first step: arrived at -t0-1, so that
			// tenure in step n is n - a. Savings at the start depend on
			// the cohort's key and tenure only (init.go).
			c := e.cohortIndex(-int(p.rec[i].tenure)-1, int(p.rec[i].sector), int(p.rec[i].dest), p.rec[i].flags)
			ev.coN[c]++
			ev.coSav[c] = float64(p.savings[i])
		}
		ev.byBirth[e.birthIndex(i, st)]++
		if p.rec[i].flags&flagAssigned != 0 && st == agents.Emigrant {
			ev.onAssign[int(p.rec[i].sector)*e.nD+int(p.rec[i].dest)]++
		}
		e.addNorm(e.normPair(), st, int(p.rec[i].sector), p.skill[i], -1, int(p.rec[i].tenure), 1)
	}
	// The first wakes, in parallel by shard: a person's draws and entry
	// depend on its own fields and the bounds above only.
	ev.capFill = true
	e.overShards(func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			if p.rec[i].state == agents.Gone {
				continue
			}
			k := agentKey(key, p.id[i])
			ev.slot[i].setDeath(e.deathStep(-1, int(p.rec[i].age), k))
			e.schedule(i, -1, k, drawSkipEnter, true)
			e.watchCap(i) // event_cap.go
		}
	})
	ev.capFill = false
	for j := range ev.watch {
		e.compactCap(&ev.watch[j], j%e.nS) // sorts the fill
	}
	e.countFine(ev.fine, -1)
	ev.fineStep = -1
	// The arrays a wake reads at random, in huge pages (hugepages_linux.go).
	hugePages(p.id)
	hugePages(p.rec)
	hugePages(p.skill)
	hugePages(p.savings)
	hugePages(ev.slot)
}

// normPair returns a view of normSum and rawUnc as one slice of 2 nS for
// addNorm: they are one allocation (startEvents).
func (e *Engine) normPair() []float64 { return e.ev.normAll }

// eventEnter notes an entrant placed in slot i during step e.step: the
// wakes of its shard take it into the calendar and the stocks (enterShard),
// in parallel, before they wake anyone.
func (e *Engine) eventEnter(i int) {
	if e.ev.started { // else eventInit, at the first step, takes everyone in
		e.ev.entrants = append(e.ev.entrants, int32(i))
	}
}

// groupEntrants orders this step's entrants by shard, keeping their order
// within a shard (a counting sort), for enterShard: each shard had scanned
// the whole list, a cost of shards x entrants a step, which grew as the
// square of the population (17% of a step at 10 M, 153 shards).
func (e *Engine) groupEntrants(nb int) {
	ev := e.ev
	at := slices.Grow(ev.entrantAt[:0], nb+1)[:nb+1]
	clear(at)
	for _, i := range ev.entrants {
		at[int(i)/ev.shard+1]++
	}
	for b := range nb {
		at[b+1] += at[b]
	}
	by := slices.Grow(ev.byShard[:0], len(ev.entrants))[:len(ev.entrants)]
	next := append([]int(nil), at[:nb]...)
	for _, i := range ev.entrants {
		b := int(i) / ev.shard
		by[next[b]] = i
		next[b]++
	}
	ev.entrants, ev.byShard = by, ev.entrants
	ev.entrantAt = at
}

// enterShard puts the entrants of this step in shard bi in the calendar and
// in the stocks (the tally of the shard's block b): their fields are those
// before the step, as if touched at the previous one.
func (e *Engine) enterShard(b *block, bi int) {
	ev, p, t := e.ev, &e.pop, &b.t
	key := stepKey(e.repKey, e.step)
	in := ev.entrants[ev.entrantAt[bi]:ev.entrantAt[bi+1]]
	for j, i32 := range in {
		if j%touchBatch == 0 {
			// Their fields loaded ahead, as the wakes' are: an
			// entrant's slot is one freed at random.
			b.touched += touchAhead(ev.slot, p, in[j:min(j+touchBatch, len(in))])
		}
		i := int(i32)
		// A slot taken afresh: the last occupant's steps are dropped.
		ev.slot[i] = evSlot{cand: neverStep, touched: int32(e.step - 1), sched: slotNever, death: slotNever}
		st, s := p.rec[i].state, int(p.rec[i].sector)
		t.addPerson(st, s, int(p.rec[i].dest), p.rec[i].flags, p.skill[i], t.fineIndex(st, s, p.rec[i].flags, e.band(p.rec[i].age)))
		b.birthDelta = append(b.birthDelta, countDelta{int32(e.birthIndex(i, st)), 1})
		t.addRare(st, s, p.rec[i].flags)
		if st == agents.Student && p.rec[i].flags&flagPartner != 0 {
			e.partnerDelta(i, 0, s, 1)
		}
		e.addNorm(b.normDelta, st, s, p.skill[i], e.step-1, int(p.rec[i].tenure), 1)
		k := agentKey(key, p.id[i])
		ev.slot[i].setDeath(e.deathStep(e.step-1, int(p.rec[i].age), k))
		e.scheduleLater(b, i, e.step-1, k, drawSkipEnter, true)
		e.watchCap(i) // event_cap.go
	}
}

// eventAdmitted joins person i, admitted abroad in settlement this step from
// state from, to its cohort, in the deltas of its shard's block b, added
// after the shards' admissions (scheduleSettled, addBlock); scheduleSettled
// then draws its next candidate as an emigrant.
func (e *Engine) eventAdmitted(b *block, i int, from agents.State, tenure int) {
	p := &e.pop
	s := int(p.rec[i].sector)
	// Its skill and tenure (before admission) are those of this step: an
	// applicant was woken in it.
	e.addNorm(b.normDelta, from, s, p.skill[i], e.step, tenure, -1)
	b.birthDelta = append(b.birthDelta, countDelta{int32(e.birthIndex(i, from)), -1}, countDelta{int32(e.birthIndex(i, agents.Emigrant)), 1})
	b.cohortDelta = append(b.cohortDelta, countDelta{int32(e.cohortIndex(e.step, s, int(p.rec[i].dest), p.rec[i].flags)), 1})
	if e.ev.ben != nil {
		e.benefitMove(b.normDelta, i, s, from, p.rec[i].flags, agents.Emigrant, p.rec[i].flags, false)
	}
}

// addBlock adds block b's tally and its deltas of the event state (births,
// cohorts, the uncapped sums) to the engine's, after the shards' wakes or
// admissions; blocks are added in order, so that the sums' order is the
// same for any number of workers.
func (e *Engine) addBlock(b *block) {
	for _, d := range b.birthDelta {
		e.addBirth(int(d.i), int64(d.n))
	}
	for _, d := range b.cohortDelta {
		e.addCohort(int(d.i), int64(d.n))
	}
	e.total.add(&b.t)
	addFloats(e.normPair(), b.normDelta)
}

// eventBounds raises the bounds that this step's conditions exceed and draws
// again the candidates of the persons they concern.
func (e *Engine) eventBounds(key uint64) {
	ev := e.ev
	rebuild := false
	for s := range e.nS {
		if e.cond.dropout[s] > ev.dropBound[s] {
			ev.dropBound[s] = min(1, gridRatio(e.cond.dropout[s], dropHeadroom))
			rebuild = e.redraw(s, key, func(st agents.State) bool { return st == agents.Student }) || rebuild
		}
		if z := e.emigTerms(s); ev.emigTight && !(z <= ev.emigBound[s]) {
			ev.emigBound[s] = gridUp(z, emigHeadroom)
			ev.emigExp[s] = math.Exp(-ev.emigBound[s])
			rebuild = e.redraw(s, key, agents.State.AtHome) || rebuild
		}
		if ev.retTight {
			var buf [16]float64
			away := buf[:0]
			if 2*e.nD > len(buf) {
				away = make([]float64, 0, 2*e.nD)
			}
			away = away[:2*e.nD]
			home := e.retTerms(s, away)
			bound := ev.retAway[s*e.nD*2 : (s+1)*e.nD*2]
			raise := !(home <= ev.retHome[s])
			for j, v := range away {
				raise = raise || !(v <= bound[j])
			}
			if raise {
				ev.retHome[s] = max(ev.retHome[s], gridUp(home, retHeadroom))
				for j, v := range away {
					bound[j] = max(bound[j], gridUp(v, retHeadroom))
				}
				rebuild = e.redraw(s, key, func(st agents.State) bool { return st == agents.Emigrant }) || rebuild
			}
		}
	}
	// The chance of volunteering: the bounds exceeded are raised together,
	// and their emigrants' candidates drawn again in one pass.
	raised := false
	for sd, a := range e.cond.assign {
		if a.prob > float64(ev.assignBound[sd]) {
			ev.assignBound[sd] = up32(min(1, gridRatio(a.prob, assignHeadroom)))
			raised = true
			ev.raised[sd] = true
		}
	}
	if raised {
		p := &e.pop
		e.overShards(func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				if p.rec[i].state == agents.Emigrant && ev.raised[int(p.rec[i].sector)*e.nD+int(p.rec[i].dest)] {
					e.plan(i, e.step-1, agentKey(key, p.id[i]), drawSkipRebound, true)
				}
			}
		})
		clear(ev.raised)
		rebuild = true
	}
	rebuild = e.partnerBounds(key) || rebuild
	rebuild = e.bondBounds(key) || rebuild
	rebuild = e.savingsBounds(key) || rebuild
	rebuild = e.delayBounds(key) || rebuild
	rebuild = e.joblessBounds(key) || rebuild
	if rebuild {
		ev.rebuilds++
		e.rebuildCalendar()
	}
}

// eventAssigned starts the assignment of emigrant i of sector s at
// destination d, granted in settlement this step: it is counted on
// assignment; scheduleSettled puts its wake at the assignment's end at the
// latest, its candidate drawn again without the hazards of its state
// (return, volunteering), which do not apply while it serves.
func (e *Engine) eventAssigned(s, d int) {
	e.ev.onAssign[s*e.nD+d]++
}

// redraw draws again the candidates of the persons of sector s in the
// states that which selects, from this step on, and reports that the
// calendar must be rebuilt (their buckets are not moved).
func (e *Engine) redraw(s int, key uint64, which func(agents.State) bool) bool {
	p := &e.pop
	e.overShards(func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			if st := p.rec[i].state; st != agents.Gone && int(p.rec[i].sector) == s && which(st) {
				e.plan(i, e.step-1, agentKey(key, p.id[i]), drawSkipRebound, true)
			}
		}
	})
	return true
}

// scheduleSettled puts in the calendar, in parallel over the shards, the
// applicants and volunteers of this step once settlement has decided on
// them: the admitted as emigrants (drawSkipAdmit), the assigned at the end
// of their assignment (drawSkipAssign), the others with the candidate their
// wake would have drawn (drawSkip).
func (e *Engine) scheduleSettled(nb int, key uint64) {
	p := &e.pop
	// Settlement left the admissions to the shards (settle): the
	// applicants of block bi are e.pending[at[bi]:at[bi+1]], with their
	// destination if admitted.
	later := len(e.pending) > 0
	at := e.settledAt[:0]
	if later {
		at = append(at, 0)
		for _, b := range e.blocks[:nb] {
			at = append(at, at[len(at)-1]+len(b.applicants))
		}
		e.settledAt = at
	}
	e.parallel(nb, func(bi int) {
		b := e.blocks[bi]
		if later {
			b.trace = b.trace[:0] // the wakes' records were gathered
		}
		e.settledAhead(b)
		if later && len(b.applicants) > 0 {
			// The block's tally and deltas were added after the wakes:
			// now they hold the admissions.
			b.t.reset()
			clear(b.normDelta)
			b.birthDelta, b.cohortDelta = b.birthDelta[:0], b.cohortDelta[:0]
			for _, a := range e.pending[at[bi]:at[bi+1]] {
				if a.dest != rejected {
					e.admitInto(&b.t, b, a, key)
				}
			}
		}
		for _, a := range b.applicants {
			i := int(a.slot)
			pur := drawSkip
			if p.rec[i].state == agents.Emigrant {
				pur = drawSkipAdmit
			}
			e.scheduleLater(b, i, e.step, agentKey(key, p.id[i]), pur, true)
		}
		for _, a := range b.volunteers {
			i := int(a.slot)
			pur := drawSkip
			if p.rec[i].flags&flagAssigned != 0 {
				pur = drawSkipAssign
			}
			e.scheduleLater(b, i, e.step, agentKey(key, p.id[i]), pur, true)
		}
		if bi < len(e.ev.buckets) {
			e.putLater(b, bi)
		}
	})
	if !later {
		return
	}
	if e.tr != nil {
		e.tr.gather(e.blocks[:nb]) // the admissions' records, after the wakes' (event_trace.go)
	}
	for _, b := range e.blocks[:nb] {
		if len(b.applicants) > 0 {
			e.addBlock(b)
		}
	}
}

// settledAhead loads the fields of block b's applicants and volunteers
// (touchAhead) before settlement's admissions and plans read them: they
// were woken earlier in the step, and at 10 M persons their cache lines are
// gone by then (the admissions' first loads were 7% of a step).
func (e *Engine) settledAhead(b *block) {
	ahead := b.ahead[:0]
	for _, list := range [2][]applicant{b.applicants, b.volunteers} {
		for _, a := range list {
			ahead = append(ahead, a.slot)
			if len(ahead) == touchBatch {
				b.touched += touchAhead(e.ev.slot, &e.pop, ahead)
				ahead = ahead[:0]
			}
		}
	}
	b.touched += touchAhead(e.ev.slot, &e.pop, ahead)
	b.ahead = ahead[:0]
}

// cohortsPre computes, for every emigrant cohort, what a member remits and
// pays in fees in step n and its savings after it, as decide does for each
// emigrant.
func (e *Engine) cohortsPre(n int) {
	ev := e.ev
	nS, nD := e.nS, e.nD
	rowLen := nS * nD * 4
	for ; ev.activeRows < n+ev.aOff; ev.activeRows++ {
		for ci := ev.activeRows * rowLen; ci < (ev.activeRows+1)*rowLen; ci++ {
			if ev.coN[ci] != 0 {
				ev.active = append(ev.active, int32(ci))
			}
		}
	}
	kept := ev.active[:0]
	for _, c32 := range ev.active {
		if ev.coN[c32] != 0 { // emptied: members only leave a cohort of an earlier step
			kept = append(kept, c32)
		}
	}
	ev.active = kept
	// Each cohort's figures depend on its own and the conditions only: in
	// parallel by chunks of the list (at 1 M persons some 10,000 cohorts
	// a step).
	chunks := (len(kept) + cohortChunk - 1) / cohortChunk
	e.parallel(chunks, func(ch int) {
		for _, c32 := range kept[ch*cohortChunk : min((ch+1)*cohortChunk, len(kept))] {
			e.cohortPre(int(c32), n, rowLen)
		}
	})
}

// cohortChunk is the number of cohorts of a unit of parallel work of
// cohortsPre: enough that a chunk outweighs its handoff.
const cohortChunk = 1024

// cohortPre computes what a member of cohort ci remits and pays in fees in
// step n and its savings after it (cohortsPre).
func (e *Engine) cohortPre(ci, n, rowLen int) {
	ev, sc, c, nD := e.ev, e.sc, &e.cond, e.nD
	a := ci/rowLen - ev.aOff
	j := ci % rowLen
	ten := min(n-a, len(e.remitDecay)-1)
	rec, female := j&1 != 0, j&2 != 0
	sd := j / 4
	d := sd % nD
	income, remit := c.waste[d], c.remitWaste[d]
	if rec {
		income, remit = c.wageAbroad[sd], c.remitRec[sd]
	}
	r := agents.RemitShare(sc.Remittance, remit*e.remitDecay[ten], income, female, c.fee[d], e.spy)
	ev.coSent[ci], ev.coFee[ci] = r.Sent, r.Fee
	if ev.coPrev != nil {
		ev.coPrev[ci] = ev.coSav[ci] // for the traces (event_trace.go)
	}
	ev.coSav[ci] = agents.Save(ev.coSav[ci], income, sc.Destinations[d].LivingCost, r.Sent, e.spy)
}

// addCohort changes the members of cohort ci by d; a cohort of a row
// already taken into the active list that gains its first member again is
// put back in it, in index order.
func (e *Engine) addCohort(ci int, d int64) {
	ev := e.ev
	ev.coN[ci] += d
	rowLen := e.nS * e.nD * 4
	if d > 0 && ev.coN[ci] == d && ci/rowLen < ev.activeRows {
		at, found := slices.BinarySearch(ev.active, int32(ci))
		if !found {
			ev.active = slices.Insert(ev.active, at, int32(ci))
		}
	}
}

// cohortsPost adds the remittances of the emigrants still abroad after the
// wakes of step n to the step's totals, in cohort order, and charges the
// subsidies of corridor fees on all that was sent (decide charges them per
// emigrant, on the amount each sends).
func (e *Engine) cohortsPost(n int) {
	ev, t := e.ev, &e.total
	for _, c32 := range ev.active {
		ci := int(c32)
		if m := ev.coN[ci]; m > 0 {
			d := (ci / 4) % e.nD
			t.sent[d] += float64(m) * ev.coSent[ci]
			t.fees[d] += float64(m) * ev.coFee[ci]
		}
	}
	for d, pays := range e.cond.feeSubsidy {
		for _, pay := range pays {
			t.cost[pay.policy] += pay.amount * t.sent[d]
		}
	}
}

// resetFlows zeroes the counters of a tally that hold one step's flows,
// keeping the stocks.
func (t *tally) resetFlows() {
	clear(t.flows)
	clear(t.arrivals)
	clear(t.sent)
	clear(t.fees)
	clear(t.cost)
	clear(t.public)
	clear(t.lostPublic)
	clear(t.emigSex)
	clear(t.emigAge)
}

// stepEvent is Step in event mode.
func (e *Engine) stepEvent() {
	ev := e.ev
	e.traceStart() // event_trace.go
	e.computeConditions()
	key := stepKey(e.repKey, e.step)
	e.growCohorts(e.step)
	e.growStep(e.step)
	if !ev.started {
		e.eventInit(key)
	} else {
		e.eventBounds(key)
	}
	e.total.resetFlows()
	e.clearReturnees(e.step)
	if e.step%e.spy == 0 {
		e.newYear()
		e.moveTrainees() // event_training.go
	}
	e.intake()
	e.growEvents()
	e.cohortsPre(e.step)
	nb := (e.pop.len() + ev.shard - 1) / ev.shard
	for len(e.blocks) < nb {
		e.blocks = append(e.blocks, &block{t: newTally(e.nS, e.nD, len(e.pols))})
	}
	e.partnerShards(nb)
	e.groupEntrants(nb)
	e.parallel(nb, func(b int) {
		e.wakeBlock(e.blocks[b], b, key)
	})
	if e.tr != nil {
		e.tr.gather(e.blocks[:nb]) // event_trace.go
	}
	e.advanceFine(e.step)
	for _, b := range e.blocks[:nb] {
		e.addBlock(b)
		ev.events += b.events
		ev.noops += b.noops
		ev.caps += b.caps
	}
	e.assignCosts(nb)
	e.studyCosts()
	e.partnerCosts(nb)
	e.trainingCosts()
	e.skillHomeNow(e.step)
	e.cohortsPost(e.step)
	e.topUpCosts(nb)
	e.fineFromBirths(e.step)
	e.total.deriveCounts()
	e.scholarshipCosts() // event_bond.go
	e.benefitCosts()     // event_benefit.go
	for s, sec := range e.sc.Sectors {
		if sec.PublicTraining {
			// Every student of a publicly financed sector is public
			// but those on partnership seats (partnerStudents); those
			// who graduated or dropped out this step were counted in
			// the block tallies, as decide counts them.
			e.total.public[s] += e.total.n(agents.Student, s) - e.partnerStudents(s)
		}
	}
	copy(e.fte, e.total.fte)
	for _, b := range e.blocks[:nb] {
		e.free = append(e.free, b.freed...)
	}
	ev.entrants = ev.entrants[:0]
	for s, n := range e.entered {
		e.total.flows[flowEnrol*e.nS+s] += n
	}
	clear(e.entered)
	e.settle(nb, key)
	e.scheduleSettled(nb, key)
	e.fillPostsEvent(nb, key) // event_jobless.go
	e.account()
	e.step++
	e.record()
}

// assignCosts charges this step's cost of the emigrants on assignment, as
// serveAssignment charges each one who lives through the step's start (the
// assignments that end in it included), and takes those who left and those
// whose assignment ended out of the count.
func (e *Engine) assignCosts(nb int) {
	ev, nSD := e.ev, e.nS*e.nD
	for _, b := range e.blocks[:nb] {
		for sd := range nSD {
			ev.onAssign[sd] -= b.assignDelta[sd]
		}
	}
	for sd, n := range ev.onAssign {
		if a := e.cond.assign[sd]; a.steps > 0 && n > 0 {
			e.total.cost[a.policy] += float64(n) * a.costPerStep
		}
	}
	for _, b := range e.blocks[:nb] {
		for sd := range nSD {
			ev.onAssign[sd] -= b.assignDelta[nSD+sd]
		}
	}
}

// skillHomeNow makes e.total.skillHome the sum of the skills at home after
// step n: the stored skills (updated by the wakes), corrected by the growth
// of the uncapped since their touch, normSum G(n) - rawUnc.
func (e *Engine) skillHomeNow(n int) {
	ev := e.ev
	for s := range e.nS {
		corr := ev.normSum[s]*e.gIndex(n, s) - ev.rawUnc[s]
		e.total.skillHome[s] += corr - ev.lastCorr[s]
		ev.lastCorr[s] = corr
	}
}

// topUpCosts charges this step's wage top-ups to their policies, as decide
// charges each worker and returnee at home, rate x wage x skill a step, for
// all at once: the skill at home after the wakes, less that of the persons
// who came home this step (graduates, returnees), who were not paid in it.
// The jobless, whom decide pays no top-up, are taken out (joblessSkill).
// Only top-ups for everyone or for the publicly trained are supported
// (EventSupport), and every person of a sector is publicly trained or none
// is (flagPublic follows the sector's public_training, on partnership seats
// too: year.go), so the eligible skill is the sector's.
func (e *Engine) topUpCosts(nb int) {
	c, t := &e.cond, &e.total
	for s, sec := range e.sc.Sectors {
		if len(c.topUps[s]) == 0 {
			continue
		}
		skill := t.skillHome[s]
		for _, b := range e.blocks[:nb] {
			skill -= b.arrived[s]
		}
		skill -= e.joblessSkill(s, 0) // paid no top-up (event_jobless.go)
		wage := c.wageHome[s] / float64(e.spy)
		for _, tu := range c.topUps[s] {
			switch {
			case tu.eligible == model.EligiblePublic && !sec.PublicTraining:
				continue
			case tu.eligible == model.EligibleReturnees:
				t.cost[tu.policy] += tu.rate * wage * (e.returneeSkill(s, tu.steps) - e.joblessSkill(s, tu.steps))
				continue
			}
			t.cost[tu.policy] += tu.rate * wage * skill
		}
	}
}

// wakeBlock processes the wakes of this step among the slots of shard bi
// (eventShard), in slot order.
func (e *Engine) wakeBlock(b *block, bi int, key uint64) {
	ev, p := e.ev, &e.pop
	b.t.reset()
	b.applicants = b.applicants[:0]
	b.volunteers = b.volunteers[:0]
	b.freed = b.freed[:0]
	b.trace = b.trace[:0]
	b.events, b.noops, b.caps = 0, 0, 0
	b.birthDelta, b.cohortDelta = b.birthDelta[:0], b.cohortDelta[:0]
	if len(b.arrived) < e.nS {
		b.arrived = make([]float64, e.nS)
	}
	clear(b.arrived)
	if len(b.assignDelta) < 2*e.nS*e.nD {
		b.assignDelta = make([]int64, 2*e.nS*e.nD)
	}
	if len(b.normDelta) != len(ev.normAll) {
		b.normDelta = make([]float64, len(ev.normAll))
	}
	clear(b.assignDelta)
	clear(b.normDelta)
	now := e.step
	if bi >= len(ev.buckets) {
		return
	}
	e.enterShard(b, bi)
	e.putLater(b, bi) // an entrant may be due in this step: before due is read
	due := ev.buckets[bi][now%eventRing]

	for len(due) > 0 {
		n := min(len(due), touchBatch)
		b.touched += touchAhead(ev.slot, p, due[:n])
		for _, i := range due[:n] {
			if p.rec[i].state != agents.Gone {
				e.wake(b, int(i), now, key)
			}
		}
		due = due[n:]
	}
	e.capTouches(b, bi, now) // event_cap.go
	e.putLater(b, bi)
	// The array is let go, not kept for the step eventRing ahead: a bucket
	// fills by appends as the persons due in it are scheduled, over many
	// steps, so that kept arrays would hold the largest bucket of each
	// ring position (4.5 times the persons in the calendar after ten
	// years at a million).
	ev.buckets[bi][now%eventRing] = nil
}

// touchBatch is the number of wakes whose fields touchAhead loads before
// they are processed: about 4 cache lines each, so that a batch (64 KB)
// stays in a core's L2 cache (512 KB or more on the machines measured in
// docs/PERFORMANCE.md) until its wakes read it.
const touchBatch = 256

// touchAhead loads the fields a wake reads for each slot of due, in a loop
// of independent loads, so that their cache misses overlap (tens at once)
// instead of coming one after another inside the wakes, whose length keeps
// the processor from reaching the next wake's loads early. It returns a sum
// of what it read, which the caller keeps, so that the loads are not
// optimised away.
func touchAhead(slot []evSlot, p *population, due []int32) uint32 {
	var sum uint32
	for _, i := range due {
		sum += uint32(slot[i].touched) + uint32(p.rec[i].age) + math.Float32bits(p.skill[i]) + p.id[i]
	}
	return sum
}

// wake steps person i at step now: brings its fields up to date, decides
// exactly at a scheduled step and by thinning at a candidate step, updates
// the block's tally by the change of its counters, and reschedules it.
func (e *Engine) wake(b *block, i, now int, key uint64) {
	ev, p, c, t := e.ev, &e.pop, &e.cond, &b.t
	sc, nS, nD := e.sc, e.nS, e.nD
	st, s := p.rec[i].state, int(p.rec[i].sector)
	oldAge, oldFlags, oldDest, oldSkill := p.rec[i].age, p.rec[i].flags, int(p.rec[i].dest), p.skill[i]
	oldIdx := t.fineIndex(st, s, oldFlags, e.band(oldAge))
	sl := &ev.slot[i]
	e.joblessTouch(b, i) // event_jobless.go
	if oldFlags&flagTraced != 0 {
		e.traceBefore(b, i, now) // event_trace.go
	}
	dt := now - int(sl.touched)
	p.rec[i].age += uint16(dt)
	p.rec[i].tenure += uint16(dt)
	switch {
	case st == agents.Emigrant:
		sk := float64(p.skill[i]) * ev.powAbroad[dt]
		if mx := sc.Skill.Max; mx > 0 && sk > mx {
			sk = mx
		}
		p.skill[i] = float32(sk)
		if oldFlags&flagAssigned != 0 {
			p.rec[i].timer -= uint16(dt) // the end is a scheduled wake: never past it
		}
	case st.AtHome():
		p.skill[i] = e.homeSkill(oldSkill, s, int(sl.touched), now)
	case st == agents.StudentAbroad:
		p.rec[i].timer -= uint16(dt) // the end of study is a scheduled wake (event_study.go)
	case st == agents.TraineeAbroad:
		p.rec[i].timer -= uint16(dt) // the end is a scheduled wake: never past it
	}
	e.addNorm(b.normDelta, st, s, oldSkill, int(sl.touched), int(p.rec[i].tenure)-dt, -1)
	sl.touch(now)
	k := agentKey(key, p.id[i])
	scheduled, candidate, dies := sl.schedAt() == now, int(sl.cand) == now, sl.deathAt() == now
	if !scheduled && !candidate && !dies {
		// A no-op wake (a check of the cap, the ring's end): only the
		// fields moved.
		b.noops++
		if ev.bond != nil && st.AtHome() {
			e.bondPassed(i, dt) // event_bond.go
		}
		if p.skill[i] != oldSkill {
			t.removePerson(st, s, oldDest, oldFlags, oldSkill, oldIdx)
			t.addPerson(st, s, oldDest, oldFlags, p.skill[i], oldIdx)
		}
		e.addNorm(b.normDelta, st, s, p.skill[i], now, int(p.rec[i].tenure), 1)
		e.scheduleLater(b, i, now, k, drawSkip, false)
		return
	}
	b.events++
	nApp, nVol := len(b.applicants), len(b.volunteers)
	age := int(p.rec[i].age)
	var u2, u3 float64
	switch {
	case dies:
		// Death is drawn at entry (deathStep) and comes first, as in
		// decide; the other draws are not needed.
	case scheduled:
		u2, u3 = uniform(k, drawEvent), uniform(k, drawAssign)
	default:
		u2, u3 = e.candUniforms(i, st, k, now)
	}
	leave := -1
	switch {
	case dies:
		leave = flowDeath
	case age >= int(e.retireSteps):
		leave = flowRetire
	}
	if leave < 0 {
		switch st {
		case agents.Student:
			done, drop := c.studentOutcome(s, int(p.rec[i].tenure), e.gradStep(i, s), u2)
			if (done || drop) && oldFlags&(flagPublic|flagPartner) == flagPublic {
				t.public[s]++ // counted in the step, as decide counts every student
			}
			if (done || drop) && oldFlags&flagPartner != 0 {
				e.partnerDelta(i, 1, s, 1) // charged in the step (partnerCosts)
			}
			switch {
			case done:
				st = e.graduate(t, i, s, oldFlags)
				e.arrive(b, i, s, now, st)
			case drop:
				leave = flowDropout
			}
		case agents.Worker, agents.Returnee:
			hMax, pMax := sc.Emigration.BaseRate, e.emigMax[0]
			if st == agents.Returnee {
				hMax, pMax = hMax*sc.Emigration.ReturneeFactor, e.emigMax[1]
			}
			if ev.bond != nil && p.rec[i].timer > 0 {
				hMax, pMax = e.bondWake(i, s, dt, hMax) // a bonded worker (event_bond.go)
			}
			if oldFlags&flagPartner != 0 && c.partner[s].factor > 0 {
				hMax *= c.partner[s].factor // partnership graduates, as decide
				pMax = agents.StepProb(hMax, e.spy)
			}
			if u2 < pMax {
				wage := c.wageHome[s] * float64(p.skill[i])
				if oldFlags&flagJobless != 0 {
					wage = c.idleWage(s, float64(p.skill[i])) // without a post, as decide (event_jobless.go)
				} else if len(c.topUps[s]) > 0 {
					// The cost is charged for all at once (topUpCosts).
					wage *= 1 + c.topUpRate(s, st == agents.Returnee, oldFlags&flagPublic != 0, int(p.rec[i].tenure), 0, nil)
				}
				if ev.ben != nil {
					wage += e.benefitIncome(i, s, st, oldFlags) // charged for all at once (benefitCosts)
				}
				e.considerEmigrating(b, i, s, st, k, u2, hMax, wage)
			}
		case agents.StudentAbroad:
			st = e.studyEnd(b, i, s, now, k)
		case agents.TraineeAbroad:
			st = e.trainWake(b, i, s, now, k) // event_training.go
		case agents.Emigrant:
			d := oldDest
			ci := e.cohortIndex(now-int(p.rec[i].tenure), s, d, oldFlags)
			p.savings[i] = float32(ev.coSav[ci])
			income := c.waste[d]
			if oldFlags&flagRecognised != 0 {
				income = c.wageAbroad[s*nD+d]
			}
			if oldFlags&flagAssigned != 0 {
				// Serving: the cost is charged for all at once
				// (assignCosts); no return or offer while on assignment.
				if p.rec[i].timer == 0 {
					p.rec[i].flags &^= flagAssigned
					b.assignDelta[nS*nD+s*nD+d]++
				}
				break
			}
			if a := c.assign[s*nD+d]; u2 >= e.returnMax || !e.returns(i, s, d, u2, income) {
				if a.prob > 0 && u3 < a.prob {
					b.volunteers = append(b.volunteers, applicant{slot: int32(i), dest: uint8(d)})
				}
			} else {
				// Remits in the step it returns, as in decide.
				t.sent[d] += ev.coSent[ci]
				t.fees[d] += ev.coFee[ci]
				b.cohortDelta = append(b.cohortDelta, countDelta{int32(ci), -1})
				for _, pay := range c.grant[s*nD+d] {
					t.cost[pay.policy] += pay.amount // return grants (lever_return_grant.go)
				}
				st = agents.Returnee
				p.rec[i].tenure = 0
				b.arrived[s] += float64(p.skill[i])
				e.seekPost(i, s)
				t.flows[flowReturn*nS+s]++
			}
		}
	}
	if leave >= 0 {
		if st == agents.Emigrant {
			b.cohortDelta = append(b.cohortDelta, countDelta{int32(e.cohortIndex(now-int(p.rec[i].tenure), s, oldDest, oldFlags)), -1})
			if oldFlags&flagAssigned != 0 {
				b.assignDelta[s*nD+oldDest]++
			}
		}
		t.removePerson(p.rec[i].state, s, oldDest, oldFlags, oldSkill, oldIdx)
		b.birthDelta = append(b.birthDelta, countDelta{int32(e.birthIndex(i, p.rec[i].state)), -1})
		if ev.ben != nil {
			e.benefitMove(b.normDelta, i, s, p.rec[i].state, oldFlags, agents.Gone, 0, false)
		}
		if p.rec[i].state == agents.Student && oldFlags&flagPartner != 0 {
			e.partnerDelta(i, 0, s, -1)
		}
		if oldFlags&flagTraced != 0 {
			e.traceWake(b, i, p.rec[i].state, agents.Gone, leave, oldFlags) // event_trace.go
		}
		b.leave(p, i, leave*nS+s)
		return
	}
	fl := p.rec[i].flags
	newIdx := t.fineIndex(st, s, fl, e.band(p.rec[i].age))
	if st != p.rec[i].state || newIdx != oldIdx || fl != oldFlags || int(p.rec[i].dest) != oldDest || p.skill[i] != oldSkill {
		t.removePerson(p.rec[i].state, s, oldDest, oldFlags, oldSkill, oldIdx)
		t.addPerson(st, s, int(p.rec[i].dest), fl, p.skill[i], newIdx)
		t.addRare(st, s, fl)
	}
	if st != p.rec[i].state {
		b.birthDelta = append(b.birthDelta, countDelta{int32(e.birthIndex(i, p.rec[i].state)), -1}, countDelta{int32(e.birthIndex(i, st)), 1})
		if p.rec[i].state == agents.Student && oldFlags&flagPartner != 0 {
			e.partnerDelta(i, 0, s, -1) // graduated
		}
	}
	if ev.ben != nil {
		e.benefitMove(b.normDelta, i, s, p.rec[i].state, oldFlags, st, fl, !p.rec[i].state.AtHome())
	}
	if oldFlags&flagTraced != 0 {
		e.traceWake(b, i, p.rec[i].state, st, -1, oldFlags) // event_trace.go
	}
	// Come home (graduated, returned, back from study or training abroad):
	// into the watch of the cap. A person at home before the wake is in it
	// already, its skill having only grown.
	cameHome := st.AtHome() && !p.rec[i].state.AtHome()
	p.rec[i].state = st
	if cameHome {
		e.watchCap(i) // event_cap.go
	}
	e.addNorm(b.normDelta, st, s, p.skill[i], now, int(p.rec[i].tenure), 1)
	if len(b.applicants) > nApp || len(b.volunteers) > nVol {
		// Settlement decides on it this step: scheduled after it
		// (eventAdmitted, eventAssigned, scheduleSettled), so that it is
		// never taken out of a bucket.
		sl.cand = awaitSettle
		return
	}
	e.scheduleLater(b, i, now, k, drawSkip, true)
}

// arrive counts person i of sector s, whose state became st at step now by
// a graduation or the end of study or training abroad: in the emigrant
// cohort of now if it went abroad, in the step's arrivals at home (which
// are paid no top-up this step: topUpCosts) if it is at home.
func (e *Engine) arrive(b *block, i, s, now int, st agents.State) {
	p := &e.pop
	switch {
	case st == agents.Emigrant:
		b.cohortDelta = append(b.cohortDelta, countDelta{int32(e.cohortIndex(now, s, int(p.rec[i].dest), p.rec[i].flags)), 1})
	case st.AtHome():
		b.arrived[s] += float64(p.skill[i])
	}
}

// syncEvents brings every person's fields up to the last step done, for
// readers of the whole population (snapshots, tests).
func (e *Engine) syncEvents() {
	ev, p := e.ev, &e.pop
	last := e.step - 1
	for i := range p.rec {
		st := p.rec[i].state
		if st == agents.Gone || int(ev.slot[i].touched) >= last {
			continue
		}
		touched := int(ev.slot[i].touched)
		dt := last - touched
		p.rec[i].age += uint16(dt)
		p.rec[i].tenure += uint16(dt)
		if st.AtHome() {
			p.skill[i] = e.homeSkill(p.skill[i], int(p.rec[i].sector), touched, last)
			e.bondPassed(i, dt) // event_bond.go
		}
		if st == agents.Emigrant && p.rec[i].flags&flagAssigned != 0 || st == agents.StudentAbroad || st == agents.TraineeAbroad {
			p.rec[i].timer -= uint16(dt)
		}
		if st == agents.Emigrant {
			sk := float64(p.skill[i]) * math.Pow(e.growAbroad, float64(dt))
			if mx := e.sc.Skill.Max; mx > 0 && sk > mx {
				sk = mx
			}
			p.skill[i] = float32(sk)
			p.savings[i] = float32(ev.coSav[e.cohortIndex(last-int(p.rec[i].tenure), int(p.rec[i].sector), int(p.rec[i].dest), p.rec[i].flags)])
		}
		ev.slot[i].touch(last)
	}
}
