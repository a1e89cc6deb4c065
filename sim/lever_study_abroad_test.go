package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// Tests of the study_abroad lever (lever_study_abroad.go). They use the
// baseline's doctors and the UK, whose recognised doctor's wage exceeds the
// home wage by taDoctorGap (lever_training_abroad_test.go), 3 replicates of
// 10,000 agents over 10 years.

const (
	saPlaces = 300.0 // students leaving a year, persons (assumed, well above an agent's weight)
	saYears  = 3.0   // course length, years (assumed: a short degree, so that graduates come within the run)
	saStart  = 2025
)

// studyAbroadRun runs the policy baseline with lever l for doctors to the
// UK from saStart, and returns the outputs and the agent weight.
func studyAbroadRun(t *testing.T, l *model.StudyAbroad) (*results.Timeseries, float64) {
	t.Helper()
	sc := policyBaseline(t)
	sc.Replicates = 3
	sc.Policies = []model.Policy{{Name: "study", StartYear: saStart, Sectors: []string{"doctor"},
		Destinations: []string{"UK"}, Lever: l}}
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ts, New(sc, 0, 1).Weight()
}

// TestStudyAbroadStockAndCost: with P places a year for a course of L
// years, the stock abroad once the first cohort graduates is P x L less the
// last step of a course (a student is abroad L x spy steps but still
// abroad at the end of L x spy - 1 of them: P x (L - 1/spy)); graduates are
// P a year; with nobody staying, all come home; the origin pays
// cost_per_year a student-year, P x L x cost a year. Bands: the yearly
// intake is rounded to whole agents (weight w), and youths of 18 to 21
// hardly die, so each quantity lies within [0.97, 1] of the rule, +- an
// agent or two.
func TestStudyAbroadStockAndCost(t *testing.T) {
	const cost = 12_000.0
	ts, w := studyAbroadRun(t, &model.StudyAbroad{Places: saPlaces, Years: saYears, PaidBy: model.PaidByOrigin, CostPerYear: cost})
	spy := float64(New(policyBaseline(t), 0, 1).spy)
	for y := saStart + int(saYears); y < saStart+9; y++ {
		stock := mean(windowMean(t, ts, "students_abroad.UK", float64(y), float64(y+1)))
		want := saPlaces * (saYears - 1/spy)
		if stock < 0.97*want-w || stock > want+2*w {
			t.Errorf("%d: students_abroad.UK = %.0f; want %.0f (places x years) within [0.97, 1]", y, stock, want)
		}
		if home := mean(windowMean(t, ts, "students_abroad.doctor", float64(y), float64(y+1))); home != stock {
			t.Errorf("%d: students_abroad.doctor = %.0f; want all of them, %.0f", y, home, stock)
		}
		grad := mean(at(t, ts, "study_abroad_graduates.doctor", y))
		if grad < 0.97*saPlaces-w || grad > saPlaces+w {
			t.Errorf("%d: study_abroad_graduates.doctor = %.0f; want %.0f (places) within [0.97, 1]", y, grad, saPlaces)
		}
		if ret := mean(at(t, ts, "study_abroad_returns", y)); ret != grad {
			t.Errorf("%d: study_abroad_returns = %.0f; want every graduate, %.0f, with stay_share 0", y, ret, grad)
		}
		c := mean(at(t, ts, "policy_cost.study", y))
		if wantC := cost * saPlaces * saYears; c < 0.97*wantC-2*cost*w || c > wantC+2*cost*w {
			t.Errorf("%d: policy_cost.study = %.4g; want %.4g (cost x places x years) within [0.97, 1]", y, c, wantC)
		}
	}
}

// TestStudyAbroadStayAndBuyout: the share of graduates staying is
// stay_share for graduates free to choose, and stay_share x
// exp(-buyout/gain) for scholars whose buy-out equals the yearly wage gain
// of staying (1/e of it), each of whom pays the buy-out to the budget. The
// two runs share their random numbers. Band: +-0.05 (+-0.04 for the
// smaller share), over three binomial standard deviations (0.015, 0.011)
// for the ~1,100 graduate agents of 3 replicates over six years.
func TestStudyAbroadStayAndBuyout(t *testing.T) {
	const stay = 0.4
	share := func(ts *results.Timeseries) (stayers, grads float64) {
		for y := saStart + int(saYears); y < saStart+9; y++ {
			g := mean(at(t, ts, "study_abroad_graduates", y))
			grads += g
			stayers += g - mean(at(t, ts, "study_abroad_returns", y))
		}
		return stayers, grads
	}
	// 1,500 places a year are ~60 agents a year (weight ~24), ~1,100
	// graduate agents over six years and 3 replicates.
	free := model.StudyAbroad{Places: 5 * saPlaces, Years: saYears, StayShare: stay}
	tsFree, _ := studyAbroadRun(t, &free)
	if s, g := share(tsFree); math.Abs(s/g-stay) > 0.05 {
		t.Errorf("share staying, free = %.3f; want stay_share %.2f +- 0.05", s/g, stay)
	}
	bonded := free
	bonded.Obliged, bonded.Buyout = 1, taDoctorGap
	tsBond, _ := studyAbroadRun(t, &bonded)
	s, g := share(tsBond)
	if want := stay / math.E; math.Abs(s/g-want) > 0.04 {
		t.Errorf("share buying out = %.3f; want stay_share x exp(-buyout/gain) = %.3f +- 0.04", s/g, want)
	}
	revenue := 0.0
	for y := saStart + int(saYears); y < saStart+9; y++ {
		revenue -= mean(at(t, tsBond, "policy_cost.study", y))
	}
	// Every buy-out is paid in the step of graduation, so the revenue is
	// the buy-out times the stayers, up to rounding.
	if want := taDoctorGap * s; math.Abs(revenue-want) > 1e-6*want {
		t.Errorf("buy-out revenue %.6g; want buyout x obliged stayers = %.6g", revenue, want)
	}
}

// TestStudyAbroadService compares, with common random numbers, scholars
// who all come home (stay_share 0) owing five years of service with an
// emigration hazard x 0, against the same scholars owing none. The cut in
// doctors' emigrations over 2028-2034 is the emigrations the scholars would
// have made while serving: the doctors' yearly emigration rate r (emigrations
// / skilled_home in the run without service) times the scholar-years of
// service, 25 cohort-years of P (the cohorts home from 2028 on, one a year,
// each serving five years: 1+2+3+4+5+5+5). Band [0.7, 1.3]: the graduates'
// hazard differs from the average doctor's by their age and skill, and
// those held at home leave admissions to others where quotas bind.
func TestStudyAbroadService(t *testing.T) {
	const places = 5 * saPlaces
	free := model.StudyAbroad{Places: places, Years: saYears, Obliged: 1}
	serve := free
	serve.ServiceYears = 5
	tsFree, _ := studyAbroadRun(t, &free)
	tsServe, _ := studyAbroadRun(t, &serve)
	cut, rate := 0.0, 0.0
	for y := 2028; y <= 2034; y++ {
		e := mean(at(t, tsFree, "emigrations.doctor", y))
		cut += e - mean(at(t, tsServe, "emigrations.doctor", y))
		rate += e / mean(windowMean(t, tsFree, "skilled_home.doctor", float64(y), float64(y+1))) / 7
	}
	want := rate * 25 * places
	t.Logf("emigrations cut by %.0f; rate %.4f a year, expected %.0f", cut, rate, want)
	if cut < 0.7*want || cut > 1.3*want {
		t.Errorf("service cut doctors' emigrations by %.0f over 2028-2034; want r x scholar-years = %.0f within [0.7, 1.3]", cut, want)
	}
}
