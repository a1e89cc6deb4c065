package charts

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
)

// whoRefs are the WHO thresholds of health-worker density, doctors, nurses
// and midwives per 10,000 population: 44.5, the SDG index threshold (WHO
// 2016, Global Strategy on Human Resources for Health: Workforce 2030), and
// 49, below which a country is on the 2023 health workforce support and
// safeguards list.
var whoRefs = []plot.Reference{
	{Label: "WHO SDG index threshold, 44.5", Value: 44.5},
	{Label: "WHO safeguards list (2023), 49", Value: 49},
}

// yLabels of the charts, by metric unit.
var yLabels = map[string]string{
	"persons":               "persons",
	"persons/year":          "persons per year",
	"USD PPP/year":          "USD PPP per year",
	"share":                 "share",
	"per 10,000 population": "health workers per 10,000 population",
	"full-time equivalents": "full-time equivalents",
}

// yLabelOf returns the y axis title for a metric's unit.
func yLabelOf(unit string) string {
	if l, ok := yLabels[unit]; ok {
		return l
	}
	return unit
}

// bandLine is the second line of every chart title: what the line and the
// band are.
func bandLine(reps int) string {
	if reps == 1 {
		return "one replicate, no interval"
	}
	return fmt.Sprintf("mean and 95%% interval over %d replicates", reps)
}

// summaryLine is bandLine for the bands of s: with parameter draws, the
// band is the total interval over the draws and their replicates.
func summaryLine(s *results.Summary) string {
	if sp := s.Split; sp != nil {
		return fmt.Sprintf("mean, 95%% total interval (light) and its stochastic part (dark); %d draws x %d replicates", sp.Draws, sp.PerDraw)
	}
	return bandLine(s.Replicates)
}

// drawsNote is the sentence each section's introduction ends with when
// the runs are parameter draws (sp not nil), "" otherwise: the bands are
// then not the intervals the introduction names.
func drawsNote(sp *results.DrawSplit) string {
	if sp == nil {
		return ""
	}
	return fmt.Sprintf(" With parameter draws (%d draws from the priors x %d replicates) the bands are not intervals of the mean:"+
		" the light band is the 95%% total interval, where one run's outcome falls under parameter and stochastic uncertainty,"+
		" and the dark band inside it the stochastic part alone (mean ± 1.96 sd_stochastic); where the light band extends beyond the dark one, the priors widen it.",
		sp.Draws, sp.PerDraw)
}

// anyPositive reports whether the named metric's mean is positive at some
// row of s. It returns an error if s has no such metric: an optional chart
// is left out because its metric stays at zero, never because its name is
// stale.
func anyPositive(s *results.Summary, metric string) (bool, error) {
	m := results.MetricIndex(s.Metrics, metric)
	if m < 0 {
		return false, fmt.Errorf("charts: %w", missing(s.Metrics, metric))
	}
	for i := range s.Mean {
		if s.Mean[i][m] > 0 {
			return true, nil
		}
	}
	return false, nil
}

// missing returns the error of a metric asked for and not recorded.
func missing(ms []results.Metric, metric string) error {
	_, err := results.Lookup(ms, metric)
	return err
}

// summaryBand returns the band of a metric of s, with the rows of the first,
// partial year left out for a flow (Kind results.Flow: its trailing-year sum
// covers less than a year there). With clamp, the band's lower edge of a
// metric that cannot be negative (not Signed: a stock of persons, a share) is
// cut at zero: it gets an interval that can be negative, from few
// replicates, and an axis extended below zero would only squeeze the data.
//
// It returns an error if s has no such metric.
func summaryBand(s *results.Summary, metric, label string, stepsPerYear int, clamp bool) (plot.Band, error) {
	m, err := results.Lookup(s.Metrics, metric)
	if err != nil {
		return plot.Band{}, fmt.Errorf("charts: %w", err)
	}
	b, ok := plot.FromSummary(s, metric, label)
	if !ok {
		panic("charts: plot.FromSummary lost metric " + metric)
	}
	if sp := s.Split; sp != nil {
		// Parameter draws: the band is the total interval, parameters and
		// noise (results.Split), not the interval of the mean; inside it,
		// darker, the stochastic part alone, mean ± TotalZ·sd_stochastic:
		// where the band is light, the parameters widen it.
		k := results.MetricIndex(s.Metrics, metric)
		b.InnerLo, b.InnerHi = make([]float64, len(b.Lo)), make([]float64, len(b.Lo))
		for i := range b.Lo {
			b.Lo[i], b.Hi[i] = sp.LoTotal[i][k], sp.HiTotal[i][k]
			w := results.TotalZ * sp.SDStochastic[i][k] // NaN with one replicate per draw: not drawn
			b.InnerLo[i], b.InnerHi[i] = b.Mean[i]-w, b.Mean[i]+w
		}
	}
	if m.Kind == results.Flow {
		maskPartialYear(&b, s.Step, stepsPerYear)
	}
	if clamp && !m.Signed {
		for i, lo := range b.Lo {
			if lo < 0 {
				b.Lo[i] = 0
			}
		}
		for i, lo := range b.InnerLo {
			if lo < 0 {
				b.InnerLo[i] = 0
			}
		}
	}
	return b, nil
}

