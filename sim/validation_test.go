package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// minimalScenario is one sector, one destination, no policy: the reduced
// model of the validation tests.
func minimalScenario() *model.Scenario {
	sc := scenarios.Defaults()
	sc.Name = "validation"
	sc.Origin = model.Origin{Name: "home", Population: 1e6, WageUntrained: 1000, EducationQuality: 1}
	sc.Sectors = []model.Sector{{Name: "skilled", TrainingYears: 1, WageHome: 2000}}
	sc.Destinations = []model.Destination{{Name: "abroad", Recognition: 1, Wage: map[string]float64{"skilled": 6000}}}
	return &sc
}

// constantHazards reduces the rules to constant yearly hazards: emigration
// e, return r, death x, the same at home and abroad, no retirement within
// the horizon, and returnees who behave like workers.
func constantHazards(sc *model.Scenario, e, r, x float64) {
	// Emigration: h0 * logistic(-cost) with every slope switched off; with
	// h0 = 2e and cost = 0 the logistic is 1/2, so h = e.
	sc.Emigration = agents.EmigrationParams{BaseRate: 2 * e, ReturneeFactor: 1}
	// Return: r0 * logistic(0) = r.
	sc.Return = agents.ReturnParams{BaseRate: 2 * r}
	sc.Remittance = agents.RemittanceParams{}
	sc.Skill = agents.SkillParams{Max: 1}
	sc.Demography = agents.DemographyParams{EntryAge: 18, RetirementAge: 150, Mortality: x, FemaleShare: 0.5}
}

// meanField iterates the expected stocks of the discrete-time process the
// engine runs with constant hazards, step by step, in the exact-exponential
// form of agents.StepProb: each step a person dies with probability m = 1 -
// exp(-x/spy); a survivor at home leaves with probability pe = 1 -
// exp(-e/spy) and one abroad returns with probability pr = 1 - exp(-r/spy).
// Students enter g a year, all at the first step of the year (yearly
// intake) or g/spy at every step (spread), and the survivors of ts steps of
// study graduate at the end of their ts-th step (half of them a step later
// with a spread intake), into the home stock after that step's moves. This is the closed-form linear system H' =
// (1-m)((1-pe)H + pr A) + grads, A' = (1-m)(pe H + (1-pr) A), evaluated
// exactly; for any step length it is the continuous-time chain up to two
// moves of one person within a step, O(dt^2) a step.
func meanField(h0, a0, g, e, r, x float64, spy, ts int, yearly bool, steps int) (home, abroad []float64) {
	exact := func(rate float64) float64 { return 1 - math.Exp(-rate/float64(spy)) }
	return meanFieldWith(exact, h0, a0, g, e, r, x, spy, ts, yearly, steps)
}

// meanFieldWith is meanField with the step probability of a yearly rate
// given by prob: the exact form, or the linear rate/spy used before, to
// show what a check of step-length independence can tell apart.
func meanFieldWith(prob func(rate float64) float64, h0, a0, g, e, r, x float64, spy, ts int, yearly bool, steps int) (home, abroad []float64) {
	m, pe, pr := prob(x), prob(e), prob(r)
	h, a := h0, a0
	study := make([]float64, ts+1) // [steps studied so far] students in the pipeline
	for t := range steps {
		switch {
		case !yearly:
			study[0] += g / float64(spy)
		case t%spy == 0:
			study[0] += g
		}
		for j := range study {
			study[j] *= 1 - m
		}
		// With a spread intake half of a step's entrants study a step
		// more (decide).
		grads := study[ts-1] + study[ts]
		study[ts] = 0
		if !yearly {
			grads -= study[ts-1] / 2
			study[ts] = study[ts-1] / 2
		}
		copy(study[1:ts], study[:ts-1])
		study[0] = 0
		h, a = (1-m)*((1-pe)*h+pr*a)+grads, (1-m)*(pe*h+(1-pr)*a)
		home = append(home, h)
		abroad = append(abroad, a)
	}
	return home, abroad
}

