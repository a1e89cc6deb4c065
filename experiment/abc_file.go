package experiment

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
)

// TargetKind says what statistic of the runs a calibration target is
// compared with. The zero value, KindLevel, is what a target without a kind
// key means, so that older calibration files keep their meaning.
type TargetKind uint8

const (
	KindLevel TargetKind = iota // the metric after its year ("level", or left out)
	KindTrend                   // (metric at year - metric at from_year) / (year - from_year), per year ("trend")
	KindRatio                   // metric / denominator, both at year ("ratio")
)

var targetKindNames = [...]string{"level", "trend", "ratio"}

// String returns the name files use, e.g. "trend".
func (k TargetKind) String() string {
	if int(k) < len(targetKindNames) {
		return targetKindNames[k]
	}
	return "TargetKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText returns the name files use.
func (k TargetKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name; "" is KindLevel, as a key left out.
func (k *TargetKind) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*k = KindLevel
		return nil
	}
	for i, n := range targetKindNames {
		if n == string(text) {
			*k = TargetKind(i)
			return nil
		}
	}
	return errors.New(`must be "level", "trend" or "ratio"`)
}

// ABCSettings are the top-level keys of a calibration file that tune
// 'calibrate --method abc'.
type ABCSettings struct {
	// Particles is the number of particles of every generation; in
	// [10, 100000]; default DefaultParticles.
	Particles int
	// Generations bounds the generations, the first (from the prior)
	// included; in [1, 100]; default DefaultGenerations.
	Generations int
	// Quantile is the quantile of the last generation's distances that
	// becomes the next tolerance (Drovandi and Pettitt 2011's adaptive
	// schedule, with their alpha = 1 - Quantile); in (0, 1); default
	// DefaultQuantile.
	Quantile float64
	// MinAcceptance stops the sequence after a generation whose share of
	// simulations accepted fell below it: the tolerance has reached what
	// the model's noise allows. In (0, 1); default DefaultMinAcceptance.
	MinAcceptance float64
	// Epsilon stops the sequence once the tolerance is at or below it; 0,
	// the default, stops only by Generations and MinAcceptance. In the
	// distance's unit: a sum of squared standardized errors, so that a
	// value of the number of targets accepts runs about one standard
	// deviation from every target.
	Epsilon float64
}

// Defaults of ABC. The halving schedule (quantile 0.5) is Beaumont et al.
// (2009) and Drovandi and Pettitt (2011)'s usual choice; the particle and
// generation counts are assumed, sized so that a calibration of two
// parameters takes minutes on a laptop with small scenarios.
const (
	DefaultParticles     = 100
	DefaultGenerations   = 8
	DefaultQuantile      = 0.5
	DefaultMinAcceptance = 0.02
)

// DefaultABC returns the settings of a calibration file with no ABC keys.
func DefaultABC() ABCSettings {
	return ABCSettings{Particles: DefaultParticles, Generations: DefaultGenerations, Quantile: DefaultQuantile, MinAcceptance: DefaultMinAcceptance}
}

// readABCSettings reads the ABC keys of a calibration file's top level.
func readABCSettings(f *fileReader, top *table, c *Calibration) {
	if n, ok := top.integer("particles"); ok {
		if n < 10 || n > 100_000 {
			f.add("particles", strconv.FormatInt(n, 10), "must be within [10, 100000]")
		}
		c.ABC.Particles = int(n)
	}
	if n, ok := top.integer("generations"); ok {
		if n < 1 || n > 100 {
			f.add("generations", strconv.FormatInt(n, 10), "must be within [1, 100]")
		}
		c.ABC.Generations = int(n)
	}
	if x, ok := top.num("quantile"); ok {
		if !(x > 0 && x < 1) {
			f.add("quantile", output.FormatFloat(x), "must be within (0, 1): the quantile of the distances that becomes the next tolerance")
		}
		c.ABC.Quantile = x
	}
	if x, ok := top.num("min_acceptance"); ok {
		if !(x > 0 && x < 1) {
			f.add("min_acceptance", output.FormatFloat(x), "must be within (0, 1): the share of simulations accepted below which ABC stops")
		}
		c.ABC.MinAcceptance = x
	}
	if x, ok := top.num("epsilon"); ok {
		if !(x >= 0) || math.IsInf(x, 0) {
			f.add("epsilon", output.FormatFloat(x), "must be a finite number >= 0: the tolerance at which ABC stops, 0 for none")
		}
		c.ABC.Epsilon = x
	}
}

