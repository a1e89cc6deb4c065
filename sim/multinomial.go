package sim

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// multinomial draws the counts of n independent choices among the categories
// of p (which sum to 1) into out, as a chain of binomials: the count of
// category i is Binomial(n left, p_i / p left). It costs O(len(p)) draws
// instead of O(n), for the yearly cohort's training choices.
//
// It panics if len(out) != len(p).
func multinomial(n int, p []float64, src rand.Source, out []int) {
	if len(out) != len(p) {
		panic("sim: multinomial: len(out) != len(p)")
	}
	clear(out)
	left, mass := n, 1.0
	for i, pi := range p {
		if left == 0 {
			return
		}
		if i == len(p)-1 || pi >= mass {
			out[i] = left
			return
		}
		if pi > 0 {
			k := int(distuv.Binomial{N: float64(left), P: pi / mass, Src: src}.Rand())
			out[i] = k
			left -= k
		}
		mass -= pi
	}
}
