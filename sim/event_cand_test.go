package sim

import (
	"math"
	"testing"
)

// TestCandLevelOf checks the levels of the candidate probabilities: q_L
// holds q and the next level does not, a level's own q maps to it, and the
// grid's ratio is 2^(1/candGrid), the most a candidate set rounds a bound
// up.
func TestCandLevelOf(t *testing.T) {
	for _, q := range []float64{1, 0.999, 0.5, 0.25000001, 0.1, 0.0123, 1e-3, 3.3e-5, 1e-9, 1e-15} {
		l := candLevelOf(q)
		if l == candNever || candTab[l].q < q || l+1 < candLevels && candTab[l+1].q >= q {
			t.Errorf("candLevelOf(%g) = %d: q_L %g, q_L+1 %g", q, l, candTab[l].q, candTab[min(l+1, candLevels-1)].q)
		}
		if r := candTab[l].q / q; r > math.Exp2(1.0/candGrid)*(1+1e-7) {
			t.Errorf("q %g rounded up by %g", q, r)
		}
	}
	for l := range candLevels {
		if got := candLevelOf(candTab[l].q); got != l {
			t.Fatalf("candLevelOf(q_%d) = %d", l, got)
		}
	}
	if candLevelOf(0) != candNever || candLevelOf(-1) != candNever || candLevelOf(1e-30) != candNever {
		t.Error("a zero or negligible probability has a level")
	}
}

// TestCandSetLaw checks that a candidate set is a Bernoulli process at its
// level's probability: over 4,000 persons and 2,048 steps, the share of
// candidate steps is q within 4 standard errors, so is the share of steps
// after a candidate step (independence of neighbours, across the windows'
// edges), and nextCand from any step gives the set's next step (walking
// the set from every step or from its own steps agrees).
func TestCandSetLaw(t *testing.T) {
	ev := &eventState{candKey: [2]uint64{0x1234567, 0x89abcdef}}
	const persons, steps = 4000, 2048
	for _, q := range []float64{0.5, 0.05, 0.004} {
		l := candLevelOf(q)
		lq := candTab[l].q
		var n, hits, afterHit, pairs int
		for id := range uint32(persons) {
			prev := -10
			in := make([]bool, steps)
			for c := ev.nextCand(id, candEvent, l, -1, steps-1); c < steps; c = ev.nextCand(id, candEvent, l, c, steps-1) {
				in[c] = true
			}
			for s := range steps {
				// nextCand from step s-1 lands on s exactly when s is in the set.
				if got := ev.nextCand(id, candEvent, l, s-1, steps-1) == s; got != in[s] {
					t.Fatalf("q %g, person %d, step %d: nextCand from %d says %v, the walk %v", q, id, s, s-1, got, in[s])
				}
				if s > 300 { // the check above is slow; the law uses every step
					break
				}
			}
			for s, v := range in {
				n++
				if v {
					hits++
					if s == prev+1 {
						pairs++
					}
					prev = s
				}
				if s > 0 && in[s-1] {
					afterHit++
				}
			}
		}
		se := math.Sqrt(lq * (1 - lq) / float64(n))
		if got := float64(hits) / float64(n); math.Abs(got-lq) > 4*se {
			t.Errorf("q_L %g: share of candidate steps %g, 4 se %g", lq, got, 4*se)
		}
		cond := float64(pairs) / float64(afterHit)
		seC := math.Sqrt(lq * (1 - lq) / float64(afterHit))
		if math.Abs(cond-lq) > 4*seC {
			t.Errorf("q_L %g: share after a candidate %g, 4 se %g", lq, cond, 4*seC)
		}
	}
}
