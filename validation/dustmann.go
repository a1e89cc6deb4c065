package validation

import (
	"context"
	"fmt"
	"math"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sim"
)

// Dustmann's return timing (../shared/MODEL.md, "Return timing"): a target
// saver abroad stays S / (w* - c), so a higher foreign wage shortens the
// stay. scenarios/theory/dustmann.toml isolates the engine's savings rule:
// nothing is remitted, the return hazard is about 0 below the target and
// about 1 a year above it, and no other motive moves it.

// dustmannWages are the foreign wages w* checked, USD PPP a year (theory
// check: with S = 25,000 and c = 5,000, 12 S / (w* - c) is 42.9, 27.3 and
// 15.8, none near an integer, so float rounding of the savings cannot move
// the step at which the target is reached).
var dustmannWages = []float64{12_000, 16_000, 24_000}

// dustmannCohortYears are the years of emigration whose stays are
// measured: stays that start later could still be running at the horizon.
const dustmannCohortYears = 2

// DustmannStay is the expected stay abroad, in years, of a target saver in
// the engine's discrete time. An emigrant arrives with no savings; in each
// later step abroad its savings grow by (w* - c) / spy before the return
// draw, so after j steps they are j (w* - c) / spy, and the target S is
// reached at step k* = ceil(spy S / (w* - c)). The return chance of a step
// is p = 1 - exp(-h / spy), with the yearly hazard h = r0 logistic(a) below
// the target and r0 logistic(a + b) from it (a the intercept, b the savings
// shift; agents.ReturnRate with every other term 0). The number of steps
// abroad K is geometric from k* on, so
//
//	E[K] = sum_{j<k*} j p_lo q_lo^(j-1) + q_lo^(k*-1) (k* - 1 + 1 / p_hi)
//
// with q_lo = 1 - p_lo, and the stay is E[K] / spy. With p_lo = 0 it is
// (k* - 1 + 1 / p_hi) / spy, within a step of the continuous S / (w* - c)
// + 1 / h.
func DustmannStay(target, wage, livingCost float64, r model.Scenario) float64 {
	spy := float64(r.StepsPerYear)
	logistic := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	step := func(h float64) float64 { return -math.Expm1(-h / spy) }
	pLo := step(r.Return.BaseRate * logistic(r.Return.Intercept))
	pHi := step(r.Return.BaseRate * logistic(r.Return.Intercept+r.Return.Savings))
	kStar := math.Ceil(spy * target / (wage - livingCost))
	var e, survive float64 = 0, 1
	for j := 1.0; j < kStar; j++ {
		e += j * pLo * survive
		survive *= 1 - pLo
	}
	return (e + survive*(kStar-1+1/pHi)) / spy
}

// dustmannContinuous is the continuous-time stay S / (w* - c) + 1 / h.
func dustmannContinuous(target, wage, livingCost float64, sc model.Scenario) float64 {
	h := sc.Return.BaseRate / (1 + math.Exp(-(sc.Return.Intercept + sc.Return.Savings)))
	return target/(wage-livingCost) + 1/h
}

// dustmannStays runs sc with every life traced and returns, per replicate,
// the mean stay abroad in years of those who emigrated in the first
// dustmannCohortYears years and could not retire before the horizon (age
// plays no part in the hazard, so leaving the old out biases nothing), and
// the number of those stays still running at the horizon (counted at their
// length so far).
func dustmannStays(ctx context.Context, o Options, sc *model.Scenario) (stays []float64, censored int, err error) {
	out, err := sim.RunWith(ctx, sc, sim.Options{Workers: o.Workers, Trace: sc.Agents})
	if err != nil {
		return nil, 0, fmt.Errorf("validation: %s: %w", sc.Name, err)
	}
	spy := sc.StepsPerYear
	lastStep := sc.Years * spy
	type key struct{ rep, agent int }
	start := map[key]int{}
	sum := make([]float64, sc.Replicates)
	n := make([]float64, sc.Replicates)
	for _, tr := range out.Trace {
		k := key{tr.Replicate, tr.Agent}
		switch tr.Event {
		case results.EventEmigrate:
			yearsLeft := float64(lastStep-tr.Step) / float64(spy)
			if tr.Step <= dustmannCohortYears*spy && tr.Age+yearsLeft < sc.Demography.RetirementAge {
				start[k] = tr.Step
			}
		case results.EventReturn:
			if s, ok := start[k]; ok {
				sum[k.rep] += float64(tr.Step - s)
				n[k.rep]++
				delete(start, k)
			}
		}
	}
	for k, s := range start { // still abroad at the horizon
		sum[k.rep] += float64(lastStep - s)
		n[k.rep]++
		censored++
	}
	for r := range sum {
		if n[r] == 0 {
			return nil, 0, fmt.Errorf("validation: %s: replicate %d: no stay to measure", sc.Name, r)
		}
		stays = append(stays, sum[r]/n[r]/float64(spy))
	}
	return stays, censored, nil
}

