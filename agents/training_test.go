package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestExpectedIncome(t *testing.T) {
	// A nurse-like sector: wages in USD PPP a year, chosen to give round
	// numbers by hand.
	base := SectorOutlook{WageHome: 3000, WageAbroad: 9000, WageWaste: 1500, Cost: 500, SeatsAvailable: true}
	with := func(p, r float64) SectorOutlook {
		o := base
		o.MigrationP, o.Recognition = p, r
		return o
	}
	for _, tt := range []struct {
		name string
		o    SectorOutlook
		want float64
	}{
		{"stayer earns the home wage less cost", with(0, 0.7), 3000 - 500},
		{"certain recognised migrant earns the wage abroad less cost", with(1, 1), 9000 - 500},
		{"certain unrecognised migrant earns the brain-waste wage less cost", with(1, 0), 1500 - 500},
		// 0.8*3000 + 0.2*(0.5*9000 + 0.5*1500) - 500 = 2400 + 1050 - 500.
		{"mixed chances", with(0.2, 0.5), 2950},
		// 0.5*3000 + 0.5*(0.25*9000 + 0.75*1500) - 500 = 1500 + 1687.5 - 500.
		{"even migration chance, a quarter recognised", with(0.5, 0.25), 2687.5},
		{"cost above income is negative", SectorOutlook{WageHome: 1000, Cost: 1500}, -500},
		{"zero value is zero", SectorOutlook{}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExpectedIncome(tt.o); !near(got, tt.want, tol) {
				t.Errorf("ExpectedIncome(%+v) = %v; want %v", tt.o, got, tt.want)
			}
		})
	}
}

// trainingCase is a two-sector choice used by several tests: a sector with
// migration prospects (index 1 in dst) and a home-only one (index 2).
func trainingCase() (TrainingParams, float64, []SectorOutlook) {
	t := TrainingParams{Sensitivity: 2, NoTraining: 0.5, MigrationResponse: 1}
	sectors := []SectorOutlook{
		{WageHome: 3000, WageAbroad: 9000, WageWaste: 1500, Recognition: 0.5, MigrationP: 0.2, Cost: 500, Preference: 0.3, SeatsAvailable: true},
		{WageHome: 2000, SeatsAvailable: true},
	}
	return t, 1000, sectors
}

func trainingProbs(t TrainingParams, w float64, sectors []SectorOutlook) []float64 {
	dst := make([]float64, len(sectors)+1)
	TrainingProbabilities(dst, t, w, sectors)
	return dst
}

func TestTrainingProbabilitiesValues(t *testing.T) {
	params, w, sectors := trainingCase()
	halfResponse := params
	halfResponse.MigrationResponse = 0.5
	flat := params
	flat.Sensitivity = 0
	// Logit weights exp(utility) computed by hand from the doc comment:
	// exp(Sensitivity*ln(EU/w) + Preference) = (EU/w)^Sensitivity * e^Preference,
	// and e^NoTraining for not training. EU of sector 1 is 2950 with full
	// response (see TestExpectedIncome) and 0.9*3000 + 0.1*5250 - 500 = 2725
	// with the migration chance halved; EU of sector 2 is 2000.
	for _, tt := range []struct {
		name    string
		params  TrainingParams
		weights []float64 // unnormalised: none, sector 1, sector 2
	}{
		{"full migration response", params, []float64{math.Exp(0.5), 2.95 * 2.95 * math.Exp(0.3), 2 * 2}},
		{"half migration response", halfResponse, []float64{math.Exp(0.5), 2.725 * 2.725 * math.Exp(0.3), 2 * 2}},
		{"zero sensitivity leaves only preferences", flat, []float64{math.Exp(0.5), math.Exp(0.3), 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum := tt.weights[0] + tt.weights[1] + tt.weights[2]
			got := trainingProbs(tt.params, w, sectors)
			for i, wi := range tt.weights {
				if want := wi / sum; !near(got[i], want, tol) {
					t.Errorf("TrainingProbabilities(%+v)[%d] = %v; want %v", tt.params, i, got[i], want)
				}
			}
		})
	}
}

