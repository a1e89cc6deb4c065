package sim

import (
	"slices"
	"testing"
)

func TestLottery(t *testing.T) {
	for _, tt := range []struct {
		name string
		n, k int
		want int
	}{
		{"over-subscribed", 100, 7, 7},
		{"exactly full", 5, 5, 5},
		{"under-subscribed", 3, 10, 3},
		{"no seats", 10, 0, 0},
		{"no applicants", 0, 4, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := newStream(42, drawLottery, 1)
			got := lottery(tt.n, tt.k, &st, nil)
			if len(got) != tt.want {
				t.Fatalf("lottery(%d, %d) picked %d; want %d", tt.n, tt.k, len(got), tt.want)
			}
			if !slices.IsSorted(got) {
				t.Errorf("winners not in order: %v", got)
			}
			for i := 1; i < len(got); i++ {
				if got[i] == got[i-1] {
					t.Errorf("winner %d picked twice", got[i])
				}
			}
			for _, w := range got {
				if w < 0 || w >= tt.n {
					t.Errorf("winner %d outside [0, %d)", w, tt.n)
				}
			}
			st2 := newStream(42, drawLottery, 1)
			if again := lottery(tt.n, tt.k, &st2, nil); !slices.Equal(again, got) {
				t.Errorf("same stream gave %v then %v", got, again)
			}
		})
	}
}

// TestLotteryFair checks every candidate wins with probability k/n: over
// 20,000 draws of 3 from 10, each count is Binomial(20000, 0.3), sd 64.8;
// 5 sd is a bound that a fair lottery breaks about once in 3 million runs.
func TestLotteryFair(t *testing.T) {
	const n, k, runs = 10, 3, 20000
	wins := make([]int, n)
	for r := range runs {
		st := newStream(7, drawLottery, uint64(r))
		for _, w := range lottery(n, k, &st, nil) {
			wins[w]++
		}
	}
	for i, c := range wins {
		if diff := float64(c) - runs*0.3; diff > 5*64.8 || diff < -5*64.8 {
			t.Errorf("candidate %d won %d times; want %d +- %.0f", i, c, runs*k/n, 5*64.8)
		}
	}
}

func TestUniformRange(t *testing.T) {
	sum := 0.0
	const n = 100000
	for i := range n {
		u := uniform(agentKey(stepKey(replicateKey(1, 0), i), uint32(i)), drawDeath)
		if u < 0 || u >= 1 {
			t.Fatalf("uniform = %v outside [0, 1)", u)
		}
		sum += u
	}
	// Mean of n uniforms: sd sqrt(1/12/n) = 0.00091; 5 sd bound.
	if m := sum / n; m < 0.5-0.0046 || m > 0.5+0.0046 {
		t.Errorf("mean of draws = %v; want 0.5 +- 0.0046", m)
	}
}
