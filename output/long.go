package output

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/brainsim/brainsim/results"
)

// longHeader is the header of the long timeseries table.
var longHeader = []string{"replicate", "step", "year", "metric", "sector", "destination", "policy", "value", "unit", "sex", "age_band"}

// WriteLong writes ts to w as a long ("tidy") CSV table, the one written as
// timeseries_long.csv, with the header
// "replicate,step,year,metric,sector,destination,policy,value,unit,sex,age_band"
// and one
// record per replicate, row and metric, in the order of WriteTimeseries:
// replicates 0..R-1, rows in order, metrics in ts.Metrics order.
//
// The metric column holds the metric's base name (Metric.BaseName, e.g.
// "workers_home" for "workers_home.nurse"); sector, destination, policy,
// sex and age_band hold its dimensions, empty for a total (sex and age_band
// come last, after the unit, so that readers of the earlier nine columns
// by position are unaffected). A name such as "diaspora.New
// Zealand" thus needs no parsing: the value "New Zealand" is in the
// destination column. Values are formatted by FormatFloat (NaN as an empty
// field) and years with four decimals, exactly as in the wide table.
//
// It returns the first error from w. It panics if the lengths of ts.Step,
// ts.Year, ts.Values[r] or ts.Values[r][i] disagree with each other or with
// ts.Metrics.
func WriteLong(w io.Writer, ts *results.Timeseries) error {
	ts.Check()
	cw := csv.NewWriter(w)
	if err := cw.Write(longHeader); err != nil {
		return err
	}
	rec := make([]string, len(longHeader))
	for r, rows := range ts.Values {
		rec[0] = strconv.Itoa(r)
		for i, row := range rows {
			rec[1] = strconv.Itoa(ts.Step[i])
			rec[2] = formatYear(ts.Year[i])
			for m, v := range row {
				metric := ts.Metrics[m]
				rec[3] = metric.BaseName()
				rec[4] = metric.Sector
				rec[5] = metric.Destination
				rec[6] = metric.Policy
				rec[7] = FormatFloat(v)
				rec[8] = metric.Unit
				rec[9] = metric.Sex
				rec[10] = metric.AgeBand
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
