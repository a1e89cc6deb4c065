package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// Sized tests of the levers whose TestPolicyEffects case checks only a
// sign: each compares runs with and without the lever (common random
// numbers: the same scenario seed and replicate) and checks the size of
// the effect against a band derived from the lever's parameters and the
// hazard or choice formulas, or an exact accounting identity.

// zSigma is the width, in standard errors, of the sampling part of the
// bands below: 3 keeps a false alarm rarer than 1 in 300 per check.
const zSigma = 3.0

// logistic is agents.Logistic, named locally for the band formulas.
func logistic(x float64) float64 { return agents.Logistic(x) }

// logitShiftBand returns the band of the relative change of a hazard
// c L(z) when a term x is added to the logit of every person: with the
// pooled hazard h standing for c L(z_bar) the response is
// L(z_bar + x) / L(z_bar) - 1; persons further below the ceiling respond
// more, up to exp(x) - 1 as L -> 0, and persons nearer it less, so the
// band runs from the pooled response scaled by lowShare to exp(x) - 1
// (for x < 0 the signs swap).
func logitShiftBand(h, ceiling, x, lowShare float64) (lo, hi float64) {
	z := math.Log(h / ceiling / (1 - h/ceiling))
	pooled := logistic(z+x)/logistic(z) - 1
	far := math.Expm1(x)
	if x < 0 {
		return far, pooled * lowShare
	}
	return pooled * lowShare, far
}

// heterogeneityShare is the fraction of the pooled response the lower end
// of logitShiftBand allows: persons near the hazard's ceiling respond less
// than the pooled hazard says (assumed: the baseline's hazards are far
// below their ceilings, so the pooled response is within a few per cent of
// the lowest; 0.7 leaves room for the ages and wages of the mix).
const heterogeneityShare = 0.7

// ratePerYear returns, per replicate, the window mean of the flow metric
// over the window mean of the stock metric: a hazard per year.
func ratePerYear(t *testing.T, ts *results.Timeseries, flow, stock string, from, to float64) []float64 {
	t.Helper()
	f, s := windowMean(t, ts, flow, from, to), windowMean(t, ts, stock, from, to)
	for i := range f {
		f[i] /= s[i]
	}
	return f
}

// TestBondingScalesBondedEmigration follows the public graduates of the
// years after a bond starts, in runs with and without it: while bonded
// (their first Months at home), their emigration probability per step is
// the one without the bond times BuyoutRate, the factor the bond puts on
// the hazard (decide.go serveBond); 1 - exp(-r h dt) = r (1 - exp(-h dt))
// to within h dt, a fraction of a per cent at these hazards. The band is
// the Poisson error of the two counts of departures.
func TestBondingScalesBondedEmigration(t *testing.T) {
	const (
		rate   = 0.5 // BuyoutRate: the bonded emigrate at half the hazard
		months = 36
		reps   = 4
	)
	sc := policyBaseline(t)
	sc.Agents, sc.Years = 20_000, 4
	bondSteps := months * sc.StepsPerYear / 12
	// follow returns the departures and exposures (person-steps) of public
	// graduates in their first bondSteps steps at home.
	follow := func(sc *model.Scenario, rep int) (events, exposure float64) {
		e := New(sc, rep, 1)
		grad := map[uint64]int{} // id -> step of graduation
		for !e.Done() {
			p := &e.pop
			was := make(map[uint64]agents.State, len(p.rec))
			for i := range p.rec {
				st := p.rec[i].state
				if st == agents.Student || st == agents.Worker {
					was[uint64(p.id[i])] = st
				}
			}
			step := e.StepsDone()
			e.Step()
			for i := range p.rec {
				st := p.rec[i].state
				id := uint64(p.id[i])
				prev, ok := was[id]
				if !ok {
					continue
				}
				if g, bonded := grad[id]; bonded && prev == agents.Worker && step-g < bondSteps {
					exposure++
					if st == agents.Emigrant {
						events++
					}
				}
				if prev == agents.Student && st == agents.Worker && p.rec[i].flags&flagPublic != 0 {
					grad[id] = step + 1
				}
			}
		}
		return events, exposure
	}
	var eb, xb, ep, xp float64
	for r := range reps {
		e, x := follow(sc, r)
		eb, xb = eb+e, xb+x
		pol := *sc
		pol.Policies = []model.Policy{{StartYear: sc.StartYear, Lever: &model.Bonding{Months: months, BuyoutRate: rate}}}
		e, x = follow(&pol, r)
		ep, xp = ep+e, xp+x
	}
	if eb < 50 || ep < 25 {
		t.Fatalf("too few departures of the bonded to judge: %v without the bond, %v with it", eb, ep)
	}
	got := (ep / xp) / (eb / xb)
	tol := zSigma * math.Sqrt(1/ep+1/eb) * rate
	if math.Abs(got-rate) > tol {
		t.Errorf("bonded emigration probability x %.3f of the unbonded (%v of %v vs %v of %v); want the bond's factor %v +- %.3f",
			got, ep, xp, eb, xb, rate, tol)
	} else {
		t.Logf("bonded emigration x %.3f (%v/%v vs %v/%v); want %v +- %.3f", got, ep, xp, eb, xb, rate, tol)
	}
}