// runYoung runs the replicates of sc like Run, but with every initial person
// aged 30, so that nobody reaches the retirement age within the horizon:
// retirement at a fixed age is not a constant hazard, and the mean-field
// system has none.
func runYoung(sc *model.Scenario) *results.Timeseries {
	ts := &results.Timeseries{}
	for r := range sc.Replicates {
		e := New(sc, r, 2)
		for i := range e.pop.rec {
			e.pop.rec[i].age = uint16(30 * e.spy)
		}
		var rows [][]float64
		for !e.Done() {
			e.Step()
			rows = append(rows, append([]float64(nil), e.Row()...))
			if r == 0 {
				ts.Step = append(ts.Step, e.StepsDone())
				ts.Year = append(ts.Year, e.Year())
			}
		}
		ts.Metrics = e.Metrics()
		ts.Values = append(ts.Values, rows)
	}
	return ts
}

// TestMeanField checks that with constant hazards the replicate mean of each
// stock matches the mean-field solution at every year, and that the share
// abroad heads for e / (e + r).
//
// The checks are family-wise: 25 years x 2 stocks per case, each against
// the replicates' interval widened by Bonferroni to a family-wise level of
// 99% (Student t, R-1 degrees of freedom), so a correct engine fails a case
// about once in a hundred seeds, whatever the seed; the seed is the
// scenario's, not one chosen to pass. With 20 replicates of 10,000 persons
// the widened half-width is about 4.7 standard errors of the mean, about
// 0.5% of the stocks: a wrong hazard or a lost person a year per thousand
// shows. (An earlier version checked each year at 95% and kept seeds whose
// checks all fell inside; over seeds 1-6 4.5% of 600 such checks fell
// outside, the nominal rate, with no bias.)
func TestMeanField(t *testing.T) {
	const e, r, x = 0.08, 0.12, 0.01
	const years, replicates, familyLevel = 25, 20, 0.01
	const checks = 2 * years
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: replicates - 1}.Quantile(1 - familyLevel/2/checks)
	for _, tt := range []struct {
		name   string
		cohort float64
	}{
		{"closed population", 0},
		{"with graduates", 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := minimalScenario()
			constantHazards(sc, e, r, x)
			sc.Origin.YouthCohort = tt.cohort
			// Everybody trains: no_training is far below the sector's utility.
			sc.Training = agents.TrainingParams{Sensitivity: 1, NoTraining: -50}
			sc.Sectors[0].Workers = 8000
			sc.Destinations[0].Diaspora = map[string]float64{"skilled": 2000}
			sc.Agents = 10000 // weight 1: stocks in persons are agent counts
			sc.Years, sc.Replicates = years, replicates
			s := results.Summarize(runYoung(sc))
			home, abroad := meanField(8000, 2000, tt.cohort, e, r, x, sc.StepsPerYear, sc.StepsPerYear, sc.Origin.Intake == model.IntakeYearly, sc.Steps())
			check := func(metric string, want []float64) {
				m := results.MetricIndex(s.Metrics, metric)
				for i, y := range s.Year {
					if (i+1)%sc.StepsPerYear != 0 {
						continue
					}
					// The 95% half-width divided by its t quantile is the
					// standard error of the mean.
					se := (s.Hi[i][m] - s.Lo[i][m]) / 2 / distuv.StudentsT{Mu: 0, Sigma: 1, Nu: replicates - 1}.Quantile(0.975)
					if w := want[i]; math.Abs(w-s.Mean[i][m]) > tq*se {
						t.Errorf("%s in %.0f: mean-field %.1f; replicate mean %.1f, off by %.1f standard errors (family-wise bound %.1f)",
							metric, y, w, s.Mean[i][m], math.Abs(w-s.Mean[i][m])/se, tq)
					}
				}
			}
			check("skilled_home", home)
			check("emigrants", abroad)
			if tt.cohort == 0 {
				last := len(s.Step) - 1
				share := s.Mean[last][results.MetricIndex(s.Metrics, "emigration_rate")]
				// After 25 years the gap to the limit is (1-(e+r))^25 of the
				// initial 0.2 - 0.4: about 0.001.
				if want := e / (e + r); math.Abs(share-want) > 0.01 {
					t.Errorf("share abroad after 25 years = %.4f; want e/(e+r) = %.4f +- 0.01", share, want)
				}
			}
		})
	}
}

