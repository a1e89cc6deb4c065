package results

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// DriverAlpha is the family-wise level at which a parameter is called
// distinguishable from chance as a driver of a spread: 5%, the usual level
// (assumed).
const DriverAlpha = 0.05

// DriverPermutations is the number of random permutations of the draw
// means in the test of a driver: 999 gives p-values in steps of 1/1000,
// fine enough at DriverAlpha (Davison and Hinkley 1997, section 4.2.5:
// 99 is the least for a test at 5%, 999 a common choice).
const DriverPermutations = 999

// DriverPower is the power the draws suggested for an indistinct driver
// aim at (DrawsToDistinguish): 80%, the usual design target (assumed).
const DriverPower = 0.8

// MaxDraws bounds the draws of a design (brainsim's --draws; assumed:
// 10,000 draws of a preset would run for days, a sweep's job) and so the
// draws DrawsToDistinguish suggests.
const MaxDraws = 10_000

// driverStream keys the random numbers of the permutation test, apart from
// every other stream: an arbitrary constant (assumed), "drivers" in ASCII.
// The test uses the same permutations for any input, so its verdicts
// depend only on the draws given.
const driverStream = 0x64726976657273

// Driver is one parameter's part in the spread of an outcome over
// parameter draws: how much of the variance of the draw means a straight
// line in the parameter's quantile explains, and whether that is more than
// an unrelated parameter would explain by chance at this many draws.
type Driver struct {
	Param int     // the parameter's column in the design
	R2    float64 // squared Pearson correlation of the quantile with the draw means
	// Share is the estimated share of the parameter variance it drives:
	// the adjusted r², max(0, r² − (1 − r²)/(N − 2)) (which removes the
	// 1/(N − 1) an unrelated parameter explains on average), times the
	// variance of the draw means over the parameter variance (which
	// leaves out the replicate noise in the means), within [0, 1]. NaN when
	// the parameter variance is 0 or N < 3.
	Share float64
	// P is the permutation p-value of R2 adjusted for the K parameters
	// tested (Westfall and Young's single-step max-T): the share of
	// permutations of the draw means in which some parameter's r² is at
	// least R2.
	P float64
}

// Distinguishable reports whether d drives more than chance at DriverAlpha.
func (d Driver) Distinguishable() bool { return d.P <= DriverAlpha }

// RankDrivers ranks the K parameters of a design by the squared
// correlation of their quantiles with y, largest first (ties keep the
// order of the columns). u[d][j] is the quantile of parameter j at draw d
// and y[d] the outcome's mean at draw d; paramVar is the parameter
// variance of the outcome (Split.SDParameter squared), for Driver.Share.
//
// The test of each r² permutes y over the draws DriverPermutations times,
// with fixed random numbers, and compares the r² with the largest r² of
// any parameter in each permutation (Westfall and Young 1993, single-step
// max-T). Under the null hypothesis that y does not depend on the
// parameters every permutation is as likely as the one observed, so the
// chance that any unrelated parameter is called distinguishable is at
// most DriverAlpha, however many parameters there are: the ranking picks
// the largest of K r², and the test allows for it. Why r² and not a
// regression on all parameters: with about 20 priors and 20 draws the
// standardized regression coefficients are not identified (K + 1 > N),
// and first-order indices by binning need hundreds of draws; in a Latin
// hypercube the quantiles are nearly uncorrelated, so r² is close to the
// squared standardized regression coefficient (Saltelli et al. 2008,
// section 1.2.5).
//
// It panics if a row of u does not have K values or len(y) != len(u).
func RankDrivers(u [][]float64, y []float64, paramVar float64) []Driver {
	n := len(u)
	if len(y) != n {
		panic(fmt.Sprintf("results: RankDrivers of %d draws and %d means", n, len(y)))
	}
	if n == 0 {
		return nil
	}
	k := len(u[0])
	// Standardized columns: then r_j = Σ_d x_j[d] z[d].
	xs := make([][]float64, k)
	col := make([]float64, n)
	for j := range k {
		for d := range n {
			if len(u[d]) != k {
				panic(fmt.Sprintf("results: RankDrivers: draw %d has %d quantiles, want %d", d, len(u[d]), k))
			}
			col[d] = u[d][j]
		}
		xs[j] = standardized(col)
	}
	z := standardized(y)
	ds := make([]Driver, k)
	for j := range k {
		r := dot(xs[j], z)
		ds[j] = Driver{Param: j, R2: r * r}
	}
	if z != nil {
		exceed := make([]int, k)
		perm := slices.Clone(z)
		rng := rand.New(rand.NewPCG(0, driverStream))
		for range DriverPermutations {
			rng.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
			var most float64
			for j := range k {
				r := dot(xs[j], perm)
				most = max(most, r*r)
			}
			for j := range k {
				// A relative tolerance keeps ties (a permutation that is
				// the identity, or a constant column) counted as ties.
				if most >= ds[j].R2*(1-1e-12) {
					exceed[j]++
				}
			}
		}
		for j := range k {
			ds[j].P = float64(1+exceed[j]) / float64(1+DriverPermutations)
		}
	} else {
		for j := range ds {
			ds[j].P = 1 // a constant outcome: nothing drives it
		}
	}
	varY := sampleVariance(y)
	for j := range ds {
		ds[j].Share = shareOf(ds[j].R2, n, varY, paramVar)
	}
	slices.SortStableFunc(ds, func(a, b Driver) int { return cmp.Compare(b.R2, a.R2) })
	return ds
}

