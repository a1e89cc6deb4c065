package experiment

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/optimize"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/scenarios/strict"
	"github.com/brainsim/brainsim/sensitivity"
	"github.com/brainsim/brainsim/sim"
)

// Defaults of a calibration file.
const (
	DefaultMaxEvaluations = 200
	DefaultTolerance      = 1e-6
	// DefaultSimplexSize is the size of Nelder-Mead's first simplex in the
	// logit scale of the parameters: from the middle of a range, 1 moves a
	// parameter by 23% of its range.
	DefaultSimplexSize = 1.0
)

// Calibration is a calibration file: a base scenario, the parameters to fit
// within bounds, and the target values of indicators. LoadCalibration reads
// and checks one; Fit fits it.
//
// The objective is the weighted sum of squared relative residuals
//
//	f(x) = sum_j w_j ((m_j(x) - v_j) / s_j)^2,  s_j = |v_j|, or 1 if v_j = 0,
//
// where m_j(x) is the mean over the replicates of target j's metric after
// its year, with the parameters at x, and v_j its target value. Every
// evaluation runs replicates 0..Replicates-1 with the same seed (common
// random numbers), so f is a deterministic function of x and the
// differences between evaluations come from the parameters alone.
type Calibration struct {
	Path         string   // the file, as named to LoadCalibration
	SHA256       string   // hex SHA-256 of the bytes the file was parsed from
	Name         string   // short identifier; default: the file name without .toml
	Description  string   // one paragraph, optional
	Scenario     string   // the base scenario, as the file names it
	ScenarioPath string   // Scenario resolved against the file's folder
	Set          []string // key.path=value overrides of the base scenario
	Seed         uint64   // seed of every run: the file's, or the scenario's
	Replicates   int      // runs per evaluation: the file's, or the scenario's
	Parameters   []Bound  // the parameters fitted
	Targets      []Target // what they are fitted to
	// MaxEvaluations bounds the evaluations of the objective (each runs
	// every replicate).
	MaxEvaluations int
	// Tolerance stops a Nelder-Mead search when the objective has not
	// fallen by more than Tolerance over 5 iterations per parameter, and
	// the restarts when one gains no more than Tolerance.
	Tolerance float64
	// SimplexSize is the size of the first Nelder-Mead simplex, in the
	// logit scale of the parameters' ranges.
	SimplexSize float64
	// Explore is the number of points of a Latin hypercube over the
	// parameters' ranges (drawn from Seed) evaluated before the search,
	// which then starts from the best of them and the start values; 0
	// starts from the start values. Objectives with many local minima, as
	// small runs of an agent-based model have, need a few points per
	// parameter.
	Explore int
	// ABC holds the settings of 'calibrate --method abc' (CalibrateABC).
	ABC ABCSettings
	// Engine is the engine of every run (brainsim calibrate --engine); not
	// in the file. The zero value is the step engine.
	Engine sim.EngineKind

	base []byte
	inds []Indicator // the indicators the targets read
	// tIdx[j] are the indices in inds of target j's indicators: its metric
	// at its year, then a trend's start or a ratio's denominator (-1 for
	// a level).
	tIdx [][2]int
}

// Bound is a parameter a calibration fits: a scenario key, its range and
// where the search starts.
type Bound struct {
	Key      string  // scenario key path, as for 'brainsim run --set'
	Min, Max float64 // the range searched; Min < Max, both excluded
	Start    float64 // where the search starts; in (Min, Max); default the middle
	// Prior is the parameter's prior within [Min, Max], for ABC
	// (CalibrateABC); Nelder-Mead ignores it. Default: the prior the
	// scenario file gives the key, if any (adoptScenarioPrior), else
	// uniform.
	Prior Prior
	// PriorSource says where Prior comes from: "calibration" (the
	// [[parameter]]'s keys), "scenario" (the scenario file's prior for the
	// key) or "default" (uniform on [Min, Max]).
	PriorSource string
}

