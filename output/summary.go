package output

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Summarize summarizes ts across replicates: for each row and metric, the
// mean, the sample standard deviation (denominator n-1) and the 95%
// confidence interval of the mean, mean ± t(0.975, n-1)·sd/√n, where n is the
// number of replicates and t the Student's t quantile.
//
// With one replicate SD is 0 and Lo = Hi = Mean; with none every cell is NaN.
// A NaN in any replicate makes that cell's mean, SD and interval NaN. Sums run
// over replicates in order 0..n-1, so results do not depend on anything but
// the values. Summarize does not modify ts; the returned Summary shares its
// Metrics, Step and Year slices.
//
// It panics if the lengths in ts disagree, as WriteTimeseries does.
func Summarize(ts *Timeseries) *Summary {
	checkTimeseries(ts)
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
	// halfWidth·sd is the half-width of the 95% interval. Src is left nil:
	// only Quantile is called, which draws no random numbers.
	var halfWidth float64
	if n > 1 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
		halfWidth = t / math.Sqrt(float64(n))
	}
	for i := range rows {
		for m := range nm {
			if n == 0 {
				nan := math.NaN()
				s.Mean[i][m], s.SD[i][m], s.Lo[i][m], s.Hi[i][m] = nan, nan, nan, nan
				continue
			}
			var sum float64
			for r := range n {
				sum += ts.Values[r][i][m]
			}
			mean := sum / float64(n)
			var sd float64
			if n > 1 {
				// Two passes: the sum of squared deviations from the mean is
				// accurate even when the values are large and close together.
				var ss float64
				for r := range n {
					d := ts.Values[r][i][m] - mean
					ss += float64(d * d) // no fused multiply-add: same bits on every CPU
				}
				sd = math.Sqrt(ss / float64(n-1))
			}
			if math.IsNaN(mean) {
				sd = math.NaN()
			}
			s.Mean[i][m] = mean
			s.SD[i][m] = sd
			hw := float64(halfWidth * sd) // conversion forbids fusing into the ±
			s.Lo[i][m] = mean - hw
			s.Hi[i][m] = mean + hw
			if n == 1 {
				// Not mean ± 0·sd, which is NaN when the mean is infinite.
				s.Lo[i][m], s.Hi[i][m] = mean, mean
			}
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

// WriteSummary writes s to w as a long ("tidy") CSV table with the header
// "step,year,metric,unit,mean,sd,lo95,hi95" and one record per row and
// metric, ordered by row and then by metric in s.Metrics order. Numbers are
// formatted by FormatFloat (NaN as an empty field) and years with four
// decimals.
//
// It returns the first error from w. It panics if the lengths of s.Step,
// s.Year, s.Mean, s.SD, s.Lo and s.Hi, or of their rows and s.Metrics,
// disagree.
func WriteSummary(w io.Writer, s *Summary) error {
	checkSummary(s)
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"step", "year", "metric", "unit", "mean", "sd", "lo95", "hi95"}); err != nil {
		return err
	}
	rec := make([]string, 8)
	for i := range s.Step {
		rec[0] = strconv.Itoa(s.Step[i])
		rec[1] = formatYear(s.Year[i])
		for m, metric := range s.Metrics {
			rec[2] = metric.Name
			rec[3] = metric.Unit
			rec[4] = FormatFloat(s.Mean[i][m])
			rec[5] = FormatFloat(s.SD[i][m])
			rec[6] = FormatFloat(s.Lo[i][m])
			rec[7] = FormatFloat(s.Hi[i][m])
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// checkSummary panics if the shape of s is inconsistent.
func checkSummary(s *Summary) {
	rows := len(s.Step)
	if len(s.Year) != rows {
		panic(fmt.Sprintf("output: summary has %d steps but %d years", rows, len(s.Year)))
	}
	for _, c := range []struct {
		name string
		g    [][]float64
	}{{"Mean", s.Mean}, {"SD", s.SD}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
		if len(c.g) != rows {
			panic(fmt.Sprintf("output: summary %s has %d rows; want %d", c.name, len(c.g), rows))
		}
		for i, row := range c.g {
			if len(row) != len(s.Metrics) {
				panic(fmt.Sprintf("output: summary %s row %d has %d values; want %d metrics", c.name, i, len(row), len(s.Metrics)))
			}
		}
	}
}
