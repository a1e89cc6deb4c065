package report

import (
	"fmt"
	"math"
	"slices"

	"github.com/brainsim/brainsim/results"
)

// HeadlineMetrics are the indicators of the headline table, in table order.
// Every run records them; a run that lacks one is an error of FromSummary
// and Compare.
var HeadlineMetrics = []string{
	results.SkilledHome, results.WorkersHome, results.Emigrants, results.Returnees, results.EmigrationRate,
	results.HealthWorkersPer10k, results.Enrolments, results.Remittances, results.PolicyCost,
	results.FiscalBalance,
}

// HeadlineOffsets are the years after the start year at which the headline
// table reads the indicators.
var HeadlineOffsets = []int{5, 10, 20}

// Cell is one indicator of one scenario at one year.
type Cell struct {
	Value results.Estimate // the indicator: mean and 95% interval over replicates
	// Diff is the scenario minus the baseline, replicate by replicate: the
	// mean of the paired differences and its 95% t-interval. It is the zero
	// results.Estimate for the baseline itself and for a single run.
	Diff results.Estimate
}

// Cost is the fiscal side of one scenario at one year, against the
// baseline. Money is in USD PPP, persons in persons.
type Cost struct {
	// Cumulative is the policy cost summed from the start year to the
	// year: the sum of the yearly policy_cost rows.
	Cumulative results.Estimate
	// ExtraCost is Cumulative minus the baseline's, per replicate.
	ExtraCost results.Estimate
	// ExtraSkilled is skilled_home minus the baseline's at the year, per
	// replicate.
	ExtraSkilled results.Estimate
	// PerWorker is the cost per additional skilled worker at home:
	// ExtraCost / ExtraSkilled computed per replicate, then averaged with
	// its 95% interval. It is the zero results.Estimate (not computed) when
	// ExtraSkilled is not positive in some replicate, as NonPositive tells.
	PerWorker   results.Estimate
	NonPositive int // replicates in which ExtraSkilled <= 0

	// FiscalCumulative is the fiscal balance (tax revenue minus training
	// spending, the public wage bill and the policy cost) summed from the
	// start year to the year, as Cumulative sums the policy cost.
	FiscalCumulative results.Estimate
	// NetFiscal is FiscalCumulative minus the baseline's, per replicate:
	// the net fiscal effect of the scenario.
	NetFiscal results.Estimate
	// ExtraTraining is the public training spending summed from the start
	// year to the year, minus the baseline's, per replicate.
	ExtraTraining results.Estimate
	// PerWorkerTraining is the cost per additional skilled worker at home
	// including training: (ExtraCost + ExtraTraining) / ExtraSkilled per
	// replicate, then averaged with its 95% interval; the zero
	// results.Estimate when PerWorker is.
	PerWorkerTraining results.Estimate
}

// Headline holds the headline indicators of one run, or of several
// scenarios run with the same seed and replicates, at the years of
// HeadlineOffsets that fall within the horizon.
type Headline struct {
	Scenarios  []string // scenario labels, in the order given
	Baseline   int      // index of the baseline in Scenarios; -1 for none (a single run)
	Replicates int
	StartYear  int
	Years      []int            // calendar years, e.g. 2030, 2035, 2045
	Metrics    []results.Metric // the indicators of HeadlineMetrics recorded by every run
	// Cells[y][m][s] is indicator Metrics[m] of scenario s at Years[y].
	Cells [][][]Cell
	// Costs[y][s] is scenario s's cost at Years[y]; nil for a single run.
	// The ExtraCost, ExtraSkilled and PerWorker of the baseline are zero.
	Costs [][]Cost
	// Uncertainty is the split of the differences when the runs are
	// parameter draws (AddUncertainty); nil otherwise.
	Uncertainty *Uncertainty
}

// Compared reports whether h compares scenarios with a baseline.
func (h *Headline) Compared() bool { return h.Baseline >= 0 }

// yearTol is how close a row's year must be to a whole year to be read as
// that year (rows are at start + step/steps_per_year).
const yearTol = 1e-6

// rowAt returns the index of the row at calendar year y, or -1.
func rowAt(years []float64, y int) int {
	for i, x := range years {
		if math.Abs(x-float64(y)) < yearTol {
			return i
		}
	}
	return -1
}

// headlineYears returns the years of HeadlineOffsets after start that have
// a row, and those rows.
func headlineYears(years []float64, start int) (ys, rows []int) {
	for _, off := range HeadlineOffsets {
		if i := rowAt(years, start+off); i >= 0 {
			ys = append(ys, start+off)
			rows = append(rows, i)
		}
	}
	return ys, rows
}

