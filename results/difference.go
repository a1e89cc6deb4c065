package results

import (
	"fmt"
	"math"
	"slices"
)

// yearTol is the tolerance within which two rows' years are the same.
const yearTol = 1e-6

// Difference returns the per-replicate difference a - b, row by row, over
// the metrics that a and b both record, in a's order: the timeseries whose
// summary (Summarize) gives the mean difference and its 95%
// t-interval, as compare plots it. Its Step and Year are a's.
//
// It returns an error if a and b differ in replicates, steps or years.
func Difference(a, b *Timeseries) (*Timeseries, error) {
	if err := SamePlan(a, b); err != nil {
		return nil, fmt.Errorf("results: difference: %w", err)
	}
	var ma, mb []int
	d := &Timeseries{Step: slices.Clone(a.Step), Year: slices.Clone(a.Year)}
	for i, m := range a.Metrics {
		if j := MetricIndex(b.Metrics, m.Name); j >= 0 {
			d.Metrics = append(d.Metrics, m)
			ma, mb = append(ma, i), append(mb, j)
		}
	}
	d.Values = make([][][]float64, len(a.Values))
	for r := range a.Values {
		rows := make([][]float64, len(a.Step))
		back := make([]float64, len(a.Step)*len(ma))
		for i := range rows {
			row := back[i*len(ma) : (i+1)*len(ma) : (i+1)*len(ma)]
			for k := range ma {
				row[k] = a.Values[r][i][ma[k]] - b.Values[r][i][mb[k]]
			}
			rows[i] = row
		}
		d.Values[r] = rows
	}
	return d, nil
}

// SamePlan returns an error unless a and b have the same replicates and
// the same rows (steps and years), as paired comparisons need.
func SamePlan(a, b *Timeseries) error {
	if len(a.Values) != len(b.Values) {
		return fmt.Errorf("%d replicates, want %d", len(a.Values), len(b.Values))
	}
	if len(a.Year) != len(b.Year) {
		return fmt.Errorf("%d steps, want %d", len(a.Year), len(b.Year))
	}
	for i := range a.Year {
		if a.Step[i] != b.Step[i] || math.Abs(a.Year[i]-b.Year[i]) > yearTol {
			return fmt.Errorf("row %d is step %d of %.4f, want step %d of %.4f", i, a.Step[i], a.Year[i], b.Step[i], b.Year[i])
		}
	}
	return nil
}
