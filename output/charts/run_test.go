package charts

import (
	"slices"
	"testing"

	"brainsim/model"
	"brainsim/results"
)

// mean is a metric whose mean is the same at every row of a summary.
type mean struct {
	metric string
	value  float64
}

// flatSummary returns a summary of two rows with the metrics ms, in order.
func flatSummary(ms ...mean) *results.Summary {
	s := &results.Summary{Replicates: 3, Step: []int{1, 2}, Year: []float64{2025 + 1.0/12, 2025 + 2.0/12}, Mean: make([][]float64, 2)}
	for _, m := range ms {
		s.Metrics = append(s.Metrics, results.Metric{Name: m.metric})
		for i := range s.Mean {
			s.Mean[i] = append(s.Mean[i], m.value)
		}
	}
	return s
}

func TestRunCharts(t *testing.T) {
	first := []string{"workforce", "sector_doctor", "sector_nurse", "sector_teacher"}
	then := []string{"health", "education", "education_quality", "remittances"}
	topup := model.Policy{Name: "topup", StartYear: 2027, Sectors: []string{"nurse"}, Lever: &model.WageTopUp{TopUp: 0.3, Eligible: model.EligibleAll}}
	bond := model.Policy{Name: "bond", StartYear: 2030, EndYear: 2034, Lever: &model.Bonding{Months: 24}}
	for _, tt := range []struct {
		name      string
		policies  []model.Policy
		sum       *results.Summary
		wantFiles []string
		chart     string   // a chart whose series are checked; "" for none
		wantDrawn []string // the metrics chart draws
	}{
		{"no policy", nil, flatSummary(mean{"workers_home", 10}),
			slices.Concat(first, then), "sector_nurse", []string{"workers_home.nurse", "returnees.nurse", "emigrants.nurse"}},
		{"temporary returns", nil, flatSummary(mean{"temporary_fte", 2}, mean{"temporary_fte.doctor", 0}, mean{"temporary_fte.nurse", 2}),
			slices.Concat(first, []string{"temporary_fte"}, then), "temporary_fte", []string{"temporary_fte", "temporary_fte.nurse"}},
		{"no temporary returns", nil, flatSummary(mean{"temporary_fte", 0}),
			slices.Concat(first, then), "", nil},
		{"one policy", []model.Policy{topup}, flatSummary(mean{"policy_cost", 5}, mean{"policy_cost.topup", 5}),
			slices.Concat(first, then, []string{"policy_cost"}), "policy_cost", []string{"policy_cost"}},
		{"two policies", []model.Policy{topup, bond}, flatSummary(mean{"policy_cost", 5}, mean{"policy_cost.topup", 5}, mean{"policy_cost.bond", 0}),
			slices.Concat(first, then, []string{"policy_cost"}), "policy_cost", []string{"policy_cost", "policy_cost.topup", "policy_cost.bond"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := baseline(t)
			sc.Policies = tt.policies
			var files, drawn []string
			for _, s := range runCharts(sc, tt.sum) {
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
