package experiment

import (
	"testing"
)

// TestSweepPlots checks which plots a sweep draws: none for Sobol, and for
// a grid one line per combination of the other parameters.
func TestSweepPlots(t *testing.T) {
	if s := newSweepPlots(&Plan{Design: Sobol, Parameters: []string{"a"}, Points: [][]float64{{1}}}); s != nil {
		t.Errorf("newSweepPlots(sobol) = %v; want nil, its plots are the indices", s)
	}
	p := &Plan{Design: Grid, Replicates: 2, StepsPerYear: 12, Parameters: []string{"a", "b"},
		Points:     [][]float64{{1, 10}, {2, 10}, {1, 20}, {2, 20}},
		Indicators: []Indicator{{Metric: "m", Step: 120, Year: "2035.0000"}}}
	s := newSweepPlots(p)
	for pt := range p.Points {
		for r := range p.Replicates {
			s.add(pt, r, []float64{p.Points[pt][0]*p.Points[pt][1] + float64(r)})
		}
	}
	if _, err := s.plot(0, 0); err != nil {
		t.Fatal(err)
	}
	if g := s.groups(0); len(g) != 2 || g[0].label != "b=10" || len(g[0].points) != 2 {
		t.Errorf("groups(a) = %+v; want b=10 and b=20, two points each", g)
	}
	b := s.gridBand(0, 0, []int{0, 1}, "")
	if len(b.X) != 2 || b.X[0] != 1 || b.Mean[0] != 10.5 || b.Mean[1] != 20.5 {
		t.Errorf("gridBand = X %v, Mean %v; want X [1 2], Mean [10.5 20.5]", b.X, b.Mean)
	}
}

// TestBinnedMean checks that the bins of a Latin-hypercube plot hold
// consecutive points in order of x, at least 3 each.
func TestBinnedMean(t *testing.T) {
	xs := []float64{9, 1, 5, 3, 7, 2, 8, 4, 6}
	ys := make([]float64, len(xs))
	copy(ys, xs)
	b := binnedMean(xs, ys)
	if len(b.X) != 3 || b.X[0] != 2 || b.X[2] != 8 || b.Mean[1] != 5 {
		t.Errorf("binnedMean = X %v, Mean %v; want 3 bins at 2, 5, 8", b.X, b.Mean)
	}
}
