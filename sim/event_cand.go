package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
)

// Candidate sets (Options.Paired): the steps at which a person is a
// candidate, drawn so that two scenarios share them (common random numbers,
// as the step engine's draws keyed by person and step are shared). Unpaired,
// the event engine draws a geometric skip at each plan (plan), which costs
// less: BenchmarkEventPaired, 4.8 against 6.7 ns per agent-step.
//
// A person's candidates for its state's event form a Bernoulli process: each
// step is a candidate with probability q, the bound of the event's chance in
// a step. Drawn as a geometric skip from the person's last wake, keyed by
// that wake's step, the candidates of a person in two scenarios part for
// good at the first wake they do not share (a bound raised a step apart, a
// volunteer's draw), and with them every later decision: comparing a small
// programme with the baseline, the event engine's paired differences had 10
// to 50 times the standard deviation of the step engine's
// (docs/PERFORMANCE.md). Paired, the candidates are fixed sets. q is
// rounded up to a level of a geometric grid, q_L = 2^(-L/candGrid). The
// levels of candSpan octaves from octave o share a top set: a Bernoulli
// process at 2^-o, drawn in windows of 2^o steps (one step of the set a
// window on average) as a Binomial(2^o, 2^-o) count of distinct steps drawn
// uniformly in the window, keyed by (replicate, purpose, person, o,
// window), each step with a mark V, uniform, keyed by its place in the
// window. The set of level L is the steps of the top set whose mark is
// below q_L 2^o, and at such a step the uniform of the thinning (wake) is V
// 2^-o. So the sets of a group are nested and share their uniforms: a
// person whose bound is at level L in one scenario and L' in another, in the
// same group, has in both the candidates of the lower level with the same
// uniforms, as the step engine's common uniform would give; whatever
// happened to it before. The first candidate after a step is found by
// drawing the window again.
//
// Exactness: a Binomial count of uniformly placed distinct steps is a
// Bernoulli process; thinned by independent marks it is a Bernoulli process
// at q_L; its indicators at different steps are independent, so its steps
// after any step are a Bernoulli(q_L) process whatever the person's past;
// sets of other groups or purposes are drawn from other keys; the level a
// person uses is a function of its state and the conditions, not of its
// set; and given that a step is in the set, its uniform V 2^-o is uniform
// below q_L, the law the thinning needs. Rounding the bound up costs at most
// 2^(1/candGrid) - 1, 9%, more candidates (about 4% on average).
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
	top   float64 // 2^-o, the probability of the group's top set
	mark  float64 // q 2^o: the bound of the top set's marks for this level
	shift uint8   // o: log2 of the window's length in steps
}

// candSpan is the number of octaves whose levels share a top set: the sets
// of levels at most candSpan octaves apart are nested when in one group;
// the top set is at most 2^candSpan times as dense as a level's set, the
// skips and marks drawn for each candidate. Assumed: a trade-off of the
// pairing of scenarios against the draws of a plan.
const candSpan = 2

var candTab = func() (t [candLevels]candLevel) {
	for l := range t {
		o := l / (candGrid * candSpan) * candSpan
		q := float64(up32(math.Exp2(-float64(l) / candGrid)))
		top := math.Exp2(-float64(o))
		t[l] = candLevel{q: q, top: top, mark: q / top, shift: uint8(o)}
	}
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
	n, _ := ev.candAfter(id, set, l, from, last)
	return n
}

// candKMax bounds the steps of a top set in one window: the count is
// Binomial(2^o, 2^-o), about Poisson(1), above 20 with a probability below
// 1e-19, under the resolution of a 53-bit uniform.
const candKMax = 20

// candCDF[o][k] is the probability that a window of octave o holds at most
// k steps of the top set: Binomial(2^o, 2^-o); the last entry is 1.
var candCDF = func() (t [candLevels/candGrid + 1][candKMax + 1]float64) {
	for o := range t {
		if o == 0 {
			t[0][0] = 0 // one step, always in the set (q = 1)
			for k := 1; k <= candKMax; k++ {
				t[0][k] = 1
			}
			continue
		}
		w, p := math.Exp2(float64(o)), math.Exp2(-float64(o))
		pmf := math.Exp(w * math.Log1p(-p))
		cum := 0.0
		for k := range candKMax {
			cum += pmf
			t[o][k] = cum
			pmf *= (w - float64(k)) / float64(k+1) * p / (1 - p)
		}
		t[o][candKMax] = 1
	}
	return t
}()

