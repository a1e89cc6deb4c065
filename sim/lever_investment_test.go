package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestDiasporaInvestmentPosts checks the accounting identities of a diaspora
// fund, step by step, against a paired run without it (common random
// numbers): the posts it creates are funds x posts per USD exactly, funds
// being (contribution + share x remittances received in the previous step, a
// yearly rate) x (1 + match); the match is its cost to the origin; and in
// the first step with posts, before the runs diverge (a fund of remittances
// has none in the first step, which has no previous step's remittances),
// the labour market fills the new posts from the unemployed (the fall of unemployment equals the posts
// created within 3%: vacancies are rounded to agents).
func TestDiasporaInvestmentPosts(t *testing.T) {
	const (
		nursePosts   = 30_000 // of about 40,000 nurses at home in baseline.toml: a quarter unemployed
		idleIncome   = 3_000  // USD a year, the unemployed's benefit (assumed)
		contribution = 15e6   // USD a year
	)
	for _, tt := range []struct {
		name string
		l    model.DiasporaInvestment
	}{
		{"fixed contribution, posts per USD given", model.DiasporaInvestment{Contribution: contribution, Match: 1, PostsPerUSD: 1.0 / 10_000, PaidBy: model.PaidByOrigin}},
		{"share of remittances, posts at the market wage", model.DiasporaInvestment{RemittanceShare: 0.05, Match: 0.5, PaidBy: model.PaidByOrigin}},
		{"donor pays the match", model.DiasporaInvestment{Contribution: contribution, Match: 2, PostsPerUSD: 1.0 / 10_000}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mk := func(withPolicy bool) *model.Scenario {
				sc := loadBaseline(t, 20_000, 2, 1)
				sc.Sectors = append([]model.Sector(nil), sc.Sectors...)
				s := sc.SectorIndex("nurse")
				sc.Sectors[s].Posts = nursePosts
				sc.Sectors[s].Unemployed = model.UnemploymentBenefit
				sc.Sectors[s].UnemploymentIncome = idleIncome
				if withPolicy {
					l := tt.l
					sc.Policies = []model.Policy{{Sectors: []string{"nurse"}, Lever: &l}}
				}
				return sc
			}
			eb, ep := New(mk(false), 0, 1), New(mk(true), 0, 1)
			s := ep.sc.SectorIndex("nurse")
			fspy := float64(ep.spy)
			checked := false
			for n := 0; !ep.Done(); n++ {
				received := (sum(ep.total.sent) - sum(ep.total.fees)) * ep.weight * fspy
				ub := eb.unemployed(s)
				eb.Step()
				ep.Step()
				contrib := tt.l.Contribution + tt.l.RemittanceShare*received
				funds := contrib * (1 + tt.l.Match)
				ppu := tt.l.PostsPerUSD
				if ppu == 0 {
					ppu = 1 / ep.lab.wage[s]
				}
				want := funds * ppu
				if got := ep.cond.investPosts; math.Abs(got-want) > 1e-9*want {
					t.Fatalf("step %d: investment_posts = %v; want %v", n, got, want)
				}
				if got := ep.lab.posts[s] - eb.lab.posts[s]; math.Abs(got-want) > 1e-6*want {
					t.Fatalf("step %d: posts added = %v; want %v", n, got, want)
				}
				if got := ep.cond.investUSD * fspy; math.Abs(got-funds) > 1e-9*funds {
					t.Fatalf("step %d: diaspora_investment = %v a year; want %v", n, got, funds)
				}
				wantCost := 0.0
				if tt.l.PaidBy == model.PaidByOrigin {
					wantCost = tt.l.Match * contrib / fspy
				}
				if got := ep.lastCost[0]; math.Abs(got-wantCost) > 1e-9*max(wantCost, 1) {
					t.Fatalf("step %d: cost = %v; want %v", n, got, wantCost)
				}
				if !checked && want > 0 {
					checked = true
					filled := eb.unemployed(s) - ep.unemployed(s)
					t.Logf("%.0f posts created; unemployment %.0f -> %.0f, %.0f fewer than without", want, ub, ep.unemployed(s), filled)
					if want > ub || math.Abs(filled-want) > 0.03*want {
						t.Errorf("posts filled in the first step = %.0f; want %.0f within 3%% (unemployed before %.0f)", filled, want, ub)
					}
				}
			}
			if !checked {
				t.Error("the fund created no posts")
			}
		})
	}
}
