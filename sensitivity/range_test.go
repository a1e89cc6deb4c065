package sensitivity_test

import (
	"fmt"
	"testing"

	"github.com/brainsim/brainsim/sensitivity"
)

func TestRangeScale(t *testing.T) {
	for _, tt := range []struct {
		name string
		r    sensitivity.Range
		u    float64
		want float64
	}{
		{"zero gives min", sensitivity.Range{Min: -2, Max: 6}, 0, -2},
		{"one gives max", sensitivity.Range{Min: -2, Max: 6}, 1, 6},
		{"half gives midpoint", sensitivity.Range{Min: -2, Max: 6}, 0.5, 2},
		{"quarter of unit range", sensitivity.Range{Min: 0, Max: 1}, 0.25, 0.25},
		{"degenerate range is constant", sensitivity.Range{Min: 3, Max: 3}, 0.7, 3},
		{"outside is extrapolated", sensitivity.Range{Min: 0, Max: 10}, 1.5, 15},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Scale(tt.u); got != tt.want {
				t.Errorf("%+v.Scale(%v) = %v; want %v", tt.r, tt.u, got, tt.want)
			}
		})
	}
}

func ExampleRange_Scale() {
	r := sensitivity.Range{Name: "topup_pct", Min: 20, Max: 60}
	fmt.Println(r.Scale(0), r.Scale(0.25), r.Scale(1))
	// Output:
	// 20 30 60
}
