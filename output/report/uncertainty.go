package report

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
)

// TopDrivers is how many parameters the headline names as driving the
// spread of each difference (issue 14: the top three).
const TopDrivers = 3

// Driver is a parameter with a prior and the share of the spread of a
// difference it explains.
type Driver struct {
	Param string  // the prior's key path, e.g. "emigration.wage_gap"
	R2    float64 // squared correlation of the draw means with the parameter's quantile
}

// Uncertainty is the split of the headline differences of a comparison
// run with parameter draws (--draws): for each, the law-of-total-variance
// split into parameter and stochastic parts (results.Split) and the
// parameters that drive the spread between draws.
type Uncertainty struct {
	Draws, PerDraw int
	Params         []string // the priors' key paths
	// Diff[y][m][s] is the split of the difference of scenario s to the
	// baseline in Headline.Metrics[m] at Headline.Years[y]; the zero Split
	// for the baseline.
	Diff [][][]results.Split
	// Drivers[y][m][s] are the TopDrivers parameters with the largest
	// squared correlation between the parameter's quantile and the draw
	// means of that difference, largest first, leaving out those with r² = 0;
	// nil for the baseline.
	Drivers [][][][]Driver
}

// AddUncertainty computes h.Uncertainty from runs, the runs of h pooled by
// results.Pool over draws parameter draws (draw d's replicates first), and
// u[d][j], the quantile of params[j] at draw d. Drivers are ranked by the
// squared Pearson correlation of the draw means of a difference with each
// parameter's quantile: with a Latin hypercube the quantiles are nearly
// uncorrelated, so r² is close to the first-order share of the variance of
// the draw means that a straight line in the parameter explains (the
// squared standardized regression coefficient).
func AddUncertainty(h *Headline, runs []*results.Timeseries, draws int, params []string, u [][]float64) error {
	if !h.Compared() || len(runs) != len(h.Scenarios) {
		return fmt.Errorf("report: uncertainty of a headline that compares no %d runs", len(runs))
	}
	b := runs[h.Baseline]
	n := len(b.Values)
	if draws < 2 || n%draws != 0 || len(u) != draws {
		return fmt.Errorf("report: %d replicates in %d draws", n, draws)
	}
	per := n / draws
	un := &Uncertainty{Draws: draws, PerDraw: per, Params: slices.Clone(params)}
	diffs := make([]float64, n)
	means := make([]float64, draws)
	x := make([]float64, draws)
	for _, year := range h.Years {
		i := rowAt(b.Year, year)
		dy := make([][]results.Split, len(h.Metrics))
		vy := make([][][]Driver, len(h.Metrics))
		for m, metric := range h.Metrics {
			dy[m] = make([]results.Split, len(runs))
			vy[m] = make([][]Driver, len(runs))
			bc := results.MetricIndex(b.Metrics, metric.Name)
			for s, ts := range runs {
				if s == h.Baseline {
					continue
				}
				sc := results.MetricIndex(ts.Metrics, metric.Name)
				for r := range n {
					diffs[r] = ts.Values[r][i][sc] - b.Values[r][i][bc]
				}
				dy[m][s] = results.SplitOf(diffs, draws, per)
				for d := range draws {
					means[d] = results.MeanCI(diffs[d*per : (d+1)*per]).Mean
				}
				var ds []Driver
				for j, p := range params {
					for d := range draws {
						x[d] = u[d][j]
					}
					ds = append(ds, Driver{Param: p, R2: results.SquaredCorrelation(x, means)})
				}
				// Stable: ties keep the order of the paths.
				slices.SortStableFunc(ds, func(a, b Driver) int { return cmp.Compare(b.R2, a.R2) })
				// A parameter that explains nothing (a difference the
				// same at every draw) drives nothing.
				ds = slices.DeleteFunc(ds, func(d Driver) bool { return !(d.R2 > 0) })
				vy[m][s] = ds[:min(TopDrivers, len(ds))]
			}
		}
		un.Diff = append(un.Diff, dy)
		un.Drivers = append(un.Drivers, vy)
	}
	h.Uncertainty = un
	return nil
}

