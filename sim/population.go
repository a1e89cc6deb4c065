package sim

import (
	"math"
	"slices"

	"github.com/brainsim/brainsim/agents"
)

// Flags of a person, packed in one byte.
const (
	flagFemale     uint8 = 1 << iota
	flagRecognised       // credentials recognised at the current destination
	flagPublic           // trained in a publicly financed programme
	flagPartner          // trained on a training-partnership seat
	flagAway             // on a partnership's away track: moves abroad on graduating
	flagAssigned         // an emigrant on a temporary-return assignment at home
	flagTraced           // in the replicate's trace sample (trace.go)
	flagJobless          // a worker or returnee at home without a post (labour.go)
)

// population holds the persons as a few arrays: the fields a wake of the
// event engine reads together are in one record a person (rec), so that a
// wake, a random access, loads one cache line for them rather than one for
// each of seven arrays, and the step engine, which streams over every
// person, reads the same bytes in one stream. Slot order is the only order
// that matters for results; it changes only in the sequential phase
// (entrants take the slots of the gone, in the order they were freed, or are
// appended), never in the parallel one.
type population struct {
	id      []uint32  // stable identity: keys the person's random draws
	rec     []person  // the small fields
	skill   []float32 // human capital; 1 = full-quality graduate
	savings []float32 // savings abroad, USD PPP
}

// person is the record of a person's small fields: 10 bytes, no padding
// (the fields of 4 bytes are in arrays of their own, which a record would
// pad to 24 bytes, 2 more a person than the arrays).
type person struct {
	age    uint16       // age in steps
	tenure uint16       // steps in the current state
	timer  uint16       // steps left of a service bond (at home) or of an assignment (abroad)
	state  agents.State // life-cycle state; Gone marks a free slot
	sector uint8        // index into the scenario's sectors
	dest   uint8        // index into destinations; meaningful abroad and for returnees
	flags  uint8        // flagFemale, flagRecognised, ...
}

func (p *population) len() int { return len(p.id) }

// reserve makes room for n persons in every array, so that a population
// that grows to n is not copied: a copy holds the old arrays and the new
// ones (1.25 times as long, append's growth) at once, a peak of 50 bytes a
// person, which the event engine's live heap showed as 83 bytes a person
// in runs where a collection fell on it (docs/PERFORMANCE.md).
func (p *population) reserve(n int) {
	p.id = slices.Grow(p.id, n-len(p.id))
	p.rec = slices.Grow(p.rec, n-len(p.rec))
	p.skill = slices.Grow(p.skill, n-len(p.skill))
	p.savings = slices.Grow(p.savings, n-len(p.savings))
}

// add appends a person.
func (p *population) add(id uint32, s agents.State, sector, dest, flags uint8, age, tenure uint16, skill, savings float32) {
	p.id = append(p.id, id)
	p.rec = append(p.rec, person{age: age, tenure: tenure, state: s, sector: sector, dest: dest, flags: flags})
	p.skill = append(p.skill, skill)
	p.savings = append(p.savings, savings)
}

// put places a person in slot i, which must be gone, resetting every field.
func (p *population) put(i int, id uint32, s agents.State, sector, dest, flags uint8, age, tenure uint16, skill, savings float32) {
	p.id[i] = id
	p.rec[i] = person{age: age, tenure: tenure, state: s, sector: sector, dest: dest, flags: flags}
	p.skill[i], p.savings[i] = skill, savings
}

// touch loads the fields of the persons in slots, in a loop of independent
// loads, so that their cache misses overlap, before a loop that writes them
// one after another (placeEntrant: an entrant takes a slot freed at random).
// It returns a sum of what it read, which the caller keeps, so that the
// loads are not optimised away.
func (p *population) touch(slots []int32) uint32 {
	var sum uint32
	for _, i := range slots {
		sum += p.id[i] + uint32(p.rec[i].age) + math.Float32bits(p.skill[i]) + math.Float32bits(p.savings[i])
	}
	return sum
}
