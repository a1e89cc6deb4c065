package sim

import "github.com/brainsim/brainsim/agents"

// Flow kinds counted per sector.
const (
	flowEnrol = iota
	flowGraduate
	flowDropout
	flowEmigrate
	flowReturn
	flowDeath
	flowRetire
	numFlows
)

// tally is a set of counts and sums over some agents: one per block in the
// parallel phase, and one total per step, reduced from the blocks in block
// order so that floating-point sums do not depend on scheduling.
type tally struct {
	nS, nD     int
	count      []int64   // [state*nS + sector] agents
	abroad     []int64   // [sector*nD + dest] emigrant agents
	recognised []int64   // [sector] emigrants whose credentials are recognised
	flows      []int64   // [flow*nS + sector] agents this step
	arrivals   []int64   // [dest] emigrations admitted this step
	sent       []float64 // [dest] remittances sent this step, USD PPP per agent weight 1
	fees       []float64 // [dest] corridor fees paid this step
	skillHome  []float64 // [sector] sum of skill of workers and returnees at home
	fte        []int64   // [sector] emigrants on a temporary-return assignment at home
	cost       []float64 // [policy] fiscal cost this step, USD per agent weight 1
	public     []int64   // [sector] publicly financed students this step, charged like scholarships (fiscal.go)
	lostPublic []int64   // [sector] emigrations of publicly trained persons this step (fiscal.go)
	jobless    []int64   // [sector] workers and returnees at home without a post (flagJobless)
}

// cacheLine is 64 bytes in int64s: the padding that keeps two tallies' hot
// counters off a shared cache line.
const cacheLine = 8

// newTally returns a zero tally for nS sectors, nD destinations and nP
// policies, its counters carved from two padded buffers (see below).
func newTally(nS, nD, nP int) tally {
	// Each block's counters are incremented for every agent it steps; with
	// small separate allocations, two blocks stepped at once by two workers
	// could share cache lines and slow each other down (false sharing). One
	// padded allocation per tally for the integers and one for the floats
	// keep a tally's counters to itself.
	ints := carver[int64]{buf: make([]int64, cacheLine+int(agents.NumStates)*nS+nS*nD+nS+numFlows*nS+nD+nS+3*nS+cacheLine), at: cacheLine}
	floats := carver[float64]{buf: make([]float64, cacheLine+3*nD+nS+nP+cacheLine), at: cacheLine}
	return tally{
		nS: nS, nD: nD,
		count:      ints.take(int(agents.NumStates) * nS),
		abroad:     ints.take(nS * nD),
		recognised: ints.take(nS),
		flows:      ints.take(numFlows * nS),
		arrivals:   ints.take(nD),
		fte:        ints.take(nS),
		public:     ints.take(nS),
		lostPublic: ints.take(nS),
		jobless:    ints.take(nS),
		sent:       floats.take(nD),
		fees:       floats.take(nD),
		skillHome:  floats.take(nS),
		cost:       floats.take(nP),
	}
}

// carver hands out consecutive sub-slices of one buffer.
type carver[T any] struct {
	buf []T
	at  int
}

// take returns the next n elements, capped so that an append cannot spill
// into the next counter.
func (c *carver[T]) take(n int) []T {
	s := c.buf[c.at : c.at+n : c.at+n]
	c.at += n
	return s
}

// reset zeroes every counter in place, keeping the allocations: a block's
// tally is reused every step.
func (t *tally) reset() {
	clear(t.count)
	clear(t.abroad)
	clear(t.recognised)
	clear(t.flows)
	clear(t.arrivals)
	clear(t.sent)
	clear(t.fees)
	clear(t.skillHome)
	clear(t.fte)
	clear(t.cost)
	clear(t.public)
	clear(t.lostPublic)
	clear(t.jobless)
}

// add adds u into t, element by element.
func (t *tally) add(u *tally) {
	addInts(t.count, u.count)
	addInts(t.abroad, u.abroad)
	addInts(t.recognised, u.recognised)
	addInts(t.flows, u.flows)
	addInts(t.arrivals, u.arrivals)
	addFloats(t.sent, u.sent)
	addFloats(t.fees, u.fees)
	addFloats(t.skillHome, u.skillHome)
	addInts(t.fte, u.fte)
	addFloats(t.cost, u.cost)
	addInts(t.public, u.public)
	addInts(t.lostPublic, u.lostPublic)
	addInts(t.jobless, u.jobless)
}

// addInts adds b into a, element by element.
func addInts(a, b []int64) {
	for i, v := range b {
		a[i] += v
	}
}

// addFloats adds b into a, element by element, in index order: the order of
// floating-point sums is part of the results.
func addFloats(a, b []float64) {
	for i, v := range b {
		a[i] += v
	}
}

// addPerson counts a person into the per-state counters: the stock of state
// st in sector s, and, abroad, the diaspora at dest, recognition and
// assignment (from flags), or, at home, skill. It is the one statement of
// which counters a person is in, shared by a step's decisions, a recount and
// an admission, so that they cannot drift apart. It takes the person's
// fields rather than a slot so that it inlines into the hot loop.
func (t *tally) addPerson(st agents.State, s, dest int, flags uint8, skill float32) {
	t.count[int(st)*t.nS+s]++
	switch {
	case st == agents.Emigrant:
		t.abroad[s*t.nD+dest]++
		if flags&flagRecognised != 0 {
			t.recognised[s]++
		}
		if flags&flagAssigned != 0 {
			t.fte[s]++
		}
	case st.AtHome():
		t.skillHome[s] += float64(skill)
		if flags&flagJobless != 0 {
			t.jobless[s]++
		}
	}
}

// removePerson takes back what addPerson counted for a person with the same
// fields, before the person changes state outside the decisions (an
// admission abroad). Skill is subtracted, not re-summed, so the sum at home
// changes by exactly one term.
func (t *tally) removePerson(st agents.State, s, dest int, flags uint8, skill float32) {
	t.count[int(st)*t.nS+s]--
	switch {
	case st == agents.Emigrant:
		t.abroad[s*t.nD+dest]--
		if flags&flagRecognised != 0 {
			t.recognised[s]--
		}
		if flags&flagAssigned != 0 {
			t.fte[s]--
		}
	case st.AtHome():
		t.skillHome[s] -= float64(skill)
		if flags&flagJobless != 0 {
			t.jobless[s]--
		}
	}
}

// n returns the number of agents in state st and sector s.
func (t *tally) n(st agents.State, s int) int64 { return t.count[int(st)*t.nS+s] }

// home returns the agents working at home in sector s.
func (t *tally) home(s int) int64 { return t.n(agents.Worker, s) + t.n(agents.Returnee, s) }

// flow returns the agents of flow f in sector s this step.
func (t *tally) flow(f, s int) int64 { return t.flows[f*t.nS+s] }

// stateTotal returns the agents in state st over all sectors.
func (t *tally) stateTotal(st agents.State) int64 {
	var n int64
	for s := range t.nS {
		n += t.n(st, s)
	}
	return n
}

// flowTotal returns the agents of flow f over all sectors this step.
func (t *tally) flowTotal(f int) int64 {
	var n int64
	for s := range t.nS {
		n += t.flow(f, s)
	}
	return n
}

// diaspora returns the emigrant agents of sector s at destination d.
func (t *tally) diaspora(s, d int) int64 { return t.abroad[s*t.nD+d] }
