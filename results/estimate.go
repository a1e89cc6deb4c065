package results

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a mean over replicates, their sample standard deviation and
// the 95% confidence interval of the mean. The zero Estimate, with N = 0,
// stands for "not computed".
type Estimate struct {
	Mean, SD, Lo, Hi float64
	N                int // number of replicate values behind the estimate
}

// Valid reports whether e was computed and its mean is finite.
func (e Estimate) Valid() bool { return e.N > 0 && isFinite(e.Mean) }

// MeanCI returns the mean of xs and its 95% confidence interval, mean ±
// t(0.975, n-1)·sd/√n, with sd the sample standard deviation (denominator
// n-1). Summarize computes every cell of a summary the same way, to the last
// bit. With one value SD = 0 and Lo = Hi = Mean; with none the result is the
// zero Estimate. A NaN among xs makes Mean, SD, Lo and Hi NaN.
func MeanCI(xs []float64) Estimate {
	if len(xs) == 0 {
		return Estimate{}
	}
	return estimate(xs, halfWidth(len(xs)))
}

// halfWidth returns t(0.975, n-1)/√n, the factor that turns a sample
// standard deviation of n values into the half-width of the 95% interval of
// their mean; 0 for n < 2.
func halfWidth(n int) float64 {
	if n < 2 {
		return 0
	}
	// Src is left nil: Quantile draws no random numbers.
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	return t / math.Sqrt(float64(n))
}

// estimate is MeanCI with the half-width factor hw of len(xs) values given,
// so that a summary computes the quantile once. Sums run over xs in order.
func estimate(xs []float64, hw float64) Estimate {
	n := len(xs)
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(n)
	e := Estimate{Mean: mean, Lo: mean, Hi: mean, N: n}
	if n > 1 {
		// Two passes: the sum of squared deviations from the mean is
		// accurate even when the values are large and close together.
		var ss float64
		for _, x := range xs {
			d := x - mean
			ss += float64(d * d) // no fused multiply-add: same bits on every CPU
		}
		e.SD = math.Sqrt(ss / float64(n-1))
		w := float64(hw * e.SD) // conversion forbids fusing into the ±
		e.Lo, e.Hi = mean-w, mean+w
	}
	if math.IsNaN(mean) {
		e.SD, e.Lo, e.Hi = math.NaN(), math.NaN(), math.NaN()
	}
	return e
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
