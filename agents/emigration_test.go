package agents

import (
	"math"
	"testing"
)

// emig is a set of emigration parameters in the range of the shipped
// scenarios, with every term switched on.
var emig = EmigrationParams{BaseRate: 0.2, WageGap: 1.2, Network: 0.5, Age: 0.05, Cost: 1, ReturneeFactor: 1}

func TestDestinationValue(t *testing.T) {
	inf := math.Inf(-1)
	for _, tt := range []struct {
		name                            string
		wage, diaspora, stock, moveCost float64
		want                            float64
	}{
		{"no diaspora: wage and costs only", 30000, 0, 8000, 0.3, 1.2*math.Log(30000) - 1 - 0.3},
		{"diaspora a quarter of the home stock", 30000, 2000, 8000, 0.3, 1.2*math.Log(30000) + 0.5*math.Log(1.25) - 1 - 0.3},
		{"diaspora as large as the home stock", 30000, 8000, 8000, 0, 1.2*math.Log(30000) + 0.5*math.Log(2) - 1},
		{"no demand abroad is closed", 0, 2000, 8000, 0.3, inf},
		{"negative wage is closed", -1, 2000, 8000, 0.3, inf},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := DestinationValue(emig, tt.wage, tt.diaspora, tt.stock, tt.moveCost)
			if !near(got, tt.want, tol) {
				t.Errorf("DestinationValue(%+v, %v, %v, %v, %v) = %v; want %v",
					emig, tt.wage, tt.diaspora, tt.stock, tt.moveCost, got, tt.want)
			}
		})
	}
}

func TestDestinationValueEmptyHomeStock(t *testing.T) {
	// A diaspora with nobody left at home must not give an infinite pull.
	if got := DestinationValue(emig, 30000, 2000, 0, 0); math.IsInf(got, 0) || math.IsNaN(got) {
		t.Errorf("DestinationValue(%+v, 30000, 2000, 0, 0) = %v; want finite", emig, got)
	}
}

func TestDestinationValueDirection(t *testing.T) {
	base := DestinationValue(emig, 30000, 2000, 8000, 0.3)
	for _, tt := range []struct {
		name   string
		got    float64
		effect int
	}{
		{"higher wage abroad raises the value", DestinationValue(emig, 40000, 2000, 8000, 0.3), +1},
		{"larger diaspora raises the value", DestinationValue(emig, 30000, 4000, 8000, 0.3), +1},
		{"smaller home stock raises the network pull", DestinationValue(emig, 30000, 2000, 4000, 0.3), +1},
		{"higher moving cost lowers the value", DestinationValue(emig, 30000, 2000, 8000, 1.3), -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.effect > 0 && !(tt.got > base) || tt.effect < 0 && !(tt.got < base) {
				t.Errorf("DestinationValue = %v against %v; want change of sign %d", tt.got, base, tt.effect)
			}
		})
	}
}

func TestInclusive(t *testing.T) {
	inf := math.Inf(-1)
	for _, tt := range []struct {
		name      string
		values    []float64
		want      float64
		wantProbs []float64
	}{
		{"one destination is its value", []float64{2.5}, 2.5, []float64{1}},
		{"two equal destinations add ln 2", []float64{1, 1}, 1 + math.Ln2, []float64{0.5, 0.5}},
		{"weights one and three", []float64{0, math.Log(3)}, math.Log(4), []float64{0.25, 0.75}},
		{"large values do not overflow", []float64{1000, 1000}, 1000 + math.Ln2, []float64{0.5, 0.5}},
		{"closed destination gets nothing", []float64{inf, 2.5, inf}, 2.5, []float64{0, 1, 0}},
		{"all closed", []float64{inf, inf}, inf, []float64{0, 0}},
		{"none", nil, inf, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			probs := make([]float64, len(tt.values))
			for i := range probs {
				probs[i] = 9 // stale contents must be overwritten
			}
			got := Inclusive(tt.values, probs)
			if !near(got, tt.want, tol) {
				t.Errorf("Inclusive(%v) = %v; want %v", tt.values, got, tt.want)
			}
			for i := range probs {
				if !near(probs[i], tt.wantProbs[i], tol) {
					t.Errorf("Inclusive(%v) probs = %v; want %v", tt.values, probs, tt.wantProbs)
					break
				}
			}
		})
	}
}

func TestInclusivePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Inclusive with len(probs) = 1, len(values) = 2 did not panic; want panic")
		}
	}()
	Inclusive([]float64{1, 2}, make([]float64, 1))
}

