package validation

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// Posterior predictive checks (issue 14, items 3 and 6b). For a preset with
// a calibration file beside it, ABC-SMC (experiment.CalibrateABC) fits the
// file's parameters to the file's targets at small settings; then one run
// at each of Particles posterior draws gives the predictive distribution
// of every figure, fitted or held out, and a figure passes if the data lie
// in its 90% predictive interval (the 5% and 95% quantiles over draws).
// The interval holds the uncertainty of the fitted parameters and the
// model's noise; for the fitted targets it also holds the targets' own
// error (experiment's predictive check adds N(0, sd)), for the held-out
// figures it does not, as the data give no error for them.

// Defaults of the ABC runs (assumed, sized for minutes on two cores; the
// predictive interval's 5% tails hold 3 of 60 draws: a coarse interval,
// bought by the run time of about ten minutes on two cores).
const (
	defaultParticles     = 60
	defaultGenerations   = 3
	defaultABCAgents     = 2_000
	defaultABCReplicates = 2
	// predictiveQuantile is the lower quantile of the 90% interval.
	predictiveQuantile = 0.05
)

// posteriorRun is a preset fitted by ABC, with a run at each posterior
// draw.
type posteriorRun struct {
	preset string
	cal    *experiment.Calibration
	res    *experiment.ABCResult
	runs   []*results.Timeseries // one replicate at each draw
	start  int                   // the scenario's first calendar year
	fitEnd int                   // the calendar year at whose end the last target is
}

// fitPosterior runs ABC on preset's calibration file and one replicate to
// the end of calendar year last at each of o.Particles draws from its
// posterior.
func fitPosterior(ctx context.Context, o Options, preset string, last int) (*posteriorRun, error) {
	c, err := experiment.LoadCalibration(filepath.Join(o.ScenarioDir, preset+".calibration.toml"))
	if err != nil {
		return nil, err
	}
	c.Set = append(c.Set, fmt.Sprintf("agents=%d", o.ABCAgents))
	c.Replicates = o.ABCReplicates
	c.ABC.Particles, c.ABC.Generations = o.Particles, o.Generations
	for j := range c.Targets {
		// A file in the Nelder-Mead format carries a target's error in its
		// weight, (value / sd)^2 (the files' header says so); ABC needs it
		// as sd, with weight 1 so that it is not counted twice.
		if tg := &c.Targets[j]; !(tg.SD > 0) && tg.Weight > 0 {
			tg.SD, tg.Weight = math.Abs(tg.Value)/math.Sqrt(tg.Weight), 1
		}
	}
	workers := o.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	res, err := c.CalibrateABC(ctx, experiment.ABCOptions{Workers: workers})
	if err != nil {
		return nil, fmt.Errorf("validation: %s: %w", c.Path, err)
	}
	base, err := scenarios.Load(c.ScenarioPath, c.Set...)
	if err != nil {
		return nil, err
	}
	p := &posteriorRun{preset: preset, cal: c, res: res, start: base.StartYear, runs: make([]*results.Timeseries, o.Particles)}
	for _, tg := range c.Targets {
		p.fitEnd = max(p.fitEnd, base.StartYear+tg.Year-1)
	}
	years := last - base.StartYear + 1
	g := res.Final()
	errs := make([]error, o.Particles)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p.runs[i], errs[i] = p.draw(ctx, g, i, years)
			}
		}()
	}
	for i := range o.Particles {
		next <- i
	}
	close(next)
	wg.Wait()
	return p, firstErr(errs...)
}

// draw runs one replicate of years at posterior draw i: a particle drawn
// by weight with a stream of its own, and a seed of its own, both from the
// calibration's seed and i, so that the runs are the same for any number
// of workers.
func (p *posteriorRun) draw(ctx context.Context, g *experiment.ABCGeneration, i, years int) (*results.Timeseries, error) {
	rng := rand.New(rand.NewPCG(p.cal.Seed^drawStream, uint64(i)))
	j := weighted(g.Weights, rng.Float64())
	set := append(slices.Clone(p.cal.Set), fmt.Sprintf("years=%d", years), "seed="+strconv.FormatUint(rng.Uint64()>>11, 10))
	for k, b := range p.cal.Parameters {
		set = append(set, b.Key+"="+output.FormatFloat(g.Values[j][k]))
	}
	sc, err := scenarios.Load(p.cal.ScenarioPath, set...)
	if err != nil {
		return nil, err
	}
	sc.Replicates = 1
	ts, err := sim.Run(ctx, sc, sim.Options{Workers: 1})
	if err != nil {
		return nil, fmt.Errorf("validation: %s at posterior draw %d: %w", p.preset, i, err)
	}
	return ts, nil
}

// drawStream keeps the draws' random numbers apart from ABC's own streams.
const drawStream = 0x7a1d

// weighted returns the index whose cumulative weight first exceeds u times
// the total.
func weighted(ws []float64, u float64) int {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	acc := 0.0
	for i, w := range ws {
		acc += w
		if u*total < acc {
			return i
		}
	}
	return len(ws) - 1
}

