package agents

import (
	"math"
	"testing"
)

// remit is a set of remittance parameters: a tenth of income, women sending a
// fifth more, decaying 5% a year abroad.
var remit = RemittanceParams{Share: 0.1, FemaleExtra: 0.2, Decay: 0.05}

func TestRemit(t *testing.T) {
	for _, tt := range []struct {
		name   string
		r      RemittanceParams
		income float64
		years  float64
		female bool
		fee    float64
		steps  int
		want   Remittance
	}{
		// 0.1 * 24000 / 12 = 200 a month, 5% of it the fee.
		{"man on arrival", remit, 24000, 0, false, 0.05, 12, Remittance{Sent: 200, Fee: 10, Received: 190}},
		{"woman on arrival sends a fifth more", remit, 24000, 0, true, 0.05, 12, Remittance{Sent: 240, Fee: 12, Received: 228}},
		{"ten years abroad", remit, 24000, 10, false, 0.05, 12,
			Remittance{Sent: 200 * math.Exp(-0.5), Fee: 10 * math.Exp(-0.5), Received: 190 * math.Exp(-0.5)}},
		{"woman ten years abroad", remit, 24000, 10, true, 0.05, 12,
			Remittance{Sent: 240 * math.Exp(-0.5), Fee: 12 * math.Exp(-0.5), Received: 228 * math.Exp(-0.5)}},
		{"yearly step sends the year's amount", remit, 24000, 0, false, 0.05, 1, Remittance{Sent: 2400, Fee: 120, Received: 2280}},
		{"no fee", remit, 24000, 0, false, 0, 12, Remittance{Sent: 200, Received: 200}},
		{"fee takes everything", remit, 24000, 0, false, 1, 12, Remittance{Sent: 200, Fee: 200}},
		// 0.9 * 1.5 = 1.35 of income is capped at all of it.
		{"share capped at one", RemittanceParams{Share: 0.9, FemaleExtra: 0.5}, 24000, 0, true, 0.1, 12, Remittance{Sent: 2000, Fee: 200, Received: 1800}},
		{"no income sends nothing", remit, 0, 0, true, 0.05, 12, Remittance{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Remit(tt.r, tt.income, tt.years, tt.female, tt.fee, tt.steps)
			if !near(got.Sent, tt.want.Sent, tol) || !near(got.Fee, tt.want.Fee, tol) || !near(got.Received, tt.want.Received, tol) {
				t.Errorf("Remit(%+v, %v, %v, %v, %v, %v) = %+v; want %+v",
					tt.r, tt.income, tt.years, tt.female, tt.fee, tt.steps, got, tt.want)
			}
			if !near(got.Received, got.Sent-got.Fee, tol) {
				t.Errorf("Remit Received = %v; want Sent - Fee = %v", got.Received, got.Sent-got.Fee)
			}
		})
	}
}

// TestRemitRatios checks the size of the effects as ratios that hold at any
// income: exp(-Decay*years) for time abroad and 1 + FemaleExtra for women.
func TestRemitRatios(t *testing.T) {
	sent := func(years float64, female bool) float64 {
		return Remit(remit, 30000, years, female, 0.07, 12).Sent
	}
	for _, tt := range []struct {
		name string
		got  float64
		want float64
	}{
		{"one year of decay", sent(1, false) / sent(0, false), math.Exp(-0.05)},
		{"twenty years of decay", sent(20, false) / sent(0, false), math.Exp(-1)},
		{"decay is the same for women", sent(20, true) / sent(0, true), math.Exp(-1)},
		{"women on arrival", sent(0, true) / sent(0, false), 1.2},
		{"women after fifteen years", sent(15, true) / sent(15, false), 1.2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want, tol) {
				t.Errorf("ratio of Remit Sent = %v; want %v", tt.got, tt.want)
			}
		})
	}
}

func TestSave(t *testing.T) {
	for _, tt := range []struct {
		name                              string
		savings, income, livingCost, sent float64
		steps                             int
		want                              float64
	}{
		// (36000 - 24000) / 12 = 1000 a month left before remitting.
		{"surplus grows savings", 1000, 36000, 24000, 200, 12, 1800},
		{"remitting more than the surplus draws savings down", 1000, 36000, 24000, 1500, 12, 500},
		{"yearly step", 1000, 36000, 24000, 2400, 1, 10600},
		{"deficit beyond savings floors at zero", 100, 12000, 24000, 0, 12, 0},
		{"remitting from nothing floors at zero", 0, 24000, 24000, 200, 12, 0},
		{"break even keeps savings", 500, 24000, 24000, 0, 12, 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Save(tt.savings, tt.income, tt.livingCost, tt.sent, tt.steps); !near(got, tt.want, tol) {
				t.Errorf("Save(%v, %v, %v, %v, %v) = %v; want %v",
					tt.savings, tt.income, tt.livingCost, tt.sent, tt.steps, got, tt.want)
			}
		})
	}
}

// TestRemitFactor checks the response of the amount sent to the fee and to
// income: direction, size (the configured elasticities, as log ratios) and
// the neutral cases that keep the proportional rule.
func TestRemitFactor(t *testing.T) {
	const ref = 30000
	fee := RemittanceParams{FeeElasticity: 1.5, IncomeElasticity: 1}
	inc := RemittanceParams{IncomeElasticity: 0.5}
	for _, tt := range []struct {
		name                string
		r                   RemittanceParams
		fee, refFee, income float64
		want                float64
	}{
		{"zero fee elasticity, proportional: no response", RemittanceParams{IncomeElasticity: 1}, 0.03, 0.06, 2 * ref, 1},
		{"reference fee: no change", fee, 0.06, 0.06, ref, 1},
		// Price of a dollar delivered 1/(1-fee): halving the fee from 6% to
		// 3% lowers it by ln(0.97/0.94) = 3.14 log points, so the amount
		// rises by 1.5 times that.
		{"fee cut raises the amount", fee, 0.03, 0.06, ref, math.Pow(0.97/0.94, 1.5)},
		{"fee rise lowers the amount", fee, 0.12, 0.06, ref, math.Pow(0.88/0.94, 1.5)},
		{"fee of one sends nothing", fee, 1, 0.06, ref, 0},
		{"reference fee of one: no price to compare", fee, 0.5, 1, ref, 1},
		// share x ref x (income/ref)^0.5 = share x income x (income/ref)^-0.5.
		{"income four times the reference: half the share", inc, 0.06, 0.06, 4 * ref, 0.5},
		{"income a quarter of the reference: twice the share", inc, 0.06, 0.06, ref / 4, 2},
		{"income at the reference", inc, 0.06, 0.06, ref, 1},
		{"elasticity 0: the amount of the reference", RemittanceParams{}, 0.06, 0.06, 2 * ref, 0.5},
		{"both", RemittanceParams{FeeElasticity: 1.5, IncomeElasticity: 0.5}, 0.03, 0.06, 4 * ref, 0.5 * math.Pow(0.97/0.94, 1.5)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := RemitFactor(tt.r, tt.fee, tt.refFee, tt.income, ref); !near(got, tt.want, tol) {
				t.Errorf("RemitFactor(%+v, fee=%v, refFee=%v, income=%v, ref=%v) = %v; want %v", tt.r, tt.fee, tt.refFee, tt.income, ref, got, tt.want)
			}
		})
	}
}
