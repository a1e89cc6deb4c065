package main

import (
	"math"
	"slices"
	"testing"
)

func TestFigures(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		unit     string
		signed   bool
		vs       []float64
		want     []string
		wantUnit string
	}{
		{"persons", false, []float64{240812, 240310, 241190}, []string{"240,800", "240,300", "241,200"}, "persons"},
		{"persons", true, []float64{9477.2, 8897.4, 10061}, []string{"+9,477", "8,897", "10,060"}, "persons"},
		{"persons", true, []float64{-12.4, -30.2, 5.1}, []string{"-12.40", "-30.20", "5.10"}, "persons"},
		{"USD/year", false, []float64{1.5912e8, 1.589e8, 1.5935e8}, []string{"159.1 M", "158.9 M", "159.3 M"}, "USD/year"},
		{"USD/year", false, []float64{2.3e9, 2.1e9, 2.5e9}, []string{"2.30 bn", "2.10 bn", "2.50 bn"}, "USD/year"},
		{"1/year", false, []float64{0.03412, 0.0331, 0.0352}, []string{"0.034", "0.033", "0.035"}, "1/year"},
		{"share", false, []float64{0.1234, 0.12, 0.127}, []string{"12.34", "12.00", "12.70"}, "%"},
		{"share", true, []float64{0.004, 0.001, 0.007}, []string{"+0.40", "0.10", "0.70"}, "percentage points"},
		{"persons", true, []float64{0, 0, 0}, []string{"0", "0", "0"}, "persons"},
		{"persons", false, []float64{math.NaN(), 1, 2}, []string{"n/a", "1.00", "2.00"}, "persons"},
	} {
		got, unit := figures(tt.unit, tt.signed, tt.vs...)
		if !slices.Equal(got, tt.want) || unit != tt.wantUnit {
			t.Errorf("figures(%q, %v, %v) = %q, %q; want %q, %q", tt.unit, tt.signed, tt.vs, got, unit, tt.want, tt.wantUnit)
		}
	}
}