// stat returns f of each draw's run, the NaNs left out.
func (p *posteriorRun) stat(f func(ts *results.Timeseries, rows [][]float64) float64) []float64 {
	var xs []float64
	for _, ts := range p.runs {
		if x := f(ts, ts.Values[0]); !math.IsNaN(x) && !math.IsInf(x, 0) {
			xs = append(xs, x)
		}
	}
	return xs
}

// interval returns the median and the 90% interval of xs.
func interval(xs []float64) (med, lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return quantile(s, 0.5), quantile(s, predictiveQuantile), quantile(s, 1-predictiveQuantile)
}

// quantile is the linear-interpolation quantile q of sorted xs.
func quantile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}

// predictiveCheck is the row of a figure predicted from the posterior.
func (p *posteriorRun) predictiveCheck(name string, xs []float64, want float64, metric string, toYear int, note, fig string) Check {
	m, lo, hi := interval(xs)
	return Check{Group: OutOfSample, Name: p.preset + ": " + name, Model: m, Lo: lo, Hi: hi, Want: want,
		Pass: lo <= want && want <= hi, Figure: fig, Note: note + "; " + p.sample(metric, toYear)}
}

// sample says whether a figure of metric up to the end of toYear is held
// out of the calibration: it is, unless a target reads the same quantity
// (the metric or one of its sector or destination parts) and the figure
// ends within the years the targets cover, or the year after, since the
// files fit a mid-year stock to the end of the year before ("end of 2018,
// about 2019").
func (p *posteriorRun) sample(metric string, toYear int) string {
	base := func(m string) string { b, _, _ := strings.Cut(m, "."); return b }
	for _, tg := range p.cal.Targets {
		if base(tg.Metric) == base(metric) && toYear <= p.fitEnd+1 {
			return fmt.Sprintf("in sample: %s.calibration.toml fits %s to %d", p.preset, base(metric), p.fitEnd)
		}
	}
	return fmt.Sprintf("held out of %s.calibration.toml (fitted to %d)", p.preset, p.fitEnd)
}

// fittedChecks are the posterior predictive checks of the calibration's
// own targets, from experiment's predictive runs.
func (p *posteriorRun) fittedChecks() []Check {
	var cs []Check
	for j, tg := range p.cal.Targets {
		pr := p.res.Predictive[j]
		what := fmt.Sprintf("%s at the end of %d", tg.Metric, p.start+tg.Year-1)
		switch tg.Kind {
		case experiment.KindTrend:
			what = fmt.Sprintf("trend of %s from the end of %d to %d, per year", tg.Metric, p.start+tg.FromYear-1, p.start+tg.Year-1)
		case experiment.KindRatio:
			what = fmt.Sprintf("%s / %s at the end of %d", tg.Metric, tg.Denominator, p.start+tg.Year-1)
		}
		cs = append(cs, Check{Group: OutOfSample, Name: fmt.Sprintf("%s: fitted target %s", p.preset, what),
			Model: pr.Median, Lo: pr.Lo, Hi: pr.Hi, Want: tg.Value, Pass: pr.Inside,
			Note: fmt.Sprintf("in sample: a target of %s.calibration.toml (sd %s); the predictive interval adds the target's error N(0, sd) to each draw's run (experiment's posterior predictive check)", p.preset, num(tg.SD))})
	}
	return cs
}

// summary describes the fit: the settings, the generations, the posterior
// of each parameter.
func (p *posteriorRun) summary() string {
	g := p.res.Final()
	var ps []string
	for k, b := range p.cal.Parameters {
		ps = append(ps, fmt.Sprintf("%s %s [%s, %s]", b.Key, num(p.res.Quantile(k, 0.5)), num(p.res.Quantile(k, predictiveQuantile)), num(p.res.Quantile(k, 1-predictiveQuantile))))
	}
	return fmt.Sprintf("%s: %d generations (%s), last tolerance %s, acceptance %.0f%%, effective sample size %.0f of %d; posterior median [90%%]: %s",
		p.preset, len(p.res.Generations), p.res.Status, num(g.Epsilon), 100*g.Acceptance(), g.ESS(), len(g.Values), strings.Join(ps, ", "))
}

// drawBand draws metric over the years, the median and 90% interval of the
// draws, with the observed points, to file.
func (p *posteriorRun) drawBand(o Options, file, title, yLabel, metric string, obs plot.Points) error {
	if o.FigureDir == "" {
		return nil
	}
	ts := p.runs[0]
	col, err := column(ts.Metrics, metric)
	if err != nil {
		return err
	}
	b := plot.Band{Label: "model, 90% predictive", X: ts.Year}
	for i := range ts.Year {
		var xs []float64
		for _, r := range p.runs {
			xs = append(xs, r.Values[0][i][col])
		}
		m, lo, hi := interval(xs)
		b.Mean, b.Lo, b.Hi = append(b.Mean, m), append(b.Lo, lo), append(b.Hi, hi)
	}
	pl, err := yearBands(title, yLabel, []plot.Band{b}, []plot.Points{obs})
	if err != nil {
		return err
	}
	return plot.Save(pl, filepath.Join(o.FigureDir, file), figW, figH)
}
