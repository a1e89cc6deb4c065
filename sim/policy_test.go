package sim

import (
	"math"
	"sync"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// Policy tests compare a scenario with one policy against the baseline with
// common random numbers: the same seeds, replicate by replicate. An effect
// "has the expected sign" when the mean of the paired differences over the
// window is of that sign and its 95% interval (t with R-1 df) excludes zero.

const (
	policyAgents = 10_000
	policyYears  = 10
	policyReps   = 4
)

var (
	baseOnce sync.Once
	baseTS   *results.Timeseries
	baseErr  error
)

func policyBaseline(t *testing.T) *model.Scenario {
	sc := loadBaseline(t, policyAgents, policyYears, policyReps)
	// Unlimited seats, so that training responds to incentives.
	sc.Sectors = append([]model.Sector(nil), sc.Sectors...)
	for i := range sc.Sectors {
		sc.Sectors[i].SeatsPerYear = 0
	}
	return sc
}

func baselineRun(t *testing.T) *results.Timeseries {
	baseOnce.Do(func() { baseTS, baseErr = Run(t.Context(), policyBaseline(t), Options{}) })
	if baseErr != nil {
		t.Fatal(baseErr)
	}
	return baseTS
}

// windowMean returns, per replicate, the mean of metric over rows whose year
// is in [from, to).
func windowMean(t *testing.T, ts *results.Timeseries, metric string, from, to float64) []float64 {
	t.Helper()
	m := results.MetricIndex(ts.Metrics, metric)
	if m < 0 {
		t.Fatalf("no metric %q", metric)
	}
	out := make([]float64, len(ts.Values))
	for r, rows := range ts.Values {
		n := 0
		for i, y := range ts.Year {
			if y > from && y <= to {
				out[r] += rows[i][m]
				n++
			}
		}
		out[r] /= float64(n)
	}
	return out
}

// pairedDiff returns the mean and 95% half-width of policy - base.
func pairedDiff(policy, base []float64) (mean, half float64) {
	n := float64(len(base))
	d := make([]float64, len(base))
	for i := range d {
		d[i] = policy[i] - base[i]
		mean += d[i]
	}
	mean /= n
	ss := 0.0
	for _, x := range d {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	const t3 = 3.182446305284263 // t(0.975, 3) for 4 replicates
	return mean, t3 * sd / math.Sqrt(n)
}

type effect struct {
	metric string
	sign   int // +1 must rise, -1 must fall, 0 must not change by more than tol (relative)
	tol    float64
}

func TestPolicyEffects(t *testing.T) {
	for _, tt := range []struct {
		name    string
		policy  model.Policy
		effects []effect
	}{
		{"wage top-up lowers emigration and raises skilled_home",
			model.Policy{StartYear: 2026, Lever: &model.WageTopUp{TopUp: 0.5, Eligible: model.EligibleAll}},
			[]effect{{"emigrations", -1, 0}, {"skilled_home", +1, 0}, {"policy_cost", +1, 0}}},
		{"top-up for returnees raises returns",
			model.Policy{StartYear: 2026, Lever: &model.WageTopUp{TopUp: 1, Eligible: model.EligibleReturnees, Months: 6}},
			[]effect{{"returns", +1, 0}, {"policy_cost", +1, 0}}},
		{"recruitment cap lowers flows to the capped destination only",
			model.Policy{StartYear: 2026, Destinations: []string{"UK"}, Lever: &model.RecruitmentCap{Quota: 100}},
			[]effect{{"arrivals.UK", -1, 0}, {"arrivals.USA", 0, 0.1}}},
		{"training abroad takes trainees out of skilled_home without making them emigrants",
			model.Policy{StartYear: 2026, Sectors: []string{"doctor"}, Destinations: []string{"UK"},
				Lever: &model.TrainingAbroad{Places: 400, Months: 24, Obliged: 1}},
			[]effect{{"skilled_home.doctor", -1, 0}, {"emigrants.doctor", 0, 0.05}}},
		{"visa quota by sector caps that sector",
			model.Policy{StartYear: 2026, Sectors: []string{"nurse"}, Lever: &model.VisaQuota{Quota: 50}},
			[]effect{{"emigrations.nurse", -1, 0}, {"emigrations.doctor", 0, 0.1}}},
		{"fee cut raises remittances received",
			model.Policy{StartYear: 2026, Lever: &model.RemittanceFeeCut{Fee: 0.02}},
			[]effect{{"remittances", +1, 0}, {"corridor_fees", -1, 0}}},
		{"subsidised fee cut costs money",
			model.Policy{StartYear: 2026, Lever: &model.RemittanceFeeCut{Fee: 0.02, CostPerPoint: 5}},
			[]effect{{"policy_cost", +1, 0}}},
		{"temporary return adds FTE and costs",
			model.Policy{StartYear: 2026, Lever: &model.TemporaryReturn{Assignments: 500, Months: 3, Acceptance: 0.5, CostPerAssignment: 5000, SkillTransfer: 50}},
			[]effect{{"temporary_fte", +1, 0}, {"policy_cost", +1, 0}, {"skill_home", +1, 0}}},
		{"return grant raises returns",
			model.Policy{StartYear: 2026, Lever: &model.ReturnGrant{Grant: 10000, GrantEffect: 2}},
			[]effect{{"returns", +1, 0}, {"policy_cost", +1, 0}}},
		{"bonding delays emigration",
			model.Policy{StartYear: 2025, Lever: &model.Bonding{Months: 36, BuyoutRate: 0.1, Buyout: 5000}},
			[]effect{{"emigrations", -1, 0}, {"policy_cost", -1, 0}}},
		{"scholarship raises enrolment",
			model.Policy{StartYear: 2026, Lever: &model.Scholarship{Amount: 3000}},
			[]effect{{"enrolments", +1, 0}, {"policy_cost", +1, 0}}},
		{"training partnership adds entrants and sends its away track abroad",
			model.Policy{StartYear: 2025, Sectors: []string{"nurse"}, Destinations: []string{"UK"}, Lever: &model.TrainingPartnership{Seats: 2000, AwayShare: 0.5, PaidBy: model.PaidByOrigin, CostPerSeat: 1000}},
			[]effect{{"arrivals.UK", +1, 0}, {"policy_cost", +1, 0}}},
		{"remittance matching raises education spending",
			model.Policy{StartYear: 2026, Lever: &model.RemittanceMatching{CollectiveShare: 0.1, Match: 3}},
			[]effect{{"remittances_education", +1, 0}, {"policy_cost", +1, 0}}},
		{"credential recognition lowers brain waste",
			model.Policy{StartYear: 2026, Lever: &model.CredentialRecognition{Recognition: 1}},
			[]effect{{"brain_waste_rate", -1, 0}}},
		{"portable benefits raise returns",
			model.Policy{StartYear: 2026, Lever: &model.PortableBenefits{ReturnEffect: 1}},
			[]effect{{"returns", +1, 0}}},
		{"recession abroad lowers emigration",
			model.Policy{StartYear: 2026, Lever: &model.Shock{WageAbroadChange: -0.4}},
			[]effect{{"emigrations", -1, 0}}},
		{"crisis at home raises emigration",
			model.Policy{StartYear: 2026, Lever: &model.Shock{WageHomeChange: -0.4}},
			[]effect{{"emigrations", +1, 0}}},
		{"retention benefit lowers emigration and costs",
			model.Policy{StartYear: 2026, Lever: &model.RetentionBenefit{TakeUp: 0.5, Value: 4000, Cost: 2500, TieMonths: 24, PaidBy: model.PaidByOrigin}},
			[]effect{{"emigrations", -1, 0}, {"skilled_home", +1, 0}, {"policy_cost", +1, 0}}},
		{"diaspora investment is recorded and its match costs",
			model.Policy{StartYear: 2026, Sectors: []string{"nurse"}, Lever: &model.DiasporaInvestment{Contribution: 1e7, Match: 1, PaidBy: model.PaidByOrigin}},
			[]effect{{"policy_cost", +1, 0}, {"emigrations", 0, 0.05}}},
		{"skills register alone costs and changes nothing else",
			model.Policy{StartYear: 2026, Lever: &model.SkillsRegister{Registered: 0.5, MatchGain: 1, Cost: 1e6, PaidBy: model.PaidByOrigin}},
			[]effect{{"policy_cost", +1, 0}, {"emigrations", 0, 0.001}}},
		{"health insurance out of cash lowers education spending, premiums raise health spending",
			model.Policy{StartYear: 2026, Lever: &model.HealthInsurance{Premium: 300, Enrolment: 0.5, Cover: 0.5}},
			[]effect{{"remittances_education", -1, 0}, {"remittances_health", +1, 0}}},
		{"restriction of active recruitment diverts from the UK to the USA",
			model.Policy{StartYear: 2026, Sectors: []string{"doctor", "nurse"}, Destinations: []string{"UK"}, Lever: &model.RecruitmentCap{Restricts: model.RestrictActive, ActiveShare: 0.4, Cut: 1}},
			[]effect{{"arrivals.UK", -1, 0}, {"arrivals.USA", +1, 0}}},
		{"portable benefit paid by the origin raises returns and costs",
			model.Policy{StartYear: 2026, Lever: &model.PortableBenefits{Benefit: 3000, PaidBy: model.PaidByOrigin}},
			[]effect{{"returns", +1, 0}, {"policy_cost", +1, 0}}},
		{"study abroad with most graduates staying raises emigrants and costs the origin",
			model.Policy{StartYear: 2025, Sectors: []string{"doctor"}, Destinations: []string{"UK"},
				Lever: &model.StudyAbroad{Places: 400, Years: 2, StayShare: 0.8, PaidBy: model.PaidByOrigin, CostPerYear: 5000}},
			[]effect{{"emigrants.doctor", +1, 0}, {"arrivals.UK", +1, 0}, {"policy_cost", +1, 0}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := baselineRun(t)
			sc := policyBaseline(t)
			sc.Policies = []model.Policy{tt.policy}
			ts, err := Run(t.Context(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, ef := range tt.effects {
				p := windowMean(t, ts, ef.metric, 2028, 2035)
				b := windowMean(t, base, ef.metric, 2028, 2035)
				d, half := pairedDiff(p, b)
				bm := mean(b)
				switch {
				case ef.sign > 0 && d-half <= 0, ef.sign < 0 && d+half >= 0:
					t.Errorf("%s: change %.4g +- %.4g (baseline %.4g); want sign %+d", ef.metric, d, half, bm, ef.sign)
				case ef.sign == 0 && math.Abs(d) > ef.tol*math.Abs(bm):
					t.Errorf("%s: change %.4g (baseline %.4g); want within %.0f%%", ef.metric, d, bm, 100*ef.tol)
				default:
					t.Logf("%s: change %.4g +- %.4g (baseline %.4g)", ef.metric, d, half, bm)
				}
			}
		})
	}
}

// TestTemporaryReturnOnlyWhileActive checks that full-time equivalents at home
// appear only while the programme runs (and for the length of the last
// assignments after it ends).
func TestTemporaryReturnOnlyWhileActive(t *testing.T) {
	sc := policyBaseline(t)
	sc.Replicates = 2
	sc.Policies = []model.Policy{{StartYear: 2027, EndYear: 2029, Lever: &model.TemporaryReturn{Assignments: 500, Months: 3, Acceptance: 0.5, CostPerAssignment: 5000}}}
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := results.MetricIndex(ts.Metrics, "temporary_fte")
	for r, rows := range ts.Values {
		during := 0.0
		for i, y := range ts.Year {
			v := rows[i][m]
			switch {
			case y <= 2027 || y > 2030.25+1e-9:
				if v != 0 {
					t.Errorf("replicate %d, year %.2f: temporary_fte = %v outside the programme", r, y, v)
				}
			case y > 2027.5 && y <= 2030:
				during += v
			}
		}
		if during <= 0 {
			t.Errorf("replicate %d: no temporary_fte while the programme ran", r)
		}
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// TestBudgetHolds checks that a budget caps a policy's yearly cost: a top-up
// whose full cost is many times its budget spends, in every calendar year
// but the first (whose first step is paid in full, with no cost yet to judge
// from), the budget within 2%: the scale is judged from the previous step,
// and the graduating cohort joins the eligible in the year's last step.
func TestBudgetHolds(t *testing.T) {
	sc := policyBaseline(t)
	sc.Replicates = 1
	const budget = 5e7
	sc.Policies = []model.Policy{{Name: "capped", StartYear: 2025, Budget: budget, Lever: &model.WageTopUp{TopUp: 0.5, Eligible: model.EligibleAll}}}
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := results.MetricIndex(ts.Metrics, "policy_cost.capped")
	for i, y := range ts.Year {
		if (i+1)%sc.StepsPerYear != 0 || i+1 == sc.StepsPerYear {
			continue
		}
		got := ts.Values[0][i][m]
		if got > budget*1.02 || got < budget*0.98 {
			t.Errorf("year to %.0f: cost %.4g; want the budget %.4g +- 2%%", y, got, budget)
		}
	}
}
