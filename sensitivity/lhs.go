package sensitivity

import "math/rand/v2"

// LatinHypercube returns n points in the box given by ranges, one row per
// point and one column per range (McKay, Beckman and Conover 1979). Each range
// is cut into n strata of equal width and every stratum of every dimension holds
// exactly one point, drawn uniformly within it; the strata are matched across
// dimensions by independent random permutations.
//
// The draws come from rng in a fixed order (for each dimension, a permutation
// and then n uniforms), so a given rng state always gives the same sample.
//
// It panics if n < 1.
func LatinHypercube(n int, ranges []Range, rng *rand.Rand) [][]float64 {
	if n < 1 {
		panic("sensitivity: LatinHypercube with n < 1")
	}
	k := len(ranges)
	pts := newMatrix(n, k)
	for j, r := range ranges {
		perm := rng.Perm(n)
		for i, stratum := range perm {
			u := (float64(stratum) + rng.Float64()) / float64(n)
			pts[i][j] = r.Scale(u)
		}
	}
	return pts
}

// newMatrix returns an n x k matrix whose rows share one backing array; each
// row's capacity is its length, so appending to a row cannot overwrite the next.
func newMatrix(n, k int) [][]float64 {
	data := make([]float64, n*k)
	m := make([][]float64, n)
	for i := range m {
		m[i] = data[i*k : (i+1)*k : (i+1)*k]
	}
	return m
}
