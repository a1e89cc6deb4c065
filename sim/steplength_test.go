package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// stepLengthScenario is the baseline with spy steps a year and more
// migration: an emigration hazard up to 0.5 a year, a lower moving cost and
// four times the diaspora, so that a third of the agents are abroad: the
// large stock abroad keeps the replicate noise of the emigrants low.
func stepLengthScenario(t *testing.T, spy, agentsN, years, reps int) *model.Scenario {
	sc := loadBaseline(t, agentsN, years, reps)
	sc.StepsPerYear = spy
	sc.Emigration.BaseRate, sc.Emigration.Cost = 0.5, 1.5
	for d := range sc.Destinations {
		diaspora := make(map[string]float64, len(sc.Destinations[d].Diaspora))
		for k, v := range sc.Destinations[d].Diaspora {
			diaspora[k] = 4 * v
		}
		sc.Destinations[d].Diaspora = diaspora
	}
	return sc
}

// stepStocks runs sc and returns, per metric and year of years, the
// replicates' values at the end of that year.
func stepStocks(t *testing.T, sc *model.Scenario, metrics []string, years []int) [][][]float64 {
	t.Helper()
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([][][]float64, len(metrics))
	for mi, name := range metrics {
		m := results.MetricIndex(ts.Metrics, name)
		if m < 0 {
			t.Fatalf("no metric %q", name)
		}
		out[mi] = make([][]float64, len(years))
		for yi, y := range years {
			row := y*sc.StepsPerYear - 1
			for r := range ts.Values {
				out[mi][yi] = append(out[mi][yi], ts.Values[r][row][m])
			}
		}
	}
	return out
}

// meanSE returns the mean of xs and its standard error.
func meanSE(xs []float64) (m, se float64) {
	n := float64(len(xs))
	for _, x := range xs {
		m += x
	}
	m /= n
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / (n - 1) / n)
}

// TestStepLengthIndependence checks the acceptance of issue 12, item 6: the
// same scenario run with quarterly, monthly and weekly steps gives the same
// stocks up to discretisation. The replicate means of skilled_home and
// emigrants at the end of years 10 and 20 must agree within 0.5% between
// weekly and monthly steps and within 1% between quarterly and monthly.
//
// Noise: with 20,000 agents a replicate's emigrants vary by about 0.76%
// (sd) and its skilled at home by 0.42%, measured. With 40 replicates per
// step length the standard error of a difference of two means is 0.17%
// (emigrants) and 0.09% (skilled at home): the 0.5% band is 2.9 and 5.3
// standard errors wide, the 1% band 5.9 and 11. At these rates the old
// linear step probability r dt passes this test too (measured: within
// 0.3%): its errors are second order in the rates (r^2 dt / 2) and, for a
// move and its return, scale both rates alike, so that shares barely move.
// TestStepLengthClosedForm is the test that tells the two forms apart. The run takes 15 to 45 s on the shared 2-core machines, so it is
// skipped with -short and under the race detector (ten times slower),
// where a version with 4 replicates of 5,000 agents checks each difference
// within 4 of its own standard errors (about 4%): a gross step-length error
// (the old yearly against monthly 6%) still fails it.
func TestStepLengthIndependence(t *testing.T) {
	agentsN, reps := 20000, 40
	big := !testing.Short() && !raceEnabled
	if !big {
		agentsN, reps = 5000, 4
	}
	metrics := []string{"skilled_home", "emigrants"}
	years := []int{10, 20}
	res := map[int][][][]float64{}
	for _, spy := range []int{4, 12, 52} {
		res[spy] = stepStocks(t, stepLengthScenario(t, spy, agentsN, years[len(years)-1], reps), metrics, years)
	}
	for _, tt := range []struct {
		name string
		spy  int
		tol  float64 // relative, against monthly steps
	}{
		{"weekly against monthly", 52, 0.005},
		{"quarterly against monthly", 4, 0.01},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for mi, name := range metrics {
				for yi, y := range years {
					mm, sem := meanSE(res[12][mi][yi])
					m, se := meanSE(res[tt.spy][mi][yi])
					diff, seDiff := m/mm-1, math.Hypot(se, sem)/mm
					tol := tt.tol
					if !big {
						tol = max(tol, 4*seDiff)
					}
					t.Logf("%s, year %d: %.0f against %.0f: %+.2f%% (se %.2f%%, tolerance %.2f%%)", name, y, m, mm, 100*diff, 100*seDiff, 100*tol)
					if math.Abs(diff) > tol {
						t.Errorf("%s at the end of year %d: %d steps a year give %.0f, monthly %.0f: %+.2f%%; want within %.2f%%",
							name, y, tt.spy, m, mm, 100*diff, 100*tol)
					}
				}
			}
		})
	}
}

