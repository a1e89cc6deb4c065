package charts

import (
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// TestRunChartsLeaveOutZero checks that a chart whose metrics are zero in
// every replicate at every row is left out with a note, and a series that
// is, with a sentence in its chart's caption.
func TestRunChartsLeaveOutZero(t *testing.T) {
	sc := baseline(t)
	topup := model.Policy{Name: "topup", StartYear: 2027, Lever: &model.WageTopUp{TopUp: 0.3, Eligible: model.EligibleAll}}
	code := model.Policy{Name: "code", StartYear: 2030, Lever: &model.Bonding{Months: 24}}
	sc.Policies = []model.Policy{topup, code}
	sum := flatSummary(sc, mean{results.Enrolments, 0}, mean{results.Graduates, 0},
		mean{"policy_cost", 5}, mean{"policy_cost.topup", 5}, mean{"policy_cost.code", 0})
	sections, err := runCharts(sc, sum)
	if err != nil {
		t.Fatal(err)
	}
	if files := chartFiles(toSections(sections)); slices.Contains(files, "education") {
		t.Errorf("charts = %q; want no education chart, its metrics are zero throughout", files)
	}
	var notes []string
	var cost runChart
	for _, s := range sections {
		notes = append(notes, s.notes...)
		for _, c := range s.charts {
			if c.file == "policy_cost" {
				cost = c
			}
		}
	}
	if want := "Enrolments and graduates: zero in every replicate and year; no chart."; !slices.Contains(notes, want) {
		t.Errorf("notes = %q; want %q", notes, want)
	}
	if want := "code: zero in every replicate and year; not drawn."; !strings.Contains(cost.caption, want) {
		t.Errorf("policy cost caption = %q; want it to contain %q", cost.caption, want)
	}
	if want := "first whole year"; !strings.Contains(cost.caption, want) || !cost.flow {
		t.Errorf("policy cost caption = %q, flow %v; want the flow note %q", cost.caption, cost.flow, want)
	}
}

// toSections returns the run sections as sections, for chartFiles.
func toSections(rs []runSection) []section {
	var out []section
	for _, s := range rs {
		sec := section{title: s.title}
		for _, c := range s.charts {
			sec.charts = append(sec.charts, chart{file: c.file})
		}
		out = append(out, sec)
	}
	return out
}

// TestBandNotes checks when a chart's caption says that a band is cut at
// zero: a lower bound below zero of a metric that cannot be negative, at a
// row that is drawn.
func TestBandNotes(t *testing.T) {
	ms := []results.Metric{
		{Name: "stock"},
		{Name: "flow", Kind: results.Flow},
		{Name: "cost", Kind: results.Flow, Signed: true},
	}
	s := &results.Summary{Metrics: ms, Step: []int{1, 12}, Year: []float64{2025 + 1.0/12, 2026},
		Lo: [][]float64{{-1, -1, -1}, {0, 0, -1}}}
	for _, tt := range []struct {
		metric string
		want   notes
	}{
		{"stock", notes{clamped: true}},
		{"flow", notes{flow: true}}, // negative only in the first, undrawn year
		{"cost", notes{flow: true}}, // signed: never cut
	} {
		t.Run(tt.metric, func(t *testing.T) {
			got, err := bandNotes(s, []string{tt.metric}, 12)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("bandNotes(%s) = %+v; want %+v", tt.metric, got, tt.want)
			}
		})
	}
	if got := (notes{clamped: true}).caption(); !strings.Contains(got, "cut at 0; summary.csv gives the exact bounds") {
		t.Errorf("caption = %q; want it to say the band is cut at 0", got)
	}
}

// TestCompareSkipsIdentical checks that a difference chart of a metric no
// scenario changes is left out with the sentence of issue 15, and one that
// some scenario changes is drawn.
func TestCompareSkipsIdentical(t *testing.T) {
	c := newTestComparison(t, 0)
	sections, err := c.charts()
	if err != nil {
		t.Fatal(err)
	}
	sections = skipCharts(sections)
	files := chartFiles(sections)
	if slices.Contains(files, "difference_enrolments") {
		t.Errorf("charts = %q; want no difference_enrolments, enrolments never differ", files)
	}
	if !slices.Contains(files, "difference_skilled_home") {
		t.Errorf("charts = %q; want difference_skilled_home", files)
	}
	if want := "Enrolments: identical in every replicate and year; no chart."; !slices.Contains(sections[0].notes, want) {
		t.Errorf("notes = %q; want %q", sections[0].notes, want)
	}
}

// TestFlowChartAxis checks that a chart drawing a flow says on its x axis
// that it starts at the end of the first whole year, and a chart of stocks
// does not.
func TestFlowChartAxis(t *testing.T) {
	sc := baseline(t)
	sum := flatSummary(sc, mean{results.Enrolments, 5}, mean{results.Graduates, 4}, mean{results.WorkersHome, 3})
	sections, err := runCharts(sc, sum)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sections {
		for _, c := range s.charts {
			if c.file != "education" && c.file != "workforce" {
				continue
			}
			p, err := buildRunChart(c, sum, sc.StepsPerYear)
			if err != nil {
				t.Fatal(err)
			}
			want := "year"
			if c.file == "education" {
				want = flowXLabel
			}
			if p.X.Label.Text != want {
				t.Errorf("%s: x axis %q; want %q", c.file, p.X.Label.Text, want)
			}
		}
	}
}
