package results

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testStream keys the random numbers of the synthetic designs of these
// tests (an arbitrary constant); repetition i uses seed i, so no seed is
// picked.
const testStream = 0x7465737473

// latinHypercube returns n points of a Latin hypercube on [0, 1]^k: in
// each column one point in each of the n strata, in random order.
func latinHypercube(n, k int, rng *rand.Rand) [][]float64 {
	u := make([][]float64, n)
	for d := range u {
		u[d] = make([]float64, k)
	}
	for j := range k {
		for d, s := range rng.Perm(n) {
			u[d][j] = (float64(s) + rng.Float64()) / float64(n)
		}
	}
	return u
}

// TestRankDrivers checks the ranking and its test on synthetic outcomes of
// 20 parameters with known first-order indices, over many repetitions of
// a Latin hypercube of 20 draws (the acceptance command's size):
//
//   - linear: y = 4u₀ + 2u₁ + u₂, first-order indices 16/21, 4/21, 1/21;
//     u₀ must rank first and be distinguishable in nearly every
//     repetition, its mean Share near 16/21, and a null parameter (u₁₉)
//     called distinguishable no more often than DriverAlpha;
//   - the same with replicate noise in the means (variance 0.5 against a
//     parameter variance of 21/12): Share, which allows for the noise,
//     still near 16/21;
//   - monotone, not linear: y = exp(3u₀), u₀ the only driver, of which a
//     straight line explains r² = 0.876 (cov(u, e^{3u})² / (var u · var
//     e^{3u}) in closed form): Share is the linear part;
//   - null: y pure noise; the test calls its best-ranked parameter
//     distinguishable at the nominal rate DriverAlpha (the max-T test is
//     exact under this null), within 3.5 binomial standard errors.
func TestRankDrivers(t *testing.T) {
	const n, k = 20, 20
	// The r² of a line in u for e^{3u}, u uniform on [0, 1].
	e3, e6 := math.Exp(3), math.Exp(6)
	m := (e3 - 1) / 3
	cov := (2*e3+1)/9 - m/2
	monotoneR2 := cov * cov / (((e6-1)/6 - m*m) / 12)
	const nullParam = k - 1
	cases := []struct {
		name     string
		reps     int
		f        func(u []float64, rng *rand.Rand) float64
		paramVar float64 // the true parameter variance of y
		top      int     // the true top driver; -1 for none
		share    float64 // its first-order index
		// minFound: least share of repetitions in which top ranks first
		// and is distinguishable
		minFound float64
	}{
		{"linear", 300, func(u []float64, _ *rand.Rand) float64 { return 4*u[0] + 2*u[1] + u[2] },
			21.0 / 12, 0, 16.0 / 21, 0.95},
		{"linear with noise", 300, func(u []float64, rng *rand.Rand) float64 {
			return 4*u[0] + 2*u[1] + u[2] + math.Sqrt(0.5)*rng.NormFloat64()
		}, 21.0 / 12, 0, 16.0 / 21, 0.9},
		{"monotone", 300, func(u []float64, _ *rand.Rand) float64 { return math.Exp(3 * u[0]) },
			0, 0, monotoneR2, 0.95},
		{"null", 600, func(_ []float64, rng *rand.Rand) float64 { return rng.NormFloat64() },
			0, -1, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var found, nullFlagged, anyFlagged int
			var shareSum float64
			y := make([]float64, n)
			for rep := range tc.reps {
				rng := rand.New(rand.NewPCG(uint64(rep), testStream))
				u := latinHypercube(n, k, rng)
				for d := range y {
					y[d] = tc.f(u[d], rng)
				}
				pv := tc.paramVar
				if pv == 0 {
					pv = sampleVariance(y)
				}
				ds := RankDrivers(u, y, pv)
				if len(ds) != k {
					t.Fatalf("rep %d: %d drivers; want %d", rep, len(ds), k)
				}
				if ds[0].Distinguishable() {
					anyFlagged++
				}
				for _, d := range ds {
					if d.Param == nullParam && d.Distinguishable() {
						nullFlagged++
					}
					if d.Param == tc.top {
						shareSum += d.Share
					}
				}
				if tc.top >= 0 && ds[0].Param == tc.top && ds[0].Distinguishable() {
					found++
				}
			}
			reps := float64(tc.reps)
			t.Logf("%s: top found %d, null flagged %d, best flagged %d of %d; mean share of the top %.3f", tc.name, found, nullFlagged, anyFlagged, tc.reps, shareSum/reps)
			// 3.5 binomial standard errors at DriverAlpha.
			tol := 3.5 * math.Sqrt(DriverAlpha*(1-DriverAlpha)/reps)
			if tc.top < 0 {
				if rate := float64(anyFlagged) / reps; math.Abs(rate-DriverAlpha) > tol {
					t.Errorf("null: best-ranked parameter distinguishable in %.3f of %d repetitions; want %.2f ± %.3f", rate, tc.reps, DriverAlpha, tol)
				}
				return
			}
			if rate := float64(found) / reps; rate < tc.minFound {
				t.Errorf("top driver u%d ranked first and distinguishable in %.3f of %d repetitions; want >= %.2f", tc.top, rate, tc.reps, tc.minFound)
			}
			if rate := float64(nullFlagged) / reps; rate > DriverAlpha+tol {
				t.Errorf("null parameter u%d distinguishable in %.3f of %d repetitions; want <= %.2f + %.3f", nullParam, rate, tc.reps, DriverAlpha, tol)
			}
			// The mean adjusted r² of the top driver: within 0.08 of its
			// index (its sd over 20 draws is about 0.1, so the mean of 300
			// is within 0.01 but for the bias of a ratio, assumed < 0.07).
			if mean := shareSum / reps; math.Abs(mean-tc.share) > 0.08 {
				t.Errorf("mean share of u%d = %.3f; want %.3f ± 0.08", tc.top, mean, tc.share)
			}
		})
	}
}

