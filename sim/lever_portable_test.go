package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// TestPortableBenefit checks, with common random numbers, a portable
// benefit of USD 3,000 a year for returning nurses, paid by the origin. The
// returns it buys are derived from the return hazard's wage-gap term: it
// adds wage_gap x ln(1 + b / home income) to the logit, the home income of
// a nurse being wage_home x skill, skill within [1, skill.max]; with the
// baseline's mean hazard h standing for r0 L(z), the hazard rises by
// L(z + that) / L(z) - 1, between the values at the two ends of the skill
// range, widened by the replicates' 95% interval. Its cost is the
// beneficiaries (returnees at the start of each step) x b / 12 each step,
// within 1% (those who die in the step are not paid).
func TestPortableBenefit(t *testing.T) {
	const (
		b        = 3000.0
		from, to = 2027.0, 2029.0
	)
	base := baselineRun(t)
	sc := policyBaseline(t)
	sc.Policies = []model.Policy{{StartYear: 2026, Sectors: []string{"nurse"},
		Lever: &model.PortableBenefits{Benefit: b, PaidBy: model.PaidByOrigin}}}
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hazard := func(ts *results.Timeseries) []float64 {
		r, n := windowMean(t, ts, "returns.nurse", from, to), windowMean(t, ts, "emigrants.nurse", from, to)
		for i := range r {
			r[i] /= n[i]
		}
		return r
	}
	hb := hazard(base)
	d, half := pairedDiff(hazard(ts), hb)
	h := mean(hb)
	z := math.Log(h / sc.Return.BaseRate / (1 - h/sc.Return.BaseRate))
	logistic := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	predict := func(home float64) float64 {
		return (logistic(z+sc.Return.WageGap*math.Log1p(b/home))/logistic(z) - 1) * h
	}
	var wage float64
	for _, sec := range sc.Sectors {
		if sec.Name == "nurse" {
			wage = sec.WageHome
		}
	}
	lo, hi := predict(wage*sc.Skill.Max)-half, predict(wage)+half
	if d < lo || d > hi {
		t.Errorf("nurses' return hazard +%.4g +- %.4g (%.1f%% of %.4g); want within [%.4g, %.4g] from the wage-gap term", d, half, 100*d/h, h, lo, hi)
	} else {
		t.Logf("nurses' return hazard +%.4g +- %.4g (%.1f%%); band [%.4g, %.4g]", d, half, 100*d/h, lo, hi)
	}

	// Cost: each year's policy cost against the returning nurses at home
	// before each of its steps.
	mc, mr := results.MetricIndex(ts.Metrics, "policy_cost"), results.MetricIndex(ts.Metrics, "returnees.nurse")
	for r, rows := range ts.Values {
		for i := 2 * sc.StepsPerYear; i+sc.StepsPerYear <= len(rows); i += sc.StepsPerYear {
			want := 0.0
			for j := i; j < i+sc.StepsPerYear; j++ {
				want += rows[j-1][mr] * b / float64(sc.StepsPerYear)
			}
			if got := rows[i+sc.StepsPerYear-1][mc]; math.Abs(got-want) > 0.01*want {
				t.Errorf("replicate %d, year to %.0f: cost %.6g; want beneficiaries x benefit = %.6g +- 1%%", r, ts.Year[i+sc.StepsPerYear-1], got, want)
			}
		}
	}
}
