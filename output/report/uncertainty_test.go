package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
)

// TestAddUncertainty builds two scenarios at 4 draws of 2 replicates where
// the difference in skilled_home is 100 × u₀ (the first parameter's
// quantile) plus ±1 of replicate noise, which cancels in each draw's
// mean: the first parameter drives the spread with r² = 1, ranked first,
// and the split is exact; but 4 draws have 24 orders, too few for a test
// to tell a perfect line from chance among 2 parameters (p = 2/24 at
// best), and the report says so.
func TestAddUncertainty(t *testing.T) {
	const draws, per = 4, 2
	u := [][]float64{{0.1, 0.3}, {0.4, 0.1}, {0.6, 0.7}, {0.9, 0.5}}
	base := quarterly(draws*per, func(int, int) float64 { return 1000 }, func(int, int) float64 { return 0 })
	alt := quarterly(draws*per, func(r, _ int) float64 {
		noise := 1.0
		if r%2 == 1 {
			noise = -1
		}
		return 1000 + 100*u[r/per][0] + noise
	}, func(int, int) float64 { return 0 })
	h, err := Compare([]string{"base", "alt"}, runsOf(base, alt), 0, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if err := AddUncertainty(h, runsOf(base, alt), draws, []string{"a.x", "b.y"}, u); err != nil {
		t.Fatal(err)
	}
	sp := h.Uncertainty.Diff[0][0][1] // skilled_home at the first year
	// Draw means 10, 40, 60, 90: variance 1133.3; within-draw variance 2,
	// so the parameter variance is 1133.3 - 2/2.
	wantParam := 3400.0/3 - 1
	if math.Abs(sp.SDParameter*sp.SDParameter-wantParam) > 1e-9 || math.Abs(sp.SDStochastic*sp.SDStochastic-2) > 1e-9 {
		t.Errorf("split = %+v; want parameter variance %v and stochastic 2", sp, wantParam)
	}
	ds := h.Uncertainty.Drivers[0][0][1]
	if len(ds) == 0 || ds[0].Param != "a.x" || math.Abs(ds[0].R2-1) > 1e-12 {
		t.Errorf("drivers = %+v; want a.x first with r² 1", ds)
	}
	var md bytes.Buffer
	if err := h.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "drivers of the spread") || !strings.Contains(md.String(), "a.x (r² 1.00: not distinguishable from chance at 4 draws; use --draws 8)") {
		t.Errorf("headline.md lacks the drivers:\n%s", md.String())
	}
	var c bytes.Buffer
	if err := h.WriteUncertaintyCSV(&c); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.String(), "year,indicator,unit,scenario,diff_mean,sd_parameter,sd_stochastic,lo_total,hi_total,driver_1,r2_1,share_1,p_1,draws_needed_1,driver_2") {
		t.Errorf("headline_uncertainty.csv header: %s", strings.SplitN(c.String(), "\n", 2)[0])
	}
}

func runsOf(ts ...*results.Timeseries) []*results.Timeseries { return ts }

// TestUncertaintyDrivers runs 20 draws of 2 replicates over 3 parameters
// where the difference in skilled_home is 100·u₀ + 20·u₁ (shares of the
// parameter variance 25/26 and 1/26) plus replicate noise: u₀ is named
// with its share and a p-value at the least the test gives, u₁ (about
// r² 0.04) as not distinguishable with the draws that would tell; and
// headline.csv, headline_uncertainty.csv and the key findings carry the
// total interval and the split.
func TestUncertaintyDrivers(t *testing.T) {
	const draws, per = 20, 2
	u := make([][]float64, draws)
	for d := range u {
		// A Latin hypercube by hand: strata in three fixed orders.
		u[d] = []float64{(float64(d) + 0.5) / draws, (float64((7*d)%draws) + 0.5) / draws, (float64((13*d+5)%draws) + 0.5) / draws}
	}
	base := quarterly(draws*per, func(int, int) float64 { return 1000 }, func(int, int) float64 { return 0 })
	alt := quarterly(draws*per, func(r, _ int) float64 {
		x := u[r/per]
		return 1000 + 100*x[0] + 20*x[1] + float64(2*(r%2)-1)
	}, func(int, int) float64 { return 0 })
	h, err := Compare([]string{"base", "alt"}, runsOf(base, alt), 0, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if err := AddUncertainty(h, runsOf(base, alt), draws, []string{"a.x", "b.y", "c.z"}, u); err != nil {
		t.Fatal(err)
	}
	ds := h.Uncertainty.Drivers[0][0][1]
	if len(ds) < 2 || ds[0].Param != "a.x" || !ds[0].Distinguishable() {
		t.Fatalf("drivers = %+v; want a.x first, distinguishable", ds)
	}
	// Share: the adjusted r² of a.x, near 25/26 (the strata orders are not
	// quite uncorrelated, so within 0.05).
	if math.Abs(ds[0].Share-25.0/26) > 0.05 {
		t.Errorf("share of a.x = %.3f; want 25/26 = %.3f ± 0.05", ds[0].Share, 25.0/26)
	}
	var weak *Driver
	for i := range ds {
		if ds[i].Param == "b.y" {
			weak = &ds[i]
		}
	}
	if weak != nil && (weak.Distinguishable() || weak.DrawsNeeded <= draws) {
		t.Errorf("b.y = %+v; want not distinguishable at %d draws, with more draws suggested", *weak, draws)
	}
	var md bytes.Buffer
	if err := h.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a.x (r² 0.9", "of the parameter variance, p ≤ 0.001", "not distinguishable from chance at 20 draws; use --draws "} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("headline.md lacks %q", want)
		}
	}
	if strings.Contains(md.String(), "%!") {
		t.Errorf("headline.md has a formatting error:\n%s", md.String())
	}
	var c bytes.Buffer
	if err := h.WriteCSV(&c); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0][11:], ","); got != "sd_parameter,sd_stochastic,lo_total,hi_total,diff_sd_parameter,diff_sd_stochastic,diff_lo_total,diff_hi_total" {
		t.Errorf("headline.csv split columns: %s", got)
	}
	for _, rec := range recs[1:] {
		if len(rec) != len(recs[0]) {
			t.Fatalf("headline.csv record %q has %d fields; want %d", rec, len(rec), len(recs[0]))
		}
	}
	// alt's skilled_home at the first year: its difference's total
	// interval is the one of the split.
	sp := h.Uncertainty.Diff[0][0][1]
	if rec := recs[1+1]; rec[3] != "alt" || rec[17] != output.FormatFloat(sp.LoTotal) || rec[18] != output.FormatFloat(sp.HiTotal) {
		t.Errorf("headline.csv alt skilled_home: %q; want diff_lo_total %v, diff_hi_total %v", rec, sp.LoTotal, sp.HiTotal)
	}
	var un bytes.Buffer
	if err := h.WriteUncertaintyCSV(&un); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(un.String(), ",a.x,") {
		t.Errorf("headline_uncertainty.csv lacks a.x:\n%s", un.String())
	}
	kf := strings.Join(h.KeyFindings(), " ")
	if !strings.Contains(kf, "total 95% interval") || !strings.Contains(kf, "driven by a.x") {
		t.Errorf("key findings lack the total interval or the drivers: %s", kf)
	}
}