// TestDrawsToDistinguish checks the draws suggested for an indistinct
// driver: fewer for a stronger one, none beyond MaxDraws or for r² of 0,
// and enough: at the draws suggested for a parameter that explains 30% of
// the outcome (one of 20), the test finds it in at least 70% of 200
// repetitions (DriverPower is 80%, by a Bonferroni bound stricter than
// the test, so a shortfall beyond binomial noise, sd 0.03, means the
// formula is wrong).
func TestDrawsToDistinguish(t *testing.T) {
	const k = 20
	for _, tc := range []struct {
		r2       float64
		min, max int
	}{
		{0.9, 5, 15}, {0.5, 15, 35}, {0.3, 30, 60}, {0.05, 200, 400}, {0, 0, 0}, {1e-6, 0, 0}, {1, 3, 8},
	} {
		if got := DrawsToDistinguish(tc.r2, k); got < tc.min || got > tc.max {
			t.Errorf("DrawsToDistinguish(%v, %d) = %d; want %d to %d", tc.r2, k, got, tc.min, tc.max)
		}
	}
	const r2, reps = 0.3, 200
	n := DrawsToDistinguish(r2, k)
	noise := math.Sqrt((1.0 / 12) * (1 - r2) / r2) // var(u₀) = 1/12
	found := 0
	y := make([]float64, n)
	for rep := range reps {
		rng := rand.New(rand.NewPCG(uint64(rep), testStream+1))
		u := latinHypercube(n, k, rng)
		for d := range y {
			y[d] = u[d][0] + noise*rng.NormFloat64()
		}
		ds := RankDrivers(u, y, sampleVariance(y))
		for _, d := range ds {
			if d.Param == 0 && d.Distinguishable() {
				found++
			}
		}
	}
	t.Logf("r² %.1f: %d draws, found in %d of %d", r2, n, found, reps)
	if rate := float64(found) / reps; rate < 0.7 {
		t.Errorf("at %d draws the driver of r² %.1f is distinguishable in %.3f of %d repetitions; want >= 0.7", n, r2, rate, reps)
	}
}

// TestRankDriversConstant: a constant outcome has no drivers
// distinguishable, and a constant parameter explains nothing.
func TestRankDriversConstant(t *testing.T) {
	u := [][]float64{{0.1, 0.5}, {0.6, 0.5}, {0.9, 0.5}}
	for _, d := range RankDrivers(u, []float64{2, 2, 2}, 0) {
		if d.R2 != 0 || d.Distinguishable() {
			t.Errorf("constant outcome: %+v", d)
		}
	}
	ds := RankDrivers(u, []float64{1, 2, 3}, 1)
	if ds[0].Param != 0 || ds[1].R2 != 0 || ds[1].P != 1 {
		t.Errorf("constant parameter: %+v", ds)
	}
}
