package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

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
