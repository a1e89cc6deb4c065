package charts

import (
	"fmt"
	"math"
	"strings"

	"brainsim/output/plot"
	"brainsim/results"
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

// anyPositive reports whether the named metric's mean is positive at some
// row of s.
func anyPositive(s *results.Summary, metric string) bool {
	m := results.MetricIndex(s.Metrics, metric)
	if m < 0 {
		return false
	}
	for i := range s.Mean {
		if s.Mean[i][m] > 0 {
			return true
		}
	}
	return false
}

// summaryBand returns the band of a metric of s, with the rows of the first,
// partial year left out for a flow (a unit per year: its trailing-year sum
// covers less than a year there). With clamp, the band's lower edge is cut
// at zero: a quantity that cannot be negative (a stock of persons, a share)
// gets an interval that can, from few replicates, and an axis extended below
// zero would only squeeze the data.
func summaryBand(s *results.Summary, metric, label string, stepsPerYear int, clamp bool) (plot.Band, bool) {
	b, ok := plot.FromSummary(s, metric, label)
	if !ok {
		return b, false
	}
	m := results.MetricIndex(s.Metrics, metric)
	maskPartialYear(&b, s.Metrics[m].Unit, s.Step, stepsPerYear)
	if clamp {
		for i, lo := range b.Lo {
			if lo < 0 {
				b.Lo[i] = 0
			}
		}
	}
	return b, true
}

// nonNegative reports whether a metric cannot be negative: all of them but
// the policy costs, which are net of buy-out revenue.
func nonNegative(metric string) bool {
	return !strings.HasPrefix(metric, "policy_cost")
}

// maskPartialYear sets b's values to NaN (not drawn) at the rows before the
// first full year, if unit is a flow per year.
func maskPartialYear(b *plot.Band, unit string, steps []int, stepsPerYear int) {
	if !strings.HasSuffix(unit, "/year") {
		return
	}
	nan := math.NaN()
	for i, st := range steps {
		if st >= stepsPerYear {
			break
		}
		b.Mean[i] = nan
		if b.Lo != nil {
			b.Lo[i], b.Hi[i] = nan, nan
		}
	}
}
