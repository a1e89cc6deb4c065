package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestSkillsRegister compares paired runs (common random numbers) of
// diaspora programmes with and without a skills register. The register's
// factor is 1 + registered x match_gain = 1.5 here.
//
// Temporary return: with more assignments than anyone could take, every
// eligible emigrant is approached each step, so assignments taken are
// eligible x acceptance: pooled over 3 replicates they must rise by the
// factor within 5% (with common draws the extra acceptances are those with a
// draw between 0.02 and 0.03, about 700 agents: a relative error of about
// 1.2% on the ratio). One-month assignments
// make the full-time equivalents after a step the assignments taken in it.
//
// Diaspora investment: a fixed contribution times the factor, so posts
// created rise by the factor exactly; the register's running cost is charged
// each step.
func TestSkillsRegister(t *testing.T) {
	const (
		registered = 0.5
		gain       = 1.0
		factor     = 1 + registered*gain
		regCost    = 240_000 // USD a year (assumed)
		acceptance = 0.02
	)
	programmes := []model.Policy{
		{Name: "mida", Lever: &model.TemporaryReturn{Assignments: 1e9, Months: 1, Acceptance: acceptance}},
		{Name: "fund", Sectors: []string{"nurse"}, Lever: &model.DiasporaInvestment{Contribution: 1e7, PostsPerUSD: 1e-4}},
	}
	mk := func(withRegister bool) *model.Scenario {
		sc := loadBaseline(t, 20_000, 3, 1)
		sc.Policies = append([]model.Policy(nil), programmes...)
		if withRegister {
			sc.Policies = append(sc.Policies, model.Policy{Name: "register",
				Lever: &model.SkillsRegister{Registered: registered, MatchGain: gain, Cost: regCost, PaidBy: model.PaidByOrigin}})
		}
		return sc
	}
	var takenB, takenP float64 // pooled over replicates
	for r := range 3 {
		eb, ep := New(mk(false), r, 1), New(mk(true), r, 1)
		for n := 0; !ep.Done(); n++ {
			eb.Step()
			ep.Step()
			takenB += eb.persons(sum64(eb.total.fte))
			takenP += ep.persons(sum64(ep.total.fte))
			if got, want := ep.cond.investPosts, factor*eb.cond.investPosts; math.Abs(got-want) > 1e-9*want {
				t.Fatalf("replicate %d, step %d: investment_posts = %v; want %v", r, n, got, want)
			}
			if got, want := ep.lastCost[2], regCost/float64(ep.spy); math.Abs(got-want) > 1e-9*want {
				t.Fatalf("replicate %d, step %d: register cost = %v; want %v", r, n, got, want)
			}
		}
	}
	ratio := takenP / takenB
	t.Logf("assignments taken %.0f -> %.0f, x%.3f", takenB, takenP, ratio)
	if math.Abs(ratio-factor) > 0.05*factor {
		t.Errorf("assignments taken rose x%.3f; want x%.2f within 5%%", ratio, factor)
	}
}
