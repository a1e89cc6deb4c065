package plot

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot"
)

// whoRefs are the WHO health-worker density thresholds, per 10,000 people:
// 44.5 (WHO 2016, Global Strategy on Human Resources for Health: Workforce
// 2030, the SDG index threshold) and 49, as brainsim's reports draw them.
var whoRefs = []Reference{
	{Label: "WHO threshold 44.5", Value: 44.5},
	{Label: "WHO threshold 49", Value: 49},
}

// synthBands returns three monthly series over 2025..2055 with bands that
// widen with time, in health workers per 10,000 people: at home, abroad and
// returned. The numbers are made up; only their shapes matter.
func synthBands(months int) []Band {
	series := []struct {
		label            string
		start, end, half float64 // level at start and end, band half-width at end
	}{
		{"Workers at home", 36, 46, 5},
		{"Emigrants abroad", 8, 15, 3},
		{"Returnees", 0, 4, 1.5},
	}
	bands := make([]Band, len(series))
	for k, s := range series {
		b := Band{Label: s.label}
		for i := 1; i <= months; i++ {
			t := float64(i) / float64(months) // 0..1
			mean := s.start + (s.end-s.start)*t + 0.6*math.Sin(12*t+float64(k))
			half := s.half * math.Sqrt(t)
			b.X = append(b.X, 2025+float64(i)/12)
			b.Mean = append(b.Mean, mean)
			b.Lo = append(b.Lo, math.Max(0, mean-half))
			b.Hi = append(b.Hi, mean+half)
		}
		bands[k] = b
	}
	return bands
}

// svgOf renders p as SVG at the default size.
func svgOf(t *testing.T, p *plot.Plot) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSVG(&buf, p, Width, Height); err != nil {
		t.Fatalf("WriteSVG: %v", err)
	}
	return buf.String()
}
