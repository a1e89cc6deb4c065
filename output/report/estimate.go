package report

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a mean over replicates and the 95% confidence interval of
// that mean. The zero Estimate, with N = 0, stands for "not computed".
type Estimate struct {
	Mean, Lo, Hi float64
	N            int // number of replicate values behind the estimate
}

// Valid reports whether e was computed and its mean is finite.
func (e Estimate) Valid() bool { return e.N > 0 && isFinite(e.Mean) }

// MeanCI returns the mean of xs and its 95% confidence interval, mean ±
// t(0.975, n-1)·sd/√n, with sd the sample standard deviation (denominator
// n-1), as output.Summarize computes it across replicates. With one value
// Lo = Hi = Mean; with none the result is the zero Estimate. A NaN among xs
// makes Mean, Lo and Hi NaN.
func MeanCI(xs []float64) Estimate {
	n := len(xs)
	if n == 0 {
		return Estimate{}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(n)
	e := Estimate{Mean: mean, Lo: mean, Hi: mean, N: n}
	if n == 1 {
		return e
	}
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += float64(d * d)
	}
	sd := math.Sqrt(ss / float64(n-1))
	// Src is left nil: Quantile draws no random numbers.
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	hw := float64(t / math.Sqrt(float64(n)) * sd)
	e.Lo, e.Hi = mean-hw, mean+hw
	return e
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
