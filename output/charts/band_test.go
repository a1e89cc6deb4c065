package charts

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/results"
)

func TestSummaryBand(t *testing.T) {
	// 24 monthly rows: steps 1..11 are the first, partial year.
	const rows, spy = 24, 12
	s := &results.Summary{
		Metrics: []results.Metric{
			{Name: "emigrants", Unit: "persons"},
			{Name: "enrolments", Unit: "persons/year", Kind: results.Flow},
			{Name: "policy_cost", Unit: "USD PPP/year", Kind: results.Flow, Signed: true},
			{Name: "remittances", Unit: "USD PPP/year"}, // a stock by Kind, whatever its unit says
		},
		Replicates: 3,
	}
	for i := range rows {
		s.Step = append(s.Step, i+1)
		s.Year = append(s.Year, 2025+float64(i+1)/spy)
		s.Mean = append(s.Mean, []float64{1, 1, 1, 1})
		s.Lo = append(s.Lo, []float64{-1, -1, -1, -1})
		s.Hi = append(s.Hi, []float64{3, 3, 3, 3})
	}
	for _, tt := range []struct {
		name    string
		metric  string
		clamp   bool
		masked  int     // rows left out from the start
		wantLo  float64 // lower edge at the rows drawn
		missing bool
	}{
		{"stock, clamped", "emigrants", true, 0, 0, false},
		{"stock, not clamped", "emigrants", false, 0, -1, false},
		{"flow drawn from the end of the first year", "enrolments", true, spy - 1, 0, false},
		{"signed flow never clamped", "policy_cost", true, spy - 1, -1, false},
		{"flow told by Kind, not by unit", "remittances", true, 0, 0, false},
		{"unknown metric", "returnees", true, 0, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := summaryBand(s, tt.metric, "label", spy, tt.clamp)
			if (err != nil) != tt.missing {
				t.Fatalf("summaryBand(%s) error = %v; want error %v", tt.metric, err, tt.missing)
			}
			if err != nil {
				return
			}
			for i := range rows {
				if i < tt.masked {
					if !math.IsNaN(b.Mean[i]) || !math.IsNaN(b.Lo[i]) || !math.IsNaN(b.Hi[i]) {
						t.Errorf("row %d (step %d): %v [%v, %v]; want NaN", i, s.Step[i], b.Mean[i], b.Lo[i], b.Hi[i])
					}
					continue
				}
				if b.Mean[i] != 1 || b.Lo[i] != tt.wantLo || b.Hi[i] != 3 {
					t.Errorf("row %d (step %d): %v [%v, %v]; want 1 [%v, 3]", i, s.Step[i], b.Mean[i], b.Lo[i], b.Hi[i], tt.wantLo)
				}
			}
		})
	}
	if s.Lo[0][0] != -1 {
		t.Errorf("summaryBand modified the summary: Lo = %v", s.Lo[0][0])
	}
}
