package sim

import (
	"cmp"
	"container/heap"
	"slices"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/results"
)

// Agent traces. A replicate traces the n persons with the smallest trace
// hash (a hash of seed, replicate and id, apart from every draw of the
// model) among everyone who is ever in the model: the initial population
// and every later entrant. That is a simple random sample of n lives,
// entrants included, and exactly n of them (everyone, if fewer ever live).
// Who is sampled depends only on (seed, replicate, id), never on the number
// of workers, and tracing makes no draw, so the run is the same with
// tracing on or off.
//
// Entry happens in the sequential phase, in id order. An entrant whose
// hash is among the n smallest so far is traced from entry (flagTraced);
// when it pushes out the largest of the n, that person's records are
// dropped at the end of the replicate. A person in the final sample was
// traced from entry, since the threshold only falls, so every kept life is
// whole. Those pushed out are bounded in expectation by n·ln(entrants/n).
//
// In the parallel phase, a traced person's events go to its block's buffer
// (no lock), gathered in block order after the phase; the sequential
// phases append directly. The records are sorted by (agent, step) at the
// end, stably, so that a person's events within a step keep the order of
// the phases: entry, the decisions, assignment offers, admission abroad.

// Events, internally; the order of eventNames.
const (
	evEnter uint8 = iota
	evGraduate
	evDropout
	evEmigrate
	evReturn
	evAssignStart
	evAssignEnd
	evDeath
	evRetire
	evTrainStart
	evTrainEnd
)

var eventNames = [...]results.Event{
	evEnter:       results.EventEnter,
	evGraduate:    results.EventGraduate,
	evDropout:     results.EventDropout,
	evEmigrate:    results.EventEmigrate,
	evReturn:      results.EventReturn,
	evAssignStart: results.EventAssignmentStart,
	evAssignEnd:   results.EventAssignmentEnd,
	evDeath:       results.EventDeath,
	evRetire:      results.EventRetire,
	evTrainStart:  results.EventTrainingStart,
	evTrainEnd:    results.EventTrainingEnd,
}

// stateNames are the states as written in traces and snapshots, by
// agents.State.
var stateNames = [agents.NumStates]string{
	agents.Gone:          results.StateOutside,
	agents.Student:       results.StateStudent,
	agents.Worker:        results.StateWorker,
	agents.Emigrant:      results.StateEmigrant,
	agents.Returnee:      results.StateReturnee,
	agents.TraineeAbroad: results.StateTrainee,
	agents.StudentAbroad: results.StateStudentAbroad,
}

// kTrace keys the trace hash apart from every draw of the model.
const kTrace = 0x7a3c9e5b1f2d4863

// traceRec is a traced event with the person's fields just after it.
type traceRec struct {
	step     int32 // 1-based; 0 for the initial population
	id       uint32
	ev       uint8
	from, to agents.State
	sector   uint8
	dest     uint8
	flags    uint8
	age      uint16
	skill    float32
	savings  float32
}

// note returns the record of event ev for the person in slot i, who goes
// from state from to state to, with the person's other fields as they are.
func note(p *population, i int, ev uint8, from, to agents.State) traceRec {
	return traceRec{
		id: p.id[i], ev: ev, from: from, to: to,
		sector: p.rec[i].sector, dest: p.rec[i].dest, flags: p.rec[i].flags,
		age: p.rec[i].age, skill: p.skill[i], savings: p.savings[i],
	}
}

// note records event ev of the traced person in slot i in the block's
// buffer; the step is stamped when the buffers are gathered. It is kept out
// of line so that the hot loop, which calls it on rare paths only, stays as
// small as without tracing.
//
//go:noinline
func (b *block) note(p *population, i int, ev uint8, from, to agents.State) {
	b.trace = append(b.trace, note(p, i, ev, from, to))
}

// tracer holds one replicate's sample and records.
type tracer struct {
	n      int
	key    uint64
	step   int32      // the step being taken, 1-based; 0 before the first
	sample sampleHeap // the n smallest hashes so far: a max-heap
	recs   []traceRec
}

// sampled is one traced person: its hash and id.
type sampled struct {
	hash uint64
	id   uint32
}

// sampleHeap is a max-heap of sampled persons by hash.
type sampleHeap []sampled

