package plot

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// labels joins the labels of the labelled ticks with spaces.
func labels(ticks []plot.Tick) string {
	var ls []string
	for _, t := range ticks {
		if !t.IsMinor() {
			ls = append(ls, t.Label)
		}
	}
	return strings.Join(ls, " ")
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    float64
		want string
	}{
		{"hundreds", 950, "950"},
		{"thousands grouped", 1234, "1,234"},
		{"below ten thousand", 9999, "9,999"},
		{"ten thousand", 10000, "10k"},
		{"thousands", 12000, "12k"},
		{"fractional thousands", 12500, "12.5k"},
		{"hundreds of thousands", 120000, "120k"},
		{"millions", 1500000, "1.5M"},
		{"billions", 2.25e9, "2.25B"},
		{"thousands of billions", 1.2e12, "1,200B"},
		{"fraction", 0.25, "0.25"},
		{"small fraction", 0.0125, "0.0125"},
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "0"},
		{"negative", -20000, "-20k"},
		{"rounded to 6 digits", 1.0 / 3, "0.333333"},
		{"float fuzz", 0.1 + 0.2, "0.3"},
		{"NaN", math.NaN(), "NaN"},
		{"infinity", math.Inf(-1), "-Inf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatNumber(tt.v); got != tt.want {
				t.Errorf("FormatNumber(%v) = %q; want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestNumberTicks(t *testing.T) {
	for _, tt := range []struct {
		name     string
		min, max float64
		want     string
	}{
		{"unit range", 0, 1, "0 0.2 0.4 0.6 0.8 1.0"},
		{"quarter steps", 0, 1.7, "0 0.25 0.50 0.75 1.00 1.25 1.50"},
		{"tens", 0, 60, "0 10 20 30 40 50 60"},
		{"hundreds", 0, 450, "0 100 200 300 400"},
		{"thousands grouped", 0, 8000, "0 2,000 4,000 6,000 8,000"},
		{"thousands as k", 0, 120000, "0 20k 40k 60k 80k 100k 120k"},
		{"k with a decimal", 0, 17500, "0 2.5k 5.0k 7.5k 10.0k 12.5k 15.0k 17.5k"},
		{"millions", 0, 3e6, "0 0.5M 1.0M 1.5M 2.0M 2.5M 3.0M"},
		{"negative", -40, 35, "-40 -20 0 20"},
		{"tiny shares", 0.001, 0.009, "0.002 0.004 0.006 0.008"},
		{"offset range", 2025, 2055, "2,025 2,030 2,035 2,040 2,045 2,050 2,055"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ticks := NumberTicks{}.Ticks(tt.min, tt.max)
			if got := labels(ticks); got != tt.want {
				t.Errorf("NumberTicks.Ticks(%v, %v) = %q; want %q", tt.min, tt.max, got, tt.want)
			}
			if n := len(ticks); n < 4 || n > maxTicks {
				t.Errorf("NumberTicks.Ticks(%v, %v) gives %d ticks; want 4..%d", tt.min, tt.max, n, maxTicks)
			}
		})
	}
	for _, r := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}} {
		if got := (NumberTicks{}).Ticks(r[0], r[1]); got != nil {
			t.Errorf("NumberTicks.Ticks(%v, %v) = %v; want nil", r[0], r[1], got)
		}
	}
}

// TestNiceRangeKeepsStep checks that widening an axis to its nice range
// does not change the tick step, so both ends carry labels.
func TestNiceRangeKeepsStep(t *testing.T) {
	for _, max := range []float64{0.9, 1, 7, 16.1, 17, 21, 44.5, 99, 101, 157e3, 2.2e6} {
		lo, hi := niceRange(0, max)
		ticks := NumberTicks{}.Ticks(lo, hi)
		if len(ticks) == 0 || ticks[0].Value != lo || math.Abs(ticks[len(ticks)-1].Value-hi) > 1e-9*hi {
			t.Errorf("niceRange(0, %v) = [%v, %v]; ticks %q do not span it", max, lo, hi, labels(ticks))
		}
		if hi < max {
			t.Errorf("niceRange(0, %v) = [%v, %v]; want hi >= %v", max, lo, hi, max)
		}
	}
}

func TestYearTicks(t *testing.T) {
	for _, tt := range []struct {
		name     string
		min, max float64
		want     string
		minor    int
	}{
		{"thirty years", 2025, 2055, "2025 2030 2035 2040 2045 2050 2055", 24},
		{"five years", 2025, 2030, "2025 2026 2027 2028 2029 2030", 0},
		{"ten years", 2025.0833, 2035, "2026 2028 2030 2032 2035", 5},
		{"a century", 1990, 2090, "1990 2020 2040 2060 2090", 0},
		{"from 2017, ends labelled", 2017, 2042, "2017 2020 2025 2030 2035 2042", 20},
		{"ghana's thirty years", 2000, 2030, "2000 2005 2010 2015 2020 2025 2030", 24},
		{"a round year next to an end is unlabelled", 2017, 2041, "2017 2020 2025 2030 2035 2041", 19},
		{"within one year", 2025.1, 2025.9, "2025.2 2025.4 2025.6 2025.8", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ticks := YearTicks{}.Ticks(tt.min, tt.max)
			if got := labels(ticks); got != tt.want {
				t.Errorf("YearTicks.Ticks(%v, %v) = %q; want %q", tt.min, tt.max, got, tt.want)
			}
			minor := 0
			for _, tk := range ticks {
				if tk.IsMinor() {
					minor++
					if tk.Value != math.Trunc(tk.Value) {
						t.Errorf("minor tick at %v; want whole years", tk.Value)
					}
				}
			}
			if minor != tt.minor {
				t.Errorf("minor ticks = %d; want %d", minor, tt.minor)
			}
		})
	}
}