// emigrationRate chains the three rules as the engine does.
func emigrationRate(e EmigrationParams, wageAbroad, diaspora, stock, moveCost, wageHome, age float64) float64 {
	v := []float64{DestinationValue(e, wageAbroad, diaspora, stock, moveCost)}
	return EmigrationRate(e, Inclusive(v, make([]float64, 1)), wageHome, wageHome, 1, age)
}

func TestEmigrationRateFormula(t *testing.T) {
	// With one destination the rate is the single-destination hazard of
	// docs/MODEL.md: BaseRate * logistic(WageGap*ln(wa/wh) + Network*ln(1 +
	// diaspora/stock) - Age*(age - 30) - Cost - moveCost).
	for _, tt := range []struct {
		name                                      string
		e                                         EmigrationParams
		wa, dias, stock, moveCost, wh, age, wantZ float64
	}{
		{"all terms", emig, 30000, 2000, 8000, 0.3, 6000, 40,
			1.2*math.Log(5) + 0.5*math.Log(1.25) - 0.05*10 - 1 - 0.3},
		{"young and without diaspora", emig, 30000, 0, 8000, 0, 6000, 25,
			1.2*math.Log(5) + 0.05*5 - 1},
		{"wage parity at thirty", emig, 6000, 0, 8000, 0, 6000, 30, -1},
		{"wage only", EmigrationParams{BaseRate: 1, WageGap: 1}, 12000, 5000, 5000, 0, 6000, 50, math.Ln2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := emigrationRate(tt.e, tt.wa, tt.dias, tt.stock, tt.moveCost, tt.wh, tt.age)
			if want := tt.e.BaseRate * logistic(tt.wantZ); !near(got, want, tol) {
				t.Errorf("EmigrationRate(%+v, wa=%v, wh=%v, age=%v) = %v; want %v", tt.e, tt.wa, tt.wh, tt.age, got, want)
			}
		})
	}
}

func TestEmigrationRateDirection(t *testing.T) {
	base := emigrationRate(emig, 30000, 2000, 8000, 0.3, 6000, 40)
	for _, tt := range []struct {
		name   string
		got    float64
		effect int
	}{
		{"larger wage gap raises the hazard", emigrationRate(emig, 45000, 2000, 8000, 0.3, 6000, 40), +1},
		{"higher home wage lowers the hazard", emigrationRate(emig, 30000, 2000, 8000, 0.3, 9000, 40), -1},
		{"larger diaspora raises the hazard", emigrationRate(emig, 30000, 6000, 8000, 0.3, 6000, 40), +1},
		{"older lowers the hazard", emigrationRate(emig, 30000, 2000, 8000, 0.3, 6000, 50), -1},
		{"younger raises the hazard", emigrationRate(emig, 30000, 2000, 8000, 0.3, 6000, 25), +1},
		{"higher moving cost lowers the hazard", emigrationRate(emig, 30000, 2000, 8000, 1.3, 6000, 40), -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.effect > 0 && !(tt.got > base) || tt.effect < 0 && !(tt.got < base) {
				t.Errorf("EmigrationRate = %v against %v; want change of sign %d", tt.got, base, tt.effect)
			}
			if tt.got < 0 || tt.got > emig.BaseRate {
				t.Errorf("EmigrationRate = %v; want within [0, BaseRate = %v]", tt.got, emig.BaseRate)
			}
		})
	}
}

// TestEmigrationRateSize checks the size of each effect on the log odds
// logit(h / BaseRate), which the rule makes linear in its terms.
func TestEmigrationRateSize(t *testing.T) {
	unit := EmigrationParams{BaseRate: 0.2, WageGap: 1, Network: 0.5, Age: 0.05, Cost: 1}
	base := emigrationRate(unit, 30000, 2000, 8000, 0.3, 6000, 40)
	for _, tt := range []struct {
		name string
		got  float64
		want float64 // change of the log odds
	}{
		{"doubling the wage abroad with WageGap 1 doubles the odds", emigrationRate(unit, 60000, 2000, 8000, 0.3, 6000, 40), math.Ln2},
		{"halving the home wage with WageGap 1 doubles the odds", emigrationRate(unit, 30000, 2000, 8000, 0.3, 3000, 40), math.Ln2},
		{"ten years older", emigrationRate(unit, 30000, 2000, 8000, 0.3, 6000, 50), -0.05 * 10},
		// ln(1 + 8000/8000) - ln(1 + 2000/8000) = ln(2/1.25), weighted 0.5.
		{"diaspora from a quarter to all of the home stock", emigrationRate(unit, 30000, 8000, 8000, 0.3, 6000, 40), 0.5 * math.Log(2/1.25)},
		{"moving cost one unit higher", emigrationRate(unit, 30000, 2000, 8000, 1.3, 6000, 40), -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := logit(tt.got/unit.BaseRate) - logit(base/unit.BaseRate)
			if !near(d, tt.want, 1e-9) {
				t.Errorf("change of logit(EmigrationRate/BaseRate) = %v; want %v", d, tt.want)
			}
		})
	}
}

