package results

import (
	"math"
	"testing"
)

func TestSplitOf(t *testing.T) {
	tests := []struct {
		name           string
		xs             []float64
		draws, perDraw int
		// want: the parameter and stochastic variances.
		param, stoch float64
	}{
		// Every draw the same replicates: no spread between draws, so the
		// parameter part is exactly 0 (a zero-width prior).
		{"zero-width prior", []float64{1, 3, 1, 3, 1, 3}, 3, 2, 0, 2},
		// Draw means 0, 10, 20 (variance 100), within-draw variance 2:
		// the parameter part is 100 - 2/2 = 99.
		{"both parts", []float64{-1, 1, 9, 11, 19, 21}, 3, 2, 99, 2},
		// No noise within draws: all of the spread is the parameters'.
		{"no noise", []float64{2, 2, 4, 4}, 2, 2, 2, 0},
		// Draw means closer than replicate noise explains: the parameter
		// part is clamped at 0, not negative.
		{"clamped", []float64{0, 10, 1, 9}, 2, 2, 0, 41},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := SplitOf(tt.xs, tt.draws, tt.perDraw)
			if got := s.SDParameter * s.SDParameter; math.Abs(got-tt.param) > 1e-9 {
				t.Errorf("parameter variance = %v; want %v", got, tt.param)
			}
			if got := s.SDStochastic * s.SDStochastic; math.Abs(got-tt.stoch) > 1e-9 {
				t.Errorf("stochastic variance = %v; want %v", got, tt.stoch)
			}
			// The split adds up: var_total = var_param + var_stoch.
			if d := s.SDTotal*s.SDTotal - s.SDParameter*s.SDParameter - s.SDStochastic*s.SDStochastic; math.Abs(d) > 1e-9 {
				t.Errorf("total variance exceeds the parts by %v", d)
			}
			if w := s.HiTotal - s.Mean; math.Abs(w-TotalZ*s.SDTotal) > 1e-9 || math.Abs(s.Mean-s.LoTotal-w) > 1e-9 {
				t.Errorf("total interval [%v, %v] is not mean %v ± 1.96 sd %v", s.LoTotal, s.HiTotal, s.Mean, s.SDTotal)
			}
		})
	}
	if s := SplitOf([]float64{1, 2, 4}, 3, 1); !math.IsNaN(s.SDParameter) || math.Abs(s.SDTotal-math.Sqrt(7.0/3)) > 1e-12 {
		t.Errorf("one replicate a draw: %+v; want no split and the sd of the draws", s)
	}
}

func TestSummarizeDraws(t *testing.T) {
	m := []Metric{{Name: "x", Unit: "persons"}}
	draw := func(vs ...float64) *Timeseries {
		ts := &Timeseries{Metrics: m, Step: []int{1}, Year: []float64{2000}}
		for _, v := range vs {
			ts.Values = append(ts.Values, [][]float64{{v}})
		}
		return ts
	}
	pooled, err := Pool([]*Timeseries{draw(-1, 1), draw(9, 11), draw(19, 21)})
	if err != nil {
		t.Fatal(err)
	}
	s := SummarizeDraws(pooled, 3)
	if s.Replicates != 6 || s.Mean[0][0] != 10 {
		t.Errorf("summary over %d values with mean %v; want 6 and 10", s.Replicates, s.Mean[0][0])
	}
	if got := s.Split.SDParameter[0][0]; math.Abs(got-math.Sqrt(99)) > 1e-12 {
		t.Errorf("sd_parameter = %v; want √99", got)
	}
	if _, err := Pool([]*Timeseries{draw(1), draw(1, 2)}); err == nil {
		t.Error("Pool of draws with different replicates: no error")
	}
}

func TestSquaredCorrelation(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"a line", []float64{1, 2, 3}, []float64{5, 3, 1}, 1},
		{"unrelated", []float64{-1, 0, 1, 0}, []float64{0, 1, 0, -1}, 0},
		{"constant", []float64{1, 2, 3}, []float64{4, 4, 4}, 0},
		// y = x + an orthogonal part of equal variance: r² = 1/2.
		{"half", []float64{-1, 1, -1, 1}, []float64{-2, 0, 0, 2}, 0.5},
	}
	for _, tt := range tests {
		if got := SquaredCorrelation(tt.x, tt.y); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: r² = %v; want %v", tt.name, got, tt.want)
		}
	}
}
