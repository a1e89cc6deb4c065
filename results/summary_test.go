package results

import (
	"math"
	"slices"
	"testing"
)

// oneCell returns a timeseries with one row, one metric and one replicate per
// value in vs.
func oneCell(vs ...float64) *Timeseries {
	ts := &Timeseries{Metrics: []Metric{{Name: "x"}}, Step: []int{1}, Year: []float64{2025}}
	for _, v := range vs {
		ts.Values = append(ts.Values, [][]float64{{v}})
	}
	return ts
}

// near reports whether a and b agree to a relative tolerance of 1e-12, or
// are both NaN. The tolerance allows for the Student's t quantile, which
// gonum computes numerically.
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func TestSummarize(t *testing.T) {
	// Student's t quantiles t(0.975, ν) in closed form: tan(π(p-½)) for ν = 1
	// and (2p-1)/√(2p(1-p)) for ν = 2. (t2 = 4.302652729749464; the often
	// quoted 4.302652729911275, from SciPy, is off in the 10th digit.)
	var (
		t1 = math.Tan(math.Pi * 0.475)
		t2 = 0.95 / math.Sqrt(2*0.975*0.025)
	)
	nan := math.NaN()
	for _, tt := range []struct {
		name                string
		ts                  *Timeseries
		mean, sd, halfWidth float64
		wantReplicates      int
	}{
		{"1 2 3", oneCell(1, 2, 3), 2, 1, t2 * 1 / math.Sqrt(3), 3},
		{"0 2", oneCell(0, 2), 1, math.Sqrt2, t1 * math.Sqrt2 / math.Sqrt2, 2},
		{"constant", oneCell(7, 7, 7), 7, 0, 0, 3},
		{"single replicate", oneCell(5), 5, 0, 0, 1},
		{"single infinite replicate", oneCell(math.Inf(1)), math.Inf(1), 0, 0, 1},
		{"NaN in one replicate", oneCell(1, nan, 3), nan, nan, nan, 3},
		{"NaN in single replicate", oneCell(nan), nan, nan, nan, 1},
		{"no replicates", oneCell(), nan, nan, nan, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := Summarize(tt.ts)
			if s.Replicates != tt.wantReplicates {
				t.Errorf("Replicates = %d; want %d", s.Replicates, tt.wantReplicates)
			}
			lo, hi := tt.mean-tt.halfWidth, tt.mean+tt.halfWidth
			if tt.halfWidth == 0 {
				lo, hi = tt.mean, tt.mean
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"Mean", s.Mean[0][0], tt.mean},
				{"SD", s.SD[0][0], tt.sd},
				{"Lo", s.Lo[0][0], lo},
				{"Hi", s.Hi[0][0], hi},
			} {
				if !near(c.got, c.want) {
					t.Errorf("%s = %v; want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestSummarizeShape(t *testing.T) {
	ts := sample()
	s := Summarize(ts)
	if len(s.Mean) != len(ts.Step) || len(s.Mean[0]) != len(ts.Metrics) {
		t.Fatalf("Mean is %dx%d; want %dx%d", len(s.Mean), len(s.Mean[0]), len(ts.Step), len(ts.Metrics))
	}
	// Cells are independent: the NaN in row 1 of wage_gap touches no other cell.
	if !math.IsNaN(s.Mean[1][2]) || math.IsNaN(s.Mean[0][2]) || math.IsNaN(s.Mean[1][1]) {
		t.Errorf("NaN did not stay in its cell: Mean = %v", s.Mean)
	}
	if got, want := s.Mean[0][0], 120010.0; got != want {
		t.Errorf("Mean[0][0] = %v; want %v", got, want)
	}
	// Rows are separate slices: writing one row must not change the next.
	s.Mean[0] = append(s.Mean[0], 1)
	if s.Mean[1][0] != 119980 {
		t.Errorf("appending to row 0 changed row 1: %v", s.Mean[1])
	}
}

func TestSummaryColumn(t *testing.T) {
	s := Summarize(sample())
	for _, tt := range []struct {
		name   string
		metric string
		ok     bool
	}{
		{"present", "emigration_rate", true},
		{"first", "workers_home", true},
		{"absent", "nope", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mean, lo, hi, ok := s.Column(tt.metric)
			if ok != tt.ok {
				t.Fatalf("Column(%q) ok = %v; want %v", tt.metric, ok, tt.ok)
			}
			if !ok {
				if mean != nil || lo != nil || hi != nil {
					t.Errorf("Column(%q) returned slices for a missing metric", tt.metric)
				}
				return
			}
			m := MetricIndex(s.Metrics, tt.metric)
			for i := range s.Step {
				if mean[i] != s.Mean[i][m] || lo[i] != s.Lo[i][m] || hi[i] != s.Hi[i][m] {
					t.Errorf("Column(%q)[%d] = %v, %v, %v; want %v, %v, %v",
						tt.metric, i, mean[i], lo[i], hi[i], s.Mean[i][m], s.Lo[i][m], s.Hi[i][m])
				}
			}
			if len(mean) != len(s.Step) || len(lo) != len(s.Step) || len(hi) != len(s.Step) {
				t.Errorf("Column(%q) lengths %d, %d, %d; want %d", tt.metric, len(mean), len(lo), len(hi), len(s.Step))
			}
		})
	}
}

func TestSummarizeDeterministic(t *testing.T) {
	// Values whose floating-point sum depends on the order of addition.
	ts := oneCell(1e16, 1, -1e16, 1, 0.1, 3)
	want := Summarize(ts)
	for range 10 {
		got := Summarize(ts)
		if !slices.Equal(got.Mean[0], want.Mean[0]) || !slices.Equal(got.SD[0], want.SD[0]) {
			t.Fatalf("Summarize is not deterministic: %v, %v", got.Mean, want.Mean)
		}
	}
}
