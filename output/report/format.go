package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
)

// numFormat writes numbers of one magnitude alike: a scale and suffix
// (" M" for millions, " bn" for billions) and a number of decimals.
type numFormat struct {
	scale    float64
	suffix   string
	decimals int
}

// formatFor returns the format that writes the largest of vs (by absolute
// value) with four significant digits but at most two decimals, or two
// significant digits below 1, so that a mean and its interval are written
// to the same decimals: 240,800; 159.1 M; 11.94; 0.52; 0.013.
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
	case x > 0: // two significant digits: 0.34, 0.013
		f.decimals = min(6, 1-int(math.Floor(math.Log10(x)+1e-9)))
	}
	return f
}

// format writes v; signed puts a "+" before positive numbers. NaN and
// infinities are written "n/a".
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
	s = strings.Replace(s, "-", "−", 1) // a true minus sign reads better than a hyphen
	return s + f.suffix
}

// isShare reports whether unit is a share, written as a percentage.
func isShare(unit string) bool { return unit == "share" }

// displayUnit is the unit a table column shows for a metric's unit.
func displayUnit(unit string) string {
	if isShare(unit) {
		return "%"
	}
	return unit
}

// formatted is an estimate written for a table: the mean, and the 95%
// interval as "lo to hi".
type formatted struct {
	Mean, Interval string
	Text           bool // words, not a number: aligned left in HTML
}

// formatEstimate writes e in unit: shares as percentages (percentage
// points, "pp", for a difference). signed marks a difference.
func formatEstimate(e results.Estimate, unit string, signed bool) formatted {
	if !e.Valid() {
		return formatted{Mean: "n/a"}
	}
	mean, lo, hi := e.Mean, e.Lo, e.Hi
	suffix := ""
	if isShare(unit) {
		mean, lo, hi = 100*mean, 100*lo, 100*hi
		suffix = "%"
		if signed {
			suffix = " pp"
		}
	}
	f := formatFor(mean, lo, hi)
	if isShare(unit) {
		f = numFormat{scale: 1, decimals: 1} // 9.8%
		if signed {
			f.decimals = 2 // -0.50 pp
		}
	}
	if f.scale == 1 && (strings.HasPrefix(unit, "persons") || strings.HasPrefix(unit, "USD")) {
		f.decimals = 0 // whole persons and dollars
	}
	out := formatted{Mean: f.format(mean, signed) + suffix}
	if e.N > 1 && lo != hi {
		out.Interval = f.format(lo, false) + suffix + " to " + f.format(hi, false) + suffix
	}
	return out
}

// String writes the estimate on one line: "mean (lo to hi)".
func (f formatted) String() string {
	if f.Interval == "" {
		return f.Mean
	}
	return f.Mean + " (" + f.Interval + ")"
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
