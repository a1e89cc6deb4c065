package sim

import (
	"context"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// yearlyHealthFlow returns, for each replicate, the flow metric base summed
// over the health sectors of the scenario for each calendar year: the value
// at the last step of the year (a flow is summed over the trailing year).
func yearlyHealthFlow(t *testing.T, ts *results.Timeseries, sectors []string, base string) []map[int]float64 {
	t.Helper()
	cols := make([]int, 0, len(sectors))
	for _, s := range sectors {
		i := metricIndex(ts, results.BySector(base, s))
		if i < 0 {
			t.Fatalf("no metric %s", results.BySector(base, s))
		}
		cols = append(cols, i)
	}
	out := make([]map[int]float64, len(ts.Values))
	for r, rows := range ts.Values {
		out[r] = map[int]float64{}
		for i, row := range rows {
			y := ts.Year[i]
			if y != float64(int(y)) {
				continue // not the last step of a year
			}
			v := 0.0
			for _, c := range cols {
				v += row[c]
			}
			out[r][int(y)-1] = v
		}
	}
	return out
}

func metricIndex(ts *results.Timeseries, name string) int {
	for i, m := range ts.Metrics {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// Malawi's Emergency Human Resources Programme: health-worker departures
// fell from 86 in 2005 to 30 in 2006 with its 52% top-up (data/README.md,
// line 27), a ratio of 0.35. scenarios/malawi.toml calibrates only the
// level of 2005 (emigration.cost); the fall must come from the top-up. The
// test asks for the direction and the order of magnitude: a ratio within
// [0.2, 0.7] and each year's level within a factor 3 of the observed. Without
// the top-up (same seeds) the departures of 2006 stay within 15% of 2005's,
// so the fall is the policy's, not a trend of the preset. Three replicates
// count about 270 departures in 2005, a sampling error of about 6% on the
// ratio.
func TestMalawiDepartures(t *testing.T) {
	const (
		observed2005, observed2006 = 86.0, 30.0 // data/README.md
		minRatio, maxRatio         = 0.2, 0.7
		levelFactor                = 3.0
		trendTolerance             = 0.15
	)
	sc, err := scenarios.Load("../scenarios/malawi.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Replicates = 3
	sc.Years = 2007 - sc.StartYear
	without := *sc
	without.Policies = nil
	d05, d06 := malawiDepartures(t, sc)
	n05, n06 := malawiDepartures(t, &without)
	t.Logf("departures 2005 %.0f, 2006 %.0f (ratio %.2f; observed 86, 30, 0.35); without the top-up %.0f, %.0f", d05, d06, d06/d05, n05, n06)
	if r := d06 / d05; r < minRatio || r > maxRatio {
		t.Errorf("departures 2006/2005 = %.2f; want within [%v, %v] (observed 0.35)", r, minRatio, maxRatio)
	}
	for _, c := range []struct{ got, want float64 }{{d05, observed2005}, {d06, observed2006}} {
		if c.got < c.want/levelFactor || c.got > c.want*levelFactor {
			t.Errorf("departures %.0f; want within a factor %v of the observed %v", c.got, levelFactor, c.want)
		}
	}
	if r := n06 / n05; r < 1-trendTolerance || r > 1+trendTolerance {
		t.Errorf("without the top-up, departures 2006/2005 = %.2f; want within %v of 1", r, trendTolerance)
	}
}

// malawiDepartures runs sc and returns the mean over replicates of the
// departures of doctors and nurse-midwives in 2005 and 2006.
func malawiDepartures(t *testing.T, sc *model.Scenario) (d05, d06 float64) {
	t.Helper()
	ts, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ys := yearlyHealthFlow(t, ts, []string{"doctor", "nurse_midwife"}, results.Emigrations)
	for _, r := range ys {
		d05 += r[2005] / float64(len(ys))
		d06 += r[2006] / float64(len(ys))
	}
	return d05, d06
}
