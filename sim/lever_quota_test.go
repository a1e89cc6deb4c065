package sim

import (
	"maps"
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// restrictionScenario is the policy tests' baseline over 5 years in which
// every sector has somewhere to go besides the UK (a teacher's wage in the
// USA, assumed for the test) and no quota binds at the UK, so that every
// applicant turned away by a restriction of UK recruitment can choose again.
func restrictionScenario(t *testing.T) *model.Scenario {
	sc := policyBaseline(t)
	sc.Years = 5
	sc.Destinations = append([]model.Destination(nil), sc.Destinations...)
	for i := range sc.Destinations {
		d := &sc.Destinations[i]
		d.Wage = maps.Clone(d.Wage)
		d.SectorQuota = nil
		if d.Name == "USA" {
			d.Wage["teacher"] = 45_000 // assumed, for the test only
		}
	}
	return sc
}

// TestActiveRecruitmentRestriction checks, with common random numbers, that
// a restriction of active recruitment to the UK cuts UK arrivals by about
// active_share x cut, and that the applicants it turns away go to the USA,
// the only other destination, as the destination probabilities give (all of
// them, since the USA takes every sector and has no quota). The band of the
// cut is +- 0.08 around active_share x cut for the feedback of a smaller
// UK diaspora on the UK's appeal within the window, widened by the
// replicates' 95% interval; the diverted share is 1 +- 0.1 for the same
// feedback, which moves some applicants between the two.
func TestActiveRecruitmentRestriction(t *testing.T) {
	const (
		active, cut = 0.4, 1.0
		from, to    = 2026.0, 2028.0 // trailing years from the start of the policy
		cutBand     = 0.08
		divertBand  = 0.1
	)
	sc := restrictionScenario(t)
	base, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc.Policies = []model.Policy{{StartYear: 2025, Destinations: []string{"UK"},
		Lever: &model.RecruitmentCap{Restricts: model.RestrictActive, ActiveShare: active, Cut: cut}}}
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ukBase := windowMean(t, base, "arrivals.UK", from, to)
	dUK, halfUK := pairedDiff(windowMean(t, ts, "arrivals.UK", from, to), ukBase)
	dUS, halfUS := pairedDiff(windowMean(t, ts, "arrivals.USA", from, to), windowMean(t, base, "arrivals.USA", from, to))
	rel, want := dUK/mean(ukBase), -active*cut
	tol := cutBand + halfUK/mean(ukBase)
	if math.Abs(rel-want) > tol {
		t.Errorf("UK arrivals changed by %.3f (%.4g +- %.4g of %.4g); want %.3f +- %.3f", rel, dUK, halfUK, mean(ukBase), want, tol)
	}
	diverted := dUS / -dUK
	if tol := divertBand + halfUS/-dUK; math.Abs(diverted-1) > tol {
		t.Errorf("USA arrivals rose by %.4g +- %.4g, %.3f of the %.4g cut from the UK; want 1 +- %.3f", dUS, halfUS, diverted, -dUK, tol)
	}
	t.Logf("UK %.3f (want %.3f), diverted to the USA %.3f of the cut", rel, want, diverted)
}

// TestRecruitmentSafeguardTrigger checks the WHO safeguard trigger: with a
// threshold above the origin's health-worker density the restriction acts
// as without a threshold; with one below it, it is not in force and the run
// is the baseline's to the bit.
func TestRecruitmentSafeguardTrigger(t *testing.T) {
	sc := restrictionScenario(t)
	sc.Years, sc.Replicates = 3, 1
	base, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := results.MetricIndex(base.Metrics, results.HealthWorkersPer10k)
	lo, hi := math.Inf(1), 0.0
	for _, row := range base.Values[0] {
		lo, hi = min(lo, row[m]), max(hi, row[m])
	}
	run := func(threshold float64) *results.Timeseries {
		sc := *sc
		sc.Policies = []model.Policy{{StartYear: 2025, Destinations: []string{"UK"},
			Lever: &model.RecruitmentCap{Restricts: model.RestrictActive, ActiveShare: 0.5, Cut: 1, SafeguardDensity: threshold}}}
		ts, err := Run(t.Context(), &sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	uk := func(ts *results.Timeseries) float64 { return windowMean(t, ts, "arrivals.UK", 2026, 2028)[0] }
	always, above, below := run(0), run(hi*1.1), run(lo*0.9)
	if uk(above) != uk(always) {
		t.Errorf("threshold %.1f above the density (%.1f to %.1f): UK arrivals %v; want %v, as with no threshold", hi*1.1, lo, hi, uk(above), uk(always))
	}
	if uk(always) >= uk(base) {
		t.Errorf("restriction in force: UK arrivals %v; want below the baseline's %v", uk(always), uk(base))
	}
	if !equalValues(below, base) {
		t.Errorf("threshold %.1f below the density (%.1f to %.1f): the run differs from the baseline", lo*0.9, lo, hi)
	}
}

// equalValues reports whether run a has, for every metric of run b, the
// same values, bit for bit.
func equalValues(a, b *results.Timeseries) bool {
	for j, mb := range b.Metrics {
		ja := results.MetricIndex(a.Metrics, mb.Name)
		if ja < 0 {
			return false
		}
		for r := range b.Values {
			for i := range b.Values[r] {
				if v, w := a.Values[r][i][ja], b.Values[r][i][j]; v != w && !(math.IsNaN(v) && math.IsNaN(w)) {
					return false
				}
			}
		}
	}
	return true
}
