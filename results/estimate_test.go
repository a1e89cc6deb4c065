package results

import (
	"fmt"
	"math"
	"testing"
)

func TestMeanCI(t *testing.T) {
	for _, tt := range []struct {
		name         string
		xs           []float64
		mean, lo, hi float64
		n            int
	}{
		// t(0.975, 4) = 2.7764451; sd = sqrt(2.5); half-width = t·sd/√5.
		{"five values", []float64{1, 2, 3, 4, 5}, 3, 3 - 1.9632432, 3 + 1.9632432, 5},
		{"one value has no width", []float64{7}, 7, 7, 7, 1},
		{"equal values", []float64{2, 2, 2}, 2, 2, 2, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := MeanCI(tt.xs)
			if e.N != tt.n || math.Abs(e.Mean-tt.mean) > 1e-9 || math.Abs(e.Lo-tt.lo) > 1e-6 || math.Abs(e.Hi-tt.hi) > 1e-6 {
				t.Errorf("MeanCI(%v) = %+v; want mean %v [%v, %v], N %d", tt.xs, e, tt.mean, tt.lo, tt.hi, tt.n)
			}
		})
	}
	if e := MeanCI(nil); e.N != 0 || e.Valid() {
		t.Errorf("MeanCI(nil) = %+v; want the zero Estimate", e)
	}
}

// MeanCI must agree with Summarize, which computes the bands of the
// charts, to the last bit.
func TestMeanCIMatchesSummarize(t *testing.T) {
	xs := []float64{1.5e5, 1.52e5, 1.49e5, 1.55e5, 1.51e5, 1.53e5}
	ts := &Timeseries{Metrics: []Metric{{Name: "x"}}, Step: []int{1}, Year: []float64{2026}}
	for _, x := range xs {
		ts.Values = append(ts.Values, [][]float64{{x}})
	}
	s := Summarize(ts)
	e := MeanCI(xs)
	if e.Mean != s.Mean[0][0] || e.Lo != s.Lo[0][0] || e.Hi != s.Hi[0][0] {
		t.Errorf("MeanCI = %+v; Summarize gives mean %v [%v, %v]", e, s.Mean[0][0], s.Lo[0][0], s.Hi[0][0])
	}
}

func ExampleMeanCI() {
	e := MeanCI([]float64{1200, 1350, 1280, 1310})
	fmt.Printf("%.0f [%.0f, %.0f] over %d replicates\n", e.Mean, e.Lo, e.Hi, e.N)
	// Output:
	// 1285 [1184, 1386] over 4 replicates
}
