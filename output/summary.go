package output

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/brainsim/brainsim/results"
)

// WriteSummary writes s to w as a long ("tidy") CSV table with the header
// "step,year,metric,unit,mean,sd,lo95,hi95" and one record per row and
// metric, ordered by row and then by metric in s.Metrics order. Numbers are
// formatted by FormatFloat (NaN as an empty field) and years with four
// decimals.
//
// It returns the first error from w. It panics if the lengths of s.Step,
// s.Year, s.Mean, s.SD, s.Lo and s.Hi, or of their rows and s.Metrics,
// disagree.
func WriteSummary(w io.Writer, s *results.Summary) error {
	s.Check()
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"step", "year", "metric", "unit", "mean", "sd", "lo95", "hi95"}); err != nil {
		return err
	}
	rec := make([]string, 8)
	for i := range s.Step {
		rec[0] = strconv.Itoa(s.Step[i])
		rec[1] = formatYear(s.Year[i])
		for m, metric := range s.Metrics {
			rec[2] = metric.Name
			rec[3] = metric.Unit
			rec[4] = FormatFloat(s.Mean[i][m])
			rec[5] = FormatFloat(s.SD[i][m])
			rec[6] = FormatFloat(s.Lo[i][m])
			rec[7] = FormatFloat(s.Hi[i][m])
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