// shareOf returns Driver.Share for r² over n draws whose means have
// variance varY, of which paramVar is the parameters'.
func shareOf(r2 float64, n int, varY, paramVar float64) float64 {
	if n < 3 || !(paramVar > 0) || math.IsNaN(r2) {
		return math.NaN()
	}
	adj := max(0, r2-(1-r2)/float64(n-2))
	return min(1, adj*varY/paramVar)
}

// DrawsToDistinguish returns the number of draws at which a parameter
// whose squared correlation with the outcome is r2, one of k tested,
// would be distinguishable from chance at DriverAlpha with probability
// DriverPower, by Fisher's z (the correlation's z = atanh r has standard
// error 1/sqrt(N − 3)) at the Bonferroni level DriverAlpha/k, two-sided
// (a little stricter than the max-T test): N = ((z_α + z_power)/atanh r)² + 3.
// An r2 of 1 (or more, by rounding) counts as 0.999, a line that misses
// by little. It returns 0 if r2 is not positive, or the draws needed
// exceed MaxDraws.
func DrawsToDistinguish(r2 float64, k int) int {
	if !(r2 > 0) || k < 1 {
		return 0
	}
	r2 = min(r2, 0.999)
	za := normalQuantile(1 - DriverAlpha/(2*float64(k)))
	zb := normalQuantile(DriverPower)
	n := math.Ceil(math.Pow((za+zb)/math.Atanh(math.Sqrt(r2)), 2)) + 3
	if n > MaxDraws {
		return 0
	}
	return int(n)
}

// normalQuantile is the standard normal quantile function.
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// standardized returns x less its mean over the square root of its sum of
// squares, so that the dot product of two is their Pearson correlation;
// nil when x is constant.
func standardized(x []float64) []float64 {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	out := make([]float64, len(x))
	var ss float64
	for i, v := range x {
		out[i] = v - m
		ss += out[i] * out[i]
	}
	if !(ss > 0) {
		return nil
	}
	s := math.Sqrt(ss)
	for i := range out {
		out[i] /= s
	}
	return out
}

// dot is the dot product of a and b; 0 when either is nil (a constant).
func dot(a, b []float64) float64 {
	if a == nil || b == nil {
		return 0
	}
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// sampleVariance is the variance of x with divisor n − 1; 0 for n < 2.
func sampleVariance(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return ss / float64(len(x)-1)
}
