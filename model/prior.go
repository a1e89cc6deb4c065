package model

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/agents"
)

// TailQuantile is how far into each tail a draw may go: quantiles are taken
// at u clamped to [TailQuantile, 1-TailQuantile], so that an unbounded prior
// (a normal without min or max) still has extreme values that validation can
// check. 1e-6 is assumed: beyond any Latin hypercube of up to 10^5 draws.
const TailQuantile = 1e-6

// Prior is a distribution given in a scenario file instead of a key's value
// (docs/scenarios.md, "Priors"). A plain run uses its median; runs with
// --draws take values at quantiles of it. The fields a shape does not use
// are zero; Min and Max are -Inf and +Inf when a normal or lognormal is not
// truncated on that side.
type Prior struct {
	// Path is the key's path as --set takes it, e.g. "emigration.wage_gap"
	// or "sector.doctor.wage_home".
	Path   string
	Shape  agents.Shape // one of agents.PriorShapes
	Mean   float64      // normal: mean, in the key's unit
	SD     float64      // normal: standard deviation, in the key's unit
	Median float64      // lognormal: median, in the key's unit
	SDLog  float64      // lognormal: standard deviation of the log
	Alpha  float64      // beta: first shape parameter
	Beta   float64      // beta: second shape parameter
	Mode   float64      // triangular: mode, in the key's unit
	// Min and Max bound the support: its ends for uniform, beta and
	// triangular, the truncation for normal and lognormal.
	Min, Max float64
	// Source is where the distribution comes from, or "assumed".
	Source string
}

// Validate returns an error saying what is wrong with p's parameters, or nil.
func (p Prior) Validate() error {
	finite := func(name string, x float64) error {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s must be a finite number", name)
		}
		return nil
	}
	switch p.Shape {
	case agents.ShapeUniform, agents.ShapeTriangular:
		if err := errors.Join(finite("min", p.Min), finite("max", p.Max)); err != nil {
			return fmt.Errorf("a %s prior needs min and max: %w", p.Shape, err)
		}
	case agents.ShapeNormal:
		if err := errors.Join(finite("mean", p.Mean), finite("sd", p.SD)); err != nil {
			return err
		}
		if !(p.SD > 0) {
			return errors.New("sd must be > 0")
		}
	case agents.ShapeLognormal:
		if !(p.Median > 0) || math.IsInf(p.Median, 0) {
			return errors.New("median must be a finite number > 0")
		}
		if !(p.SDLog > 0) || math.IsInf(p.SDLog, 0) {
			return errors.New("sdlog must be a finite number > 0")
		}
		if p.Min < 0 {
			return errors.New("min must be >= 0: a lognormal is positive")
		}
	case agents.ShapeBeta:
		if !(p.Alpha > 0) || !(p.Beta > 0) || math.IsInf(p.Alpha, 0) || math.IsInf(p.Beta, 0) {
			return errors.New("alpha and beta must be finite numbers > 0")
		}
		if err := errors.Join(finite("min", p.Min), finite("max", p.Max)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown shape %s", p.Shape)
	}
	if math.IsNaN(p.Min) || math.IsNaN(p.Max) || !(p.Min < p.Max) {
		return fmt.Errorf("min (%g) must be < max (%g)", p.Min, p.Max)
	}
	if p.Shape == agents.ShapeTriangular && !(p.Mode >= p.Min && p.Mode <= p.Max) {
		return fmt.Errorf("mode (%g) must be within [min, max] = [%g, %g]", p.Mode, p.Min, p.Max)
	}
	if lo, hi := p.cdf(p.Min), p.cdf(p.Max); !(hi-lo > 0) {
		return fmt.Errorf("[min, max] = [%g, %g] holds no probability of the distribution", p.Min, p.Max)
	}
	return nil
}

// dist returns the untruncated distribution of a normal, lognormal or beta
// prior (beta on [0, 1]); nil for uniform and triangular.
func (p Prior) dist() interface {
	CDF(float64) float64
	Quantile(float64) float64
} {
	// Src is left nil: CDF and Quantile draw no random numbers.
	switch p.Shape {
	case agents.ShapeNormal:
		return distuv.Normal{Mu: p.Mean, Sigma: p.SD}
	case agents.ShapeLognormal:
		return distuv.LogNormal{Mu: math.Log(p.Median), Sigma: p.SDLog}
	case agents.ShapeBeta:
		return distuv.Beta{Alpha: p.Alpha, Beta: p.Beta}
	}
	return nil
}

// cdf is the untruncated distribution function at x, for normal and
// lognormal (the shapes that are truncated); 0 or 1 outside the support
// for the others.
func (p Prior) cdf(x float64) float64 {
	switch p.Shape {
	case agents.ShapeNormal, agents.ShapeLognormal:
		if p.Shape == agents.ShapeLognormal && x <= 0 {
			return 0
		}
		if math.IsInf(x, 0) {
			if x > 0 {
				return 1
			}
			return 0
		}
		return p.dist().CDF(x)
	}
	if x <= p.Min {
		return 0
	}
	return 1
}

// Quantile returns the value of the prior at probability u, with u clamped
// to [TailQuantile, 1-TailQuantile]. Normal and lognormal priors are
// truncated to [Min, Max] by inversion, F⁻¹(F(min) + u·(F(max) − F(min))).
// p must be valid (Validate).
func (p Prior) Quantile(u float64) float64 {
	u = min(max(u, TailQuantile), 1-TailQuantile)
	var x float64
	switch p.Shape {
	case agents.ShapeUniform:
		x = p.Min + u*(p.Max-p.Min)
	case agents.ShapeTriangular:
		w := p.Max - p.Min
		c := (p.Mode - p.Min) / w
		if u < c {
			x = p.Min + math.Sqrt(u*w*(p.Mode-p.Min))
		} else {
			x = p.Max - math.Sqrt((1-u)*w*(p.Max-p.Mode))
		}
	case agents.ShapeBeta:
		x = p.Min + p.dist().Quantile(u)*(p.Max-p.Min)
	case agents.ShapeNormal, agents.ShapeLognormal:
		lo, hi := p.cdf(p.Min), p.cdf(p.Max)
		x = p.dist().Quantile(lo + u*(hi-lo))
	default:
		return math.NaN()
	}
	// Rounding in the inversion must not step outside the bounds.
	return min(max(x, p.Min), p.Max)
}

// Central returns the median of the prior, the value a run without draws
// uses.
func (p Prior) Central() float64 { return p.Quantile(0.5) }

// Lowest and Highest return the extreme values a draw can take.
func (p Prior) Lowest() float64 { return p.Quantile(0) }

// Highest returns the largest value a draw can take.
func (p Prior) Highest() float64 { return p.Quantile(1) }