// TestScholarshipCostAndEnrolment checks a scholarship's cost, step by step,
// against students x amount / steps per year (the students charged are
// those in training at the step's start and its entrants, less the few who
// die or retire before the charge, hence the tolerance), and
// its enrolment response against the training choice: the expected
// entrants are the cohort times the mean over youths of 1 - P(no training)
// from agents.TrainingWeights, taken here on a grid of the quantiles of
// the youths' personal cost and means (the credit limit: a fee above a
// household's means closes the sector), with each sector's fee lowered by
// the scholarship's amount.
func TestScholarshipCostAndEnrolment(t *testing.T) {
	const amount = 600.0 // USD a student-year, below every sector's fee
	sc := policyBaseline(t)
	if sc.Training.Ability.Shape != agents.ShapeNone || sc.Training.Choice != agents.ChoiceLogit {
		t.Fatal("the grid assumes youths alike in ability who choose by the logit")
	}
	pol := model.Policy{StartYear: sc.StartYear, Lever: &model.Scholarship{Amount: amount}}

	t.Run("cost is students x amount", func(t *testing.T) {
		const tol = 0.005 // students who die or retire in the step before being charged
		sc := *sc
		sc.Agents, sc.Years, sc.Replicates = 5000, 2, 1
		sc.Policies = []model.Policy{pol}
		e := New(&sc, 0, 1)
		paid, want := 0.0, 0.0
		for !e.Done() {
			before := e.total.stateTotal(agents.Student)
			e.Step()
			entrants := e.total.flowTotal(flowEnrol)
			want += float64(before+entrants) * amount / float64(e.spy)
			paid += sum(e.total.cost)
		}
		t.Logf("scholarship paid %.6g per agent, students x amount %.6g", paid, want)
		if math.Abs(paid-want) > tol*want {
			t.Errorf("scholarship paid %.6g per agent; want students x amount = %.6g +- %.0f%%", paid, want, 100*tol)
		}
	})

	t.Run("enrolment follows the training choice", func(t *testing.T) {
		// The predicted response, from the outlook after the first step
		// (the conditions the first entrants see).
		e := New(sc, 0, 1)
		e.Step()
		outlook := e.cohortOutlook()
		enrolled := func(o []agents.SectorOutlook) float64 { return sum(gridEnrolment(sc, o)) }
		p1 := enrolled(outlook)
		for s := range outlook {
			o := &outlook[s]
			working := max(1, sc.Demography.RetirementAge-sc.Demography.EntryAge-sc.Sectors[s].TrainingYears)
			o.Fee = max(0, o.Fee-amount)
			o.Cost = o.Fee * agents.FeeFactor(sc.Training.DiscountRate, sc.Sectors[s].TrainingYears, working)
		}
		predict := enrolled(outlook)/p1 - 1
		if !(predict > 0) {
			t.Fatalf("predicted enrolment response %v; want a rise", predict)
		}

		base := baselineRun(t)
		ps := *sc
		ps.Policies = []model.Policy{pol}
		ts, err := Run(t.Context(), &ps, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// The first year's entrants: the outlook has not yet moved.
		from, to := float64(sc.StartYear), float64(sc.StartYear)+1
		b := windowMean(t, base, results.Enrolments, from, to)
		d, half := pairedDiff(windowMean(t, ts, results.Enrolments, from, to), b)
		rel, relHalf := d/mean(b), half/mean(b)
		// The outlook drifts within the year as the intake is spread
		// over it (assumed: a tenth of the response).
		const drift = 0.1
		if math.Abs(rel-predict) > relHalf+drift*predict {
			t.Errorf("enrolment +%.2f%% +- %.2f%%; want the training choice's +%.2f%% +- %.0f%%", 100*rel, 100*relHalf, 100*predict, 100*drift)
		} else {
			t.Logf("enrolment +%.2f%% +- %.2f%%; predicted +%.2f%%", 100*rel, 100*relHalf, 100*predict)
		}
	})
}

// TestReturnGrantSize checks a return grant's cost, step by step, as
// returns x grant exactly, and the return hazard's response against the
// grant's logit term GrantEffect x grant / home wage (lever_return_grant.go)
// by logitShiftBand, for one sector so that the term is one number.
func TestReturnGrantSize(t *testing.T) {
	const (
		grant  = 6000.0
		effect = 2.0 // logit units per home wage of grant
		sector = "nurse"
	)
	sc := policyBaseline(t)
	s := sectorIndex(t, sc, sector)
	pol := model.Policy{StartYear: sc.StartYear + 1, Sectors: []string{sector}, Lever: &model.ReturnGrant{Grant: grant, GrantEffect: effect}}

	t.Run("cost is returns x grant", func(t *testing.T) {
		sc := *sc
		sc.Agents, sc.Years, sc.Replicates = 5000, 3, 1
		sc.Policies = []model.Policy{pol}
		e := New(&sc, 0, 1)
		paid, want := 0.0, 0.0
		for !e.Done() {
			e.Step()
			if e.sc.Policies[0].Active(e.sc.StartYear + (e.StepsDone()-1)/e.spy) {
				want += float64(e.total.flows[flowReturn*e.nS+s]) * grant
			}
			paid += sum(e.total.cost)
		}
		if want == 0 || math.Abs(paid-want) > 1e-9*want {
			t.Errorf("grants paid %.6g per agent; want returns x grant = %.6g", paid, want)
		}
	})

	t.Run("return hazard rises by the grant's logit term", func(t *testing.T) {
		base := baselineRun(t)
		ps := *sc
		ps.Policies = []model.Policy{pol}
		ts, err := Run(t.Context(), &ps, Options{})
		if err != nil {
			t.Fatal(err)
		}
		from, to := float64(pol.StartYear)+0.5, float64(pol.StartYear)+3
		hb := ratePerYear(t, base, "returns."+sector, "emigrants."+sector, from, to)
		d, half := pairedDiff(ratePerYear(t, ts, "returns."+sector, "emigrants."+sector, from, to), hb)
		bm := mean(hb)
		x := effect * grant / sc.Sectors[s].WageHome
		lo, hi := logitShiftBand(bm, sc.Return.BaseRate, x, heterogeneityShare)
		rel, relHalf := d/bm, half/bm
		if rel < lo-relHalf || rel > hi+relHalf {
			t.Errorf("return hazard +%.2f%% +- %.2f%%; want within [%.2f%%, %.2f%%] from a logit term of %.3f", 100*rel, 100*relHalf, 100*lo, 100*hi, x)
		} else {
			t.Logf("return hazard +%.2f%% +- %.2f%%; band [%.2f%%, %.2f%%] (logit term %.3f)", 100*rel, 100*relHalf, 100*lo, 100*hi, x)
		}
	})
}

// TestRecognitionShareOfArrivals checks that the share of arrivals whose
// credentials are recognised is the configured recognition (binomial band),
// and that the brain-waste rate falls accordingly: by the share of the
// diaspora that arrived under the policy times the rise in the arrivals'
// recognised share (within 15%, for the arrivals who return or die at
// different rates by recognition).
func TestRecognitionShareOfArrivals(t *testing.T) {
	const (
		recognition = 0.95
		tolStock    = 0.15
	)
	sc := policyBaseline(t)
	sc.Agents, sc.Years = 10_000, 8
	// follow returns the arrivals, the recognised among them, the share of
	// the final diaspora that arrived in the run and its brain-waste rate.
	follow := func(sc *model.Scenario) (arr, rec, newShare, waste float64) {
		e := New(sc, 0, 1)
		p := &e.pop
		arrived := map[uint64]bool{}
		for !e.Done() {
			abroad := map[uint64]bool{}
			for i := range p.rec {
				st := p.rec[i].state
				if st == agents.Emigrant {
					abroad[uint64(p.id[i])] = true
				}
			}
			e.Step()
			for i := range p.rec {
				st := p.rec[i].state
				if id := uint64(p.id[i]); st == agents.Emigrant && !abroad[id] {
					arrived[id] = true
					arr++
					if p.rec[i].flags&flagRecognised != 0 {
						rec++
					}
				}
			}
		}
		n, fresh := 0.0, 0.0
		for i := range p.rec {
			st := p.rec[i].state
			if st == agents.Emigrant {
				n++
				if arrived[uint64(p.id[i])] {
					fresh++
				}
			}
		}
		return arr, rec, fresh / n, e.brainWaste()
	}
	arrB, recB, _, wasteB := follow(sc)
	ps := *sc
	ps.Policies = []model.Policy{{StartYear: sc.StartYear, Lever: &model.CredentialRecognition{Recognition: recognition}}}
	arrP, recP, fresh, wasteP := follow(&ps)
	share := recP / arrP
	if tol := zSigma * math.Sqrt(recognition*(1-recognition)/arrP); math.Abs(share-recognition) > tol {
		t.Errorf("recognised share of %v arrivals %.4f; want %v +- %.4f", arrP, share, recognition, tol)
	}
	want := -fresh * (recognition - recB/arrB)
	if got := wasteP - wasteB; math.Abs(got-want) > tolStock*math.Abs(want) {
		t.Errorf("brain-waste rate %+.4f (from %.4f); want %+.4f +- %.0f%%: %.2f of the diaspora arrived, their recognised share up from %.3f to %v",
			got, wasteB, want, 100*tolStock, fresh, recB/arrB, recognition)
	} else {
		t.Logf("brain-waste rate %+.4f; want %+.4f (%.2f new, recognised %.3f -> %v)", got, want, fresh, recB/arrB, recognition)
	}
}

// TestRemittanceMatchingIdentity checks the public match as match x share x
// the remittances households receive, and the spending on education as the
// households' share of the private part plus the schools' share of the
// collective part and its match (metrics.go spending), row by row of the
// run with the lever; and that the rise in education spending over the
// baseline is that identity's (within 5%: the match feeds training, and so
// remittances, only after the trailing year).
func TestRemittanceMatchingIdentity(t *testing.T) {
	const (
		share = 0.1
		match = 3.0
	)
	sc := policyBaseline(t)
	sc.Years = 4
	r := sc.Remittance
	eduRatio := 0.5
	if r.EducationShare+r.HealthShare > 0 {
		eduRatio = r.EducationShare / (r.EducationShare + r.HealthShare)
	}
	ps := *sc
	ps.Policies = []model.Policy{{StartYear: sc.StartYear, Lever: &model.RemittanceMatching{CollectiveShare: share, Match: match}}}
	ts, err := Run(t.Context(), &ps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mi := func(name string) int { return results.MetricIndex(ts.Metrics, name) }
	rec, edu, cost := mi(results.Remittances), mi(results.RemittancesEducation), mi(results.PolicyCost)
	for rep, rows := range ts.Values {
		for i, row := range rows {
			received := row[rec]
			wantCost := match * share * received
			wantEdu := received * ((1-share)*r.EducationShare + share*(1+match)*eduRatio)
			if math.Abs(row[cost]-wantCost) > 1e-9*wantCost || math.Abs(row[edu]-wantEdu) > 1e-9*wantEdu {
				t.Fatalf("replicate %d, year %.2f: match %.6g, education %.6g; want %.6g and %.6g from %.6g received",
					rep, ts.Year[i], row[cost], row[edu], wantCost, wantEdu, received)
			}
		}
	}
	bs := *sc
	base, err := Run(t.Context(), &bs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	from, to := float64(sc.StartYear), float64(sc.StartYear)+1
	d, _ := pairedDiff(windowMean(t, ts, results.RemittancesEducation, from, to), windowMean(t, base, results.RemittancesEducation, from, to))
	want := mean(windowMean(t, base, results.Remittances, from, to)) * share * ((1+match)*eduRatio - r.EducationShare)
	if math.Abs(d-want) > 0.05*want {
		t.Errorf("education spending +%.6g; want +%.6g (share x received x ((1 + match) x schools' share - households' share))", d, want)
	}
}

// TestVisaQuotaBinds checks that a binding visa quota on one sector (and a
// recruitment cap on all admissions, the same quota) admits,
// in every calendar year it is in force, the quota at each destination
// within rounding (one agent's weight either way, for the rounding of
// quota / weight), and
// diverts nobody to another sector.
func TestVisaQuotaBinds(t *testing.T) {
	const sector = "nurse"
	sc := policyBaseline(t)
	sc.Years, sc.Replicates = 5, 2
	base, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The quota holds at each destination (lever_quota.go); at a sixth of
	// the baseline's departures per destination it binds at each.
	nD := float64(len(sc.Destinations))
	quota := math.Round(mean(windowMean(t, base, "emigrations."+sector, float64(sc.StartYear), float64(sc.StartYear)+1)) / 6 / nD)
	weight := New(sc, 0, 1).weight
	for _, tt := range []struct {
		name  string
		lever model.Lever
	}{
		{"visa quota", &model.VisaQuota{Quota: quota}},
		// A recruitment cap on all admissions is the same quota while
		// the safeguard trigger holds (none here).
		{"recruitment cap on admissions", &model.RecruitmentCap{Restricts: model.RestrictAdmissions, Quota: quota}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := *sc
			ps.Policies = []model.Policy{{StartYear: sc.StartYear + 1, Sectors: []string{sector}, Lever: tt.lever}}
			ts, err := Run(t.Context(), &ps, Options{})
			if err != nil {
				t.Fatal(err)
			}
			m := results.MetricIndex(ts.Metrics, "emigrations."+sector)
			for r, rows := range ts.Values {
				for i, y := range ts.Year {
					if (i+1)%sc.StepsPerYear != 0 || y <= float64(ps.Policies[0].StartYear)+1 {
						continue
					}
					if got := rows[i][m]; math.Abs(got-nD*quota) > nD*weight {
						t.Errorf("replicate %d, year to %.0f: %.1f departures of %ss; want the quota %v at each of %v destinations within one agent each (%.1f)", r, y, got, sector, quota, nD, weight)
					}
				}
			}
			from, to := float64(sc.StartYear)+2, float64(sc.StartYear+sc.Years)
			b := windowMean(t, base, "emigrations.doctor", from, to)
			d, half := pairedDiff(windowMean(t, ts, "emigrations.doctor", from, to), b)
			if d-half > 0.02*mean(b) {
				t.Errorf("doctors' departures +%.4g +- %.4g of %.4g; want no diversion to other sectors", d, half, mean(b))
			}
		})
	}
}

// TestShockSize checks that a shock moves the home wage of its sector by
// the configured change, and the emigration hazard by the logit term the
// change puts in it, -WageGap x ln(1 + change) (agents.EmigrationRate, at
// the wage-gap weight 1 of the baseline), by logitShiftBand.
func TestShockSize(t *testing.T) {
	const (
		change = -0.2
		sector = "nurse"
	)
	sc := policyBaseline(t)
	if len(sc.Emigration.WageGapByAge) > 0 {
		t.Fatal("the band assumes the wage-gap weight 1 at every age")
	}
	base := baselineRun(t)
	ps := *sc
	start := sc.StartYear + 1
	ps.Policies = []model.Policy{{StartYear: start, Sectors: []string{sector}, Lever: &model.Shock{WageHomeChange: change}}}
	ts, err := Run(t.Context(), &ps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, wb := results.MetricIndex(ts.Metrics, "wage_home."+sector), results.MetricIndex(base.Metrics, "wage_home."+sector)
	for i, y := range ts.Year {
		if y <= float64(start) || y > float64(start)+1 {
			continue
		}
		got, ref := ts.Values[0][i][w], base.Values[0][i][wb]
		if math.Abs(got/ref-(1+change)) > 1e-9 {
			t.Errorf("year %.2f: home wage %.6g, %.4f of the baseline's; want %v", y, got, got/ref, 1+change)
		}
	}
	from, to := float64(start)+0.5, float64(start)+2
	hb := ratePerYear(t, base, "emigrations."+sector, "skilled_home."+sector, from, to)
	d, half := pairedDiff(ratePerYear(t, ts, "emigrations."+sector, "skilled_home."+sector, from, to), hb)
	bm := mean(hb)
	x := -sc.Emigration.WageGap * math.Log1p(change)
	lo, hi := logitShiftBand(bm, sc.Emigration.BaseRate, x, heterogeneityShare)
	rel, relHalf := d/bm, half/bm
	if rel < lo-relHalf || rel > hi+relHalf {
		t.Errorf("emigration hazard %+.2f%% +- %.2f%%; want within [%.2f%%, %.2f%%] from a logit term of %.3f", 100*rel, 100*relHalf, 100*lo, 100*hi, x)
	} else {
		t.Logf("emigration hazard %+.2f%% +- %.2f%%; band [%.2f%%, %.2f%%] (logit term %.3f)", 100*rel, 100*relHalf, 100*lo, 100*hi, x)
	}
}

// sectorIndex returns the index of the named sector of sc.
func sectorIndex(t *testing.T, sc *model.Scenario, name string) int {
	t.Helper()
	for s, sec := range sc.Sectors {
		if sec.Name == name {
			return s
		}
	}
	t.Fatalf("no sector %q", name)
	return -1
}

// TestTemporaryReturnLastingTransfer checks transfer_years: step by step,
// the skill transfer of a sector is SkillTransfer x (FTE on assignment while
// the programme is active + the legacy L) / home stock, with
// L' = q L + c FTE, q = exp(-1 / (transfer_years x steps a year)) and
// c = transfer_years (1 - q) / (years of an assignment); in all, the
// transfer after the assignments adds transfer_years FTE-years for each
// assignment, transfer_years / (years of an assignment) for each FTE-year
// on assignment (less the part of the fading cut off by the end of the
// run); and it raises the skill at home after the
// programme has ended, by less than the growth it adds to a worker who stays.
func TestTemporaryReturnLastingTransfer(t *testing.T) {
	const (
		years    = 1.0 // transfer_years
		transfer = 0.5 // skill_transfer, large so that the skill at home moves at this size
		sector   = "doctor"
	)
	sc := policyBaseline(t)
	sc.Agents, sc.Years, sc.Replicates = 10_000, 9, 1
	start, end := sc.StartYear+1, sc.StartYear+2
	tr := &model.TemporaryReturn{Assignments: 500, Months: 3, Acceptance: 0.5, SkillTransfer: transfer, TransferYears: years}
	s := sectorIndex(t, sc, sector)
	assignYears := math.Round(tr.Months/12*float64(sc.StepsPerYear)) / float64(sc.StepsPerYear)
	run := func(tr *model.TemporaryReturn) (e *Engine, fteYears, lastingYears, lastingGrowth float64) {
		ps := *sc
		ps.Policies = []model.Policy{{StartYear: start, EndYear: end, Sectors: []string{sector}, Lever: tr}}
		e = New(&ps, 0, 1)
		spy := float64(e.spy)
		q := math.Exp(-1 / (tr.TransferYears * spy))
		in := tr.TransferYears * (1 - q) / assignYears
		legacy := 0.0
		for !e.Done() {
			fte, home := float64(e.fte[s]), float64(e.total.home(s))
			e.Step()
			active := ps.Policies[0].Active(e.cond.year)
			credited := 0.0
			if active {
				credited = fte
			}
			if tr.TransferYears > 0 {
				want := tr.SkillTransfer * (credited + legacy) / home
				if got := e.cond.skillTransfer[s]; math.Abs(got-want) > 1e-12*want {
					t.Fatalf("step %d: skill transfer %v; want %v (FTE %v, legacy %v, home %v)", e.StepsDone(), got, want, credited, legacy, home)
				}
				lastingYears += legacy / spy
				if !active && e.cond.year > end {
					lastingGrowth += tr.SkillTransfer * legacy / home / spy
				}
				legacy = q*legacy + in*credited
			}
			fteYears += credited / spy
		}
		return e, fteYears, lastingYears, lastingGrowth
	}
	e, fteYears, lasting, growth := run(tr)
	if fteYears == 0 {
		t.Fatal("no assignment")
	}
	// The fading cut off by the end of the run: the last FTE credited, at
	// the end of the programme, fade for the years left.
	left := float64(sc.StartYear+sc.Years-end) - 1
	cut := math.Exp(-left / years)
	want := years / assignYears
	if ratio := lasting / fteYears; ratio < want*(1-cut) || ratio > want*(1+1e-9) {
		t.Errorf("lasting transfer %.4g FTE-years for %.4g on assignment (x %.4f); want x %v, less at most %.2f%%",
			lasting, fteYears, ratio, want, 100*cut)
	}

	// Skill at home after the programme, against the same programme whose
	// transfer stops with the assignments (common random numbers).
	short := *tr
	short.TransferYears = 0
	e0, _, _, _ := run(&short)
	skill := func(e *Engine) float64 { return e.total.skillHome[s] / float64(e.total.home(s)) }
	got, ref := skill(e), skill(e0)
	if rel := got/ref - 1; rel <= 0 || rel > math.Expm1(growth) {
		t.Errorf("doctors' skill at home x %.5f with the lasting transfer; want a rise of at most the growth it adds, %.4f%%", got/ref, 100*math.Expm1(growth))
	} else {
		t.Logf("doctors' skill at home +%.4f%%; at most +%.4f%%; lasting %.4g FTE-years for %.4g", 100*rel, 100*math.Expm1(growth), lasting, fteYears)
	}
}

// gridEnrolment returns, by sector, the expected share of a cohort that
// enters its training: the mean over youths of the sector's probability
// from agents.TrainingWeights, on a grid of the quantiles of the youths'
// personal cost and means (youths alike in ability who choose by the
// logit; the seats unlimited).
func gridEnrolment(sc *model.Scenario, outlook []agents.SectorOutlook) []float64 {
	const grid = 200 // quantiles per dimension
	tp := &sc.Training
	w := make([]float64, len(outlook)+1)
	out := make([]float64, len(outlook))
	for a := range grid {
		for b := range grid {
			y := agents.Youth{Ability: 1,
				Cost:  tp.Cost.Quantile((float64(a)+0.5)/grid, 0),
				Means: tp.CreditLimit * tp.Means.Quantile((float64(b)+0.5)/grid, 1)}
			agents.TrainingWeights(w, *tp, sc.Origin.WageUntrained, outlook, y)
			tot := sum(w)
			for s := range out {
				out[s] += w[1+s] / tot / grid / grid
			}
		}
	}
	return out
}

// TestPartnershipStudentShare checks a training partnership whose students
// pay student_share of the cost of a seat: the origin, paying the rest,
// pays (1 - student_share) x cost_per_seat a partnership student-year
// (step by step, as the scholarship's cost), and the sector's enrolment
// falls as the training choice says when the fee rises by the student's
// part (every entrant expects to pay it: the sector has no cap here), in
// paired runs against the same partnership without the student's share.
func TestPartnershipStudentShare(t *testing.T) {
	const (
		sector = "nurse"
		seats  = 2000.0
		cost   = 2000.0 // USD a student-year
		share  = 0.4
	)
	sc := policyBaseline(t)
	if sc.Training.Ability.Shape != agents.ShapeNone || sc.Training.Choice != agents.ChoiceLogit {
		t.Fatal("the grid assumes youths alike in ability who choose by the logit")
	}
	s := sectorIndex(t, sc, sector)
	pol := func(student float64) []model.Policy {
		return []model.Policy{{StartYear: sc.StartYear, Sectors: []string{sector}, Lever: &model.TrainingPartnership{
			Seats: seats, PaidBy: model.PaidByOrigin, CostPerSeat: cost, StudentShare: student}}}
	}

	t.Run("origin pays the rest", func(t *testing.T) {
		const tol = 0.005 // students who die or retire in the step before being charged
		ps := *sc
		ps.Agents, ps.Years, ps.Replicates = 5000, 3, 1
		ps.Policies = pol(share)
		e := New(&ps, 0, 1)
		partners := func() map[uint64]bool {
			m := map[uint64]bool{}
			for i := range e.pop.rec {
				st := e.pop.rec[i].state
				if st == agents.Student && e.pop.rec[i].flags&flagPartner != 0 {
					m[uint64(e.pop.id[i])] = true
				}
			}
			return m
		}
		paid, want := 0.0, 0.0
		for !e.Done() {
			before := partners()
			e.Step()
			charged := float64(len(before))
			for id := range partners() {
				if !before[id] {
					charged++ // entered in the step
				}
			}
			want += charged * (1 - share) * cost / float64(e.spy)
			paid += sum(e.total.cost)
		}
		if want == 0 || math.Abs(paid-want) > tol*want {
			t.Errorf("origin paid %.6g per agent; want partnership students x (1 - %v) x %v = %.6g +- %.1f%%", paid, share, cost, want, 100*tol)
		}
	})

	t.Run("enrolment follows the fee", func(t *testing.T) {
		free := *sc
		free.Policies = pol(0)
		e := New(&free, 0, 1)
		e.Step()
		outlook := e.cohortOutlook()
		p0 := gridEnrolment(sc, outlook)[s]
		o := &outlook[s]
		working := max(1, sc.Demography.RetirementAge-sc.Demography.EntryAge-sc.Sectors[s].TrainingYears)
		o.Fee += share * cost
		o.Cost = o.Fee * agents.FeeFactor(sc.Training.DiscountRate, sc.Sectors[s].TrainingYears, working)
		predict := gridEnrolment(sc, outlook)[s]/p0 - 1
		if !(predict < 0) {
			t.Fatalf("predicted enrolment response %v; want a fall", predict)
		}
		base, err := Run(t.Context(), &free, Options{})
		if err != nil {
			t.Fatal(err)
		}
		paying := free
		paying.Policies = pol(share)
		ts, err := Run(t.Context(), &paying, Options{})
		if err != nil {
			t.Fatal(err)
		}
		from, to := float64(sc.StartYear), float64(sc.StartYear)+1
		b := windowMean(t, base, "enrolments."+sector, from, to)
		d, half := pairedDiff(windowMean(t, ts, "enrolments."+sector, from, to), b)
		rel, relHalf := d/mean(b), half/mean(b)
		const drift = 0.1 // the outlook moving within the year (assumed, as for the scholarship)
		if math.Abs(rel-predict) > relHalf+drift*math.Abs(predict) {
			t.Errorf("%s enrolment %+.2f%% +- %.2f%%; want the training choice's %+.2f%% +- %.0f%%", sector, 100*rel, 100*relHalf, 100*predict, 100*drift)
		} else {
			t.Logf("%s enrolment %+.2f%% +- %.2f%%; predicted %+.2f%%", sector, 100*rel, 100*relHalf, 100*predict)
		}
	})
}
