package report

import (
	"fmt"
	"math"
	"slices"

	"brainsim/output"
)

// HeadlineMetrics are the indicators of the headline table, in table order.
var HeadlineMetrics = []string{
	"skilled_home", "workers_home", "emigrants", "returnees", "emigration_rate",
	"health_workers_per_10k", "enrolments", "remittances", "policy_cost",
}

// HeadlineOffsets are the years after the start year at which the headline
// table reads the indicators.
var HeadlineOffsets = []int{5, 10, 20}

// Cell is one indicator of one scenario at one year.
type Cell struct {
	Value Estimate // the indicator: mean and 95% interval over replicates
	// Diff is the scenario minus the baseline, replicate by replicate: the
	// mean of the paired differences and its 95% t-interval. It is the zero
	// Estimate for the baseline itself and for a single run.
	Diff Estimate
}

// Cost is the fiscal side of one scenario at one year, against the
// baseline. Money is in USD PPP, persons in persons.
type Cost struct {
	// Cumulative is the policy cost summed from the start year to the
	// year: the sum of the yearly policy_cost rows.
	Cumulative Estimate
	// ExtraCost is Cumulative minus the baseline's, per replicate.
	ExtraCost Estimate
	// ExtraSkilled is skilled_home minus the baseline's at the year, per
	// replicate.
	ExtraSkilled Estimate
	// PerWorker is the cost per additional skilled worker at home:
	// ExtraCost / ExtraSkilled computed per replicate, then averaged with
	// its 95% interval. It is the zero Estimate (not computed) when
	// ExtraSkilled is not positive in some replicate, as NonPositive tells.
	PerWorker   Estimate
	NonPositive int // replicates in which ExtraSkilled <= 0
}