func TestEmigrationRateDestinations(t *testing.T) {
	closed := DestinationValue(emig, 0, 2000, 8000, 0)
	open := DestinationValue(emig, 30000, 2000, 8000, 0.3)
	for _, tt := range []struct {
		name      string
		values    []float64
		want      float64
		wantProbs []float64
	}{
		{"a closed destination adds nothing", []float64{closed, open}, emigrationRate(emig, 30000, 2000, 8000, 0.3, 6000, 40), []float64{0, 1}},
		{"all closed gives no emigration", []float64{closed, closed}, 0, []float64{0, 0}},
		// Two identical destinations double exp(inclusive): the odds double.
		{"a twin destination doubles the odds", []float64{open, open},
			emig.BaseRate * logistic(math.Ln2+logit(emigrationRate(emig, 30000, 2000, 8000, 0.3, 6000, 40)/emig.BaseRate)),
			[]float64{0.5, 0.5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			probs := make([]float64, len(tt.values))
			got := EmigrationRate(emig, Inclusive(tt.values, probs), 6000, 6000, 1, 40)
			if !near(got, tt.want, 1e-12) {
				t.Errorf("EmigrationRate(%v) = %v; want %v", tt.values, got, tt.want)
			}
			sum := 0.0
			for i, p := range probs {
				sum += p
				if !near(p, tt.wantProbs[i], tol) {
					t.Errorf("destination probabilities = %v; want %v", probs, tt.wantProbs)
					break
				}
			}
			if tt.want > 0 && !near(sum, 1, tol) {
				t.Errorf("destination probabilities sum to %v; want 1", sum)
			}
		})
	}
}

func TestEmigrationRateClosed(t *testing.T) {
	if got := EmigrationRate(emig, math.Inf(-1), 6000, 6000, 1, 40); got != 0 {
		t.Errorf("EmigrationRate(%+v, -Inf, 6000, 40) = %v; want 0", emig, got)
	}
}

// TestEmigrationRateAgeWeight checks that the weight scales the response
// to a change of the home wage from its reference, and only that: at the
// reference wage every weight gives the same hazard; with weight w, a 10%
// rise moves the logit by -w * WageGap * ln(1.1).
func TestEmigrationRateAgeWeight(t *testing.T) {
	e := EmigrationParams{BaseRate: 0.25, WageGap: 1.2, Age: 0.05}
	const inclusive, ref, age = 11.0, 6000.0, 28.0
	z0 := inclusive - 1.2*math.Log(ref) - 0.05*(age-30)
	for _, tt := range []struct {
		name         string
		wage, weight float64
		wantZ        float64
	}{
		{"reference wage, weight 1", ref, 1, z0},
		{"reference wage, weight 0: same level", ref, 0, z0},
		{"reference wage, weight 2: same level", ref, 2, z0},
		{"10% rise, weight 1", 1.1 * ref, 1, z0 - 1.2*math.Log(1.1)},
		{"10% rise, weight 0: no response", 1.1 * ref, 0, z0},
		{"10% rise, weight 1.9", 1.1 * ref, 1.9, z0 - 1.9*1.2*math.Log(1.1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := EmigrationRate(e, inclusive, tt.wage, ref, tt.weight, age)
			if want := e.BaseRate * logistic(tt.wantZ); !near(got, want, tol) {
				t.Errorf("EmigrationRate(wage=%v, ref=%v, weight=%v) = %v; want %v", tt.wage, ref, tt.weight, got, want)
			}
		})
	}
}

func TestWageGapWeight(t *testing.T) {
	ap := EmigrationParams{WageGapByAge: []AgeWeight{{Below: 36, Weight: 1.9}, {Below: 65, Weight: 0}}}
	for _, tt := range []struct {
		name string
		e    EmigrationParams
		age  float64
		want float64
	}{
		{"no bands: weight 1", EmigrationParams{}, 50, 1},
		{"young band", ap, 20, 1.9},
		{"just below the edge", ap, 35.99, 1.9},
		{"at the edge: next band", ap, 36, 0},
		{"old band", ap, 59, 0},
		{"beyond the last band: its weight", ap, 70, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := WageGapWeight(tt.e, tt.age); got != tt.want {
				t.Errorf("WageGapWeight(%v) = %v; want %v", tt.age, got, tt.want)
			}
		})
	}
}