// FromSummary returns the headline of a single run, labelled name, read from
// its summary: the replicate mean and 95% interval of each indicator at
// start+5, start+10 and start+20, where start is the scenario's start year.
//
// When s has parameter draws (s.Split), h.Uncertainty holds the split of
// each value (Uncertainty.Level; no differences, no drivers).
//
// It returns an error naming the first of HeadlineMetrics that s lacks.
func FromSummary(name string, s *results.Summary, start int) (*Headline, error) {
	h := &Headline{Scenarios: []string{name}, Baseline: -1, Replicates: s.Replicates, StartYear: start}
	var idx []int
	for _, metric := range HeadlineMetrics {
		m := results.MetricIndex(s.Metrics, metric)
		if m < 0 {
			return nil, fmt.Errorf("report: headline of %s: %w", name, missing(s.Metrics, metric))
		}
		h.Metrics = append(h.Metrics, s.Metrics[m])
		idx = append(idx, m)
	}
	var rows []int
	h.Years, rows = headlineYears(s.Year, start)
	for _, i := range rows {
		cells := make([][]Cell, len(idx))
		for k, m := range idx {
			cells[k] = []Cell{{Value: results.Estimate{Mean: s.Mean[i][m], Lo: s.Lo[i][m], Hi: s.Hi[i][m], N: s.Replicates}}}
		}
		h.Cells = append(h.Cells, cells)
	}
	if sp := s.Split; sp != nil {
		un := &Uncertainty{Draws: sp.Draws, PerDraw: sp.PerDraw}
		for _, i := range rows {
			ly := make([][]results.Split, len(idx))
			for k, m := range idx {
				ly[k] = []results.Split{{
					Mean: s.Mean[i][m], SDParameter: sp.SDParameter[i][m], SDStochastic: sp.SDStochastic[i][m],
					SDTotal: (sp.HiTotal[i][m] - s.Mean[i][m]) / results.TotalZ, LoTotal: sp.LoTotal[i][m], HiTotal: sp.HiTotal[i][m],
				}}
			}
			un.Level = append(un.Level, ly)
		}
		h.Uncertainty = un
	}
	return h, nil
}

// missing returns the error of a metric asked for and not recorded.
func missing(ms []results.Metric, metric string) error {
	_, err := results.Lookup(ms, metric)
	return err
}

// Compare returns the headline of scenarios run with common random numbers:
// runs[s] is scenario names[s]'s timeseries, all with the same replicates
// and rows, and runs[baseline] the baseline. Each indicator is given with
// its mean and 95% interval and, for the other scenarios, the mean and 95%
// t-interval of its per-replicate difference to the baseline; the costs
// are as documented on Cost. start is the start year shared by the runs.
//
// It returns an error if the runs differ in replicates, steps or years, if a
// run lacks one of HeadlineMetrics or training_spend, or if baseline is out
// of range. It panics if len(names) != len(runs).
func Compare(names []string, runs []*results.Timeseries, baseline, start int) (*Headline, error) {
	if len(names) != len(runs) {
		panic(fmt.Sprintf("report: Compare: %d names for %d runs", len(names), len(runs)))
	}
	if baseline < 0 || baseline >= len(runs) {
		return nil, fmt.Errorf("report: baseline %d out of range [0, %d)", baseline, len(runs))
	}
	for s := range runs {
		if err := results.SamePlan(runs[s], runs[baseline]); err != nil {
			return nil, fmt.Errorf("report: %s against %s: %w", names[s], names[baseline], err)
		}
	}
	b := runs[baseline]
	h := &Headline{
		Scenarios:  slices.Clone(names),
		Baseline:   baseline,
		Replicates: len(b.Values),
		StartYear:  start,
	}
	// idx[k][s] is metric k's column in runs[s].
	var idx [][]int
	for _, metric := range HeadlineMetrics {
		cols := make([]int, len(runs))
		for s, ts := range runs {
			if cols[s] = results.MetricIndex(ts.Metrics, metric); cols[s] < 0 {
				return nil, fmt.Errorf("report: headline of %s: %w", names[s], missing(ts.Metrics, metric))
			}
		}
		h.Metrics = append(h.Metrics, b.Metrics[cols[baseline]])
		idx = append(idx, cols)
	}
	for s, ts := range runs {
		if results.MetricIndex(ts.Metrics, results.TrainingSpend) < 0 {
			return nil, fmt.Errorf("report: costs of %s: %w", names[s], missing(ts.Metrics, results.TrainingSpend))
		}
	}
	var rows []int
	h.Years, rows = headlineYears(b.Year, start)
	reps := len(b.Values)
	vals := make([]float64, reps)
	diffs := make([]float64, reps)
	for _, i := range rows {
		cells := make([][]Cell, len(idx))
		for k, cols := range idx {
			cells[k] = make([]Cell, len(runs))
			for s, ts := range runs {
				for r := range reps {
					vals[r] = ts.Values[r][i][cols[s]]
					diffs[r] = vals[r] - b.Values[r][i][cols[baseline]]
				}
				cells[k][s].Value = results.MeanCI(vals)
				if s != baseline {
					cells[k][s].Diff = results.MeanCI(diffs)
				}
			}
		}
		h.Cells = append(h.Cells, cells)
	}
	h.Costs = costs(runs, baseline, h.Years, start)
	return h, nil
}