// uncertaintyTables lays out h.Uncertainty: one table per headline year
// with, for each scenario against the baseline, the difference with its
// total 95% interval, the standard deviations of its parameter and
// stochastic parts, and the parameters that drive its spread.
func (h *Headline) uncertaintyTables() []table {
	un := h.Uncertainty
	if un == nil {
		return nil
	}
	others := h.others()
	var ts []table
	for y, year := range h.Years {
		t := table{
			Caption: fmt.Sprintf("%d, year %d: parameter and stochastic uncertainty of the differences (%d draws x %d replicates)",
				year, year-h.StartYear, un.Draws, un.PerDraw),
			Header: []string{"Indicator", "Unit"},
			Plain:  true,
		}
		for _, s := range others {
			d := h.Scenarios[s] + " − " + h.Scenarios[h.Baseline]
			t.Header = append(t.Header, d+" (total 95% interval)", "sd parameter", "sd stochastic", "drivers of the spread (r²)")
		}
		for m, metric := range h.Metrics {
			t.Labels = append(t.Labels, Label(metric.Name))
			u := displayUnit(metric.Unit)
			if isShare(metric.Unit) {
				u = "pp"
			}
			t.Units = append(t.Units, u)
			var row []formatted
			for _, s := range others {
				sp := un.Diff[y][m][s]
				row = append(row,
					formatEstimate(results.Estimate{Mean: sp.Mean, Lo: sp.LoTotal, Hi: sp.HiTotal, N: un.Draws * un.PerDraw}, metric.Unit, true),
					formatSD(sp.SDParameter, metric.Unit),
					formatSD(sp.SDStochastic, metric.Unit),
					formatted{Mean: driverList(un.Drivers[y][m][s])})
			}
			t.Rows = append(t.Rows, row)
		}
		ts = append(ts, t)
	}
	return ts
}

// formatSD writes a standard deviation in unit (shares in percentage
// points).
func formatSD(sd float64, unit string) formatted {
	if !isFinite(sd) {
		return formatted{Mean: "n/a"}
	}
	if isShare(unit) {
		return formatted{Mean: numFormat{scale: 1, decimals: 2}.format(100*sd, false) + " pp"}
	}
	f := formatFor(sd)
	return formatted{Mean: f.format(sd, false)}
}

// driverList writes drivers as "a (0.62), b (0.11), c (0.02)".
func driverList(ds []Driver) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%s (%.2f)", d.Param, d.R2))
	}
	return strings.Join(parts, ", ")
}

// uncertaintyExplanation says how to read the uncertainty tables.
func (h *Headline) uncertaintyExplanation() string {
	un := h.Uncertainty
	return fmt.Sprintf(" The scenarios ran at %d parameter draws from the priors (a Latin hypercube over %s), each with %d replicates;"+
		" draw d of every scenario took the same parameter quantiles and the same seed, so differences are paired on both."+
		" The figures above are over all %d runs. In the uncertainty tables, each difference's variance is split by the law of total variance:"+
		" the stochastic part is the mean variance between replicates within a draw, the parameter part the variance of the draw means less the replicate noise of a mean;"+
		" the total 95%% interval is the mean ± 1.96 times the square root of their sum."+
		" The drivers are the three parameters whose quantile has the largest squared correlation (r²) with the draw means of the difference.",
		un.Draws, strings.Join(un.Params, ", "), un.PerDraw, un.Draws*un.PerDraw)
}

// WriteUncertaintyCSV writes h.Uncertainty as a CSV table with the header
// "year,indicator,unit,scenario,diff_mean,sd_parameter,sd_stochastic,
// lo_total,hi_total" followed by driver_K and r2_K for K = 1..TopDrivers:
// one record per headline year, indicator and scenario other than the
// baseline. It writes nothing but the header when h has no uncertainty.
func (h *Headline) WriteUncertaintyCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{"year", "indicator", "unit", "scenario", "diff_mean", "sd_parameter", "sd_stochastic", "lo_total", "hi_total"}
	for k := 1; k <= TopDrivers; k++ {
		header = append(header, fmt.Sprintf("driver_%d", k), fmt.Sprintf("r2_%d", k))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	un := h.Uncertainty
	if un != nil {
		for y, year := range h.Years {
			for m, metric := range h.Metrics {
				for _, s := range h.others() {
					sp := un.Diff[y][m][s]
					rec := []string{strconv.Itoa(year), metric.Name, metric.Unit, h.Scenarios[s],
						output.FormatFloat(sp.Mean), output.FormatFloat(sp.SDParameter), output.FormatFloat(sp.SDStochastic),
						output.FormatFloat(sp.LoTotal), output.FormatFloat(sp.HiTotal)}
					for k := range TopDrivers {
						if k < len(un.Drivers[y][m][s]) {
							d := un.Drivers[y][m][s][k]
							rec = append(rec, d.Param, output.FormatFloat(d.R2))
						} else {
							rec = append(rec, "", "")
						}
					}
					if err := cw.Write(rec); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
