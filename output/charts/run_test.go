package charts

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sim"
)

// mean is a metric whose mean is the same at every row of a summary.
type mean struct {
	metric string
	value  float64
}

// flatSummary returns a summary of two rows of every metric a run of sc
// records, with mean 0 and standard deviation 1 (zero on average, not in
// every replicate) but for those of ms, which are the same in every
// replicate.
func flatSummary(sc *model.Scenario, ms ...mean) *results.Summary {
	s := &results.Summary{Replicates: 3, Step: []int{1, 2}, Year: []float64{2025 + 1.0/12, 2025 + 2.0/12}}
	s.Metrics = sim.Metrics(sc)
	for _, g := range []*[][]float64{&s.Mean, &s.SD, &s.Lo, &s.Hi} {
		*g = make([][]float64, len(s.Step))
		for i := range *g {
			(*g)[i] = make([]float64, len(s.Metrics))
		}
	}
	for i := range s.SD {
		for k := range s.SD[i] {
			s.SD[i][k], s.Lo[i][k], s.Hi[i][k] = 1, -2, 2
		}
	}
	for _, m := range ms {
		k := results.MetricIndex(s.Metrics, m.metric)
		if k < 0 {
			panic("flatSummary: no metric " + m.metric)
		}
		for i := range s.Mean {
			s.Mean[i][k], s.SD[i][k], s.Lo[i][k], s.Hi[i][k] = m.value, 0, m.value, m.value
		}
	}
	return s
}

func TestRunCharts(t *testing.T) {
	first := []string{"workforce", "sector_doctor", "sector_nurse", "sector_teacher"}
	then := []string{"health", "education", "education_quality", "remittances"}
	fiscal := []string{"fiscal", "training_lost_abroad"}
	// The fiscal accounts of a scenario without fiscal keys or policies:
	// zero in every replicate.
	var noFiscal []mean
	for _, base := range []string{"tax_revenue", "wage_bill", "training_spend", "policy_cost", "fiscal_balance", "training_lost_abroad"} {
		noFiscal = append(noFiscal, mean{base, 0})
	}
	for _, sec := range []string{"doctor", "nurse", "teacher"} {
		noFiscal = append(noFiscal, mean{"training_lost_abroad." + sec, 0})
	}
	topup := model.Policy{Name: "topup", StartYear: 2027, Sectors: []string{"nurse"}, Lever: &model.WageTopUp{TopUp: 0.3, Eligible: model.EligibleAll}}
	bond := model.Policy{Name: "bond", StartYear: 2030, EndYear: 2034, Lever: &model.Bonding{Months: 24}}
	for _, tt := range []struct {
		name      string
		policies  []model.Policy
		means     []mean
		wantFiles []string
		chart     string   // a chart whose series are checked; "" for none
		wantDrawn []string // the metrics chart draws
	}{
		{"no policy", nil, []mean{{"workers_home", 10}},
			slices.Concat(first, then, fiscal), "sector_nurse", []string{"workers_home.nurse", "returnees.nurse", "emigrants.nurse"}},
		{"temporary returns", nil, []mean{{"temporary_fte", 2}, {"temporary_fte.doctor", 0}, {"temporary_fte.nurse", 2}},
			slices.Concat(first, []string{"temporary_fte"}, then, fiscal), "temporary_fte", []string{"temporary_fte", "temporary_fte.nurse"}},
		{"no temporary returns", nil, []mean{{"temporary_fte", 0}},
			slices.Concat(first, then, fiscal), "", nil},
		{"no fiscal accounts", nil, noFiscal, slices.Concat(first, then), "", nil},
		{"fiscal accounts", nil, append(noFiscal[:0:0], mean{"tax_revenue", 3}, mean{"policy_cost", 0}, mean{"fiscal_balance", 3}),
			slices.Concat(first, then, fiscal), "fiscal", []string{"tax_revenue", "wage_bill", "training_spend", "fiscal_balance"}},
		{"one policy", []model.Policy{topup}, []mean{{"policy_cost", 5}, {"policy_cost.topup", 5}},
			slices.Concat(first, then, []string{"policy_cost"}, fiscal), "policy_cost", []string{"policy_cost"}},
		{"two policies", []model.Policy{topup, bond}, []mean{{"policy_cost", 5}, {"policy_cost.topup", 5}, {"policy_cost.bond", 0}},
			slices.Concat(first, then, []string{"policy_cost"}, fiscal), "policy_cost", []string{"policy_cost.topup", "policy_cost"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := baseline(t)
			sc.Policies = tt.policies
			sections, err := runCharts(sc, flatSummary(sc, tt.means...))
			if err != nil {
				t.Fatal(err)
			}
			var files, drawn []string
			for _, s := range sections {
				for _, c := range s.charts {
					files = append(files, c.file)
					if c.file != tt.chart {
						continue
					}
					for _, se := range c.series {
						drawn = append(drawn, se.metric)
					}
				}
			}
			if !slices.Equal(files, tt.wantFiles) {
				t.Errorf("charts = %q; want %q", files, tt.wantFiles)
			}
			if !slices.Equal(drawn, tt.wantDrawn) {
				t.Errorf("%s draws %q; want %q", tt.chart, drawn, tt.wantDrawn)
			}
		})
	}
}

// TestRunChartsMissingMetric checks that a metric the charts need and the
// run did not record is an error naming it, not a chart quietly left out.
func TestRunChartsMissingMetric(t *testing.T) {
	for _, tt := range []struct {
		name   string
		metric string
	}{
		{"optional chart's total", "temporary_fte"},
		{"optional chart's breakdown", "temporary_fte.nurse"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := baseline(t)
			sum := flatSummary(sc, mean{"temporary_fte", 1})
			sum.Metrics[results.MetricIndex(sum.Metrics, tt.metric)].Name = tt.metric + "_renamed"
			if _, err := runCharts(sc, sum); err == nil || !strings.Contains(err.Error(), strconv.Quote(tt.metric)) {
				t.Errorf("runCharts without %s: error %v; want one naming it", tt.metric, err)
			}
		})
	}
	sc := baseline(t)
	sum := flatSummary(sc)
	sum.Metrics[results.MetricIndex(sum.Metrics, "workers_home.nurse")].Name = "workers_home.nurses"
	c := runChart{title: "t", series: []series{{metric: "workers_home.nurse", label: "Workers"}}}
	if _, err := buildRunChart(c, sum, 12); err == nil || !strings.Contains(err.Error(), `"workers_home.nurse"`) {
		t.Errorf("buildRunChart without workers_home.nurse: error %v; want one naming it", err)
	}
}
