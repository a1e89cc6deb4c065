package sim

import (
	"context"
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// shiftScenario returns the baseline with its policies off, small.
func shiftScenario(t *testing.T) *model.Scenario {
	t.Helper()
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	sc.Policies = nil
	sc.Agents, sc.Years, sc.Replicates = 4000, 5, 2
	return sc
}

// TestSectorShiftIsALogitShift: a sector's emigration_shift and
// return_shift enter the hazards' logits exactly (docs/ODD.md 7.3, 7.6).
// Shifting every sector by delta is the same model as lowering
// emigration.cost by delta (which shifts every destination value, hence
// the inclusive value, by delta) and raising return.intercept by the return
// shift; with common random numbers the two runs must agree up to the
// rounding of log-sum-exp, which can flip a rare draw (tolerance 0.5% of a
// stock, far below the 20-60% the shifts move them: checked below).
func TestSectorShiftIsALogitShift(t *testing.T) {
	const emigShift, returnShift = 0.7, -0.4
	base := shiftScenario(t)
	shifted, equiv := *base, *base
	shifted.Sectors = append([]model.Sector(nil), base.Sectors...)
	for i := range shifted.Sectors {
		// Added to the sector's own shifts: the baseline's doctors have a
		// calibrated return_shift (baseline.calibration.toml).
		shifted.Sectors[i].EmigrationShift += emigShift
		shifted.Sectors[i].ReturnShift += returnShift
	}
	equiv.Emigration.Cost -= emigShift
	equiv.Return.Intercept += returnShift
	run := func(sc *model.Scenario) *results.Timeseries {
		ts, err := Run(context.Background(), sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	a, b, o := run(&shifted), run(&equiv), run(base)
	last := len(a.Step) - 1
	for _, m := range []string{results.Emigrants, results.WorkersHome, results.Returnees} {
		c := metricIndex(a, m)
		for r := range a.Values {
			x, y, z := a.Values[r][last][c], b.Values[r][last][c], o.Values[r][last][c]
			if math.Abs(x-y) > 0.005*y {
				t.Errorf("%s, replicate %d: shift %.0f, cost and intercept %.0f: differ by more than 0.5%%", m, r, x, y)
			}
			if m == results.Emigrants && x < 1.05*z {
				t.Errorf("%s, replicate %d: shifted %.0f, not above the unshifted %.0f by 5%%", m, r, x, z)
			}
		}
	}
}

// TestSectorShiftIsTheSectors: a shift of one sector moves that sector's
// emigration and leaves the others' about alone (they change only through
// shared conditions, settlement order and the draws of the few persons whose
// paths differ). Size: the first year's departures of the shifted sector
// rise by a factor between 1 and e^delta (the logistic's factor for a logit
// rise of delta lies in (1, e^delta)), with 3 binomial standard errors of
// slack on each side; common random numbers.
func TestSectorShiftIsTheSectors(t *testing.T) {
	const (
		delta         = 0.5
		shiftedSector = 1 // nurses: the most departures of the baseline
	)
	base := shiftScenario(t)
	base.Agents, base.Years = 40_000, 1
	shifted := *base
	shifted.Sectors = append([]model.Sector(nil), base.Sectors...)
	shifted.Sectors[shiftedSector].EmigrationShift = delta
	var year [2][]float64 // [run][sector] emigrations in the first year, agents
	for k, sc := range []*model.Scenario{base, &shifted} {
		e := New(sc, 0, 1)
		year[k] = make([]float64, e.nS)
		for range sc.StepsPerYear {
			e.Step()
			for s := range e.nS {
				year[k][s] += float64(e.total.flow(flowEmigrate, s))
			}
		}
	}
	for i, s := range base.Sectors {
		b, x := year[0][i], year[1][i]
		if b < 30 {
			t.Fatalf("%s: %v emigrations in the first year: too few to size the shift", s.Name, b)
		}
		t.Logf("%s: %v emigrations in the first year without the shift, %v with", s.Name, b, x)
		slack := 3 * math.Sqrt(b)
		lo, hi := b-slack, b+slack
		if i == shiftedSector {
			lo, hi = b, b*math.Exp(delta)+slack
		}
		if x <= lo || x > hi {
			t.Errorf("%s: first-year emigrations %v (%v without the shift), want in (%.1f, %.1f]", s.Name, x, b, lo, hi)
		}
	}
}
