package output

import (
	"bytes"
	"testing"

	"github.com/brainsim/brainsim/results"
)

func TestWriteSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSummary(&buf, results.Summarize(sample())); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.csv", buf.Bytes())
}

func TestWriteSummaryPanics(t *testing.T) {
	good := func() *results.Summary { return results.Summarize(sample()) }
	for _, tt := range []struct {
		name    string
		corrupt func(*results.Summary)
	}{
		{"years short", func(s *results.Summary) { s.Year = s.Year[:1] }},
		{"SD rows short", func(s *results.Summary) { s.SD = s.SD[:1] }},
		{"Hi values short", func(s *results.Summary) { s.Hi[1] = s.Hi[1][:2] }},
		{"extra metric", func(s *results.Summary) { s.Metrics = append(s.Metrics, results.Metric{Name: "extra"}) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			tt.corrupt(s)
			defer func() {
				if recover() == nil {
					t.Error("WriteSummary did not panic")
				}
			}()
			WriteSummary(&bytes.Buffer{}, s)
		})
	}
}