// dustmann checks the stay at each of dustmannWages against DustmannStay,
// and its fall from the lowest to the highest wage, with common random
// numbers (the same seed at every wage). The tolerance of a stay is the
// half-width of the 95% interval of its replicate mean (the noise) plus
// half a step (the savings are float32 in the engine, so the step at which
// the target is reached is exact only up to rounding; the wages are chosen
// away from the edges); of the fall, the half-width of the paired
// differences plus a step.
func dustmann(ctx context.Context, o Options) ([]Check, error) {
	var cs []Check
	var stays [][]float64
	var wants []float64
	var sc *model.Scenario
	for _, w := range dustmannWages {
		var err error
		sc, err = load(o, "theory/dustmann", fmt.Sprintf("destination[0].wage.skilled=%g", w))
		if err != nil {
			return nil, err
		}
		s, censored, err := dustmannStays(ctx, o, sc)
		if err != nil {
			return nil, err
		}
		target, cost := sc.Return.SavingsTarget, sc.Destinations[0].LivingCost
		want := DustmannStay(target, w, cost, *sc)
		cont := dustmannContinuous(target, w, cost, *sc)
		m, lo, hi := estimate(s)
		halfStep := 0.5 / float64(sc.StepsPerYear)
		cs = append(cs, Check{Group: Theory, Name: fmt.Sprintf("Dustmann stay abroad, years, w* = %g", w),
			Model: m, Lo: lo, Hi: hi, Want: want, Pass: math.Abs(m-want) <= (hi-lo)/2+halfStep,
			Figure: "dustmann.png",
			Note: fmt.Sprintf("a target saver (S = %g, c = %g, USD PPP; scenarios/theory/dustmann.toml) against the discrete-time stay (k* - 1 + 1/p) / 12, k* = ceil(12 S / (w* - c)) = %g, p = 1 - exp(-h/12) (validation.DustmannStay); the continuous S / (w* - c) + 1/h is %.3f; stays of the emigrants of the first %d years, all lives traced, %d still abroad at the horizon; pass within the 95%% interval's half-width plus half a step",
				target, cost, math.Ceil(12*target/(w-cost)), cont, dustmannCohortYears, censored)})
		stays = append(stays, s)
		wants = append(wants, want)
	}
	first, last := 0, len(dustmannWages)-1
	var fall []float64
	for r := range stays[first] {
		fall = append(fall, stays[first][r]-stays[last][r])
	}
	m, lo, hi := estimate(fall)
	want := wants[first] - wants[last]
	step := 1 / float64(sc.StepsPerYear)
	decreasing := true
	for i := 1; i < len(stays); i++ {
		a, _, _ := estimate(stays[i-1])
		b, _, _ := estimate(stays[i])
		decreasing = decreasing && b < a
	}
	cs = append(cs, Check{Group: Theory, Name: fmt.Sprintf("Dustmann: stay shortens from w* = %g to %g, years", dustmannWages[first], dustmannWages[last]),
		Model: m, Lo: lo, Hi: hi, Want: want, Pass: decreasing && math.Abs(m-want) <= (hi-lo)/2+step, Figure: "dustmann.png",
		Note: "direction and size: the stay falls at every higher wage, and the fall from the lowest to the highest wage (same seeds) matches the difference of the discrete-time stays within the 95% interval's half-width plus a step"})
	if o.FigureDir != "" {
		// The engine's stays as dots: their 95% intervals (in the table)
		// are narrower than a dot.
		b := plot.Points{Label: "engine, replicate mean", X: dustmannWages, Color: observedColor}
		for _, s := range stays {
			mm, _, _ := estimate(s)
			b.Y = append(b.Y, mm)
		}
		// The two forms as lines over a grid of wages.
		disc := plot.Band{Label: "(k* - 1 + 1/p) / 12"}
		cont := plot.Band{Label: "S / (w* - c) + 1/h", Dashed: true}
		target, cost := sc.Return.SavingsTarget, sc.Destinations[0].LivingCost
		for w := dustmannWages[first] - 1000; w <= dustmannWages[last]+1000; w += 100 {
			disc.X, disc.Mean = append(disc.X, w), append(disc.Mean, DustmannStay(target, w, cost, *sc))
			cont.X, cont.Mean = append(cont.X, w), append(cont.Mean, dustmannContinuous(target, w, cost, *sc))
		}
		pl, err := plot.XBands("Dustmann: stay abroad of a target saver", "w*, wage abroad, USD PPP a year", "years abroad",
			[]plot.Band{disc, cont}, []plot.Points{b})
		if err != nil {
			return nil, err
		}
		if err := plot.Save(pl, o.FigureDir+"/dustmann.png", figW, figH); err != nil {
			return nil, err
		}
	}
	return cs, nil
}