// Headline holds the headline indicators of one run, or of several
// scenarios run with the same seed and replicates, at the years of
// HeadlineOffsets that fall within the horizon.
type Headline struct {
	Scenarios  []string // scenario labels, in the order given
	Baseline   int      // index of the baseline in Scenarios; -1 for none (a single run)
	Replicates int
	StartYear  int
	Years      []int           // calendar years, e.g. 2030, 2035, 2045
	Metrics    []output.Metric // the indicators of HeadlineMetrics recorded by every run
	// Cells[y][m][s] is indicator Metrics[m] of scenario s at Years[y].
	Cells [][][]Cell
	// Costs[y][s] is scenario s's cost at Years[y]; nil for a single run.
	// The ExtraCost, ExtraSkilled and PerWorker of the baseline are zero.
	Costs [][]Cost
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
func FromSummary(name string, s *output.Summary, start int) *Headline {
	h := &Headline{Scenarios: []string{name}, Baseline: -1, Replicates: s.Replicates, StartYear: start}
	var idx []int
	for _, name := range HeadlineMetrics {
		if m := output.MetricIndex(s.Metrics, name); m >= 0 {
			h.Metrics = append(h.Metrics, s.Metrics[m])
			idx = append(idx, m)
		}
	}
	var rows []int
	h.Years, rows = headlineYears(s.Year, start)
	for _, i := range rows {
		cells := make([][]Cell, len(idx))
		for k, m := range idx {
			cells[k] = []Cell{{Value: Estimate{Mean: s.Mean[i][m], Lo: s.Lo[i][m], Hi: s.Hi[i][m], N: s.Replicates}}}
		}
		h.Cells = append(h.Cells, cells)
	}
	return h
}

// Compare returns the headline of scenarios run with common random numbers:
// runs[s] is scenario names[s]'s timeseries, all with the same replicates
// and rows, and runs[baseline] the baseline. Each indicator is given with
// its mean and 95% interval and, for the other scenarios, the mean and 95%
// t-interval of its per-replicate difference to the baseline; the costs
// are as documented on Cost. start is the start year shared by the runs.
//
// It returns an error if the runs differ in replicates, steps or years, or
// if baseline is out of range. It panics if len(names) != len(runs).
func Compare(names []string, runs []*output.Timeseries, baseline, start int) (*Headline, error) {
	if len(names) != len(runs) {
		panic(fmt.Sprintf("report: Compare: %d names for %d runs", len(names), len(runs)))
	}
	if baseline < 0 || baseline >= len(runs) {
		return nil, fmt.Errorf("report: baseline %d out of range [0, %d)", baseline, len(runs))
	}
	for s := range runs {
		if err := samePlan(runs[s], runs[baseline]); err != nil {
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
	for _, name := range HeadlineMetrics {
		cols := make([]int, len(runs))
		ok := true
		for s, ts := range runs {
			cols[s] = output.MetricIndex(ts.Metrics, name)
			ok = ok && cols[s] >= 0
		}
		if ok {
			h.Metrics = append(h.Metrics, b.Metrics[cols[baseline]])
			idx = append(idx, cols)
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
				cells[k][s].Value = MeanCI(vals)
				if s != baseline {
					cells[k][s].Diff = MeanCI(diffs)
				}
			}
		}
		h.Cells = append(h.Cells, cells)
	}
	h.Costs = costs(runs, baseline, h.Years, start)
	return h, nil
}

// samePlan returns an error unless a and b have the same replicates and
// the same rows.
func samePlan(a, b *output.Timeseries) error {
	if len(a.Values) != len(b.Values) {
		return fmt.Errorf("%d replicates, want %d", len(a.Values), len(b.Values))
	}
	if len(a.Year) != len(b.Year) {
		return fmt.Errorf("%d steps, want %d", len(a.Year), len(b.Year))
	}
	for i := range a.Year {
		if a.Step[i] != b.Step[i] || math.Abs(a.Year[i]-b.Year[i]) > yearTol {
			return fmt.Errorf("row %d is step %d of %.4f, want step %d of %.4f", i, a.Step[i], a.Year[i], b.Step[i], b.Year[i])
		}
	}
	return nil
}

// costs computes Headline.Costs; nil if a run lacks policy_cost or
// skilled_home.
func costs(runs []*output.Timeseries, baseline int, years []int, start int) [][]Cost {
	cost := make([]int, len(runs))
	skilled := make([]int, len(runs))
	for s, ts := range runs {
		cost[s] = output.MetricIndex(ts.Metrics, "policy_cost")
		skilled[s] = output.MetricIndex(ts.Metrics, "skilled_home")
		if cost[s] < 0 || skilled[s] < 0 {
			return nil
		}
	}
	b := runs[baseline]
	reps := len(b.Values)
	out := make([][]Cost, len(years))
	for y, year := range years {
		i := rowAt(b.Year, year)
		out[y] = make([]Cost, len(runs))
		base := make([]float64, reps)
		for r := range reps {
			base[r] = Cumulative(b, r, cost[baseline], start, year)
		}
		for s, ts := range runs {
			cum := make([]float64, reps)
			extra := make([]float64, reps)
			more := make([]float64, reps)
			per := make([]float64, reps)
			c := Cost{}
			for r := range reps {
				cum[r] = Cumulative(ts, r, cost[s], start, year)
				extra[r] = cum[r] - base[r]
				more[r] = ts.Values[r][i][skilled[s]] - b.Values[r][i][skilled[baseline]]
				if !(more[r] > 0) {
					c.NonPositive++
				}
				per[r] = extra[r] / more[r]
			}
			c.Cumulative = MeanCI(cum)
			if s != baseline {
				c.ExtraCost = MeanCI(extra)
				c.ExtraSkilled = MeanCI(more)
				if c.NonPositive == 0 {
					c.PerWorker = MeanCI(per)
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
func Cumulative(ts *output.Timeseries, r, m, start, year int) float64 {
	var sum float64
	for i, x := range ts.Year {
		w := math.Round(x)
		if math.Abs(x-w) < yearTol && w > float64(start) && w <= float64(year) {
			sum += ts.Values[r][i][m]
		}
	}
	return sum
}

// Difference returns the per-replicate difference a - b, row by row, over
// the metrics that a and b both record, in a's order: the timeseries whose
// summary (output.Summarize) gives the mean difference and its 95%
// t-interval, as compare plots it. Its Step and Year are a's.
//
// It returns an error if a and b differ in replicates, steps or years.
func Difference(a, b *output.Timeseries) (*output.Timeseries, error) {
	if err := samePlan(a, b); err != nil {
		return nil, fmt.Errorf("report: difference: %w", err)
	}
	var ma, mb []int
	d := &output.Timeseries{Step: slices.Clone(a.Step), Year: slices.Clone(a.Year)}
	for i, m := range a.Metrics {
		if j := output.MetricIndex(b.Metrics, m.Name); j >= 0 {
			d.Metrics = append(d.Metrics, m)
			ma, mb = append(ma, i), append(mb, j)
		}
	}
	d.Values = make([][][]float64, len(a.Values))
	for r := range a.Values {
		rows := make([][]float64, len(a.Step))
		back := make([]float64, len(a.Step)*len(ma))
		for i := range rows {
			row := back[i*len(ma) : (i+1)*len(ma) : (i+1)*len(ma)]
			for k := range ma {
				row[k] = a.Values[r][i][ma[k]] - b.Values[r][i][mb[k]]
			}
			rows[i] = row
		}
		d.Values[r] = rows
	}
	return d, nil
}
