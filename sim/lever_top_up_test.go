package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// TestReturnTopUpValue checks the share of the home wage the return decision
// weighs for each kind of top-up: a lasting top-up in full, a returnee
// top-up of limited months at its present value over the working years left.
func TestReturnTopUpValue(t *testing.T) {
	const rho = 0.05
	pv := func(months float64) float64 { return agents.Annuity(rho, months/12) }
	for _, tt := range []struct {
		name      string
		t         topUp
		public    bool
		yearsLeft float64
		want      float64
	}{
		{"everyone, in full", topUp{rate: 0.3, eligible: model.EligibleAll}, false, 20, 0.3},
		{"public, not public", topUp{rate: 0.3, eligible: model.EligiblePublic}, false, 20, 0},
		{"public, public", topUp{rate: 0.3, eligible: model.EligiblePublic}, true, 20, 0.3},
		{"returnees for ever", topUp{rate: 0.5, eligible: model.EligibleReturnees}, false, 20, 0.5},
		{"returnees 6 months, 20 years left", topUp{rate: 0.5, eligible: model.EligibleReturnees, steps: 6, pvYears: pv(6)}, false, 20,
			0.5 * pv(6) / agents.Annuity(rho, 20)},
		{"returnees 1 month, 20 years left", topUp{rate: 0.5, eligible: model.EligibleReturnees, steps: 1, pvYears: pv(1)}, false, 20,
			0.5 * pv(1) / agents.Annuity(rho, 20)},
		{"returnees 6 months, 3 months left: at most the rate", topUp{rate: 0.5, eligible: model.EligibleReturnees, steps: 6, pvYears: pv(6)}, false, 0.25, 0.5},
		{"returnees 6 months, past retirement: at most the rate", topUp{rate: 0.5, eligible: model.EligibleReturnees, steps: 6, pvYears: pv(6)}, false, -3, 0.5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := conditions{topUps: [][]topUp{{tt.t}}}
			if got := c.returnTopUp(0, tt.public, rho, tt.yearsLeft); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("returnTopUp = %v; want %v", got, tt.want)
			}
		})
	}
	// Undiscounted, a 6-month top-up over 20 years is worth 1/40 of the rate.
	c := conditions{topUps: [][]topUp{{{rate: 1, eligible: model.EligibleReturnees, steps: 6, pvYears: agents.Annuity(0, 0.5)}}}}
	if got := c.returnTopUp(0, false, 0, 20); math.Abs(got-1.0/40) > 1e-12 {
		t.Errorf("undiscounted 6 months over 20 years = %v; want 1/40", got)
	}
}

// TestTopUpPaidForItsMonths checks the cost of a returnee top-up step by
// step: it equals the recipients (returnees with a post in their first
// Months after return) x the monthly amount (rate x wage x skill / 12), so
// that over a returnee's stay it is months x amount. A returnee paid in a
// step and then admitted abroad in the same step's settlement is missed by
// the scan after the step, hence the tolerance.
func TestTopUpPaidForItsMonths(t *testing.T) {
	const (
		rate   = 0.5
		months = 6
		tol    = 0.02 // relative, for the re-emigrants the scan misses (about the returnees' monthly emigration probability)
	)
	sc := policyBaseline(t)
	sc.Agents, sc.Years, sc.Replicates = 4000, 3, 1
	sc.Policies = []model.Policy{{StartYear: sc.StartYear, Lever: &model.WageTopUp{TopUp: rate, Eligible: model.EligibleReturnees, Months: months}}}
	e := New(sc, 0, 1)
	paid, want := 0.0, 0.0
	for !e.Done() {
		e.Step()
		p := &e.pop
		for i := range p.rec {
			st := p.rec[i].state
			if st != agents.Returnee || p.rec[i].flags&flagJobless != 0 {
				continue
			}
			if n := int(p.rec[i].tenure); n >= 1 && n <= months {
				s := int(p.rec[i].sector)
				want += rate * e.cond.wageHome[s] * float64(p.skill[i]) / float64(e.spy)
			}
		}
		paid += e.total.cost[0]
	}
	if want == 0 {
		t.Fatal("no returnee was paid")
	}
	if math.Abs(paid-want) > tol*want {
		t.Errorf("top-up paid %.6g per agent; want recipients x months x amount = %.6g (+- %.0f%%)", paid, want, 100*tol)
	}
	t.Logf("paid %.6g, recipients x amount %.6g", paid, want)
}

// TestTopUpDurationBuysReturns compares, with common random numbers, the
// returns bought by a returnee top-up paid for 1 month, 6 months and for
// ever. The size of each is derived from the return hazard's wage-gap term:
// the hazard is r0 L(z) and the top-up adds wage_gap x ln(1 + v) to z, where
// v is the value returnTopUp gives it; with the baseline's mean hazard h
// standing for L(z) = h / r0, returns rise by the factor
// L(z + wage_gap ln(1 + v)) / L(z). v depends on the working years left,
// taken between 10 and 37 (emigrants of 52 and of 25) for the band, widened
// by the replicates' 95% interval.
func TestTopUpDurationBuysReturns(t *testing.T) {
	const (
		rate             = 2.0 // a large top-up, so that a month's effect is seen at this size
		start            = 2026
		from, to         = 2027.0, 2029.0 // trailing years within the first three of the policy
		fewYears, career = 10.0, 37.0     // working years left at 52 and at 25, for the band
	)
	base := baselineRun(t)
	sc := policyBaseline(t)
	rho, wg, r0 := sc.Training.DiscountRate, sc.Return.WageGap, sc.Return.BaseRate
	// The return hazard per replicate: returns over the diaspora, so that
	// the returns bought are not hidden by the diaspora they deplete.
	hazard := func(ts *results.Timeseries) []float64 {
		r, n := windowMean(t, ts, "returns", from, to), windowMean(t, ts, "emigrants", from, to)
		for i := range r {
			r[i] /= n[i]
		}
		return r
	}
	h := mean(hazard(base))
	z := math.Log(h / r0 / (1 - h/r0))
	logistic := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	predict := func(v float64) float64 { return logistic(z+wg*math.Log1p(v))/logistic(z) - 1 }
	rel := map[float64]float64{}
	for _, months := range []float64{1, 6, 0} {
		sc := policyBaseline(t)
		sc.Policies = []model.Policy{{StartYear: start, Lever: &model.WageTopUp{TopUp: rate, Eligible: model.EligibleReturnees, Months: months}}}
		ts, err := Run(t.Context(), sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b := hazard(base)
		d, half := pairedDiff(hazard(ts), b)
		bm := mean(b)
		v := func(yearsLeft float64) float64 {
			if months == 0 {
				return rate
			}
			return rate * min(1, agents.Annuity(rho, months/12)/agents.Annuity(rho, yearsLeft))
		}
		lo, hi := predict(v(career))*bm-half, predict(v(fewYears))*bm+half
		rel[months] = d / bm
		if d < lo || d > hi {
			t.Errorf("%v months: returns +%.4g +- %.4g (%.2f%% of %.4g); want within [%.4g, %.4g] from the wage-gap term", months, d, half, 100*d/bm, bm, lo, hi)
		} else {
			t.Logf("%v months: return hazard +%.4g +- %.4g (%.2f%%); band [%.4g, %.4g]", months, d, half, 100*d/bm, lo, hi)
		}
	}
	if !(rel[1] < rel[6] && rel[6] < rel[0]) {
		t.Errorf("returns bought: 1 month %.3g, 6 months %.3g, for ever %.3g; want rising with the duration", rel[1], rel[6], rel[0])
	}
}