func (h sampleHeap) Len() int           { return len(h) }
func (h sampleHeap) Less(i, j int) bool { return h[i].hash > h[j].hash }
func (h sampleHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *sampleHeap) Push(x any)        { *h = append(*h, x.(sampled)) }
func (h *sampleHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// startTrace turns on the tracing of n persons (n > 0) of this replicate,
// beginning with the initial population. It must be called before the
// first step.
func (e *Engine) startTrace(n int) {
	e.tr = &tracer{n: n, key: mix(e.repKey ^ kTrace)}
	p := &e.pop
	for i := range p.len() {
		if p.rec[i].state != agents.Gone {
			e.enterTraced(i)
		}
	}
}

// enterTraced decides whether the person just placed in slot i is traced
// and if so records the entry.
func (e *Engine) enterTraced(i int) {
	t, p := e.tr, &e.pop
	id := p.id[i]
	h := mix(t.key ^ (uint64(id)+1)*kAgent)
	switch {
	case len(t.sample) < t.n:
		heap.Push(&t.sample, sampled{h, id})
	case h < t.sample[0].hash:
		t.sample[0] = sampled{h, id}
		heap.Fix(&t.sample, 0)
	default:
		return
	}
	p.rec[i].flags |= flagTraced
	e.noteSeq(i, evEnter, agents.Gone, p.rec[i].state)
}

// noteSeq records an event of the sequential phase of the current step (or,
// before the first step, of the initial population).
func (e *Engine) noteSeq(i int, ev uint8, from, to agents.State) {
	r := note(&e.pop, i, ev, from, to)
	r.step = e.tr.step
	e.tr.recs = append(e.tr.recs, r)
}

// gather appends the blocks' records of this step, in block order.
func (t *tracer) gather(blocks []*block) {
	for _, b := range blocks {
		for _, r := range b.trace {
			r.step = t.step
			t.recs = append(t.recs, r)
		}
	}
}

// transitions returns the records of the final sample as rows, by agent
// and step.
func (e *Engine) transitions() []results.Transition {
	t := e.tr
	keep := make(map[uint32]bool, len(t.sample))
	for _, s := range t.sample {
		keep[s.id] = true
	}
	recs := t.recs[:0:0]
	for _, r := range t.recs {
		if keep[r.id] {
			recs = append(recs, r)
		}
	}
	slices.SortStableFunc(recs, func(a, b traceRec) int {
		return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.step, b.step))
	})
	rows := make([]results.Transition, len(recs))
	spy := float64(e.spy)
	for j, r := range recs {
		dest := ""
		if r.from == agents.Emigrant || r.to == agents.Emigrant {
			dest = e.sc.Destinations[r.dest].Name
		}
		rows[j] = results.Transition{
			Replicate: e.rep, Step: int(r.step), Year: e.sc.StartYear + max(0, int(r.step)-1)/e.spy,
			Agent: int(r.id), Event: eventNames[r.ev],
			From: stateNames[r.from], To: stateNames[r.to],
			Sector: e.sc.Sectors[r.sector].Name, Destination: dest,
			Age: float64(r.age) / spy, Female: r.flags&flagFemale != 0,
			Skill: r.skill, Savings: r.savings,
		}
	}
	return rows
}

// snapshot returns every person's state now, at the end of calendar year
// year, by agent id.
func (e *Engine) snapshot(year int) []results.AgentState {
	p := &e.pop
	var slots []int
	for i := range p.rec {
		st := p.rec[i].state
		if st != agents.Gone {
			slots = append(slots, i)
		}
	}
	slices.SortFunc(slots, func(a, b int) int { return cmp.Compare(p.id[a], p.id[b]) })
	rows := make([]results.AgentState, len(slots))
	spy := float64(e.spy)
	for j, i := range slots {
		st, f := p.rec[i].state, p.rec[i].flags
		dest := ""
		if st == agents.Emigrant {
			dest = e.sc.Destinations[p.rec[i].dest].Name
		}
		rows[j] = results.AgentState{
			Replicate: e.rep, Year: year, Agent: int(p.id[i]),
			State: stateNames[st], Sector: e.sc.Sectors[p.rec[i].sector].Name, Destination: dest,
			Age: float64(p.rec[i].age) / spy, Female: f&flagFemale != 0,
			Skill: p.skill[i], Savings: p.savings[i], Tenure: float64(p.rec[i].tenure) / spy,
			Recognised: f&flagRecognised != 0, Public: f&flagPublic != 0, Assigned: f&flagAssigned != 0,
		}
	}
	return rows
}
