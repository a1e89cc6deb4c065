package output

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/brainsim/brainsim/results"
)

// FormatFloat formats v for the output tables, deterministically and
// compactly: integral values with |v| < 1e15 print as integers ("120000", not
// "1.2e+05"); other values print in the shortest form that reads back to the
// same float64 (strconv's 'g' format with precision -1), e.g. "0.25",
// "1.5e-07", "+Inf". NaN prints as the empty string, an empty CSV field, and
// negative zero prints as "0".
func FormatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case v == 0:
		return "0" // also for -0, which only arises from rounding
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// formatYear formats a calendar year with four decimals, enough to tell
// months apart (1/12 year = 0.0833), e.g. "2025.0833". NaN prints as "".
func formatYear(y float64) string {
	if math.IsNaN(y) {
		return ""
	}
	return strconv.FormatFloat(y, 'f', 4, 64)
}

// WriteTimeseries writes ts to w as CSV: a header
// "replicate,step,year,<metric names...>" and then one record per replicate
// and row, replicates in order 0..R-1 and, within each, rows in order. Metric
// values are formatted by FormatFloat and years with four decimals.
//
// It returns the first error from w. It panics if the lengths of ts.Step,
// ts.Year, ts.Values[r] or ts.Values[r][i] disagree with each other or with
// ts.Metrics.
func WriteTimeseries(w io.Writer, ts *results.Timeseries) error {
	ts.Check()
	cw := csv.NewWriter(w)
	rec := make([]string, 3+len(ts.Metrics))
	rec[0], rec[1], rec[2] = "replicate", "step", "year"
	for m, metric := range ts.Metrics {
		rec[3+m] = metric.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for r, rows := range ts.Values {
		rec[0] = strconv.Itoa(r)
		for i, row := range rows {
			rec[1] = strconv.Itoa(ts.Step[i])
			rec[2] = formatYear(ts.Year[i])
			for m, v := range row {
				rec[3+m] = FormatFloat(v)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