// brainGainStock runs the reduced model with emigration base rate h0 and
// returns the mean skilled stock at home over the last ten years.
func brainGainStock(t *testing.T, h0, response float64) float64 {
	t.Helper()
	sc := minimalScenario()
	// Beine, Docquier and Rapoport (2001) example wages: w_L = 1, w_H = 2,
	// w* = 6 (in thousands).
	sc.Origin.WageUntrained = 1000
	sc.Sectors[0].WageHome = 2000
	sc.Sectors[0].TrainingYears = 2
	sc.Sectors[0].Workers = 4000
	sc.Destinations[0].Wage["skilled"] = 6000
	sc.Origin.YouthCohort = 3000
	sc.Training = agents.TrainingParams{Sensitivity: 3, NoTraining: 4, MigrationResponse: response}
	// Emigration responds to nothing but h0, so the chance of migrating is
	// the policy variable of the sweep.
	sc.Emigration = agents.EmigrationParams{BaseRate: 2 * h0, ReturneeFactor: 1}
	sc.Return = agents.ReturnParams{BaseRate: 0.02}
	sc.Demography = agents.DemographyParams{EntryAge: 18, RetirementAge: 48, Mortality: 0.002, FemaleShare: 0.5}
	sc.Remittance = agents.RemittanceParams{}
	sc.Skill = agents.SkillParams{Max: 1}
	sc.Agents, sc.Years, sc.StepsPerYear, sc.Replicates = 400, 40, 4, 2
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := windowMean(t, ts, "skilled_home", float64(sc.StartYear+sc.Years-10), float64(sc.StartYear+sc.Years))
	return mean(v)
}

// TestBrainGain reproduces the brain-gain hypothesis (Mountford 1997; Stark,
// Helmenstein and Prskawetz 1997; Beine, Docquier and Rapoport 2001): with
// the training choice responding to the migration chance, the skilled stock
// at home first rises, then falls as the chance of emigrating grows; with
// the response switched off, it only falls.
func TestBrainGain(t *testing.T) {
	rates := []float64{0, 0.02, 0.05, 0.1, 0.2, 0.4}
	stocks := func(response float64) []float64 {
		var out []float64
		for _, h := range rates {
			out = append(out, brainGainStock(t, h, response))
		}
		return out
	}
	on, off := stocks(1), stocks(0)
	t.Logf("emigration base rates %v", rates)
	t.Logf("skilled at home, response on:  %s", fmtStocks(on))
	t.Logf("skilled at home, response off: %s", fmtStocks(off))

	peak := 0
	for i, v := range on {
		if v > on[peak] {
			peak = i
		}
	}
	if peak == 0 || peak == len(on)-1 {
		t.Errorf("response on: the stock peaks at rate %v; want an interior peak (rise, then fall)", rates[peak])
	}
	if on[len(on)-1] >= on[peak] {
		t.Errorf("response on: no fall after the peak")
	}
	for i := 1; i < len(off); i++ {
		if off[i] >= off[i-1] {
			t.Errorf("response off: stock rose from %.0f to %.0f between rates %v and %v; want it only to fall",
				off[i-1], off[i], rates[i-1], rates[i])
		}
	}
}

func fmtStocks(v []float64) string {
	s := ""
	for _, x := range v {
		s += fmt.Sprintf(" %7.0f", x)
	}
	return s
}

