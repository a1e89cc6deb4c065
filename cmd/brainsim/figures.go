package main

import (
	"math"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/output"
)

// figures formats the numbers vs (a mean and the bounds of its interval)
// for people in a terminal, all to the same decimals: counts with
// thousands separators and four significant digits (240,800; +9,477),
// millions and billions with M and bn (159.1 M), small values with two
// significant digits (0.034), shares as percentages. signed puts a "+"
// before a positive first number (a difference). It returns the figures
// and the unit to print after them. It follows the rules of the report
// (output/report), whose helpers are not exported.
func figures(unit string, signed bool, vs ...float64) ([]string, string) {
	if unit == "share" {
		pct := make([]float64, len(vs))
		for i, v := range vs {
			pct[i] = 100 * v
		}
		vs = pct
		unit = "%"
		if signed {
			unit = "percentage points"
		}
	}
	f := formatFor(vs...)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = f.format(v, signed && i == 0)
	}
	return out, unit
}

// numFormat is how figures writes a set of numbers: divided by scale,
// with decimals decimals and suffix after them.
type numFormat struct {
	scale    float64
	decimals int
	suffix   string
}

// formatFor returns the format that writes the largest of vs (by absolute
// value) with four significant digits but at most two decimals, or two
// significant digits below 1.
func formatFor(vs ...float64) numFormat {
	var big float64
	for _, v := range vs {
		if isFinite(v) {
			big = math.Max(big, math.Abs(v))
		}
	}
	f := numFormat{scale: 1}
	switch {
	case big >= 1e9:
		f.scale, f.suffix = 1e9, " bn"
	case big >= 1e6:
		f.scale, f.suffix = 1e6, " M"
	}
	x := big / f.scale
	switch {
	case x >= 1:
		f.decimals = min(2, max(0, 3-int(math.Floor(math.Log10(x)+1e-9))))
	case x > 0:
		f.decimals = min(6, 1-int(math.Floor(math.Log10(x)+1e-9)))
	}
	return f
}

// format writes v, "n/a" for NaN and infinities; signed puts a "+" before
// a positive number.
func (f numFormat) format(v float64, signed bool) string {
	if !isFinite(v) {
		return "n/a"
	}
	x := v / f.scale
	var s string
	if f.decimals == 0 && math.Abs(x) >= 1e4 {
		// Four significant digits of a large whole number: 240,812 -> 240,800.
		p := math.Pow10(int(math.Floor(math.Log10(math.Abs(x)))) - 3)
		s = strconv.FormatFloat(math.Round(x/p)*p, 'f', 0, 64)
	} else {
		s = strconv.FormatFloat(x, 'f', f.decimals, 64)
	}
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	s = output.GroupThousands(s)
	if signed && !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	return s + f.suffix
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
