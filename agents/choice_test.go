package agents

import (
	"math"
	"testing"
)

func TestChoiceText(t *testing.T) {
	var c ChoiceRule
	if err := c.UnmarshalText([]byte("threshold")); err != nil || c != ChoiceThreshold {
		t.Errorf(`ChoiceRule.UnmarshalText("threshold") = %v, %v`, c, err)
	}
	var k SkillChoice
	if err := k.UnmarshalText([]byte("quadratic")); err != nil || k != SkillQuadratic {
		t.Errorf(`SkillChoice.UnmarshalText("quadratic") = %v, %v`, k, err)
	}
}

func TestQuantile(t *testing.T) {
	uni := Distribution{Shape: ShapeUniform, Min: 0, Max: 4000}
	logn := Distribution{Shape: ShapeLognormal, Median: 2000, Sigma: 1}
	for _, tt := range []struct {
		name    string
		d       Distribution
		u       float64
		neutral float64
		want    float64
	}{
		{"none gives the neutral value", Distribution{Min: 5, Max: 9}, 0.3, 1, 1},
		{"uniform at the median", uni, 0.5, 0, 2000},
		{"uniform at a quarter", uni, 0.25, 0, 1000},
		{"lognormal at the median", logn, 0.5, 0, 2000},
		// z = 1 at u = Phi(1) = 0.8413447460685429: median * e.
		{"lognormal one sd up", logn, 0.8413447460685429, 0, 2000 * math.E},
		{"lognormal one sd down", logn, 1 - 0.8413447460685429, 0, 2000 / math.E},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Quantile(tt.u, tt.neutral); !near(got, tt.want, 1e-9) {
				t.Errorf("Quantile(%v) = %v; want %v", tt.u, got, tt.want)
			}
		})
	}
	if got := logn.Quantile(0, 0); math.IsInf(got, 0) || math.IsNaN(got) || got <= 0 {
		t.Errorf("lognormal Quantile(0) = %v; want a small positive number", got)
	}
}

func TestFeeFactor(t *testing.T) {
	for _, tt := range []struct {
		name         string
		rate, tr, wk float64
		want         float64
	}{
		{"undiscounted spreads evenly", 0, 6, 38, 6.0 / 38},
		// One year of fees, carried one year at 10%, over a two-year
		// annuity: 1/1.1 * 1.1 / (1/1.1 + 1/1.21) = 1.21/2.1.
		{"discounted by hand", 0.1, 1, 2, 1.21 / 2.1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := FeeFactor(tt.rate, tt.tr, tt.wk); !near(got, tt.want, 1e-12) {
				t.Errorf("FeeFactor(%v, %v, %v) = %v; want %v", tt.rate, tt.tr, tt.wk, got, tt.want)
			}
		})
	}
	if lo, hi := FeeFactor(0, 6, 38), FeeFactor(0.05, 6, 38); hi <= lo {
		t.Errorf("FeeFactor at 5%% = %v; want above the undiscounted %v (fees come first)", hi, lo)
	}
}

// drSector is the one sector of the Docquier-Rapoport example (MODEL.md):
// w_H = 2, w* = 6, in thousands.
func drSector(p float64) SectorOutlook {
	return SectorOutlook{WageHome: 2000, WageAbroad: 6000, Recognition: 1, MigrationP: p, SeatsAvailable: true}
}

func TestChooseTrainingThreshold(t *testing.T) {
	tp := TrainingParams{Choice: ChoiceThreshold, MigrationResponse: 1}
	credit := tp
	credit.CreditLimit = 1
	withFee := func(o SectorOutlook, fee float64) SectorOutlook { o.Fee = fee; return o }
	scratch := make([]float64, 2)
	for _, tt := range []struct {
		name   string
		tp     TrainingParams
		o      SectorOutlook
		y      Youth
		sector int
	}{
		// Train iff c <= (1 - p) w_H + p w* - w_L = 1000 + 4000 p.
		{"cheap trains without migration", tp, drSector(0), Youth{Ability: 1, Cost: 999}, 0},
		{"dear stays without migration", tp, drSector(0), Youth{Ability: 1, Cost: 1001}, -1},
		{"migration chance 0.3 moves the threshold to 2200", tp, drSector(0.3), Youth{Ability: 1, Cost: 2199}, 0},
		{"above 2200 stays", tp, drSector(0.3), Youth{Ability: 1, Cost: 2201}, -1},
		{"fee beyond the household's means blocks", credit, withFee(drSector(0.3), 500), Youth{Ability: 1, Means: 400}, -1},
		{"fee within the means does not", credit, withFee(drSector(0.3), 500), Youth{Ability: 1, Means: 600}, 0},
		{"no seats, no training", tp, SectorOutlook{WageHome: 9000}, Youth{Ability: 1}, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := ChooseTraining(scratch, tt.tp, 1000, []SectorOutlook{tt.o}, tt.y, 0.5); got != tt.sector {
				t.Errorf("ChooseTraining(%+v) = %d; want %d", tt.y, got, tt.sector)
			}
		})
	}
}

func TestChooseTrainingLogitMatchesProbabilities(t *testing.T) {
	// A youth of ability 1 and cost 0 under the logit chooses with the
	// probabilities of TrainingProbabilities: the draw u picks the
	// category whose cumulative probability first exceeds it.
	params, w, sectors := trainingCase()
	p := trainingProbs(params, w, sectors)
	scratch := make([]float64, len(sectors)+1)
	for _, tt := range []struct {
		name string
		u    float64
		want int
	}{
		{"low draw, no training", p[0] / 2, -1},
		{"middle draw, first sector", p[0] + p[1]/2, 0},
		{"high draw, second sector", 1 - p[2]/2, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, theta := ChooseTraining(scratch, params, w, sectors, Youth{Ability: 1}, tt.u); got != tt.want || (got >= 0 && theta != 1) {
				t.Errorf("ChooseTraining(u=%v) = %d, %v; want %d, 1", tt.u, got, theta, tt.want)
			}
		})
	}
}

func TestYouthIncomeStark(t *testing.T) {
	// alpha = 1000, beta = 3000, k = 1000 (scenarios/theory/stark.toml):
	// theta = 1 + 2p, income theta^2 k / 2.
	tp := TrainingParams{SkillChoice: SkillQuadratic, SkillCost: 1000, MigrationResponse: 1}
	for _, tt := range []struct {
		name                string
		p, ability          float64
		wantTheta, wantIncm float64
	}{
		{"closed economy", 0, 1, 1, 500},
		{"peak of the home stock", 0.25, 1, 1.5, 1125},
		{"certain emigrant", 1, 1, 3, 4500},
		{"ability scales the returns", 0.25, 2, 3, 4500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := SectorOutlook{WageHome: 1000, WageAbroad: 3000, Recognition: 1, MigrationP: tt.p}
			income, theta := YouthIncome(o, tp, Youth{Ability: tt.ability})
			if !near(theta, tt.wantTheta, 1e-12) || !near(income, tt.wantIncm, 1e-9) {
				t.Errorf("YouthIncome(p=%v) = %v, theta %v; want %v, %v", tt.p, income, theta, tt.wantIncm, tt.wantTheta)
			}
		})
	}
}
