package model

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
)

func TestPriorQuantile(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name string
		p    Prior
		u    float64
		want float64
	}{
		{"uniform median", Prior{Shape: agents.ShapeUniform, Min: 0.5, Max: 1.5}, 0.5, 1},
		{"uniform quartile", Prior{Shape: agents.ShapeUniform, Min: 0, Max: 4}, 0.25, 1},
		// Normal: the 97.5% quantile is mean + 1.959964 sd.
		{"normal untruncated", Prior{Shape: agents.ShapeNormal, Mean: 1, SD: 0.5, Min: -inf, Max: inf}, 0.975, 1 + 1.959964*0.5},
		// Truncated to [mean, inf): the median is mean + sd * z(0.75) = 0.674490 sd.
		{"normal truncated", Prior{Shape: agents.ShapeNormal, Mean: 0, SD: 1, Min: 0, Max: inf}, 0.5, 0.674490},
		{"lognormal median", Prior{Shape: agents.ShapeLognormal, Median: 2, SDLog: 0.4, Min: 0, Max: inf}, 0.5, 2},
		// Beta(2, 2) is symmetric: median at the centre of [0, 0.2].
		{"beta median", Prior{Shape: agents.ShapeBeta, Alpha: 2, Beta: 2, Min: 0, Max: 0.2}, 0.5, 0.1},
		// Triangular(0, 1, 2): F(x) = x²/2 below the mode, so u = 0.125 is x = 0.5.
		{"triangular", Prior{Shape: agents.ShapeTriangular, Min: 0, Mode: 1, Max: 2}, 0.125, 0.5},
		{"clamped tail", Prior{Shape: agents.ShapeUniform, Min: 0, Max: 1}, 0, TailQuantile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.p.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := tt.p.Quantile(tt.u); math.Abs(got-tt.want) > 1e-5 {
				t.Errorf("Quantile(%v) = %v; want %v", tt.u, got, tt.want)
			}
		})
	}
}