func TestTrainingProbabilitiesSumToOne(t *testing.T) {
	params, w, sectors := trainingCase()
	steep := params
	steep.Sensitivity = 1000 // exp of the raw utilities would overflow
	closedAll := slices.Clone(sectors)
	for i := range closedAll {
		closedAll[i].SeatsAvailable = false
	}
	for _, tt := range []struct {
		name    string
		params  TrainingParams
		sectors []SectorOutlook
	}{
		{"two sectors", params, sectors},
		{"steep logit does not overflow", steep, sectors},
		{"all sectors closed", params, closedAll},
		{"no sectors", params, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := trainingProbs(tt.params, w, tt.sectors)
			sum := 0.0
			for i, p := range got {
				if p < 0 || p > 1 || math.IsNaN(p) {
					t.Errorf("TrainingProbabilities(%+v)[%d] = %v; want within [0, 1]", tt.params, i, p)
				}
				sum += p
			}
			if !near(sum, 1, tol) {
				t.Errorf("sum of TrainingProbabilities(%+v) = %v; want 1", tt.params, sum)
			}
		})
	}
}

func TestTrainingProbabilitiesDirection(t *testing.T) {
	params, w, sectors := trainingCase()
	noResponse := params
	noResponse.MigrationResponse = 0
	richer := slices.Clone(sectors)
	richer[0].WageAbroad *= 2
	dearer := slices.Clone(sectors)
	dearer[0].Cost += 1000
	for _, tt := range []struct {
		name    string
		params  TrainingParams
		changed []SectorOutlook
		effect  int // sign of the change in the share training in sector 1
	}{
		{"higher wage abroad raises training with full response", params, richer, +1},
		{"higher wage abroad changes nothing without response", noResponse, richer, 0},
		{"higher cost lowers training", params, dearer, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := trainingProbs(tt.params, w, sectors)[1]
			after := trainingProbs(tt.params, w, tt.changed)[1]
			switch {
			case tt.effect > 0 && !(after > before),
				tt.effect < 0 && !(after < before),
				tt.effect == 0 && after != before:
				t.Errorf("TrainingProbabilities share of sector 1 = %v, was %v; want change of sign %d", after, before, tt.effect)
			}
		})
	}
}

// TestTrainingProbabilitiesOdds checks the size of the income effect: with
// Sensitivity b the odds of a sector against not training are
// (EU/w)^b e^(Preference - NoTraining), so multiplying EU by k multiplies the
// odds by k^b.
func TestTrainingProbabilitiesOdds(t *testing.T) {
	params, w, sectors := trainingCase()
	for _, tt := range []struct {
		name   string
		change func([]SectorOutlook)
		factor float64 // expected ratio of the odds after to before
	}{
		// EU of the home-only sector goes from 2000 to 4000: odds times 2^2.
		{"doubled home wage quadruples the odds", func(s []SectorOutlook) { s[1].WageHome *= 2 }, 4},
		// EU of sector 1 goes from 2950 to 0.8*3000 + 0.2*(0.5*18000 +
		// 0.5*1500) - 500 = 3850: odds times (3850/2950)^2.
		{"doubled wage abroad", func(s []SectorOutlook) { s[0].WageAbroad *= 2 }, (3850.0 / 2950) * (3850.0 / 2950)},
		{"preference shifts the log odds", func(s []SectorOutlook) { s[1].Preference += 0.7 }, math.Exp(0.7)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			changed := slices.Clone(sectors)
			tt.change(changed)
			before := trainingProbs(params, w, sectors)
			after := trainingProbs(params, w, changed)
			for s := 1; s <= 2; s++ {
				if changed[s-1] == sectors[s-1] {
					continue
				}
				got := (after[s] / after[0]) / (before[s] / before[0])
				if !near(got, tt.factor, 1e-9) {
					t.Errorf("odds ratio of sector %d = %v; want %v", s, got, tt.factor)
				}
			}
		})
	}
}

