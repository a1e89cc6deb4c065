package plot

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"github.com/brainsim/brainsim/output"
)

// maxTicks is the most labelled ticks an axis gets. With steps of 1, 2, 2.5
// and 5 times a power of ten, the chosen step then gives 4 to 8 labels, most
// often 5 to 7.
const maxTicks = 8

// niceSteps are the mantissas a tick step may have.
var niceSteps = [...]float64{1, 2, 2.5, 5}

// NumberTicks is a plot.Ticker for quantities: 4 to 8 labelled ticks at
// multiples of 1, 2, 2.5 or 5 times a power of ten, labelled consistently
// along the axis: one suffix (none, k, M or B) chosen from the largest tick,
// and as many decimals as the step needs, e.g. "0, 20k, 40k, 60k" or
// "0, 0.25, 0.50, 0.75". Its zero value is ready to use.
type NumberTicks struct{}

var _ plot.Ticker = NumberTicks{}

// Ticks returns the labelled ticks within [min, max]. It returns nil unless
// min < max and both are finite.
func (NumberTicks) Ticks(min, max float64) []plot.Tick {
	if !(min < max) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	step := niceStep(min, max)
	i0, i1 := stepIndex(min, step, math.Ceil), stepIndex(max, step, math.Floor)
	largest := math.Max(math.Abs(float64(i0)*step), math.Abs(float64(i1)*step))
	scale, suffix := magnitude(largest)
	decimals := decimalsOf(step / scale)
	ticks := make([]plot.Tick, 0, i1-i0+1)
	for i := i0; i <= i1; i++ {
		v := float64(i) * step
		ticks = append(ticks, plot.Tick{Value: v, Label: formatScaled(v, scale, suffix, decimals)})
	}
	return ticks
}

// niceStep returns the smallest step of the form {1, 2, 2.5, 5}×10^k for
// which the multiples of step covering [min, max] (from the one at or below
// min to the one at or above max) number at most maxTicks. Counting this
// loose range makes widening an axis to the covering multiples keep its step.
// It requires min < max, both finite.
func niceStep(min, max float64) float64 {
	mag := math.Floor(math.Log10((max-min)/maxTicks)) - 1
	for {
		p := math.Pow(10, mag)
		for _, m := range niceSteps {
			step := m * p
			n := stepIndex(max, step, math.Ceil) - stepIndex(min, step, math.Floor) + 1
			if n <= maxTicks {
				return step
			}
		}
		mag++
	}
}

// stepIndex returns the index of the multiple of step at v when v is one to
// within rounding error, and round(v/step) otherwise, where round is
// math.Ceil or math.Floor.
func stepIndex(v, step float64, round func(float64) float64) int {
	q := v / step
	if r := math.Round(q); math.Abs(q-r) < 1e-9*math.Max(1, math.Abs(q)) {
		return int(r)
	}
	return int(round(q))
}

// niceRange widens [min, max] to the multiples of the tick step that cover
// it, so that both ends of the axis carry a label. It starts the range at 0
// when min >= 0, and gives an empty or degenerate range a width of 1.
func niceRange(min, max float64) (lo, hi float64) {
	if min >= 0 {
		min = 0
	}
	if !(max > min) {
		max = min + 1
	}
	step := niceStep(min, max)
	return float64(stepIndex(min, step, math.Floor)) * step, float64(stepIndex(max, step, math.Ceil)) * step
}

// magnitude returns the divisor and suffix for numbers as large as v (>= 0):
// thousands from 10,000 up (so 1,000 to 9,999 stay whole), millions from
// 1,000,000 and billions from 1,000,000,000.
func magnitude(v float64) (scale float64, suffix string) {
	switch {
	case v >= 1e9:
		return 1e9, "B"
	case v >= 1e6:
		return 1e6, "M"
	case v >= 1e4:
		return 1e3, "k"
	}
	return 1, ""
}

// decimalsOf returns the fewest decimals, at most 6, that write x exactly
// (to within rounding error).
func decimalsOf(x float64) int {
	x = math.Abs(x)
	for d := 0; d < 6; d++ {
		y := x * math.Pow10(d)
		if math.Abs(y-math.Round(y)) < 1e-6*math.Max(1, y) {
			return d
		}
	}
	return 6
}

// formatScaled writes v/scale with the given decimals, thousands separators
// and suffix; zero is written "0" whatever the decimals.
func formatScaled(v, scale float64, suffix string, decimals int) string {
	s := strconv.FormatFloat(v/scale, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return "0"
	}
	return output.GroupThousands(s) + suffix
}

// FormatNumber writes v for a chart label: up to 6 significant digits,
// thousands separators below 10,000, and k, M or B suffixes above, e.g.
// 950 -> "950", 1234 -> "1,234", 12000 -> "12k", 1500000 -> "1.5M",
// 0.25 -> "0.25". NaN and infinities are written as by strconv.
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	scale, suffix := magnitude(math.Abs(v))
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v/scale, 'g', 6, 64), 64)
	return formatScaled(x, 1, suffix, decimalsOf(x))
}

// yearSteps are the spacings, in years, YearTicks chooses from.
var yearSteps = [...]int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000}

// YearTicks is a plot.Ticker for calendar years: labelled ticks at whole
// years that are multiples of 1, 2, 5, 10, 20, 25 or 50 years (2 to 8 of
// them), and at the first and last whole years of the range, so that a run
// from 2017 to 2042 reads "2017 2020 2025 2030 2035 2042". A round year closer
// than half a step to an end is left unlabelled, so labels do not collide.
// Labels are written without separators ("2030"); the other whole years get
// unlabelled ticks when labels are at most 10 years apart. A range that holds
// no whole year falls back to NumberTicks, without thousands separators. Its
// zero value is ready to use.
type YearTicks struct{}

var _ plot.Ticker = YearTicks{}

// Ticks returns the ticks within [min, max]. It returns nil unless
// min < max and both are finite.
func (YearTicks) Ticks(min, max float64) []plot.Tick {
	if !(min < max) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	first, last := stepIndex(min, 1, math.Ceil), stepIndex(max, 1, math.Floor)
	if last < first {
		ticks := NumberTicks{}.Ticks(min, max)
		for i := range ticks {
			ticks[i].Label = strings.ReplaceAll(ticks[i].Label, ",", "")
		}
		return ticks
	}
	step := yearSteps[len(yearSteps)-1]
	for _, s := range yearSteps {
		if floorDiv(last, s)-ceilDiv(first, s)+1 <= maxTicks {
			step = s
			break
		}
	}
	// labelled reports whether year y carries a label: an end of the range,
	// or a multiple of step more than half a step from both ends.
	labelled := func(y int) bool {
		if y == first || y == last {
			return true
		}
		return y%step == 0 && 2*(y-first) > step && 2*(last-y) > step
	}
	var ticks []plot.Tick
	for y := first; y <= last; y++ {
		switch {
		case labelled(y):
			ticks = append(ticks, plot.Tick{Value: float64(y), Label: strconv.Itoa(y)})
		case step <= 10: // above, unlabelled ticks every year would blur
			ticks = append(ticks, plot.Tick{Value: float64(y)})
		}
	}
	return ticks
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	return -floorDiv(-a, b)
}
