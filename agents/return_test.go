package agents

import (
	"math"
	"testing"
)

// ret is a set of return parameters with every term switched on.
var ret = ReturnParams{BaseRate: 0.1, Intercept: -1, WageGap: 1, SavingsTarget: 10000, Savings: 0.7, Age: 0.02, YearsAbroad: 0.1}

func TestReturnRateFormula(t *testing.T) {
	for _, tt := range []struct {
		name                                      string
		r                                         ReturnParams
		wh, wa, savings, age, years, extra, wantZ float64
	}{
		// Intercept + WageGap*ln(wh/wa) + Savings*[savings >= target] +
		// Age*(age - 30) - YearsAbroad*years + extra.
		{"below the savings target", ret, 20000, 40000, 5000, 35, 4, 0.2, -1 + math.Log(0.5) + 0.02*5 - 0.1*4 + 0.2},
		{"above the savings target", ret, 20000, 40000, 15000, 35, 4, 0.2, -1 + math.Log(0.5) + 0.7 + 0.02*5 - 0.1*4 + 0.2},
		{"young", ret, 20000, 40000, 0, 25, 0, 0, -1 + math.Log(0.5) - 0.02*5},
		{"wage parity", ret, 30000, 30000, 0, 30, 0, 0, -1},
		{"no target means no savings term", ReturnParams{BaseRate: 0.1, Savings: 0.7}, 20000, 40000, 1e9, 30, 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ReturnRate(tt.r, tt.wh, tt.wa, tt.savings, tt.age, tt.years, tt.extra)
			if want := tt.r.BaseRate * logistic(tt.wantZ); !near(got, want, tol) {
				t.Errorf("ReturnRate(%+v, %v, %v, %v, %v, %v, %v) = %v; want %v",
					tt.r, tt.wh, tt.wa, tt.savings, tt.age, tt.years, tt.extra, got, want)
			}
		})
	}
}

// TestReturnRateSize checks each effect on the log odds logit(r / BaseRate),
// against a base case of an emigrant aged 35, four years abroad, earning
// 40000 abroad against 20000 at home, with 5000 saved.
func TestReturnRateSize(t *testing.T) {
	rate := func(wh, savings, age, years, extra float64) float64 {
		return ReturnRate(ret, wh, 40000, savings, age, years, extra)
	}
	base := rate(20000, 5000, 35, 4, 0)
	for _, tt := range []struct {
		name string
		got  float64
		want float64 // change of the log odds
	}{
		{"doubled home wage", rate(40000, 5000, 35, 4, 0), math.Ln2},
		{"savings target reached exactly", rate(20000, 10000, 35, 4, 0), ret.Savings},
		{"savings well past the target", rate(20000, 50000, 35, 4, 0), ret.Savings},
		{"savings just below the target", rate(20000, math.Nextafter(10000, 0), 35, 4, 0), 0},
		{"ten more years abroad", rate(20000, 5000, 35, 14, 0), -10 * ret.YearsAbroad},
		{"ten years older", rate(20000, 5000, 45, 4, 0), 10 * ret.Age},
		{"return grant", rate(20000, 5000, 35, 4, 0.8), 0.8},
		{"negative extra", rate(20000, 5000, 35, 4, -0.3), -0.3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := logit(tt.got/ret.BaseRate) - logit(base/ret.BaseRate)
			if !near(d, tt.want, 1e-9) {
				t.Errorf("change of logit(ReturnRate/BaseRate) = %v; want %v", d, tt.want)
			}
		})
	}
}

func TestReturnRateDirection(t *testing.T) {
	base := ReturnRate(ret, 20000, 40000, 5000, 35, 4, 0)
	for _, tt := range []struct {
		name   string
		got    float64
		effect int
	}{
		{"higher home wage raises return", ReturnRate(ret, 30000, 40000, 5000, 35, 4, 0), +1},
		{"higher wage abroad lowers return", ReturnRate(ret, 20000, 60000, 5000, 35, 4, 0), -1},
		{"reaching the savings target raises return", ReturnRate(ret, 20000, 40000, 10000, 35, 4, 0), +1},
		{"more years abroad lower return", ReturnRate(ret, 20000, 40000, 5000, 35, 8, 0), -1},
		{"age raises return", ReturnRate(ret, 20000, 40000, 5000, 45, 4, 0), +1},
		{"positive extra raises return", ReturnRate(ret, 20000, 40000, 5000, 35, 4, 0.5), +1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.effect > 0 && !(tt.got > base) || tt.effect < 0 && !(tt.got < base) {
				t.Errorf("ReturnRate = %v against %v; want change of sign %d", tt.got, base, tt.effect)
			}
			if tt.got < 0 || tt.got > ret.BaseRate {
				t.Errorf("ReturnRate = %v; want within [0, BaseRate = %v]", tt.got, ret.BaseRate)
			}
		})
	}
}