// TestNoStartupArtefact checks that the initial students, drawn from the
// steady state of the scenario's intake (sim/init.go), graduate at the
// steady rate: the graduates of each of years 1-3 lie within a band of the
// mean of years 5-10. Before, the initial students' study time was uniform
// over the programme whatever the intake, and with yearly intake the
// cohort entering at the first step graduated in year 3 together with the
// initial students of the first year of study: twice the steady flow.
//
// The scenario is consistent: its initial students are the stock of a
// steady intake of g persons a year, all of whom train, dropping out at d
// a year over T years, as recorded at the end of a step (spreadStudents
// for a spread intake; the T-1 cohorts g exp(-dk), k = 1..T-1, left at the
// start of a year for a yearly one). The band is 4 standard errors of the difference, from the
// replicates: about 6% with these sizes (some 860 graduates a year, Poisson
// noise 3.4% a replicate), where the old artefact was +100%.
func TestNoStartupArtefact(t *testing.T) {
	const (
		g     = 1000.0 // entrants a year
		d     = 0.05   // dropout hazard a year
		years = 3.0    // training_years
	)
	for _, tt := range []struct {
		name     string
		intake   model.Intake
		students float64
	}{
		{"spread intake", model.IntakeSpread, spreadStudents(g, d, int(years), 12)},
		{"yearly intake", model.IntakeYearly, g * (math.Exp(-d) + math.Exp(-2*d))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := minimalScenario()
			sc.Origin.YouthCohort, sc.Origin.Intake = g, tt.intake
			sc.Training = agents.TrainingParams{Sensitivity: 1, NoTraining: -50}
			sc.Sectors[0].TrainingYears, sc.Sectors[0].DropoutRate = years, d
			sc.Sectors[0].Workers, sc.Sectors[0].Students = 10000, tt.students
			sc.Destinations[0].Diaspora = map[string]float64{"skilled": 1000}
			sc.Agents = 10000 + int(tt.students) + 1000 // weight about 1
			sc.Years, sc.Replicates, sc.Seed = 10, 6, 1
			if testing.Short() || raceEnabled {
				sc.Replicates = 3 // the band follows from the replicates
			}
			ts, err := Run(t.Context(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			m := results.MetricIndex(ts.Metrics, "graduates")
			yearFlow := func(r, y int) float64 { return ts.Values[r][y*sc.StepsPerYear-1][m] }
			steady := make([]float64, len(ts.Values))
			for r := range ts.Values {
				for y := 5; y <= 10; y++ {
					steady[r] += yearFlow(r, y) / 6
				}
			}
			ms, _ := meanSE(steady)
			// A year's graduates in a replicate vary as a Poisson count
			// of agents (survival of dropout and the random rounding of
			// entrants): sd sqrt(G w) persons for G graduates and agent
			// weight w. The band is 4 standard errors of the difference
			// of a year's mean over R replicates and the mean of six
			// years, taken as independent.
			r := float64(len(ts.Values))
			weight := (sc.Sectors[0].Workers + tt.students + 1000) / float64(sc.Agents)
			band := 4 * math.Sqrt(ms*weight*(1/r+1/(6*r)))
			for y := 1; y <= 3; y++ {
				early := make([]float64, len(ts.Values))
				for r := range ts.Values {
					early[r] = yearFlow(r, y)
				}
				me, _ := meanSE(early)
				t.Logf("graduates in year %d: %.0f; years 5-10: %.0f; band +-%.0f", y, me, ms, band)
				if math.Abs(me-ms) > band {
					t.Errorf("graduates in year %d = %.0f; want the steady %.0f (years 5-10) +- %.0f", y, me, ms, band)
				}
			}
		})
	}
}

// spreadStudents is the stock of students at the end of a step in the
// steady state of a spread intake of g a year with dropout hazard d over
// years of training, with spy steps a year: the entrants of the last
// years*spy - 1 steps, and half of those of the step before (half of a
// step's entrants study a step longer), each survived dropout for the
// steps studied. Its continuous-time value g (1 - exp(-d years)) / d is
// higher by half a step's intake: the stock just before the next step's
// entrants.
func spreadStudents(g, d float64, years, spy int) float64 {
	ts := years * spy
	s := 0.5 * math.Exp(-d*float64(ts)/float64(spy))
	for j := 1; j < ts; j++ {
		s += math.Exp(-d * float64(j) / float64(spy))
	}
	return g / float64(spy) * s
}

// TestTrainingDelay checks the distributed training length against its
// steady state in continuous time. With g entrants a year who all train,
// dropout hazard d, a fixed length T and an exponential extra time of mean
// delta (sector.training_delay), a student reaches the end of the fixed
// length with probability exp(-dT) and then graduates before dropping out
// with probability (1/delta) / (1/delta + d); the stock of students is, by
// Little's law, g times the expected time in training:
//
//	graduates = g exp(-dT) / (1 + d delta)
//	students  = g ((1 - exp(-dT)) / d + exp(-dT) delta / (1 + d delta))
//
// The stock recorded at the end of a monthly step differs by half a
// step's entrants, g/24 fewer (and g exp(-dT)/24 more with a delay, which
// ends at the end of a step). The engine's means over years 3-10 must
// match within 4 standard errors
// of Poisson noise (sd sqrt(x w) for x persons and agent weight w, over
// the years and replicates taken as independent) plus 0.5% for the
// discretisation (half of a spread intake's entrants study a step more:
// d dt / 2 = 0.4% more dropout with monthly steps). Delays of 0, 1 and 2
// years move graduates by 0, -9% and -17% and students by 0, +30% and +55%:
// each is many bands wide.
func TestTrainingDelay(t *testing.T) {
	const (
		g   = 1000.0 // entrants a year
		d   = 0.1    // dropout hazard a year
		fix = 2.0    // training_years
	)
	for _, delay := range []float64{0, 1, 2} {
		t.Run(fmt.Sprintf("delay %g years", delay), func(t *testing.T) {
			surv := math.Exp(-d * fix)
			wantGrads := g * surv / (1 + d*delay)
			wantStudents := g * ((1-surv)/d + surv*delay/(1+d*delay))
			sc := minimalScenario()
			sc.Origin.YouthCohort = g
			sc.Training = agents.TrainingParams{Sensitivity: 1, NoTraining: -50}
			sc.Sectors[0].TrainingYears, sc.Sectors[0].TrainingDelay, sc.Sectors[0].DropoutRate = fix, delay, d
			sc.Sectors[0].Workers, sc.Sectors[0].Students = 5000, wantStudents
			// Recorded at the end of a step, the stock lacks half a step's
			// entrants (spreadStudents); a delay ends at the end of the
			// step in which it ends, half a step later on average.
			halfStep := g / (2 * float64(sc.StepsPerYear))
			recorded := wantStudents - halfStep
			if delay > 0 {
				recorded += surv * halfStep
			}
			sc.Destinations[0].Diaspora = map[string]float64{"skilled": 500}
			sc.Agents = int(5500 + wantStudents) // weight about 1
			sc.Years, sc.Replicates, sc.Seed = 10, 4, 1
			ts, err := Run(t.Context(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			weight := (5500 + wantStudents) / float64(sc.Agents)
			for _, c := range []struct {
				metric string
				want   float64
			}{{"graduates", wantGrads}, {"students", recorded}} {
				m := results.MetricIndex(ts.Metrics, c.metric)
				got, n := 0.0, 0
				for r := range ts.Values {
					for y := 3; y <= 10; y++ {
						got += ts.Values[r][y*sc.StepsPerYear-1][m]
						n++
					}
				}
				got /= float64(n)
				band := 4*math.Sqrt(c.want*weight/float64(n)) + 0.005*c.want
				t.Logf("%s: %.0f; steady state %.0f +- %.0f", c.metric, got, c.want, band)
				if math.Abs(got-c.want) > band {
					t.Errorf("%s with a mean delay of %g years: %.0f; want %.0f +- %.0f", c.metric, delay, got, c.want, band)
				}
			}
		})
	}
}