// candAfter returns the first step after from in the candidate set of
// person id for purpose set at level l (>= 0) and its uniform, or neverStep
// if it is past last. The top set of a window is its count, drawn from
// candCDF, and as many distinct steps drawn uniformly in the window (a
// uniform subset of that size, which with a Binomial count is a Bernoulli
// process); a step's mark is keyed by its place in the window, so it does
// not depend on the order the steps were drawn in. No logarithm.
func (ev *eventState) candAfter(id uint32, set, l, from, last int) (int, float64) {
	n := from + 1
	lv := &candTab[l]
	root := mix(ev.candKey[set] ^ (uint64(id)+1)*kAgent ^ uint64(lv.shift)<<56)
	if l == 0 {
		// Every step; the uniform is keyed by the step.
		return n, float64(mix(root^(uint64(n)+1)*kStep)>>11) * 0x1p-53
	}
	sh, top := lv.shift, lv.top
	cdf := &candCDF[sh]
	var seen [candKMax]int
	for j := n >> sh; j<<sh <= last; j++ {
		start := j << sh
		k := mix(root ^ (uint64(j)+1)*kStep)
		u := float64(mix(k)>>11) * 0x1p-53
		count := 0
		for u >= cdf[count] {
			count++
		}
		best, bestU := -1, 1.0
		drawn := 0
		for d := uint64(1); drawn < count; d++ {
			pos := start + int(mix(k+d*golden)>>(64-sh))
			dup := false
			for _, q := range seen[:drawn] {
				dup = dup || q == pos
			}
			if dup {
				continue
			}
			seen[drawn] = pos
			drawn++
			if pos < n || pos > last || best >= 0 && pos >= best {
				continue
			}
			if v := float64(mix(k^(uint64(pos-start)+1)*kRep)>>11) * 0x1p-53; v < lv.mark {
				best, bestU = pos, v*top
			}
		}
		if best >= 0 {
			return best, bestU
		}
	}
	return neverStep, 1
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

// candUniforms returns the uniforms U2 (the state's event) and U3
// (volunteering) of person i, in state st, at its candidate step now, k its
// key there.
//
// Paired (the candidate sets above): at a step of the state's event's
// candidate set U2 is its uniform there, below its level, pMax; at a step of
// the set of volunteering U3 likewise; a step outside a set has its uniform
// at or above the level, which no rule tells apart from 1.
//
// Otherwise (a geometric skip, plan), conditionally on a candidate, (U2,
// U3) is uniform on {U2 < pMax or U3 < aMax}: W = V q is uniform below q = 1
// - (1 - pMax)(1 - aMax); U2 = W when W < pMax (U3 free), else U2 >= pMax
// (no event) and U3 = (W - pMax) / (1 - pMax), uniform below aMax.
func (e *Engine) candUniforms(i int, st agents.State, k uint64, now int) (u2, u3 float64) {
	ev, sl := e.ev, &e.ev.slot[i]
	pMax, aMax := float64(sl.pMax), e.assignMax(i, st)
	if ev.paired {
		u2, u3 = 1, 1
		id := e.pop.id[i]
		if pMax > 0 {
			if n, u := ev.candAfter(id, candEvent, candLevelOf(pMax), now-1, now); n == now {
				u2 = u
			}
		}
		if l := candLevelOf(aMax); l != candNever {
			if n, u := ev.candAfter(id, candAssign, l, now-1, now); n == now {
				u3 = u
			}
		}
		return u2, u3
	}
	w := uniform(k, drawDeath) * candProb(pMax, aMax)
	switch {
	case aMax == 0:
		return w, 1
	case w < pMax:
		return w, uniform(k, drawAssign)
	}
	return 1, (w - pMax) / (1 - pMax)
}

// candProb returns the per-step probability of a candidate: that the draw
// of the state's event falls below pMax, or that of volunteering for an
// assignment below aMax.
func candProb(pMax, aMax float64) float64 {
	return 1 - (1-pMax)*(1-aMax)
}

// log1mSmall returns ln(1 - q) for q in (0, 1): by its series for q below
// 1/64, where 8 terms leave a relative error below q^8/9 < 4e-16 (a few
// units of the last place, as math.Log1p), without the second logarithm of
// every candidate drawn; by math.Log1p above.
func log1mSmall(q float64) float64 {
	if q >= 1.0/64 {
		return math.Log1p(-q)
	}
	return -q * (1 + q*(1.0/2+q*(1.0/3+q*(1.0/4+q*(1.0/5+q*(1.0/6+q*(1.0/7+q*(1.0/8))))))))
}