// Target is a value an indicator should take.
type Target struct {
	Metric string  // a metric name, as in timeseries.csv
	Year   int     // years after the start
	Value  float64 // target value of the replicate mean
	Weight float64 // weight in the objective; > 0; default 1
	// Kind says what is compared: the metric's level at Year (the
	// default), its trend per year from FromYear to Year, or its ratio to
	// Denominator at Year.
	Kind TargetKind
	// FromYear is where a trend starts, in years after the start; in
	// [1, Year). Only for KindTrend.
	FromYear int
	// Denominator is the metric a ratio divides by. Only for KindRatio.
	Denominator string
	// SD is the target's own uncertainty (the standard deviation of the
	// observed value), in the statistic's unit; 0 if not given. ABC needs
	// it. Both methods measure the target's error in SDs when it is given,
	// so that one file serves both: the objective and the distance are the
	// weighted chi-square sum of ((mean - Value) / SD)^2; without an SD,
	// Nelder-Mead scales the error by |Value|.
	SD float64
}

// LoadCalibration reads the calibration file at path, loads its base
// scenario and checks every key, as Load does for an experiment file.
func LoadCalibration(path string) (*Calibration, error) {
	return loadCalibration(path, strict.ReadFile)
}

// loadCalibration is LoadCalibration, reading the files through read.
func loadCalibration(path string, read source) (*Calibration, error) {
	f, top, err := readFile(path, read)
	if err != nil {
		return nil, err
	}
	c := &Calibration{Path: path, SHA256: f.sum, MaxEvaluations: DefaultMaxEvaluations, Tolerance: DefaultTolerance, SimplexSize: DefaultSimplexSize, ABC: DefaultABC()}
	c.Name, _ = top.str("name")
	if c.Name == "" {
		c.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	c.Description, _ = top.str("description")
	com := readCommon(f, top, path)
	c.Scenario, c.ScenarioPath, c.Set = com.scenario, com.scenarioPath, com.set
	if n, ok := top.integer("max_evaluations"); ok {
		if n < 1 {
			f.add("max_evaluations", strconv.FormatInt(n, 10), "must be >= 1")
		}
		c.MaxEvaluations = int(n)
	}
	if x, ok := top.num("tolerance"); ok {
		if !(x >= 0) || math.IsInf(x, 0) {
			f.add("tolerance", output.FormatFloat(x), "must be a finite number >= 0")
		}
		c.Tolerance = x
	}
	if n, ok := top.integer("explore"); ok {
		if n < 0 || n > 100_000 {
			f.add("explore", strconv.FormatInt(n, 10), "must be within [0, 100000]")
		}
		c.Explore = int(n)
	}
	if x, ok := top.num("simplex_size"); ok {
		if !(x > 0) || math.IsInf(x, 0) {
			f.add("simplex_size", output.FormatFloat(x), "must be a finite number > 0")
		}
		c.SimplexSize = x
	}
	if c.Explore >= c.MaxEvaluations {
		f.add("explore", strconv.Itoa(c.Explore), fmt.Sprintf("must be less than max_evaluations = %d, which counts its evaluations too", c.MaxEvaluations))
	}
	params := top.tables("parameter")
	if !top.has("parameter") {
		f.add("parameter", "", "a calibration needs at least one [[parameter]] with key, min and max")
	}
	seen := map[string]string{}
	for _, t := range params {
		var b Bound
		b.Key, _ = t.str("key")
		lo, hasMin := t.num("min")
		hi, hasMax := t.num("max")
		start, hasStart := t.num("start")
		at := t.path
		switch {
		case b.Key == "" && !t.has("key"):
			f.add(at+".key", "", `missing: the scenario key to fit, e.g. "emigration.base_rate"`)
		case b.Key == "":
		case slices.Contains(reserved, b.Key):
			f.add(at+".key", strconv.Quote(b.Key), "cannot be fitted")
		case seen[b.Key] != "":
			f.add(at+".key", strconv.Quote(b.Key), "is fitted already by "+seen[b.Key])
		default:
			seen[b.Key] = at
		}
		switch {
		case !hasMin:
			f.add(at+".min", "", "missing: the lower bound of the search")
		case !hasMax:
			f.add(at+".max", "", "missing: the upper bound of the search")
		case !finite(lo):
			f.add(at+".min", output.FormatFloat(lo), "must be a finite number")
		case !finite(hi):
			f.add(at+".max", output.FormatFloat(hi), "must be a finite number")
		case !(lo < hi):
			f.add(at+".max", output.FormatFloat(hi), fmt.Sprintf("must be > min = %s", output.FormatFloat(lo)))
		case !hasStart:
			start = (lo + hi) / 2
		case !(lo < start && start < hi):
			f.add(at+".start", output.FormatFloat(start), fmt.Sprintf("must be strictly within (min, max) = (%s, %s)", output.FormatFloat(lo), output.FormatFloat(hi)))
		}
		b.Min, b.Max, b.Start = lo, hi, start
		if hasMin && hasMax && finite(lo) && finite(hi) && lo < hi {
			readPrior(f, t, &b)
		} else {
			readPrior(nil, t, &b) // mark the keys used; the bounds are wrong already
		}
		t.finish()
		c.Parameters = append(c.Parameters, b)
	}
	targets := top.tables("target")
	if !top.has("target") {
		f.add("target", "", "a calibration needs at least one [[target]] with metric, year and value")
	}
	for _, t := range targets {
		tg := Target{Weight: 1}
		tg.Metric, _ = t.str("metric")
		y, hasYear := t.integer("year")
		v, hasValue := t.num("value")
		if w, ok := t.num("weight"); ok {
			if !(w > 0) || math.IsInf(w, 0) {
				f.add(t.path+".weight", output.FormatFloat(w), "must be a finite number > 0")
			}
			tg.Weight = w
		}
		readTargetExtras(f, t, &tg, y)
		t.finish()
		if tg.Metric == "" && !t.has("metric") {
			f.add(t.path+".metric", "", "missing: the metric, e.g. "+strconv.Quote(exampleMetric))
		}
		switch {
		case !hasYear && !t.has("year"):
			f.add(t.path+".year", "", "missing: the years after the start at which the metric is compared")
		case hasYear && y < 1:
			f.add(t.path+".year", strconv.FormatInt(y, 10), "must be >= 1: years after the start")
		}
		switch {
		case !hasValue:
			f.add(t.path+".value", "", "missing: the target value")
		case !finite(v):
			f.add(t.path+".value", output.FormatFloat(v), "must be a finite number")
		}
		tg.Year, tg.Value = int(y), v
		c.Targets = append(c.Targets, tg)
	}
	readABCSettings(f, top, c)
	top.finish()
	if len(params) > len(targets) && len(targets) > 0 {
		f.add("target", "", fmt.Sprintf("%d parameters cannot be identified from %d targets", len(params), len(targets)))
	}
	if c.Scenario == "" {
		return nil, f.err() // a problem: scenario is missing or empty
	}

	// Check the file against its scenario, reporting the problems found so
	// far with the others.
	sc, base, err := com.loadScenario()
	if err != nil {
		return nil, err
	}
	c.base, c.ScenarioPath = base, com.scenarioPath
	c.Seed, c.Replicates = sc.Seed, sc.Replicates
	if com.hasSeed {
		c.Seed = com.seed
	}
	if com.hasReplicates {
		c.Replicates = com.replicates
	}
	names := metricNames(sc)
	for i, tg := range c.Targets {
		at := fmt.Sprintf("target[%d]", i)
		if tg.Metric != "" && !slices.Contains(names, tg.Metric) {
			f.add(at+".metric", strconv.Quote(tg.Metric), "no such metric; "+suggestMetric(tg.Metric, names))
		}
		if tg.Year > sc.Years {
			f.add(at+".year", strconv.Itoa(tg.Year), fmt.Sprintf("must be within [1, %d], the years of the scenario after its start", sc.Years))
		}
		if tg.Kind == KindRatio && tg.Denominator != "" && !slices.Contains(names, tg.Denominator) {
			f.add(at+".denominator", strconv.Quote(tg.Denominator), "no such metric; "+suggestMetric(tg.Denominator, names))
		}
		c.addIndicators(tg, sc)
	}
	for i := range c.Parameters {
		adoptScenarioPrior(f, fmt.Sprintf("parameter[%d]", i), &c.Parameters[i], sc.Priors)
	}
	for i, b := range c.Parameters {
		at := fmt.Sprintf("parameter[%d]", i)
		com.checkOverride(at+".min", b.Key, b.Min)
		com.checkOverride(at+".max", b.Key, b.Max)
		com.checkOverride(at+".start", b.Key, b.Start)
	}
	if err := f.err(); err != nil {
		return nil, err
	}
	return c, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// FitOptions tune how Fit uses the machine; none of them changes the
// result.
type FitOptions struct {
	// Workers is the number of goroutines running the replicates of an
	// evaluation; 0 means GOMAXPROCS.
	Workers int
	// Progress, if not nil, is called after every evaluation with the
	// evaluations so far and the best objective so far.
	Progress func(evaluations int, best float64)
}

// Fit is the result of a calibration.
type Fit struct {
	Values      []float64   // fitted value of each parameter
	Means       []float64   // replicate mean of each target's metric at Values
	Residuals   []float64   // Means - target values
	Relative    []float64   // residuals relative to the target values (divided by |value|, or 1 if 0)
	Objective   float64     // the objective at Values
	Evaluations int         // evaluations of the objective
	Status      string      // why the search stopped, as gonum/optimize says, e.g. "FunctionConvergence"
	Restarts    int         // restarts of Nelder-Mead from the best point
	Trace       [][]float64 // every evaluation: the parameters' values, then the objective
}

// Fit minimises the objective with the Nelder-Mead simplex method of
// gonum.org/v1/gonum/optimize, from the parameters' start values. The
// search runs on z, with parameter x = min + (max - min) / (1 + exp(-z)),
// so that every point tried lies within the bounds. It stops after
// MaxEvaluations evaluations or when the objective stops improving (see
// Tolerance), and returns the best point found. Since the objective of an
// agent-based model under common random numbers is piecewise constant, on
// which Nelder-Mead can stall, the search is restarted from the best point
// with a fresh simplex for as long as a restart improves the objective by
// more than Tolerance.
//
// It returns an error if a point's scenario is invalid, or ctx's error if
// ctx is cancelled.
func (c *Calibration) Fit(ctx context.Context, opt FitOptions) (*Fit, error) {
	k := len(c.Parameters)
	start := make([]float64, k)
	for i, b := range c.Parameters {
		start[i] = b.Start
	}
	z0 := c.toZ(start)
	toX := func(z []float64) []float64 {
		x := make([]float64, k)
		for i, b := range c.Parameters {
			x[i] = b.Min + (b.Max-b.Min)/(1+math.Exp(-z[i]))
		}
		return x
	}
	fit := &Fit{Objective: math.Inf(1)}
	var failure error
	problem := optimize.Problem{
		Func: func(z []float64) float64 {
			if failure != nil {
				return math.Inf(1)
			}
			x := toX(z)
			means, err := c.Evaluate(ctx, x, opt.Workers)
			if err != nil {
				failure = err
				return math.Inf(1)
			}
			f := c.Objective(means)
			fit.Evaluations++
			fit.Trace = append(fit.Trace, append(slices.Clone(x), f))
			if math.IsNaN(f) {
				f = math.Inf(1) // a metric without a value (nobody in a sector) is as bad as can be
			}
			if f < fit.Objective || fit.Values == nil {
				fit.Values, fit.Means, fit.Objective = x, means, f
			}
			if opt.Progress != nil {
				opt.Progress(fit.Evaluations, fit.Objective)
			}
			return f
		},
		Status: func() (optimize.Status, error) {
			switch {
			case failure != nil:
				return optimize.Failure, failure
			case fit.Objective == 0:
				return optimize.FunctionThreshold, nil // an exact fit: nothing to improve
			}
			return optimize.NotTerminated, nil
		},
	}
	z := z0
	var init *optimize.Location
	if c.Explore > 0 {
		ranges := make([]sensitivity.Range, k)
		for i, b := range c.Parameters {
			ranges[i] = sensitivity.Range{Name: b.Key, Min: b.Min, Max: b.Max}
		}
		best := problem.Func(z0)
		for _, x := range sensitivity.LatinHypercube(c.Explore, ranges, rand.New(rand.NewPCG(c.Seed, 3))) {
			zx := c.toZ(x)
			if f := problem.Func(zx); f < best {
				best, z = f, zx
			}
			if failure != nil {
				return nil, failure
			}
		}
		init = &optimize.Location{F: best}
	}
	// Nelder-Mead stalls on the plateaus of an objective that is piecewise
	// constant, as an agent-based model's is under common random numbers:
	// restart it from the best point with a fresh simplex for as long as a
	// restart improves the objective.
	for {
		before := fit.Objective
		left := c.MaxEvaluations - fit.Evaluations
		if left <= 0 {
			fit.Status = optimize.FunctionEvaluationLimit.String()
			break
		}
		settings := &optimize.Settings{
			InitValues:      init,
			FuncEvaluations: left,
			Converger:       &optimize.FunctionConverge{Absolute: c.Tolerance, Iterations: 5 * k},
		}
		res, err := optimize.Minimize(problem, z, settings, &optimize.NelderMead{SimplexSize: c.SimplexSize})
		if failure != nil {
			return nil, failure
		}
		if res == nil || fit.Values == nil {
			if err == nil {
				err = errors.New("no point evaluated")
			}
			return nil, fmt.Errorf("sweep: calibrate: %w", err)
		}
		fit.Status = res.Status.String()
		if err != nil || res.Status != optimize.FunctionConvergence || fit.Objective == 0 ||
			fit.Restarts > 0 && !(before-fit.Objective > c.Tolerance) || fit.Objective == math.Inf(1) {
			break
		}
		fit.Restarts++
		z = slices.Clone(res.X)
		init = &optimize.Location{F: res.F}
	}
	for j, tg := range c.Targets {
		r := fit.Means[j] - tg.Value
		fit.Residuals = append(fit.Residuals, r)
		fit.Relative = append(fit.Relative, r/scale(tg.Value))
	}
	return fit, nil
}

// toZ maps parameter values to the logit scale of their ranges, in which
// the search runs.
func (c *Calibration) toZ(x []float64) []float64 {
	z := make([]float64, len(x))
	for i, b := range c.Parameters {
		u := (x[i] - b.Min) / (b.Max - b.Min)
		u = min(max(u, 1e-12), 1-1e-12) // strictly inside the range
		z[i] = math.Log(u / (1 - u))
	}
	return z
}

func scale(v float64) float64 {
	if v == 0 {
		return 1
	}
	return math.Abs(v)
}

// Objective returns the objective for the replicate means of the targets'
// metrics, in the order of the targets: the weighted sum of squared errors,
// each in its target's SD when given, else relative to the target's value.
func (c *Calibration) Objective(means []float64) float64 {
	var f float64
	for j, tg := range c.Targets {
		den := scale(tg.Value)
		if tg.SD > 0 {
			den = tg.SD
		}
		r := (means[j] - tg.Value) / den
		f += tg.Weight * r * r
	}
	return f
}

// Evaluate runs every replicate with the parameters at x and returns the
// statistic of each target (see Target.Kind) from the replicate means of
// its metrics, in the order of the targets. workers is the number of
// goroutines; 0 means GOMAXPROCS.
func (c *Calibration) Evaluate(ctx context.Context, x []float64, workers int) ([]float64, error) {
	ind, err := c.simulate(ctx, x, c.Seed, c.Replicates, workers)
	if err != nil {
		return nil, err
	}
	return c.statistics(ind), nil
}

// simulate runs replicates 0..reps-1 of the scenario with seed and the
// parameters at x, with workers goroutines, and returns the replicate mean
// of each of c.inds.
func (c *Calibration) simulate(ctx context.Context, x []float64, seed uint64, reps, workers int) ([]float64, error) {
	if len(x) != len(c.Parameters) {
		panic(fmt.Sprintf("sweep: Evaluate with %d values for %d parameters", len(x), len(c.Parameters)))
	}
	o := append(slices.Clone(c.Set), "seed="+strconv.FormatUint(seed, 10))
	var desc []string
	for i, b := range c.Parameters {
		o = append(o, b.Key+"="+output.FormatFloat(x[i]))
		desc = append(desc, o[len(o)-1])
	}
	sc, err := scenarios.ParseRun(c.ScenarioPath, c.base, o...) // the file was checked when the calibration was opened
	if err != nil {
		return nil, fmt.Errorf("sweep: calibrate at %s: %w", strings.Join(desc, ", "), err)
	}
	byStep := indicatorsByStep(c.inds)
	vals := make([][]float64, reps)
	errs := make([]error, reps)
	sim.EachReplicate(ctx, reps, workers, func(r, inner int) {
		vals[r], errs[r] = runWith(ctx, sc, r, inner, c.Engine, false, c.inds, byStep)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	means := make([]float64, len(c.inds))
	for k := range means {
		for r := range reps {
			means[k] += vals[r][k]
		}
		means[k] /= float64(reps)
	}
	return means, nil
}

// statistics returns each target's statistic from the values of c.inds.
func (c *Calibration) statistics(ind []float64) []float64 {
	out := make([]float64, len(c.Targets))
	for j, tg := range c.Targets {
		a, b := c.tIdx[j][0], c.tIdx[j][1]
		switch tg.Kind {
		case KindTrend:
			out[j] = (ind[a] - ind[b]) / float64(tg.Year-tg.FromYear)
		case KindRatio:
			out[j] = ind[a] / ind[b] // NaN or Inf if the denominator is 0: as bad as can be
		default:
			out[j] = ind[a]
		}
	}
	return out
}

// WriteFit writes the result of a calibration as CSV, one row per
// parameter, per target and for the objective:
//
//	kind,name,year,min,max,start,target,weight,value,residual,relative_residual
//
// A parameter's value is its fitted value; a target's value is the
// replicate mean of its metric at the fitted values; the objective's value
// is the objective there. Cells that do not apply are empty.
func WriteFit(w io.Writer, c *Calibration, fit *Fit) error {
	cw := csv.NewWriter(w)
	f := output.FormatFloat
	rows := [][]string{{"kind", "name", "year", "min", "max", "start", "target", "weight", "value", "residual", "relative_residual"}}
	for i, b := range c.Parameters {
		rows = append(rows, []string{"parameter", b.Key, "", f(b.Min), f(b.Max), f(b.Start), "", "", f(fit.Values[i]), "", ""})
	}
	for j, tg := range c.Targets {
		rows = append(rows, []string{"target", tg.Metric, strconv.Itoa(tg.Year), "", "", "", f(tg.Value), f(tg.Weight),
			f(fit.Means[j]), f(fit.Residuals[j]), f(fit.Relative[j])})
	}
	rows = append(rows, []string{"objective", "", "", "", "", "", "", "", f(fit.Objective), "", ""})
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WriteTrace writes every evaluation of a calibration as CSV: the
// evaluation number, the parameters' values and the objective.
func WriteTrace(w io.Writer, c *Calibration, fit *Fit) error {
	cw := csv.NewWriter(w)
	h := []string{"evaluation"}
	for _, b := range c.Parameters {
		h = append(h, b.Key)
	}
	if err := cw.Write(append(h, "objective")); err != nil {
		return err
	}
	for i, row := range fit.Trace {
		rec := []string{strconv.Itoa(i + 1)}
		for _, v := range row {
			rec = append(rec, output.FormatFloat(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
