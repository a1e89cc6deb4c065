package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
)

// Names of the cost rows in the headline tables.
const (
	CumulativeCostName = "policy_cost_cumulative"
	PerWorkerName      = "cost_per_additional_skilled_home"
	// FiscalCumulativeName is the fiscal balance summed from the start
	// year; its difference to the baseline is the net fiscal effect.
	FiscalCumulativeName = "fiscal_balance_cumulative"
	// PerWorkerTrainingName is the cost per additional skilled worker at
	// home including the change in public training spending.
	PerWorkerTrainingName = "cost_per_additional_skilled_home_with_training"
	costUnit              = "USD PPP"
	perWorkerUnit         = "USD PPP per person"
)

// costLabel and perWorkerLabel name the cost rows for readers.
func (h *Headline) costLabel(year int) string {
	return fmt.Sprintf("Policy cost, cumulative from %d to %d", h.StartYear, year)
}

const perWorkerLabel = "Cost per additional skilled worker at home"

// fiscalLabel names the cumulative fiscal balance row for readers.
func (h *Headline) fiscalLabel(year int) string {
	return fmt.Sprintf("Fiscal balance, cumulative from %d to %d", h.StartYear, year)
}

const perWorkerTrainingLabel = "Cost per additional skilled worker at home, with training"

// nonPositiveNote explains a cost per worker that is not computed.
func nonPositiveNote(c Cost, reps int) string {
	return fmt.Sprintf("n/a: the scenario has no more skilled workers at home than the baseline in %d of %d replicates", c.NonPositive, reps)
}

