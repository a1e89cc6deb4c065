package sim

import "math"

// Candidate sets: the steps at which a person is a candidate, drawn so that
// two scenarios share them (common random numbers, as the step engine's
// draws keyed by person and step are shared).
//
// A person's candidates for its state's event form a Bernoulli process: each
// step is a candidate with probability q, the bound of the event's chance in
// a step. Drawn as a geometric skip from the person's last wake, keyed by
// that wake's step, the candidates of a person in two scenarios part for
// good at the first wake they do not share (a bound raised a step apart, a
// volunteer's draw), and with them every later decision: comparing a
// small programme with the baseline, the event engine's paired differences
// had 10 to 50 times the standard deviation of the step engine's
// (docs/PERFORMANCE.md). So the candidates are drawn instead as a fixed set
// for each (replicate, person, purpose, level): q is rounded up to a level
// of a geometric grid, q_L = 2^(-L/candGrid), and the steps are cut into
// windows of 2^ceil(L/candGrid) steps (about 1/q_L, one to two candidates
// a window), in which the candidates are the geometric skips of a stream
// keyed by (replicate, purpose, person, level, window) from the window's
// start. The first candidate after a step is found by drawing the window's
// skips again from its start. A person whose bound is at the same level in
// two scenarios has the same candidates in both, whatever happened before.
//
// Exactness: the indicators of a Bernoulli process at different steps are
// independent, so the set's steps after any step are a Bernoulli(q_L)
// process whatever the person's past; sets of other levels or purposes are
// drawn from other keys, independent of it; and the level a person uses is a
// function of its state and the conditions, not of its set. The thinning
// (wake) scales the step engine's uniform to the level, q_L, which bounds
// the chance as q does. Rounding up costs at most 2^(1/candGrid) - 1, 9%,
// more candidates (about 4% on average).
//
// The state's event (dropout, emigration, return) and volunteering for a
// temporary-return assignment have a set each (candEvent, candAssign), so
// that a programme's offers leave its volunteers' other candidates alone.

// candGrid is the number of levels per halving of the candidate
// probability. Assumed: a trade-off of speed (extra candidates) against
// nothing else.
const candGrid = 8

// candLevels is the number of levels: q down to 2^-60, below which a
// person is never a candidate within any horizon (2^60 steps).
const candLevels = 60*candGrid + 1

// A candLevel is one level of the grid.
type candLevel struct {
	q     float64 // the probability, a float32 value (pMax in evSlot keeps it exactly)
	log1m float64 // ln(1 - q), for the skips
	shift uint8   // log2 of the window's length in steps
}

var candTab = func() (t [candLevels]candLevel) {
	for l := range t {
		q := float64(up32(math.Exp2(-float64(l) / candGrid)))
		t[l] = candLevel{q: q, log1m: math.Log1p(-q), shift: uint8((l + candGrid - 1) / candGrid)}
	}
	t[0].log1m = math.Inf(-1) // q = 1: every step
	return t
}()

// candNever is the level of a zero probability: no candidates.
const candNever = -1

// candLevelOf returns the level of probability q: the largest L (smallest
// q_L) with q_L >= q; candNever for q <= 0, 0 for q >= 1. For q a level's
// probability it returns that level.
func candLevelOf(q float64) int {
	switch {
	case q <= 0:
		return candNever
	case q >= 1:
		return 0
	}
	// -log2 q from the exponent and mantissa: q = m 2^x, m in [1, 2).
	x := int(math.Float64bits(q)>>52&0x7ff) - 1023
	if x < -60 {
		return candNever
	}
	l := min(-x*candGrid, candLevels-1)
	// Step up the levels (larger q) to the first that holds q: at most
	// candGrid+1 steps.
	for l > 0 && candTab[l].q < q {
		l--
	}
	return l
}

// candidate purposes: a set for each.
const (
	candEvent  = iota // the state's event
	candAssign        // volunteering for an assignment
)

// nextCand returns the first step after from in the candidate set of
// person id for purpose set at level l (>= 0), or neverStep if it is past
// last.
func (ev *eventState) nextCand(id uint32, set, l, from, last int) int {
	n := from + 1
	if l == 0 {
		return n
	}
	lv := &candTab[l]
	sh := lv.shift
	root := mix(ev.candKey[set] ^ (uint64(id)+1)*kAgent ^ uint64(l)<<48)
	for j := n >> sh; j<<sh <= last; j++ {
		start, end := j<<sh, (j+1)<<sh
		k := mix(root ^ (uint64(j)+1)*kStep)
		pos := start - 1
		for d := uint64(1); ; d++ {
			u := 1 - float64(mix(k+d*golden)>>11)*0x1p-53 // in (0, 1]
			skip := math.Log(u) / lv.log1m
			if skip >= float64(end-pos-1) {
				break
			}
			if pos += 1 + int(skip); pos >= n {
				if pos > last {
					return neverStep
				}
				return pos
			}
		}
	}
	return neverStep
}

// gridUp returns the bound of a term z of a logit on a grid of step g:
// (floor(z/g) + 1.5) g, between z + g/2 and z + 3g/2 (on average z + g, the
// headroom a raise gives). The sectors' bounds are raised to grid values,
// not to the term plus a headroom, so that two scenarios whose terms are in
// the same cell have the same bounds, the same levels and so the same
// candidates (common random numbers: see the top of this file).
func gridUp(z, g float64) float64 {
	if math.IsNaN(z) || math.IsInf(z, 0) {
		return z + g
	}
	return (math.Floor(z/g) + 1.5) * g
}

// gridRatio is gridUp for a probability p on a geometric grid of ratio r >
// 1: between p r^(1/2) and p r^(3/2); 0 for p <= 0.
func gridRatio(p, r float64) float64 {
	if !(p > 0) || math.IsInf(p, 0) {
		return p * r
	}
	lr := math.Log(r)
	return math.Exp((math.Floor(math.Log(p)/lr) + 1.5) * lr)
}
