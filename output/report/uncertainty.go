package report

import (
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

// Driver is a parameter with a prior and its part in the spread of a
// difference over the draws (results.RankDrivers).
type Driver struct {
	Param string  // the prior's key path, e.g. "emigration.wage_gap"
	R2    float64 // squared correlation of the draw means with the parameter's quantile
	Share float64 // estimated share of the parameter variance (results.Driver.Share)
	P     float64 // permutation p-value adjusted for the parameters tested
	// DrawsNeeded is, for a driver not distinguishable from chance, the
	// draws at which one of its r² would be (results.DrawsToDistinguish);
	// 0 when it is distinguishable, or when even results.MaxDraws would
	// not do.
	DrawsNeeded int
}

// Distinguishable reports whether d drives more of the spread than an
// unrelated parameter would by chance, at results.DriverAlpha.
func (d Driver) Distinguishable() bool { return d.P <= results.DriverAlpha }

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
	// Level[y][m][s] is the split of scenario s's own value of
	// Headline.Metrics[m] at Headline.Years[y].
	Level [][][]results.Split
	// Drivers[y][m][s] are the TopDrivers parameters with the largest
	// squared correlation between the parameter's quantile and the draw
	// means of that difference (results.RankDrivers), largest first,
	// leaving out those with r² = 0, each with its share and its test;
	// nil for the baseline.
	Drivers [][][][]Driver
}

// AddUncertainty computes h.Uncertainty from runs, the runs of h pooled by
// results.Pool over draws parameter draws (draw d's replicates first), and
// u[d][j], the quantile of params[j] at draw d. Drivers are ranked by the
// squared Pearson correlation of the draw means of a difference with each
// parameter's quantile and tested against chance by permutation, allowing
// for the number of parameters (results.RankDrivers): with a Latin
// hypercube the quantiles are nearly uncorrelated, so r² is close to the
// first-order share of the variance of the draw means that a straight
// line in the parameter explains (the squared standardized regression
// coefficient).
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
	xs := make([]float64, n)
	means := make([]float64, draws)
	for _, year := range h.Years {
		i := rowAt(b.Year, year)
		dy := make([][]results.Split, len(h.Metrics))
		ly := make([][]results.Split, len(h.Metrics))
		vy := make([][][]Driver, len(h.Metrics))
		for m, metric := range h.Metrics {
			dy[m] = make([]results.Split, len(runs))
			ly[m] = make([]results.Split, len(runs))
			vy[m] = make([][]Driver, len(runs))
			bc := results.MetricIndex(b.Metrics, metric.Name)
			for s, ts := range runs {
				sc := results.MetricIndex(ts.Metrics, metric.Name)
				for r := range n {
					xs[r] = ts.Values[r][i][sc]
				}
				ly[m][s] = results.SplitOf(xs, draws, per)
				if s == h.Baseline {
					continue
				}
				for r := range n {
					xs[r] = ts.Values[r][i][sc] - b.Values[r][i][bc]
				}
				dy[m][s] = results.SplitOf(xs, draws, per)
				for d := range draws {
					means[d] = results.MeanCI(xs[d*per : (d+1)*per]).Mean
				}
				sp := dy[m][s]
				var ds []Driver
				for _, rd := range results.RankDrivers(u, means, sp.SDParameter*sp.SDParameter) {
					d := Driver{Param: params[rd.Param], R2: rd.R2, Share: rd.Share, P: rd.P}
					if !d.Distinguishable() {
						d.DrawsNeeded = results.DrawsToDistinguish(rd.R2, len(params))
					}
					// A parameter that explains nothing (a difference the
					// same at every draw) drives nothing.
					if d.R2 > 0 && len(ds) < TopDrivers {
						ds = append(ds, d)
					}
				}
				vy[m][s] = ds
			}
		}
		un.Diff = append(un.Diff, dy)
		un.Level = append(un.Level, ly)
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
	if !h.Compared() {
		return []table{h.runUncertaintyTable()}
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
			t.Header = append(t.Header, d+" (total 95% interval)", "sd parameter", "sd stochastic", "drivers of the spread")
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
					formatted{Mean: DriverList(un.Drivers[y][m][s], un.Draws), Text: true})
			}
			t.Rows = append(t.Rows, row)
		}
		ts = append(ts, t)
	}
	return ts
}