// readPrior reads the prior keys of a [[parameter]] table into b, whose
// bounds are valid; with f nil it only marks the keys used.
func readPrior(f *fileReader, t *table, b *Bound) {
	name, hasShape := t.str("prior")
	mean, hasMean := t.num("mean")
	sd, hasSD := t.num("sd")
	median, hasMedian := t.num("median")
	sdlog, hasSDLog := t.num("sdlog")
	alpha, hasAlpha := t.num("alpha")
	beta, hasBeta := t.num("beta")
	mode, hasMode := t.num("mode")
	t.str("source") // where the prior comes from: documentation only
	if f == nil {
		return
	}
	at := t.path
	p := &b.Prior
	problems := f.list.Len()
	b.PriorSource = "default"
	p.Shape = agents.ShapeUniform
	if hasShape {
		b.PriorSource = "calibration"
		var err error
		if p.Shape, err = agents.ParseShape(name, agents.PriorShapes[:]...); err != nil {
			f.add(at+".prior", strconv.Quote(name), err.Error())
			return
		}
	}
	need := func(key string, has bool, x float64, positive bool) {
		switch {
		case !has:
			f.add(at+"."+key, "", fmt.Sprintf("missing: a %s prior needs %s", p.Shape, key))
		case !finite(x):
			f.add(at+"."+key, output.FormatFloat(x), "must be a finite number")
		case positive && !(x > 0):
			f.add(at+"."+key, output.FormatFloat(x), "must be > 0")
		}
	}
	unused := func(keys ...string) {
		for _, k := range keys {
			if t.has(k) {
				f.add(at+"."+k, "", fmt.Sprintf("does not apply to a %s prior", p.Shape))
			}
		}
	}
	switch p.Shape {
	case agents.ShapeUniform:
		unused("mean", "sd", "median", "sdlog", "alpha", "beta", "mode")
	case agents.ShapeNormal:
		need("mean", hasMean, mean, false)
		need("sd", hasSD, sd, true)
		unused("median", "sdlog", "alpha", "beta", "mode")
		p.Mean, p.SD = mean, sd
	case agents.ShapeLognormal:
		need("median", hasMedian, median, true)
		need("sdlog", hasSDLog, sdlog, true)
		unused("mean", "sd", "alpha", "beta", "mode")
		p.Median, p.SDLog = median, sdlog
	case agents.ShapeBeta:
		need("alpha", hasAlpha, alpha, true)
		need("beta", hasBeta, beta, true)
		unused("mean", "sd", "median", "sdlog", "mode")
		p.Alpha, p.Beta = alpha, beta
	case agents.ShapeTriangular:
		need("mode", hasMode, mode, false)
		unused("mean", "sd", "median", "sdlog", "alpha", "beta")
		if hasMode && !(mode >= b.Min && mode <= b.Max) {
			f.add(at+".mode", output.FormatFloat(mode), fmt.Sprintf("must be within [min, max] = [%s, %s]", output.FormatFloat(b.Min), output.FormatFloat(b.Max)))
		}
		p.Mode = mode
	}
	// A truncated prior with almost no mass within the bounds cannot be
	// sampled by rejection, and is surely a mistake.
	if m := b.priorMass(); !(m >= minPriorMass) && f.list.Len() == problems {
		f.add(at+".prior", strconv.Quote(p.Shape.String()), fmt.Sprintf("puts %.2g of its mass within [min, max]; it needs at least %g", m, minPriorMass))
	}
}

// adoptScenarioPrior gives b, whose [[parameter]] table (at) names no
// prior, the prior its scenario file gives the key, if any, so that a
// calibration estimates what the scenario says is uncertain with the
// scenario's own prior. A normal or lognormal prior is truncated to the
// calibration's [min, max]; a beta or triangular prior, whose support is
// its [min, max], needs the same bounds; a uniform prior's bounds are the
// calibration's.
func adoptScenarioPrior(f *fileReader, at string, b *Bound, priors []model.Prior) {
	if b.PriorSource != "default" {
		return
	}
	for _, sp := range priors {
		if sp.Path != b.Key {
			continue
		}
		p := Prior{Shape: sp.Shape, Mean: sp.Mean, SD: sp.SD, Median: sp.Median, SDLog: sp.SDLog, Alpha: sp.Alpha, Beta: sp.Beta, Mode: sp.Mode}
		if (p.Shape == agents.ShapeBeta || p.Shape == agents.ShapeTriangular) && (sp.Min != b.Min || sp.Max != b.Max) {
			f.add(at+".min", output.FormatFloat(b.Min), fmt.Sprintf("the scenario gives %s a %s prior on [%s, %s]: use those bounds, or give the parameter a prior",
				b.Key, p.Shape, output.FormatFloat(sp.Min), output.FormatFloat(sp.Max)))
			return
		}
		b.Prior, b.PriorSource = p, "scenario"
		if m := b.priorMass(); !(m >= minPriorMass) {
			f.add(at+".min", output.FormatFloat(b.Min), fmt.Sprintf("the scenario's %s prior of %s puts %.2g of its mass within [min, max]; it needs at least %g", p.Shape, b.Key, m, minPriorMass))
		}
		return
	}
}

