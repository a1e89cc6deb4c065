package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestHealthInsurance checks health micro-insurance on paired runs (common
// random numbers) against the same scenario without it. Every step: insured
// households = enrolment x covered emigrants of the previous step (one
// household per paying emigrant), premiums = insured x premium. In the first
// step, before the runs can diverge (the insurance moves only spending, and
// spending on education draws youths from the next step on), the spending
// identities: premiums out of cash take (1 - additional) x premiums from the
// households' cash, so education spending falls by that x education_share;
// claims cut out-of-pocket health spending by cover x the insured share of
// households; remittances_health is out-of-pocket spending plus premiums.
func TestHealthInsurance(t *testing.T) {
	const premium = 120 // USD a year per household (assumed)
	for _, tt := range []struct {
		name  string
		scope model.Policy
		l     model.HealthInsurance
	}{
		{"premiums on top, no cover", model.Policy{}, model.HealthInsurance{Premium: premium, Enrolment: 0.4, Additional: 1}},
		{"premiums out of cash", model.Policy{}, model.HealthInsurance{Premium: premium, Enrolment: 0.4}},
		{"nurses in the UK, half cover", model.Policy{Sectors: []string{"nurse"}, Destinations: []string{"UK"}},
			model.HealthInsurance{Premium: premium, Enrolment: 0.8, Cover: 0.5, Additional: 0.5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			scB := loadBaseline(t, 10_000, 2, 1)
			scP := loadBaseline(t, 10_000, 2, 1)
			pol := tt.scope
			l := tt.l
			pol.Lever = &l
			scP.Policies = []model.Policy{pol}
			eb, ep := New(scB, 0, 1), New(scP, 0, 1)
			cp := compilePolicies(scP)[0]
			r := scP.Remittance
			for n := 0; !ep.Done(); n++ {
				var covered, all float64
				for s := range ep.nS {
					for d := range ep.nD {
						x := ep.persons(ep.total.diaspora(s, d))
						all += x
						if cp.sectors[s] && cp.dests[d] {
							covered += x
						}
					}
				}
				eb.Step()
				ep.Step()
				insured := l.Enrolment * covered
				premiums := insured * premium / float64(ep.spy)
				if got := ep.cond.insured; math.Abs(got-insured) > 1e-9*insured {
					t.Fatalf("step %d: insured_households = %v; want %v", n, got, insured)
				}
				if got := ep.cond.premiums; math.Abs(got-premiums) > 1e-9*premiums {
					t.Fatalf("step %d: premiums = %v; want %v", n, got, premiums)
				}
				eduB, healthB, _ := eb.spending()
				eduP, healthP, _ := ep.spending()
				ownB, ownP := eb.householdHealth(), ep.householdHealth()
				if l.Additional == 1 && l.Cover == 0 {
					// Nothing changes but the premiums, at every step.
					if d := healthP - healthB; math.Abs(d-premiums) > 1e-6*premiums || eduP != eduB || ownP != ownB {
						t.Fatalf("step %d: health spending +%v (want +%v), education %v -> %v, out of pocket %v -> %v", n, d, premiums, eduB, eduP, ownB, ownP)
					}
				}
				if n > 0 {
					continue
				}
				fromCash := (1 - l.Additional) * premiums
				if got, want := eduB-eduP, fromCash*r.EducationShare; math.Abs(got-want) > 1e-6*max(want, 1) {
					t.Errorf("education spending fell %v; want %v", got, want)
				}
				claimShare := l.Cover * insured / all
				wantOwn := (ownB - fromCash*r.HealthShare) * (1 - claimShare)
				if math.Abs(ownP-wantOwn) > 1e-6*wantOwn {
					t.Errorf("household_health_spending = %v; want %v (claims share %v)", ownP, wantOwn, claimShare)
				}
				if got, want := healthP, ownP+premiums; math.Abs(got-want) > 1e-6*want {
					t.Errorf("remittances_health = %v; want out of pocket + premiums %v", got, want)
				}
				t.Logf("%.0f households insured; premiums %.4g a step; out of pocket %.4g -> %.4g", insured, premiums, ownB, ownP)
			}
		})
	}
}