func TestTrainingProbabilitiesNeverChosen(t *testing.T) {
	params, w, sectors := trainingCase()
	for _, tt := range []struct {
		name   string
		change func(*SectorOutlook)
	}{
		{"no seats", func(o *SectorOutlook) { o.SeatsAvailable = false }},
		{"no seats despite a strong preference", func(o *SectorOutlook) { o.SeatsAvailable = false; o.Preference = 50 }},
		{"cost equal to expected income", func(o *SectorOutlook) { o.Cost = 3450 }}, // EU = 2950 + 500 - 3450 = 0
		{"cost above expected income", func(o *SectorOutlook) { o.Cost = 10000 }},
		{"no wages anywhere", func(o *SectorOutlook) { *o = SectorOutlook{SeatsAvailable: true} }},
	} {
		// With zero sensitivity incomes do not enter the utilities, so the
		// rule must exclude these sectors by their expected income alone.
		flat := params
		flat.Sensitivity = 0
		for _, p := range []TrainingParams{params, flat} {
			t.Run(fmt.Sprintf("%s/sensitivity %v", tt.name, p.Sensitivity), func(t *testing.T) {
				changed := slices.Clone(sectors)
				tt.change(&changed[0])
				got := trainingProbs(p, w, changed)
				if got[1] != 0 {
					t.Errorf("TrainingProbabilities share of sector %+v = %v; want 0", changed[0], got[1])
				}
				// The others keep their relative odds: sector 2 against none.
				before := trainingProbs(p, w, sectors)
				if r, want := got[2]/got[0], before[2]/before[0]; !near(r, want, tol) {
					t.Errorf("odds of the other sector = %v; want %v", r, want)
				}
			})
		}
	}
}

func TestTrainingProbabilitiesLeavesInputs(t *testing.T) {
	params, w, sectors := trainingCase()
	params.MigrationResponse = 0.5
	orig := slices.Clone(sectors)
	trainingProbs(params, w, sectors)
	if !slices.Equal(sectors, orig) {
		t.Errorf("TrainingProbabilities changed its sectors to %+v; want %+v", sectors, orig)
	}
}

func TestTrainingProbabilitiesPanics(t *testing.T) {
	params, _, sectors := trainingCase()
	for _, tt := range []struct {
		name string
		dst  []float64
		w    float64
	}{
		{"dst too short", make([]float64, 2), 1000},
		{"dst too long", make([]float64, 4), 1000},
		{"nil dst", nil, 1000},
		{"zero untrained wage", make([]float64, 3), 0},
		{"negative untrained wage", make([]float64, 3), -1000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("TrainingProbabilities(len(dst) = %d, w = %v) did not panic; want panic", len(tt.dst), tt.w)
				}
			}()
			TrainingProbabilities(tt.dst, params, tt.w, sectors)
		})
	}
}

func TestChoose(t *testing.T) {
	// Dyadic probabilities, so the cumulative sums 0.25, 0.75 and 1 are exact.
	p := []float64{0.25, 0, 0.5, 0.25}
	below := func(x float64) float64 { return math.Nextafter(x, 0) }
	for _, tt := range []struct {
		name string
		p    []float64
		u    float64
		want int
	}{
		{"zero draw picks the first", p, 0, 0},
		{"just below the first sum", p, below(0.25), 0},
		{"at the first sum skips the empty category", p, 0.25, 2},
		{"just below the second sum", p, below(0.75), 2},
		{"at the second sum", p, 0.75, 3},
		{"just below one", p, below(1), 3},
		{"at the total picks the last positive", p, 1, 3},
		{"beyond the total picks the last positive", p, 1.5, 3},
		{"beyond a short sum skips trailing zeros", []float64{0.25, 0.5, 0, 0}, 0.9, 1},
		{"leading zero is never chosen", []float64{0, 1}, 0, 1},
		{"all zero", []float64{0, 0, 0}, 0.5, -1},
		{"empty", nil, 0.5, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Choose(tt.p, tt.u); got != tt.want {
				t.Errorf("Choose(%v, %v) = %v; want %v", tt.p, tt.u, got, tt.want)
			}
		})
	}
}

// TestChooseFrequency draws 100,000 categories and compares each frequency
// with its probability. The standard error of a frequency p is at most
// sqrt(0.25/n) = 1.6e-3; each is allowed 4 of its own standard errors, so a
// correct Choose fails with probability below 3e-4 across the categories, and
// the seed is fixed.
func TestChooseFrequency(t *testing.T) {
	const n = 100_000
	p := []float64{0.1, 0, 0.6, 0.3}
	rng := rand.New(rand.NewPCG(1, 2))
	counts := make([]int, len(p))
	for range n {
		counts[Choose(p, rng.Float64())]++
	}
	for i, pi := range p {
		got := float64(counts[i]) / n
		se := math.Sqrt(pi * (1 - pi) / n)
		if math.Abs(got-pi) > 4*se {
			t.Errorf("frequency of Choose(%v, u) = %d: %.4f; want %.4f ± %.4f", p, i, got, pi, 4*se)
		}
	}
}
