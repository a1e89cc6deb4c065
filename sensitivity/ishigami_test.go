package sensitivity_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/brainsim/brainsim/sensitivity"
)

func TestIshigami(t *testing.T) {
	for _, tt := range []struct {
		name string
		x    []float64
		a, b float64
		want float64
	}{
		{"origin", []float64{0, 0, 0}, 7, 0.1, 0},
		{"x1 only", []float64{math.Pi / 2, 0, 0}, 7, 0.1, 1},
		{"x2 only", []float64{0, math.Pi / 2, 0}, 7, 0.1, 7},
		{"x3 alone has no effect", []float64{0, 0, 2}, 7, 0.1, 0},
		{"x1 and x3 interact", []float64{math.Pi / 2, 0, 2}, 7, 0.1, 1 + 0.1*16},
		{"all", []float64{math.Pi / 2, math.Pi / 2, 1}, 5, 0.2, 1 + 5 + 0.2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := sensitivity.Ishigami(tt.x, tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Ishigami(%v, %v, %v) = %v; want %v", tt.x, tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestIshigamiPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Ishigami with 2 inputs did not panic")
		}
	}()
	sensitivity.Ishigami([]float64{1, 2}, 7, 0.1)
}

func TestIshigamiIndices(t *testing.T) {
	// The values quoted to four decimals throughout the benchmark literature
	// for the customary a = 7, b = 0.1; tol is half a unit in the fourth decimal.
	const tol = 5e-5
	first, total := sensitivity.IshigamiIndices(7, 0.1)
	for _, tt := range []struct {
		name      string
		got, want float64
	}{
		{"S1", first[0], 0.3139},
		{"S2", first[1], 0.4424},
		{"S3", first[2], 0},
		{"ST1", total[0], 0.5576},
		{"ST2", total[1], 0.4424},
		{"ST3", total[2], 0.2437},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > tol {
				t.Errorf("%s = %.6f; want %.4f", tt.name, tt.got, tt.want)
			}
		})
	}
}

func ExampleIshigamiIndices() {
	first, total := sensitivity.IshigamiIndices(7, 0.1)
	for i := range 3 {
		fmt.Printf("x%d: S = %.4f, ST = %.4f\n", i+1, first[i], total[i])
	}
	// Output:
	// x1: S = 0.3139, ST = 0.5576
	// x2: S = 0.4424, ST = 0.4424
	// x3: S = 0.0000, ST = 0.2437
}
