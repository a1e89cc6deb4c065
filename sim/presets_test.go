package sim

import (
	"context"
	"math"
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

// The island preset (Tonga) stands for the small island states whose doctor
// expatriation rates are above 50% (seeds/002_02df7b30806fa867.txt, lines
// 102-104). The share of doctors abroad must be above 0.5 at the start (the
// preset's stocks give 0.56), average above 0.5 over the run, and stay
// plausible in every year: within [0.45, 0.75], where 0.45 is 0.5 less about
// twice the sampling error of the mean of three replicates of some 160
// doctors (0.04 / sqrt 3 = 0.023), and 0.75 the highest national rate in
// Clemens and Pettersson (2008), Mozambique's (data/README.md).
func TestIslandExpatriation(t *testing.T) {
	const (
		seedRate        = 0.5 // seeds/002, lines 102-104
		lowest, highest = 0.45, 0.75
	)
	sc, err := scenarios.Load("../scenarios/island.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Replicates = 3
	ts, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := metricIndex(ts, results.BySector(results.EmigrationRate, "doctor"))
	mean := func(i int) float64 {
		m := 0.0
		for _, rows := range ts.Values {
			m += rows[i][c] / float64(len(ts.Values))
		}
		return m
	}
	if r := mean(0); r <= seedRate {
		t.Errorf("doctors' expatriation rate at the start %.2f; want above %v", r, seedRate)
	}
	all := 0.0
	for i := range ts.Step {
		r := mean(i)
		all += r / float64(len(ts.Step))
		if r < lowest || r > highest {
			t.Errorf("%.2f: doctors' expatriation rate %.2f; want within [%v, %v]", ts.Year[i], r, lowest, highest)
		}
	}
	t.Logf("doctors' expatriation rate: start %.2f, end %.2f, mean %.2f", mean(0), mean(len(ts.Step)-1), all)
	if all <= seedRate {
		t.Errorf("doctors' expatriation rate averages %.2f over the run; want above %v", all, seedRate)
	}
}

// TestShippedPresetsRun runs every shipped preset for two years with one
// replicate and at most 2,000 agents: each must run and record a finite,
// positive health-worker density when it has a health sector (the density
// counts doctors, nurses and midwives, as the WHO thresholds do).
func TestShippedPresetsRun(t *testing.T) {
	const maxAgents = 2_000
	for _, name := range scenarios.Shipped() {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.LoadShipped(name)
			if err != nil {
				t.Fatal(err)
			}
			sc.Replicates, sc.Years = 1, 2
			sc.Agents = min(sc.Agents, maxAgents)
			ts, err := Run(context.Background(), sc, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			health := false
			for _, s := range sc.Sectors {
				health = health || s.Health
			}
			d := ts.Values[0][len(ts.Step)-1][metricIndex(ts, results.HealthWorkersPer10k)]
			if health && !(d > 0 && !math.IsInf(d, 0)) {
				t.Errorf("health workers per 10,000 = %v; want finite and > 0", d)
			}
		})
	}
}
