package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultResamples is the number of bootstrap resamples [Design.Indices] uses
// when [Design.Resamples] is zero or negative.
const DefaultResamples = 200

// Design is Saltelli's sampling design for estimating first-order and total
// Sobol indices of k = len(Ranges) parameters from N*(k+2) model runs
// (Saltelli et al. 2010). A and B are two independent samples of N points;
// AB[i] is A with column i taken from B, so A and AB[i] differ only in
// parameter i.
//
// All points are in the parameters' own units (already scaled by Ranges).
type Design struct {
	N      int           // number of base rows, the N of the estimators; N*(k+2) runs in all
	Ranges []Range       // one per parameter; their names label the indices
	A, B   [][]float64   // N x k each, independent uniform samples of the box
	AB     [][][]float64 // AB[i] is A with column i from B; k matrices of N x k

	// Seed seeds the generator of the bootstrap resamples in Indices (a
	// rand.PCG with seeds Seed and 0), so that the intervals are reproducible.
	// NewDesign draws it from its rng; set it to choose other resamples.
	Seed uint64
	// Resamples is the number of bootstrap resamples behind the confidence
	// intervals; zero or negative means DefaultResamples.
	Resamples int
}

// NewDesign draws Saltelli's design with n base rows for the given ranges. A
// and B are plain Monte Carlo samples: every coordinate is an independent
// uniform draw, so the rows are independent and the bootstrap in
// [Design.Indices] is valid. The draws come from rng in a fixed order (A row
// by row, then B row by row, then Seed), so a given rng state always gives
// the same design.
//
// It panics if n < 1 or ranges is empty.
func NewDesign(n int, ranges []Range, rng *rand.Rand) *Design {
	if n < 1 {
		panic("sensitivity: NewDesign with n < 1")
	}
	k := len(ranges)
	if k == 0 {
		panic("sensitivity: NewDesign with no ranges")
	}
	d := &Design{
		N:      n,
		Ranges: slices.Clone(ranges),
		A:      newMatrix(n, k),
		B:      newMatrix(n, k),
		AB:     make([][][]float64, k),
	}
	for _, m := range [][][]float64{d.A, d.B} {
		for _, row := range m {
			for j, r := range ranges {
				row[j] = r.Scale(rng.Float64())
			}
		}
	}
	for i := range d.AB {
		ab := newMatrix(n, k)
		for r := range ab {
			copy(ab[r], d.A[r])
			ab[r][i] = d.B[r][i]
		}
		d.AB[i] = ab
	}
	d.Seed = rng.Uint64()
	return d
}

// Points returns all N*(k+2) points of the design as one list, in the order
// that [Design.Indices] expects the outputs: the N rows of A, then the N rows
// of B, then the N rows of AB[0], ..., then the N rows of AB[k-1]. Point p of
// the list is row p%N of its matrix. The rows are copies, so the caller may
// modify them.
//
// It panics if the matrices of d do not have N rows of len(Ranges) columns.
func (d *Design) Points() [][]float64 {
	k := len(d.Ranges)
	d.check()
	pts := newMatrix(d.N*(k+2), k)
	p := 0
	for _, m := range append([][][]float64{d.A, d.B}, d.AB...) {
		for _, row := range m {
			copy(pts[p], row)
			p++
		}
	}
	return pts
}

// check panics if the shapes of d are inconsistent.
func (d *Design) check() {
	k := len(d.Ranges)
	if len(d.AB) != k {
		panic(fmt.Sprintf("sensitivity: design has %d AB matrices for %d ranges", len(d.AB), k))
	}
	for _, m := range append([][][]float64{d.A, d.B}, d.AB...) {
		if len(m) != d.N {
			panic(fmt.Sprintf("sensitivity: design matrix has %d rows; want N = %d", len(m), d.N))
		}
		for _, row := range m {
			if len(row) != k {
				panic(fmt.Sprintf("sensitivity: design row has %d columns; want %d", len(row), k))
			}
		}
	}
}

// Indices holds estimated Sobol indices, one entry per parameter in the order
// of the design's ranges.
type Indices struct {
	Names   []string     // parameter names, from the ranges
	First   []float64    // first-order indices S_i: share of variance due to parameter i alone
	Total   []float64    // total indices ST_i: share of variance involving parameter i
	FirstCI [][2]float64 // bootstrap 95% interval (lower, upper) of each First
	TotalCI [][2]float64 // bootstrap 95% interval (lower, upper) of each Total
}

