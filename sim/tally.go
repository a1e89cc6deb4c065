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
	flowTrainLeave  // workers leaving to train abroad (lever_training_abroad.go)
	flowTrainReturn // trainees abroad coming home at the end of training
	flowStudyGrad   // students abroad graduating (lever_study_abroad.go)
	flowStudyReturn // students abroad coming home on graduating
	numFlows
)

// tally is a set of counts and sums over some agents: one per block in the
// parallel phase, and one total per step, reduced from the blocks in block
// order so that floating-point sums do not depend on scheduling.
type tally struct {
	nS, nD     int
	count      []int64   // [state*nS + sector] agents: the sums of fine over sex and age band (deriveCounts)
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
	fine       []int64   // [((state*nS + sector)*2 + female)*numAgeBands + age band] agents (fineIndex)
	emigSex    []int64   // [female] emigrations admitted this step
	emigAge    []int64   // [age band] emigrations admitted this step
	away       []int64   // [(state-TraineeAbroad)*nS*nD + sector*nD + dest] agents abroad for a while: trainees, then students
	trainees   []int64   // [sector*nD + dest] agents training abroad (agents.TraineeAbroad): the first part of away
	studying   []int64   // [sector*nD + dest] agents studying abroad (agents.StudentAbroad): the second part of away
}

// Age bands of the outputs by age: under 15, then ten-year bands from 15
// to 64 (the bands of the UN's and WHO's population tables), then 65 and
// over. ageBandEdges are the lower ends of the bands after the first.
var ageBandEdges = [...]int{15, 25, 35, 45, 55, 65}

// numAgeBands is the number of age bands: one below the first edge, one
// from each edge.
const numAgeBands = len(ageBandEdges) + 1

// ageBandOf returns the band of an age in whole years.
func ageBandOf(years float64) uint8 {
	b := 0
	for b < len(ageBandEdges) && years >= float64(ageBandEdges[b]) {
		b++
	}
	return uint8(b)
}

// ageBandLimits returns the ends [lo, hi) of band b in years; hi is 0 for
// the open last band.
func ageBandLimits(b int) (lo, hi int) {
	if b > 0 {
		lo = ageBandEdges[b-1]
	}
	if b < len(ageBandEdges) {
		hi = ageBandEdges[b]
	}
	return lo, hi
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
	nSt := int(agents.NumStates)
	ints := carver[int64]{buf: make([]int64, cacheLine+nSt*nS+nS*nD+nS+numFlows*nS+nD+nS+3*nS+nSt*nS*2*numAgeBands+2+numAgeBands+nS*nD+nS*nD+cacheLine), at: cacheLine}
	floats := carver[float64]{buf: make([]float64, cacheLine+3*nD+nS+nP+cacheLine), at: cacheLine}
	t := tally{
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
		fine:       ints.take(nSt * nS * 2 * numAgeBands),
		emigSex:    ints.take(2),
		emigAge:    ints.take(numAgeBands),
		away:       ints.take(2 * nS * nD),
		sent:       floats.take(nD),
		fees:       floats.take(nD),
		skillHome:  floats.take(nS),
		cost:       floats.take(nP),
	}
	t.trainees, t.studying = t.away[:nS*nD:nS*nD], t.away[nS*nD:]
	return t
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
	clear(t.fine)
	clear(t.emigSex)
	clear(t.emigAge)
	clear(t.away)
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
	addInts(t.fine, u.fine)
	addInts(t.emigSex, u.emigSex)
	addInts(t.emigAge, u.emigAge)
	addInts(t.away, u.away)
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
// st in sector s by sex and age band (fine, at index k = fineIndex of the
// same state, sector, flags and band), and, abroad, the diaspora at dest,
// recognition and assignment (from flags), or, at home, skill. It is the
// one statement of which counters a person is in, shared by a step's
// decisions, a recount and an admission, so that they cannot drift apart.
// It takes the person's fields rather than a slot, and the index rather
// than computing it, so that it inlines into the hot loop (with the index
// computed here its cost exceeds the compiler's budget). The stock by
// sector, count, is not incremented here but summed from fine once the
// blocks are reduced (deriveCounts): the hot loop pays one increment per
// person for the breakdowns by sector, sex and age at once.
func (t *tally) addPerson(st agents.State, s, dest int, flags uint8, skill float32, k int) {
	t.fine[k]++
	if st == agents.Emigrant {
		t.abroad[s*t.nD+dest]++
		if flags&flagRecognised != 0 {
			t.recognised[s]++
		}
	} else if st.AtHome() {
		t.skillHome[s] += float64(skill)
	} else if st >= agents.TraineeAbroad {
		// Trainees and students abroad, whose states follow each other:
		// one counter array for both.
		t.away[(int(st-agents.TraineeAbroad)*t.nS+s)*t.nD+dest]++
	}
}

// addRare counts what addPerson leaves out to stay within the inliner's
// budget, so that the hot loop pays no call: the workers and returnees
// without a post and the emigrants on assignment at home. Callers that
// count a person call both; the hot loop tests the flag first.
func (t *tally) addRare(st agents.State, s int, flags uint8) {
	if flags&flagJobless != 0 && st.AtHome() {
		t.jobless[s]++
	}
	if flags&flagAssigned != 0 && st == agents.Emigrant {
		t.fte[s]++
	}
}

// removePerson takes back what addPerson counted for a person with the same
// fields, before the person changes state outside the decisions (an
// admission abroad), and the person's count by sector, which addPerson
// leaves to deriveCounts. Skill is subtracted, not re-summed, so the sum at
// home changes by exactly one term.
func (t *tally) removePerson(st agents.State, s, dest int, flags uint8, skill float32, k int) {
	t.count[int(st)*t.nS+s]--
	t.fine[k]--
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
	case st == agents.TraineeAbroad:
		t.away[s*t.nD+dest]--
	case st == agents.StudentAbroad:
		t.away[(t.nS+s)*t.nD+dest]--
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

// fineIndex returns the index in fine of a person in state st and sector
// s with the given flags and age band (Engine.band). flagFemale is bit 0 of
// the flags, so flags&flagFemale is the index by sex.
func (t *tally) fineIndex(st agents.State, s int, flags, band uint8) int {
	return ((int(st)*t.nS+s)*2+int(flags&flagFemale))*numAgeBands + int(band)
}

// deriveCounts sets count, the stocks by state and sector, to the sums of
// fine over sex and age band.
func (t *tally) deriveCounts() {
	const per = 2 * numAgeBands
	for i := range t.count {
		t.count[i] = sum64(t.fine[i*per : (i+1)*per])
	}
}

// emigrated counts an emigration of a person with the given flags and age
// band by sex and age; the caller counts it by sector.
func (t *tally) emigrated(flags, band uint8) {
	t.emigSex[flags&flagFemale]++
	t.emigAge[band]++
}

// stateSex returns the agents in state st of one sex (female 1, male 0).
func (t *tally) stateSex(st agents.State, female int) int64 {
	var n int64
	for s := range t.nS {
		i := t.fineIndex(st, s, uint8(female), 0)
		n += sum64(t.fine[i : i+numAgeBands])
	}
	return n
}

// stateAge returns the agents in state st in age band b.
func (t *tally) stateAge(st agents.State, b int) int64 {
	var n int64
	for s := range t.nS {
		n += t.fine[t.fineIndex(st, s, 0, uint8(b))] + t.fine[t.fineIndex(st, s, flagFemale, uint8(b))]
	}
	return n
}