// WriteCSV writes h as a tidy CSV table with the header
// "year,indicator,unit,scenario,mean,lo95,hi95,diff_mean,diff_lo95,diff_hi95,note":
// one record per year, indicator and scenario, with the difference to the
// baseline (paired by replicate) for the other scenarios; then, when h
// compares scenarios, the cumulative policy cost (indicator
// policy_cost_cumulative, USD PPP from the start year, with its
// difference) and the cost per additional skilled worker at home
// (cost_per_additional_skilled_home, USD PPP per person; empty, with a
// note, when the difference in skilled workers is not positive in every
// replicate), the cumulative fiscal balance (fiscal_balance_cumulative, USD
// PPP from the start year; its difference is the net fiscal effect) and the
// cost per additional skilled worker at home including the change in public
// training spending (cost_per_additional_skilled_home_with_training).
// Numbers are written by output.FormatFloat; fields that do not apply are
// empty.
//
// When h has parameter draws (h.Uncertainty), eight columns follow the
// note: sd_parameter, sd_stochastic, lo_total and hi_total of the
// scenario's value and diff_sd_parameter, diff_sd_stochastic,
// diff_lo_total and diff_hi_total of its difference to the baseline (the
// law-of-total-variance split and total 95% interval, results.Split; the
// lo95 and hi95 before them are then the intervals of the mean over all
// draws and replicates). They are empty for the cost rows, which are not
// split.
func (h *Headline) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{"year", "indicator", "unit", "scenario", "mean", "lo95", "hi95", "diff_mean", "diff_lo95", "diff_hi95", "note"}
	un := h.Uncertainty
	if un != nil {
		header = append(header, "sd_parameter", "sd_stochastic", "lo_total", "hi_total",
			"diff_sd_parameter", "diff_sd_stochastic", "diff_lo_total", "diff_hi_total")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	// split returns the split columns of a scenario's value and difference
	// (none without draws; empty for an unsplit row, nil v).
	split := func(v, d *results.Split) []string {
		if un == nil {
			return nil
		}
		out := make([]string, 0, 8)
		for _, sp := range []*results.Split{v, d} {
			if sp == nil {
				out = append(out, "", "", "", "")
				continue
			}
			out = append(out, output.FormatFloat(sp.SDParameter), output.FormatFloat(sp.SDStochastic),
				output.FormatFloat(sp.LoTotal), output.FormatFloat(sp.HiTotal))
		}
		return out
	}
	est := func(e results.Estimate) []string {
		if e.N == 0 {
			return []string{"", "", ""}
		}
		return []string{output.FormatFloat(e.Mean), output.FormatFloat(e.Lo), output.FormatFloat(e.Hi)}
	}
	write := func(year int, name, unit, scenario string, v, d results.Estimate, note string, splits []string) error {
		rec := []string{strconv.Itoa(year), name, unit, scenario}
		rec = append(rec, est(v)...)
		rec = append(rec, est(d)...)
		rec = append(rec, note)
		if un != nil && splits == nil {
			splits = split(nil, nil)
		}
		return cw.Write(append(rec, splits...))
	}
	for y, year := range h.Years {
		for m, metric := range h.Metrics {
			for s, name := range h.Scenarios {
				c := h.Cells[y][m][s]
				var splits []string
				if un != nil {
					var d *results.Split
					if h.Compared() && s != h.Baseline {
						d = &un.Diff[y][m][s]
					}
					splits = split(&un.Level[y][m][s], d)
				}
				if err := write(year, metric.Name, metric.Unit, name, c.Value, c.Diff, "", splits); err != nil {
					return err
				}
			}
		}
		if h.Costs == nil {
			continue
		}
		// Cumulative figures for every scenario (with the difference to the
		// baseline), then a cost per worker for each scenario but the
		// baseline, with a note where it is undefined.
		cumulative := func(name string, v func(Cost) (results.Estimate, results.Estimate)) error {
			for s, scen := range h.Scenarios {
				value, diff := v(h.Costs[y][s])
				if err := write(year, name, costUnit, scen, value, diff, "", nil); err != nil {
					return err
				}
			}
			return nil
		}
		perWorker := func(name string, v func(Cost) results.Estimate) error {
			for s, scen := range h.Scenarios {
				if s == h.Baseline {
					continue
				}
				c := h.Costs[y][s]
				note := ""
				if v(c).N == 0 {
					note = nonPositiveNote(c, h.Replicates)
				}
				if err := write(year, name, perWorkerUnit, scen, v(c), results.Estimate{}, note, nil); err != nil {
					return err
				}
			}
			return nil
		}
		if err := cumulative(CumulativeCostName, func(c Cost) (results.Estimate, results.Estimate) { return c.Cumulative, c.ExtraCost }); err != nil {
			return err
		}
		if err := perWorker(PerWorkerName, func(c Cost) results.Estimate { return c.PerWorker }); err != nil {
			return err
		}
		if err := cumulative(FiscalCumulativeName, func(c Cost) (results.Estimate, results.Estimate) { return c.FiscalCumulative, c.NetFiscal }); err != nil {
			return err
		}
		if err := perWorker(PerWorkerTrainingName, func(c Cost) results.Estimate { return c.PerWorkerTraining }); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// table is a headline table for one year (when comparing) or for all years
// (a single run), with header and rows of formatted cells.
type table struct {
	Caption string
	Header  []string
	Rows    [][]formatted
	Labels  []string // first column of each row
	Units   []string // second column of each row
	// Plain marks a table whose columns are not one per scenario and
	// difference (the uncertainty tables): no scenario colours.
	Plain bool
}

// tables lays h out for reading: for a single run, one table with a column
// per year; when comparing, one table per year with a column per scenario
// and one per difference to the baseline.
func (h *Headline) tables() []table {
	if !h.Compared() {
		t := table{Header: []string{"Indicator", "Unit"}}
		for _, y := range h.Years {
			t.Header = append(t.Header, fmt.Sprintf("%d (year %d)", y, y-h.StartYear))
		}
		for m, metric := range h.Metrics {
			t.Labels = append(t.Labels, Label(metric.Name))
			t.Units = append(t.Units, displayUnit(metric.Unit))
			var row []formatted
			for y := range h.Years {
				row = append(row, formatEstimate(h.Cells[y][m][0].Value, metric.Unit, false))
			}
			t.Rows = append(t.Rows, row)
		}
		return append([]table{t}, h.uncertaintyTables()...)
	}
	others := h.others()
	var ts []table
	for y, year := range h.Years {
		t := table{
			Caption: fmt.Sprintf("%d, year %d", year, year-h.StartYear),
			Header:  []string{"Indicator", "Unit"},
		}
		t.Header = append(t.Header, h.Scenarios...)
		for _, s := range others {
			t.Header = append(t.Header, h.Scenarios[s]+" − "+h.Scenarios[h.Baseline])
		}
		for m, metric := range h.Metrics {
			t.Labels = append(t.Labels, Label(metric.Name))
			u := displayUnit(metric.Unit)
			if isShare(metric.Unit) {
				u = "% (difference: pp)"
			}
			t.Units = append(t.Units, u)
			var row []formatted
			for s := range h.Scenarios {
				row = append(row, formatEstimate(h.Cells[y][m][s].Value, metric.Unit, false))
			}
			for _, s := range others {
				row = append(row, formatEstimate(h.Cells[y][m][s].Diff, metric.Unit, true))
			}
			t.Rows = append(t.Rows, row)
		}
		if h.Costs != nil {
			t.Labels = append(t.Labels, h.costLabel(year), perWorkerLabel, h.fiscalLabel(year), perWorkerTrainingLabel)
			t.Units = append(t.Units, costUnit, perWorkerUnit, costUnit, perWorkerUnit)
			var cum, per, fiscal, perTrained []formatted
			notComputed := func(c Cost) formatted {
				return formatted{Mean: "n/a", Interval: fmt.Sprintf("not more skilled at home in %d of %d replicates", c.NonPositive, h.Replicates)}
			}
			for s := range h.Scenarios {
				cum = append(cum, formatEstimate(h.Costs[y][s].Cumulative, costUnit, false))
				per = append(per, formatted{Mean: "—"})
				fiscal = append(fiscal, formatEstimate(h.Costs[y][s].FiscalCumulative, costUnit, false))
				perTrained = append(perTrained, formatted{Mean: "—"})
			}
			for _, s := range others {
				c := h.Costs[y][s]
				cum = append(cum, formatEstimate(c.ExtraCost, costUnit, true))
				fiscal = append(fiscal, formatEstimate(c.NetFiscal, costUnit, true))
				if c.PerWorker.N == 0 {
					per = append(per, notComputed(c))
					perTrained = append(perTrained, notComputed(c))
				} else {
					per = append(per, formatEstimate(c.PerWorker, costUnit, false))
					perTrained = append(perTrained, formatEstimate(c.PerWorkerTraining, costUnit, false))
				}
			}
			t.Rows = append(t.Rows, cum, per, fiscal, perTrained)
		}
		ts = append(ts, t)
	}
	return append(ts, h.uncertaintyTables()...)
}

// others returns the indices of the scenarios other than the baseline.
func (h *Headline) others() []int {
	var s []int
	for i := range h.Scenarios {
		if i != h.Baseline {
			s = append(s, i)
		}
	}
	return s
}

// Explanation is the sentence that says how to read the headline tables.
func (h *Headline) Explanation() string {
	s := fmt.Sprintf("Each figure is the mean over %d replicates, with its 95%% confidence interval in parentheses.", h.Replicates)
	if h.Compared() {
		s += fmt.Sprintf(" All scenarios ran with the same seed, so replicate r of each shares its random numbers with replicate r of the others;"+
			" a difference is computed replicate by replicate (scenario minus %s) and given with the 95%% t-interval of those paired differences."+
			" The cost per additional skilled worker at home is the extra cumulative policy cost over the baseline divided by the extra skilled workers at home at that year, per replicate, then averaged;"+
			" it is n/a when some replicate has no extra skilled workers."+
			" The fiscal balance is the tax on wages at home minus public training spending, the public wage bill and the policy cost; its cumulative difference to the baseline is the net fiscal effect."+
			" The cost per additional skilled worker with training adds the change in cumulative public training spending to the extra policy cost.", h.Scenarios[h.Baseline])
		if h.Uncertainty != nil {
			s += h.uncertaintyExplanation()
		}
	} else if h.Uncertainty != nil {
		s += h.runUncertaintyExplanation()
	}
	return s
}

// WriteMarkdown writes h as Markdown: a heading, how to read the figures,
// and the tables (one per year when comparing scenarios).
func (h *Headline) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	if h.Compared() {
		fmt.Fprintf(&b, "# Headline indicators: %s against %s\n\n", strings.Join(otherNames(h), ", "), h.Scenarios[h.Baseline])
	} else {
		fmt.Fprintf(&b, "# Headline indicators: %s\n\n", h.Scenarios[0])
	}
	b.WriteString(h.Explanation() + "\n")
	for _, t := range h.tables() {
		if t.Caption != "" {
			fmt.Fprintf(&b, "\n## %s\n", t.Caption)
		}
		b.WriteString("\n|")
		for _, c := range t.Header {
			b.WriteString(" " + mdCell(c) + " |")
		}
		b.WriteString("\n|")
		for i := range t.Header {
			if i < 2 {
				b.WriteString(" --- |")
			} else {
				b.WriteString(" ---: |")
			}
		}
		b.WriteString("\n")
		for i, row := range t.Rows {
			fmt.Fprintf(&b, "| %s | %s |", mdCell(t.Labels[i]), mdCell(t.Units[i]))
			for _, c := range row {
				b.WriteString(" " + mdCell(c.String()) + " |")
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func otherNames(h *Headline) []string {
	var ns []string
	for _, s := range h.others() {
		ns = append(ns, h.Scenarios[s])
	}
	return ns
}

// mdCell escapes a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// KeyFindings returns, when h compares scenarios, one sentence per
// scenario other than the baseline giving, at the last headline year, its
// difference in skilled workers and health workers at home, its extra
// policy cost, the cost per additional skilled worker (without and with
// training) and the net fiscal effect; nil otherwise.
func (h *Headline) KeyFindings() []string {
	if !h.Compared() || len(h.Years) == 0 {
		return nil
	}
	y := len(h.Years) - 1
	year := h.Years[y]
	cell := func(metric string, s int) (Cell, string, bool) {
		for m, mm := range h.Metrics {
			if mm.Name == metric {
				return h.Cells[y][m][s], mm.Unit, true
			}
		}
		return Cell{}, "", false
	}
	var out []string
	for _, s := range h.others() {
		var parts []string
		if c, unit, ok := cell(results.SkilledHome, s); ok {
			parts = append(parts, fmt.Sprintf("%s skilled workers at home", formatEstimate(c.Diff, unit, true)))
		}
		if c, unit, ok := cell(results.HealthWorkersPer10k, s); ok {
			parts = append(parts, fmt.Sprintf("%s health workers per 10,000 population", formatEstimate(c.Diff, unit, true)))
		}
		if c, unit, ok := cell(results.Emigrants, s); ok {
			parts = append(parts, fmt.Sprintf("%s emigrants abroad", formatEstimate(c.Diff, unit, true)))
		}
		// "at 2030 (year 5)": the state at the end of the fifth year, as
		// the headline table, the charts and the command read the row.
		sentence := fmt.Sprintf("%s, at %d (year %d) against %s: %s.", h.Scenarios[s], year, year-h.StartYear, h.Scenarios[h.Baseline], strings.Join(parts, "; "))
		if h.Costs != nil {
			c := h.Costs[y][s]
			sentence += fmt.Sprintf(" Extra policy cost from %d: %s USD PPP", h.StartYear, formatEstimate(c.ExtraCost, costUnit, true))
			if c.PerWorker.N == 0 {
				sentence += fmt.Sprintf("; cost per additional skilled worker at home: n/a (not more skilled workers at home in %d of %d replicates).", c.NonPositive, h.Replicates)
			} else {
				sentence += fmt.Sprintf(", that is %s USD PPP per additional skilled worker at home (%s with training).",
					formatEstimate(c.PerWorker, costUnit, false), formatEstimate(c.PerWorkerTraining, costUnit, false))
			}
			sentence += fmt.Sprintf(" Net fiscal effect from %d: %s USD PPP.", h.StartYear, formatEstimate(c.NetFiscal, costUnit, true))
		}
		if h.Uncertainty != nil {
			for m, mm := range h.Metrics {
				if mm.Name == results.SkilledHome {
					sentence += h.uncertaintyFinding(y, m, s)
				}
			}
		}
		out = append(out, sentence)
	}
	return out
}
