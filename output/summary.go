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
//
// When s.Split is set (a run with --draws), four columns follow: sd_parameter,
// sd_stochastic, lo_total and hi_total (see results.Split); mean, sd, lo95
// and hi95 are then over every draw and replicate.
func WriteSummary(w io.Writer, s *results.Summary) error {
	s.Check()
	cw := csv.NewWriter(w)
	header := []string{"step", "year", "metric", "unit", "mean", "sd", "lo95", "hi95"}
	if s.Split != nil {
		header = append(header, "sd_parameter", "sd_stochastic", "lo_total", "hi_total")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
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
			if sp := s.Split; sp != nil {
				rec[8] = FormatFloat(sp.SDParameter[i][m])
				rec[9] = FormatFloat(sp.SDStochastic[i][m])
				rec[10] = FormatFloat(sp.LoTotal[i][m])
				rec[11] = FormatFloat(sp.HiTotal[i][m])
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