// maskPartialYear sets b's values to NaN (not drawn) at the rows before the
// first full year, for a flow.
func maskPartialYear(b *plot.Band, steps []int, stepsPerYear int) {
	nan := math.NaN()
	for i, st := range steps {
		if st >= stepsPerYear {
			break
		}
		b.Mean[i] = nan
		if b.Lo != nil {
			b.Lo[i], b.Hi[i] = nan, nan
		}
		if b.InnerLo != nil {
			b.InnerLo[i], b.InnerHi[i] = nan, nan
		}
	}
}

// flowXLabel is the x axis title of a chart that draws a flow: the chart
// says on its own, without the report, why its lines start a year late.
const flowXLabel = "year (yearly sums, from the end of the first whole year)"

// zeroThroughout reports whether the named metric of s is zero in every
// replicate at every row: its mean and standard deviation are 0 at every
// row (a NaN is not zero). Its chart says nothing a sentence cannot, such
// as the difference in enrolments of two scenarios that never change them.
// It returns an error if s has no such metric.
func zeroThroughout(s *results.Summary, metric string) (bool, error) {
	m := results.MetricIndex(s.Metrics, metric)
	if m < 0 {
		return false, fmt.Errorf("charts: %w", missing(s.Metrics, metric))
	}
	for i := range s.Mean {
		if s.Mean[i][m] != 0 || s.SD[i][m] != 0 {
			return false, nil
		}
	}
	return true, nil
}

// notes says what the bands of a chart leave out or cut.
type notes struct {
	flow    bool // a metric is a flow: its first, partial year is not drawn
	clamped bool // a band's lower edge is cut at zero somewhere
}

// caption returns the sentences a chart's caption gains from n, each with
// a leading space; "" for none.
func (n notes) caption() string {
	var s string
	if n.flow {
		s += " Flows are sums over the trailing year: the rows of the first year cover less than a year and are not drawn, " +
			"so the lines start at the end of the first whole year (summary.csv keeps every row)."
	}
	if n.clamped {
		s += " Where the 95% interval of a quantity that cannot be negative reaches below zero (few replicates, values near zero), " +
			"the band is cut at 0; summary.csv gives the exact bounds."
	}
	return s
}

// or returns the notes of n and o together.
func (n notes) or(o notes) notes {
	return notes{flow: n.flow || o.flow, clamped: n.clamped || o.clamped}
}

// bandNotes returns the notes of the bands of metrics in s, drawn as
// summaryBand draws them with clamp set. It returns an error naming a
// metric s lacks.
func bandNotes(s *results.Summary, metrics []string, stepsPerYear int) (notes, error) {
	var n notes
	for _, metric := range metrics {
		m, err := results.Lookup(s.Metrics, metric)
		if err != nil {
			return notes{}, fmt.Errorf("charts: %w", err)
		}
		k := results.MetricIndex(s.Metrics, metric)
		flow := m.Kind == results.Flow
		n.flow = n.flow || flow
		if m.Signed {
			continue
		}
		for i, lo := range s.Lo {
			if flow && s.Step[i] < stepsPerYear {
				continue // not drawn
			}
			if lo[k] < 0 {
				n.clamped = true
				break
			}
		}
	}
	return n, nil
}
