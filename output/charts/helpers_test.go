package charts

import (
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// monthly returns a timeseries of years of monthly steps from 2025 with the
// metrics ms: value(r, i, m) is replicate r's value of ms[m] after row i
// (step i+1).
func monthly(years, reps int, ms []results.Metric, value func(r, i, m int) float64) *results.Timeseries {
	ts := &results.Timeseries{Metrics: ms}
	for i := range 12 * years {
		ts.Step = append(ts.Step, i+1)
		ts.Year = append(ts.Year, 2025+float64(i+1)/12)
	}
	for r := range reps {
		rows := make([][]float64, len(ts.Step))
		for i := range rows {
			rows[i] = make([]float64, len(ms))
			for m := range ms {
				rows[i][m] = value(r, i, m)
			}
		}
		ts.Values = append(ts.Values, rows)
	}
	return ts
}

// baseline returns the shipped baseline scenario: monthly steps from 2025,
// with the sectors doctor, nurse and teacher.
func baseline(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// chartFiles returns the file names of the charts of sections, in order.
func chartFiles(sections []section) []string {
	var fs []string
	for _, s := range sections {
		for _, c := range s.charts {
			fs = append(fs, c.file)
		}
	}
	return fs
}