// TestStepLengthClosedForm checks step-length independence where it can be
// computed exactly: with constant hazards (emigration e, return r, death x,
// a closed population) the continuous-time stocks are known, H + A = N
// exp(-x t) and A = exp(-x t) (s N + (A0 - s N) exp(-(e+r) t)), s = e/(e+r).
// The discrete closed form the engine runs (meanField, exact exponential
// step probabilities) must match them within the acceptance bands at the
// end of years 10 and 20 for quarterly, monthly and weekly steps: 0.5%
// (weekly, monthly) and 1% (quarterly). The hazards are strong (x = 0.1,
// e = r = 0.3) so that the old linear step probability fails the same
// check, which the test asserts too: deterministic, no replicate noise.
// That the engine runs this closed form for each step length is checked
// against replicates: the mean at the end of years 10 and 20 within 4
// standard errors (8 replicates of 10,000 agents: se 0.4-1.5%, as the
// population dies out; 4 of 4,000 with -short or under the race detector).
func TestStepLengthClosedForm(t *testing.T) {
	const (
		e, r, x = 0.3, 0.3, 0.1
		h0, a0  = 8000.0, 2000.0
	)
	years := []int{10, 20}
	continuous := func(y float64) (home, abroad float64) {
		n, share, surv := h0+a0, e/(e+r), math.Exp(-x*y)
		abroad = surv * (share*n + (a0-share*n)*math.Exp(-(e+r)*y))
		return surv*n - abroad, abroad
	}
	for _, tt := range []struct {
		spy int
		tol float64 // relative, against continuous time
	}{
		{4, 0.01}, {12, 0.005}, {52, 0.005},
	} {
		t.Run(fmt.Sprintf("%d steps a year", tt.spy), func(t *testing.T) {
			steps := years[len(years)-1] * tt.spy
			linear := func(rate float64) float64 { return rate / float64(tt.spy) }
			home, abroad := meanField(h0, a0, 0, e, r, x, tt.spy, 1, false, steps)
			oldHome, oldAbroad := meanFieldWith(linear, h0, a0, 0, e, r, x, tt.spy, 1, false, steps)
			// The old form's error grows with the step: at year 20 it is
			// -2.5% (quarterly) and -0.8% (monthly) against continuous
			// time, beyond the bands; the weekly -0.2% is within its band,
			// so only the coarser steps are asked to fail.
			oldFails := false
			for _, y := range years {
				i := y*tt.spy - 1
				wantH, wantA := continuous(float64(y))
				for _, c := range []struct {
					name      string
					got, want float64
					old       float64
				}{
					{"home", home[i], wantH, oldHome[i]},
					{"abroad", abroad[i], wantA, oldAbroad[i]},
				} {
					t.Logf("%s, year %d: closed form %+.3f%%, old linear form %+.3f%% against continuous time",
						c.name, y, 100*(c.got/c.want-1), 100*(c.old/c.want-1))
					if d := c.got/c.want - 1; math.Abs(d) > tt.tol {
						t.Errorf("%s at the end of year %d: closed form %.1f, continuous time %.1f: %+.3f%%; want within %.2f%%",
							c.name, y, c.got, c.want, 100*d, 100*tt.tol)
					}
					if math.Abs(c.old/c.want-1) > tt.tol {
						oldFails = true
					}
				}
			}
			if tt.spy <= 12 && !oldFails {
				t.Errorf("the old linear step probability passes too: the check cannot tell them apart")
			}

			sc := minimalScenario()
			constantHazards(sc, e, r, x)
			sc.Sectors[0].Workers = h0
			sc.Destinations[0].Diaspora = map[string]float64{"skilled": a0}
			sc.Agents, sc.StepsPerYear = 10000, tt.spy
			sc.Years, sc.Replicates, sc.Seed = years[len(years)-1], 8, 1
			if testing.Short() || raceEnabled {
				// The band is 4 of the replicates' own standard errors,
				// honest at any size; smaller under the race detector.
				sc.Agents, sc.Replicates = 4000, 4
			}
			ts := runYoung(sc)
			for _, y := range years {
				i := y*tt.spy - 1
				for _, c := range []struct {
					metric string
					want   float64
				}{{"skilled_home", home[i]}, {"emigrants", abroad[i]}} {
					m := results.MetricIndex(ts.Metrics, c.metric)
					var xs []float64
					for rep := range ts.Values {
						xs = append(xs, ts.Values[rep][i][m])
					}
					got, se := meanSE(xs)
					t.Logf("%s, year %d: engine %.1f (se %.2f%%), closed form %.1f", c.metric, y, got, 100*se/got, c.want)
					if math.Abs(got-c.want) > 4*se {
						t.Errorf("%s at the end of year %d: engine %.1f +- %.1f (se), closed form %.1f: beyond 4 se",
							c.metric, y, got, se, c.want)
					}
				}
			}
		})
	}
}