// runUncertaintyTable lays out h.Uncertainty of a single run: for each
// indicator and headline year, its value with the total 95% interval and
// the standard deviations of its parameter and stochastic parts.
func (h *Headline) runUncertaintyTable() table {
	un := h.Uncertainty
	t := table{
		Caption: fmt.Sprintf("Parameter and stochastic uncertainty (%d draws x %d replicates)", un.Draws, un.PerDraw),
		Header:  []string{"Indicator", "Unit"},
		Plain:   true,
	}
	for _, year := range h.Years {
		t.Header = append(t.Header, fmt.Sprintf("%d (total 95%% interval)", year), "sd parameter", "sd stochastic")
	}
	for m, metric := range h.Metrics {
		t.Labels = append(t.Labels, Label(metric.Name))
		t.Units = append(t.Units, displayUnit(metric.Unit))
		var row []formatted
		for y := range h.Years {
			sp := un.Level[y][m][0]
			row = append(row,
				formatEstimate(results.Estimate{Mean: sp.Mean, Lo: sp.LoTotal, Hi: sp.HiTotal, N: un.Draws * un.PerDraw}, metric.Unit, false),
				formatSD(sp.SDParameter, metric.Unit), formatSD(sp.SDStochastic, metric.Unit))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// runUncertaintyExplanation says how to read the uncertainty table of a
// single run.
func (h *Headline) runUncertaintyExplanation() string {
	un := h.Uncertainty
	return fmt.Sprintf(" The run drew %d sets of parameter values from the priors (a Latin hypercube), each run with %d replicates; the figures above are over all %d runs,"+
		" and their intervals are those of the mean, not where a result may fall given what is not known of the parameters."+
		" For that, read the total 95%% interval in the uncertainty table: the mean ± 1.96 times the square root of the parameter and stochastic variances (law of total variance)."+
		" Which parameters drive the spread of a policy's effect is given by brainsim compare with --draws.",
		un.Draws, un.PerDraw, un.Draws*un.PerDraw)
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

// DriverList writes drivers at n draws, e.g. "emigration.wage_gap (r²
// 0.62, 58% of the parameter variance, p 0.001); return.savings (r² 0.17:
// not distinguishable from chance at 20 draws; use --draws 90)".
func DriverList(ds []Driver, n int) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Param+" ("+driverNote(d, n)+")")
	}
	return strings.Join(parts, "; ")
}

// driverNote is what driverList writes in parentheses after a driver's
// name.
func driverNote(d Driver, n int) string {
	r2 := fmt.Sprintf("r² %.2f", d.R2)
	if d.Distinguishable() {
		share := ""
		if isFinite(d.Share) {
			share = fmt.Sprintf(", %.0f%% of the parameter variance", 100*d.Share)
		}
		return fmt.Sprintf("%s%s, p %s", r2, share, formatP(d.P))
	}
	return r2 + ": " + indistinct(d, n)
}

// indistinct says that d is not distinguishable from chance at n draws and
// how many would do.
func indistinct(d Driver, n int) string {
	s := fmt.Sprintf("not distinguishable from chance at %d draws", n)
	if d.DrawsNeeded > n {
		return s + fmt.Sprintf("; use --draws %d", d.DrawsNeeded)
	}
	if d.DrawsNeeded == 0 {
		return s + fmt.Sprintf("; an r² this small would need more than %d", results.MaxDraws)
	}
	// The draws the formula gives are not more than n: the test (exact)
	// and the formula (approximate) disagree near the edge.
	return s + fmt.Sprintf("; use --draws %d", 2*n)
}

// formatP writes a p-value of the permutation test, whose least value is
// 1/(1+results.DriverPermutations).
func formatP(p float64) string {
	if least := 1 / float64(1+results.DriverPermutations); p <= least {
		return fmt.Sprintf("≤ %.3f", least)
	}
	return fmt.Sprintf("%.3f", p)
}

// uncertaintyExplanation says how to read the uncertainty tables.
func (h *Headline) uncertaintyExplanation() string {
	un := h.Uncertainty
	return fmt.Sprintf(" The scenarios ran at %d parameter draws from the priors (a Latin hypercube over %s), each with %d replicates;"+
		" draw d of every scenario took the same parameter quantiles and the same seed, so differences are paired on both."+
		" The figures above are over all %d runs, and their intervals are those of the mean (how sure the average is, which more runs narrow), not where a result may fall given what is not known of the parameters: for that, read the total 95%% intervals of the uncertainty tables. In those tables, each difference's variance is split by the law of total variance:"+
		" the stochastic part is the mean variance between replicates within a draw, the parameter part the variance of the draw means less the replicate noise of a mean;"+
		" the total 95%% interval is the mean ± 1.96 times the square root of their sum."+
		" The drivers are the three parameters whose quantile has the largest squared correlation (r²) with the draw means of the difference,"+
		" each with its estimated share of the parameter variance (r² adjusted for the %[5]d draws, less the replicate noise in the means)"+
		" and its p-value in a permutation test (%[6]d permutations of the draw means, allowing for the %[7]d parameters tested, Westfall and Young's max-T):"+
		" a driver with p above %.2[8]f is not distinguishable from chance at %[1]d draws (an unrelated parameter explains about 1/%[9]d of the spread on average, and the largest of %[7]d such r² is often 0.2 or more),"+
		" and the draws at which it would be, if its r² held, are given (80%% power).",
		un.Draws, strings.Join(un.Params, ", "), un.PerDraw, un.Draws*un.PerDraw, un.Draws, results.DriverPermutations, len(un.Params), results.DriverAlpha, un.Draws-1)
}

// WriteUncertaintyCSV writes h.Uncertainty as a CSV table with the header
// "year,indicator,unit,scenario,diff_mean,sd_parameter,sd_stochastic,
// lo_total,hi_total" followed by driver_K, r2_K, share_K, p_K and
// draws_needed_K for K = 1..TopDrivers (see Driver; draws_needed_K empty
// for a driver distinguishable from chance, 0 if more than
// results.MaxDraws would be needed):
// one record per headline year, indicator and scenario other than the
// baseline. It writes nothing but the header when h has no uncertainty.
func (h *Headline) WriteUncertaintyCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{"year", "indicator", "unit", "scenario", "diff_mean", "sd_parameter", "sd_stochastic", "lo_total", "hi_total"}
	for k := 1; k <= TopDrivers; k++ {
		header = append(header, fmt.Sprintf("driver_%d", k), fmt.Sprintf("r2_%d", k), fmt.Sprintf("share_%d", k),
			fmt.Sprintf("p_%d", k), fmt.Sprintf("draws_needed_%d", k))
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
							needed := ""
							if !d.Distinguishable() {
								needed = strconv.Itoa(d.DrawsNeeded)
							}
							rec = append(rec, d.Param, output.FormatFloat(d.R2), output.FormatFloat(d.Share), output.FormatFloat(d.P), needed)
						} else {
							rec = append(rec, "", "", "", "", "")
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

// uncertaintyFinding is the sentence KeyFindings adds for scenario s at
// headline year y when h has parameter draws: the difference in metric m
// with its total interval and split, and what drives its spread.
func (h *Headline) uncertaintyFinding(y, m, s int) string {
	un := h.Uncertainty
	metric := h.Metrics[m]
	sp := un.Diff[y][m][s]
	total := formatEstimate(results.Estimate{Mean: sp.Mean, Lo: sp.LoTotal, Hi: sp.HiTotal, N: un.Draws * un.PerDraw}, metric.Unit, true)
	out := fmt.Sprintf(" With the priors' uncertainty (%d draws x %d replicates), %s in %s: total 95%% interval %s (sd parameter %s, stochastic %s)",
		un.Draws, un.PerDraw, total.Mean, strings.ToLower(Label(metric.Name)), total.Interval,
		formatSD(sp.SDParameter, metric.Unit).Mean, formatSD(sp.SDStochastic, metric.Unit).Mean)
	if ds := un.Drivers[y][m][s]; len(ds) > 0 {
		out += "; its spread is driven by " + DriverList(ds, un.Draws)
	}
	return out + "."
}
