package charts

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sim"
)

// twoRuns returns a baseline and a policy scenario, both the shipped
// baseline, and runs of them over 6 years with 3 replicates. The replicates
// differ a lot from each other (1,000 persons apart) and the policy adds
// i·(r+1) nurses at row i of replicate r, and costs cost a year.
func twoRuns(t *testing.T, cost float64) ([]*model.Scenario, []*results.Timeseries) {
	t.Helper()
	base, pol := baseline(t), baseline(t)
	pol.Name = "topup"
	compareMetrics := sim.Metrics(base)
	value := func(r, i, m int) float64 {
		if compareMetrics[m].Name == "policy_cost" {
			return 0
		}
		return 1000*float64(r) + float64(i)
	}
	a := monthly(6, 3, compareMetrics, value)
	b := monthly(6, 3, compareMetrics, func(r, i, m int) float64 {
		switch compareMetrics[m].Name {
		case "skilled_home", "skilled_home.nurse":
			return value(r, i, m) + float64(i*(r+1))
		case "policy_cost":
			return cost
		}
		return value(r, i, m)
	})
	return []*model.Scenario{base, pol}, []*results.Timeseries{a, b}
}

func newTestComparison(t *testing.T, cost float64) *Comparison {
	t.Helper()
	scs, runs := twoRuns(t, cost)
	c, err := NewComparison(scs, []string{"baseline", "topup"}, []string{"baseline.toml", "topup.toml"}, 0, runs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDiffBands checks that a difference chart draws, row by row, the mean
// of the per-replicate differences to the baseline and the 95% t-interval
// of those differences, not an interval from the spread of each scenario.
func TestDiffBands(t *testing.T) {
	c := newTestComparison(t, 0)
	const metric = "skilled_home.nurse"
	bands, err := c.diffBands(metric, "nurse")
	if err != nil {
		t.Fatal(err)
	}
	if len(bands) != 1 || bands[0].Label != "topup − baseline" {
		t.Fatalf("diffBands(%s) = %d bands; want 1 labelled topup − baseline", metric, len(bands))
	}
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y)) }
	b := bands[0]
	for i := range b.X {
		want := results.MeanCI([]float64{float64(i), float64(2 * i), float64(3 * i)})
		if !near(b.Mean[i], want.Mean) || !near(b.Lo[i], want.Lo) || !near(b.Hi[i], want.Hi) {
			t.Fatalf("row %d: band %v [%v, %v]; want %+v", i, b.Mean[i], b.Lo[i], b.Hi[i], want)
		}
	}
}

func TestComparisonCharts(t *testing.T) {
	for _, tt := range []struct {
		name     string
		cost     float64
		wantDiff []string
	}{
		{"free policy", 0, []string{"difference_skilled_home", "difference_skilled_home.nurse", "difference_health_workers_per_10k",
			"difference_emigrants", "difference_enrolments", "difference_remittances"}},
		{"costly policy", 7, []string{"difference_skilled_home", "difference_skilled_home.nurse", "difference_health_workers_per_10k",
			"difference_emigrants", "difference_enrolments", "difference_remittances", "difference_policy_cost"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sections, err := newTestComparison(t, tt.cost).charts()
			if err != nil {
				t.Fatal(err)
			}
			if got := chartFiles(sections[:1]); !slices.Equal(got, tt.wantDiff) {
				t.Errorf("difference charts = %q; want %q", got, tt.wantDiff)
			}
			const same = "No scenario changes the number of doctors or teachers at home at any time"
			if !strings.Contains(sections[0].intro, same) {
				t.Errorf("intro %q lacks %q", sections[0].intro, same)
			}
			var titles []string
			for _, s := range sections {
				titles = append(titles, s.title)
			}
			want := []string{"Difference to the baseline", "Workforce", "By sector", "Health", "Education", "Remittances"}
			if tt.cost > 0 {
				want = append(want, "Policy cost")
			}
			if !slices.Equal(titles, want) {
				t.Errorf("sections = %q; want %q", titles, want)
			}
		})
	}
}

// TestComparisonMissingMetric checks that a metric a scenario should record
// and does not is an error naming it, while a sector a scenario lacks
// leaves that scenario out of the sector's charts.
func TestComparisonMissingMetric(t *testing.T) {
	c := newTestComparison(t, 7)
	c.sums[1].Metrics = slices.Clone(c.sums[1].Metrics)
	c.sums[1].Metrics[results.MetricIndex(c.sums[1].Metrics, "temporary_fte")].Name = "temporary_ftes"
	if _, err := c.charts(); err == nil || !strings.Contains(err.Error(), `"temporary_fte"`) {
		t.Errorf("charts() without temporary_fte in topup: error %v; want one naming it", err)
	}

	c = newTestComparison(t, 7)
	c.scs[1].Sectors = slices.DeleteFunc(slices.Clone(c.scs[1].Sectors), func(s model.Sector) bool { return s.Name == "nurse" })
	bands, err := c.overlayBands("skilled_home.nurse", "nurse")
	if err != nil || len(bands) != 1 {
		t.Errorf("overlayBands of a sector topup lacks = %d bands, %v; want the baseline's only", len(bands), err)
	}
	if _, err := c.overlayBands("skilled_home.midwife", ""); err == nil {
		t.Error("overlayBands of a metric no run records: no error")
	}
}

func TestNewComparisonErrors(t *testing.T) {
	scs, runs := twoRuns(t, 0)
	runs[1].Values = runs[1].Values[:2]
	_, err := NewComparison(scs, []string{"baseline", "topup"}, []string{"a.toml", "b.toml"}, 0, runs)
	if err == nil || !strings.Contains(err.Error(), "compare topup with baseline: ") {
		t.Errorf("NewComparison with 2 replicates against 3: error %v; want one naming both scenarios", err)
	}

	defer func() {
		if r := recover(); r == nil {
			t.Error("NewComparison with 1 label for 2 scenarios did not panic")
		}
	}()
	_, _ = NewComparison(scs, []string{"baseline"}, []string{"a.toml", "b.toml"}, 0, runs)
}