// costs computes Headline.Costs from policy_cost, skilled_home and
// fiscal_balance (among HeadlineMetrics) and training_spend, which Compare
// has checked every run records.
func costs(runs []*results.Timeseries, baseline int, years []int, start int) [][]Cost {
	cost := make([]int, len(runs))
	skilled := make([]int, len(runs))
	balance := make([]int, len(runs))
	training := make([]int, len(runs))
	for s, ts := range runs {
		cost[s] = results.MetricIndex(ts.Metrics, results.PolicyCost)
		skilled[s] = results.MetricIndex(ts.Metrics, results.SkilledHome)
		balance[s] = results.MetricIndex(ts.Metrics, results.FiscalBalance)
		training[s] = results.MetricIndex(ts.Metrics, results.TrainingSpend)
	}
	b := runs[baseline]
	reps := len(b.Values)
	out := make([][]Cost, len(years))
	for y, year := range years {
		i := rowAt(b.Year, year)
		out[y] = make([]Cost, len(runs))
		base := make([]float64, reps)
		baseBalance := make([]float64, reps)
		baseTraining := make([]float64, reps)
		for r := range reps {
			base[r] = Cumulative(b, r, cost[baseline], start, year)
			baseBalance[r] = Cumulative(b, r, balance[baseline], start, year)
			baseTraining[r] = Cumulative(b, r, training[baseline], start, year)
		}
		for s, ts := range runs {
			cum := make([]float64, reps)
			extra := make([]float64, reps)
			more := make([]float64, reps)
			per := make([]float64, reps)
			fiscal := make([]float64, reps)
			net := make([]float64, reps)
			trained := make([]float64, reps)
			perTrained := make([]float64, reps)
			c := Cost{}
			for r := range reps {
				cum[r] = Cumulative(ts, r, cost[s], start, year)
				extra[r] = cum[r] - base[r]
				more[r] = ts.Values[r][i][skilled[s]] - b.Values[r][i][skilled[baseline]]
				if !(more[r] > 0) {
					c.NonPositive++
				}
				per[r] = extra[r] / more[r]
				fiscal[r] = Cumulative(ts, r, balance[s], start, year)
				net[r] = fiscal[r] - baseBalance[r]
				trained[r] = Cumulative(ts, r, training[s], start, year) - baseTraining[r]
				perTrained[r] = (extra[r] + trained[r]) / more[r]
			}
			c.Cumulative = results.MeanCI(cum)
			c.FiscalCumulative = results.MeanCI(fiscal)
			if s != baseline {
				c.ExtraCost = results.MeanCI(extra)
				c.ExtraSkilled = results.MeanCI(more)
				c.NetFiscal = results.MeanCI(net)
				c.ExtraTraining = results.MeanCI(trained)
				if c.NonPositive == 0 {
					c.PerWorker = results.MeanCI(per)
					c.PerWorkerTraining = results.MeanCI(perTrained)
				}
			} else {
				c.NonPositive = 0
			}
			out[y][s] = c
		}
	}
	return out
}

// Cumulative returns replicate r's sum of metric m (a flow summed over the
// trailing year, such as policy_cost) from the start year to year: the sum
// of its values at the rows that end whole years after start, up to and
// including year. Those rows hold exact yearly sums, so their sum is the
// total over the years; the rows in between would count each step
// steps_per_year times.
func Cumulative(ts *results.Timeseries, r, m, start, year int) float64 {
	var sum float64
	for i, x := range ts.Year {
		w := math.Round(x)
		if math.Abs(x-w) < yearTol && w > float64(start) && w <= float64(year) {
			sum += ts.Values[r][i][m]
		}
	}
	return sum
}