// Indices estimates first-order and total Sobol indices from the model
// outputs y at the points of [Design.Points], in the same order, so len(y)
// must be N*(k+2).
//
// With f(A), f(B) and f(AB_i) the outputs at the rows of each matrix and V
// the variance (divided by 2N) of f(A) and f(B) pooled, the first-order index
// is Saltelli et al.'s (2010) estimator
//
//	S_i = mean(f(B) * (f(AB_i) - f(A))) / V
//
// and the total index is Jansen's (1999)
//
//	ST_i = mean((f(A) - f(AB_i))²) / 2 / V.
//
// Before S_i is computed the outputs are centred on the pooled mean of f(A)
// and f(B); this leaves the estimator's expectation unchanged and removes the
// noise that a large mean otherwise adds (the estimate becomes invariant to
// adding a constant to the model). Both estimators converge like
// 1/sqrt(N); finite-sample estimates can fall slightly outside [0, 1].
//
// The intervals are percentile bootstrap intervals (2.5% and 97.5%): the N
// rows (a row of A with the same rows of B and every AB_i) are resampled with
// replacement Resamples times, with a generator seeded from d.Seed, so the
// intervals are reproducible. Resamples whose variance is zero are skipped;
// if all are, the intervals are NaN.
//
// It returns an error if len(y) is not N*(k+2), or if the variance V is zero,
// NaN or infinite (a constant model, or NaN or infinite outputs).
func (d *Design) Indices(y []float64) (Indices, error) {
	k := len(d.Ranges)
	n := d.N
	if want := n * (k + 2); len(y) != want {
		return Indices{}, fmt.Errorf("sensitivity: %d outputs for a design of %d points", len(y), want)
	}
	if k == 0 {
		return Indices{}, errors.New("sensitivity: design has no ranges")
	}
	fA, fB := y[:n], y[n:2*n]
	fAB := make([][]float64, k)
	for i := range fAB {
		fAB[i] = y[(2+i)*n : (3+i)*n]
	}

	ind := Indices{
		Names:   make([]string, k),
		First:   make([]float64, k),
		Total:   make([]float64, k),
		FirstCI: make([][2]float64, k),
		TotalCI: make([][2]float64, k),
	}
	for i, r := range d.Ranges {
		ind.Names[i] = r.Name
	}
	v := estimate(fA, fB, fAB, nil, ind.First, ind.Total)
	if !(v > 0) || math.IsInf(v, 0) {
		return Indices{}, fmt.Errorf("sensitivity: output variance is %v; want finite and > 0", v)
	}

	resamples := d.Resamples
	if resamples <= 0 {
		resamples = DefaultResamples
	}
	rng := rand.New(rand.NewPCG(d.Seed, 0))
	idx := make([]int, n)
	first, total := make([]float64, k), make([]float64, k)
	bootFirst, bootTotal := make([][]float64, k), make([][]float64, k)
	for range resamples {
		for j := range idx {
			idx[j] = rng.IntN(n)
		}
		if v := estimate(fA, fB, fAB, idx, first, total); !(v > 0) || math.IsInf(v, 0) {
			continue
		}
		for i := range k {
			bootFirst[i] = append(bootFirst[i], first[i])
			bootTotal[i] = append(bootTotal[i], total[i])
		}
	}
	for i := range k {
		ind.FirstCI[i] = interval(bootFirst[i])
		ind.TotalCI[i] = interval(bootTotal[i])
	}
	return ind, nil
}

// estimate computes the first-order and total indices into first and total
// from the rows idx of the outputs (all rows, in order, if idx is nil) and
// returns the pooled variance of f(A) and f(B). It makes two passes so that
// the variance does not suffer from cancellation when the mean is large.
func estimate(fA, fB []float64, fAB [][]float64, idx []int, first, total []float64) float64 {
	n := len(fA)
	row := func(j int) int {
		if idx == nil {
			return j
		}
		return idx[j]
	}
	var sum float64
	for j := range n {
		r := row(j)
		sum += fA[r] + fB[r]
	}
	mean := sum / float64(2*n)
	var ss float64
	for j := range n {
		r := row(j)
		a, b := fA[r]-mean, fB[r]-mean
		ss += a*a + b*b
	}
	v := ss / float64(2*n)
	for i, ab := range fAB {
		var s, t float64
		for j := range n {
			r := row(j)
			diff := ab[r] - fA[r]
			s += (fB[r] - mean) * diff
			t += diff * diff
		}
		first[i] = s / float64(n) / v
		total[i] = t / float64(n) / 2 / v
	}
	return v
}

// interval returns the 2.5% and 97.5% quantiles of xs, which it sorts, or NaN
// bounds if xs is empty.
func interval(xs []float64) [2]float64 {
	if len(xs) == 0 {
		return [2]float64{math.NaN(), math.NaN()}
	}
	slices.Sort(xs)
	return [2]float64{quantile(xs, 0.025), quantile(xs, 0.975)}
}

// quantile returns the p-quantile of the sorted, non-empty xs, interpolating
// linearly between order statistics (type 7 of Hyndman and Fan 1996, the
// default of R and NumPy).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
