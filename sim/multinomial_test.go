package sim

import (
	"math"
	"testing"
)

func TestMultinomial(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    int
		p    []float64
	}{
		{"three categories", 100000, []float64{0.5, 0.3, 0.2}},
		{"zero category", 50000, []float64{0.6, 0, 0.4}},
		{"certain", 1000, []float64{0, 1, 0}},
		{"nobody", 0, []float64{0.5, 0.5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := newStream(9, drawYouth, 0)
			out := make([]int, len(tt.p))
			multinomial(tt.n, tt.p, &st, out)
			total := 0
			for i, k := range out {
				total += k
				if tt.p[i] == 0 && k != 0 {
					t.Errorf("category %d with probability 0 got %d", i, k)
				}
				// Each count is Binomial(n, p_i): 5 sd bound.
				mean, sd := float64(tt.n)*tt.p[i], math.Sqrt(float64(tt.n)*tt.p[i]*(1-tt.p[i]))
				if math.Abs(float64(k)-mean) > 5*sd+1e-9 {
					t.Errorf("category %d: %d; want %.0f +- %.0f", i, k, mean, 5*sd)
				}
			}
			if total != tt.n {
				t.Errorf("counts sum to %d; want %d", total, tt.n)
			}
			st2 := newStream(9, drawYouth, 0)
			again := make([]int, len(tt.p))
			multinomial(tt.n, tt.p, &st2, again)
			for i := range out {
				if out[i] != again[i] {
					t.Errorf("same stream gave %v then %v", out, again)
					break
				}
			}
		})
	}
}
