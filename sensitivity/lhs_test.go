package sensitivity_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/brainsim/brainsim/sensitivity"
)

func TestLatinHypercubeStrata(t *testing.T) {
	ranges := []sensitivity.Range{
		{Name: "unit", Min: 0, Max: 1},
		{Name: "angle", Min: -math.Pi, Max: math.Pi},
		{Name: "wage", Min: 1000, Max: 50000},
	}
	for _, tt := range []struct {
		name string
		n    int
		seed uint64
	}{
		{"single point", 1, 1},
		{"two points", 2, 2},
		{"ten points", 10, 3},
		{"hundred points", 100, 4},
		{"thousand points", 1000, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pts := sensitivity.LatinHypercube(tt.n, ranges, rand.New(rand.NewPCG(tt.seed, 0)))
			if len(pts) != tt.n {
				t.Fatalf("len(LatinHypercube(%d, ...)) = %d; want %d", tt.n, len(pts), tt.n)
			}
			for j, r := range ranges {
				hits := make([]int, tt.n)
				for i, p := range pts {
					if len(p) != len(ranges) {
						t.Fatalf("len(point %d) = %d; want %d", i, len(p), len(ranges))
					}
					if p[j] < r.Min || p[j] > r.Max {
						t.Fatalf("point %d, %s = %v; want within [%v, %v]", i, r.Name, p[j], r.Min, r.Max)
					}
					s := int((p[j] - r.Min) / (r.Max - r.Min) * float64(tt.n))
					hits[min(s, tt.n-1)]++
				}
				for s, h := range hits {
					if h != 1 {
						t.Errorf("%s stratum %d hit %d times; want 1", r.Name, s, h)
					}
				}
			}
		})
	}
}

func TestLatinHypercubeDeterministic(t *testing.T) {
	ranges := []sensitivity.Range{{Min: 0, Max: 1}, {Min: 5, Max: 10}}
	for _, tt := range []struct {
		name      string
		seed1     uint64
		seed2     uint64
		wantEqual bool
	}{
		{"same seed same sample", 42, 42, true},
		{"different seed different sample", 42, 43, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p1 := sensitivity.LatinHypercube(50, ranges, rand.New(rand.NewPCG(tt.seed1, 7)))
			p2 := sensitivity.LatinHypercube(50, ranges, rand.New(rand.NewPCG(tt.seed2, 7)))
			if got := reflect.DeepEqual(p1, p2); got != tt.wantEqual {
				t.Errorf("samples with seeds %d and %d equal = %v; want %v", tt.seed1, tt.seed2, got, tt.wantEqual)
			}
		})
	}
}

func TestLatinHypercubeRowsIndependent(t *testing.T) {
	pts := sensitivity.LatinHypercube(3, []sensitivity.Range{{Min: 0, Max: 1}}, rand.New(rand.NewPCG(1, 1)))
	want := pts[1][0]
	pts[0] = append(pts[0], 99)
	if got := pts[1][0]; got != want {
		t.Errorf("after appending to row 0, row 1 = %v; want %v", got, want)
	}
}

func TestLatinHypercubePanics(t *testing.T) {
	for _, n := range []int{0, -1} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("LatinHypercube(%d, ...) did not panic", n)
				}
			}()
			sensitivity.LatinHypercube(n, []sensitivity.Range{{Min: 0, Max: 1}}, rand.New(rand.NewPCG(1, 1)))
		})
	}
}

func ExampleLatinHypercube() {
	ranges := []sensitivity.Range{
		{Name: "return_hazard", Min: 0, Max: 0.1},
		{Name: "topup_pct", Min: 0, Max: 100},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Each quarter of each range holds exactly one of the 4 points.
	for _, p := range sensitivity.LatinHypercube(4, ranges, rng) {
		fmt.Printf("%.3f %5.1f\n", p[0], p[1])
	}
	// Output:
	// 0.061  40.1
	// 0.095  98.2
	// 0.035   4.1
	// 0.020  68.2
}
