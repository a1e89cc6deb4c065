package results

import (
	"fmt"
	"math"
)

// TotalZ is the standard normal quantile of 0.975: the total interval is
// mean ± TotalZ·sd_total, a 95% interval of an outcome under parameter and
// stochastic uncertainty taken as normal (an approximation: with 20 draws
// the empirical 2.5% and 97.5% quantiles would rest on one value each).
const TotalZ = 1.959963984540054

// Split is the law-of-total-variance decomposition of the values of one
// cell (a metric at a row) over D parameter draws of R replicates each:
//
//	stochastic variance  σ²_s = mean over draws of the within-draw sample variance
//	parameter variance   σ²_p = max(0, var of the draw means − σ²_s / R)
//	total variance       σ²_t = σ²_p + σ²_s
//
// The variance of the D draw means holds σ²_p plus the replicate noise of
// a mean of R values, σ²_s/R, which is subtracted (and the rest clamped at
// 0, as a variance cannot be negative). With R = 1 the within-draw variance
// is not observed: SDStochastic and SDParameter are NaN and SDTotal is the
// standard deviation of the draw values.
type Split struct {
	Mean         float64 // over all draws and replicates
	SDParameter  float64 // σ_p
	SDStochastic float64 // σ_s
	SDTotal      float64 // σ_t
	// LoTotal and HiTotal are Mean ∓ TotalZ·SDTotal.
	LoTotal, HiTotal float64
}

// SplitOf returns the split of xs, which holds draws·perDraw values, draw
// by draw (the values of draw d at d·perDraw .. (d+1)·perDraw−1). A NaN in
// xs makes every field NaN. It panics if len(xs) != draws·perDraw or
// either is < 1.
func SplitOf(xs []float64, draws, perDraw int) Split {
	if draws < 1 || perDraw < 1 || len(xs) != draws*perDraw {
		panic(fmt.Sprintf("results: SplitOf %d values as %d draws of %d", len(xs), draws, perDraw))
	}
	means := make([]float64, draws)
	var within, grand float64
	for d := range draws {
		e := estimate(xs[d*perDraw:(d+1)*perDraw], 0)
		means[d] = e.Mean
		within += float64(e.SD * e.SD)
		grand += e.Mean
	}
	grand /= float64(draws)
	var between float64
	if draws > 1 {
		for _, m := range means {
			d := m - grand
			between += float64(d * d)
		}
		between /= float64(draws - 1)
	}
	s := Split{Mean: grand}
	if perDraw == 1 {
		s.SDParameter, s.SDStochastic = math.NaN(), math.NaN()
		s.SDTotal = math.Sqrt(between)
	} else {
		stoch := within / float64(draws)
		param := max(0, between-stoch/float64(perDraw))
		s.SDParameter, s.SDStochastic = math.Sqrt(param), math.Sqrt(stoch)
		s.SDTotal = math.Sqrt(param + stoch)
	}
	w := float64(TotalZ * s.SDTotal)
	s.LoTotal, s.HiTotal = s.Mean-w, s.Mean+w
	if math.IsNaN(grand) {
		nan := math.NaN()
		s = Split{nan, nan, nan, nan, nan, nan}
	}
	return s
}

// DrawSplit is the split of every cell of a summary over parameter draws.
type DrawSplit struct {
	Draws, PerDraw int
	// SDParameter[i][m], SDStochastic[i][m], LoTotal[i][m], HiTotal[i][m]
	// for row i and metric m, as in Split.
	SDParameter, SDStochastic, LoTotal, HiTotal [][]float64
}

// Pool joins the timeseries of parameter draws, each of the same
// replicates and rows, into one whose replicates run draw by draw:
// replicate d·R + r is replicate r of draw d. The result shares draws[0]'s
// Metrics, Step and Year and each draw's rows.
func Pool(draws []*Timeseries) (*Timeseries, error) {
	if len(draws) == 0 {
		return nil, fmt.Errorf("results: pool of no draws")
	}
	out := &Timeseries{Metrics: draws[0].Metrics, Step: draws[0].Step, Year: draws[0].Year}
	for d, ts := range draws {
		if err := SamePlan(ts, draws[0]); err != nil {
			return nil, fmt.Errorf("results: pool: draw %d: %w", d, err)
		}
		if len(ts.Metrics) != len(out.Metrics) {
			return nil, fmt.Errorf("results: pool: draw %d has %d metrics, want %d", d, len(ts.Metrics), len(out.Metrics))
		}
		out.Values = append(out.Values, ts.Values...)
	}
	return out, nil
}

// SummarizeDraws summarizes pooled, the timeseries of draws parameter
// draws of equal replicates joined by Pool: the Summary of every value
// (mean, sd and the 95% interval of the mean, as Summarize) with Split
// filled in.
func SummarizeDraws(pooled *Timeseries, draws int) *Summary {
	s := Summarize(pooled)
	n := len(pooled.Values)
	if draws < 1 || n%draws != 0 {
		panic(fmt.Sprintf("results: SummarizeDraws of %d replicates in %d draws", n, draws))
	}
	per := n / draws
	rows, nm := len(pooled.Step), len(pooled.Metrics)
	sp := &DrawSplit{Draws: draws, PerDraw: per,
		SDParameter: grid(rows, nm), SDStochastic: grid(rows, nm), LoTotal: grid(rows, nm), HiTotal: grid(rows, nm)}
	xs := make([]float64, n)
	for i := range rows {
		for m := range nm {
			for r := range n {
				xs[r] = pooled.Values[r][i][m]
			}
			c := SplitOf(xs, draws, per)
			sp.SDParameter[i][m], sp.SDStochastic[i][m], sp.LoTotal[i][m], sp.HiTotal[i][m] = c.SDParameter, c.SDStochastic, c.LoTotal, c.HiTotal
		}
	}
	s.Split = sp
	return s
}

// SquaredCorrelation returns the squared Pearson correlation of x and y,
// the share of y's variance a straight line in x explains; 0 when either
// is constant. It panics if the lengths differ.
func SquaredCorrelation(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("results: SquaredCorrelation of unequal lengths")
	}
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += float64(dx * dy)
		sxx += float64(dx * dx)
		syy += float64(dy * dy)
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy * sxy / (sxx * syy)
}