// minPriorMass is the least share of a normal or lognormal prior's mass
// that must lie within the parameter's bounds: 1/1000 keeps the rejection
// sampler's expected tries at most 1,000, well within maxPriorTries.
const minPriorMass = 1e-3

// readTargetExtras reads a [[target]]'s kind, from_year, denominator and sd
// into tg, whose year is year.
func readTargetExtras(f *fileReader, t *table, tg *Target, year int64) {
	at := t.path
	if s, ok := t.str("kind"); ok {
		if err := tg.Kind.UnmarshalText([]byte(s)); err != nil {
			f.add(at+".kind", strconv.Quote(s), err.Error())
		}
	}
	from, hasFrom := t.integer("from_year")
	den, hasDen := t.str("denominator")
	switch {
	case tg.Kind == KindTrend && !hasFrom && !t.has("from_year"):
		f.add(at+".from_year", "", "missing: a trend needs from_year, the years after the start where it starts")
	case tg.Kind == KindTrend && hasFrom && (from < 1 || from >= year):
		f.add(at+".from_year", strconv.FormatInt(from, 10), fmt.Sprintf("must be within [1, year) = [1, %d)", year))
	case tg.Kind != KindTrend && t.has("from_year"):
		f.add(at+".from_year", "", "applies only to kind = \"trend\"")
	}
	switch {
	case tg.Kind == KindRatio && !hasDen && !t.has("denominator"):
		f.add(at+".denominator", "", "missing: a ratio needs denominator, the metric it divides by")
	case tg.Kind != KindRatio && t.has("denominator"):
		f.add(at+".denominator", "", "applies only to kind = \"ratio\"")
	}
	tg.FromYear, tg.Denominator = int(from), den
	if sd, ok := t.num("sd"); ok {
		if !(sd > 0) || math.IsInf(sd, 0) {
			f.add(at+".sd", output.FormatFloat(sd), "must be a finite number > 0: the standard deviation of the observed value")
		}
		tg.SD = sd
	}
}

// addIndicators appends the indicators target tg reads to c.inds, and their
// indices to c.tIdx.
func (c *Calibration) addIndicators(tg Target, sc *model.Scenario) {
	spy := sc.StepsPerYear
	idx := [2]int{len(c.inds), -1}
	c.inds = append(c.inds, newIndicator(tg.Metric, tg.Year*spy, sc))
	switch tg.Kind {
	case KindTrend:
		idx[1] = len(c.inds)
		c.inds = append(c.inds, newIndicator(tg.Metric, max(tg.FromYear, 1)*spy, sc))
	case KindRatio:
		idx[1] = len(c.inds)
		c.inds = append(c.inds, newIndicator(tg.Denominator, tg.Year*spy, sc))
	}
	c.tIdx = append(c.tIdx, idx)
}

// Method is how 'brainsim calibrate' estimates a calibration's parameters.
// The zero value, MethodNelderMead, is the point estimate calibrate always
// made, so that a command line without --method keeps its meaning.
type Method uint8

const (
	MethodNelderMead Method = iota // point estimate by Nelder-Mead, Fit ("nelder-mead", or left out)
	MethodABC                      // posterior by ABC-SMC, CalibrateABC ("abc")
)

var methodNames = [...]string{"nelder-mead", "abc"}

// String returns the name the command line uses, e.g. "abc".
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return "Method(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText returns the name the command line uses.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads a name; "" is MethodNelderMead.
func (m *Method) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*m = MethodNelderMead
		return nil
	}
	for i, n := range methodNames {
		if n == string(text) {
			*m = Method(i)
			return nil
		}
	}
	return errors.New(`must be "nelder-mead" or "abc"`)
}
