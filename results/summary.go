package results

import (
	"fmt"
	"math"
)

// Summary holds, per row and metric, the mean across replicates, the standard
// deviation and the 95% confidence interval of the mean.
type Summary struct {
	Metrics    []Metric
	Step       []int
	Year       []float64
	Replicates int
	// Mean[i][m], SD[i][m], Lo[i][m] and Hi[i][m] for row i and metric m.
	// With one replicate SD is 0 and Lo = Hi = Mean.
	Mean, SD, Lo, Hi [][]float64
	// Split is the split of each cell into parameter and stochastic parts
	// when the replicates are parameter draws (SummarizeDraws); nil
	// otherwise.
	Split *DrawSplit
}

// Summarize summarizes ts across replicates: for each row and metric, the
// mean, the sample standard deviation (denominator n-1) and the 95%
// confidence interval of the mean, mean ± t(0.975, n-1)·sd/√n, where n is the
// number of replicates and t the Student's t quantile, exactly as MeanCI.
//
// With one replicate SD is 0 and Lo = Hi = Mean; with none every cell is NaN.
// A NaN in any replicate makes that cell's mean, SD and interval NaN. Sums run
// over replicates in order 0..n-1, so results do not depend on anything but
// the values. Summarize does not modify ts; the returned Summary shares its
// Metrics, Step and Year slices.
//
// It panics if the lengths in ts disagree (see Timeseries.Check).
func Summarize(ts *Timeseries) *Summary {
	ts.Check()
	n := len(ts.Values)
	rows, nm := len(ts.Step), len(ts.Metrics)
	s := &Summary{
		Metrics:    ts.Metrics,
		Step:       ts.Step,
		Year:       ts.Year,
		Replicates: n,
		Mean:       grid(rows, nm),
		SD:         grid(rows, nm),
		Lo:         grid(rows, nm),
		Hi:         grid(rows, nm),
	}
	hw := halfWidth(n)
	xs := make([]float64, n)
	for i := range rows {
		for m := range nm {
			e := Estimate{Mean: math.NaN(), SD: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
			if n > 0 {
				for r := range n {
					xs[r] = ts.Values[r][i][m]
				}
				e = estimate(xs, hw)
			}
			s.Mean[i][m], s.SD[i][m], s.Lo[i][m], s.Hi[i][m] = e.Mean, e.SD, e.Lo, e.Hi
		}
	}
	return s
}

// grid returns a rows×cols matrix of zeros backed by a single allocation.
func grid(rows, cols int) [][]float64 {
	back := make([]float64, rows*cols)
	g := make([][]float64, rows)
	for i := range g {
		g[i] = back[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return g
}

// Column returns the named metric's mean and 95% interval bounds over the
// rows, as new slices indexed like s.Step, e.g. to draw a line with a band.
// ok is false, and the slices nil, if s has no metric of that name.
func (s *Summary) Column(name string) (mean, lo, hi []float64, ok bool) {
	m := MetricIndex(s.Metrics, name)
	if m < 0 {
		return nil, nil, nil, false
	}
	mean = make([]float64, len(s.Mean))
	lo = make([]float64, len(s.Mean))
	hi = make([]float64, len(s.Mean))
	for i := range s.Mean {
		mean[i], lo[i], hi[i] = s.Mean[i][m], s.Lo[i][m], s.Hi[i][m]
	}
	return mean, lo, hi, true
}

// Check panics if the lengths of s.Step, s.Year, s.Mean, s.SD, s.Lo and
// s.Hi, or of their rows and s.Metrics, disagree: a programming error.
func (s *Summary) Check() {
	rows := len(s.Step)
	if len(s.Year) != rows {
		panic(fmt.Sprintf("results: summary has %d steps but %d years", rows, len(s.Year)))
	}
	for _, c := range []struct {
		name string
		g    [][]float64
	}{{"Mean", s.Mean}, {"SD", s.SD}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
		if len(c.g) != rows {
			panic(fmt.Sprintf("results: summary %s has %d rows; want %d", c.name, len(c.g), rows))
		}
		for i, row := range c.g {
			if len(row) != len(s.Metrics) {
				panic(fmt.Sprintf("results: summary %s row %d has %d values; want %d metrics", c.name, i, len(row), len(s.Metrics)))
			}
		}
	}
}
