package experiment

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/agents"
)

// Prior is the prior of a calibrated parameter: a shape truncated to the
// parameter's bounds [Bound.Min, Bound.Max]. Only the fields of its shape
// are used. The shapes and their names are those of the scenario files'
// priors (issue 14, item 1), so that a calibration file and a scenario
// describe a prior the same way; the zero Shape, agents.ShapeNone, is
// uniform on the bounds, as a [[parameter]] without a prior key.
type Prior struct {
	Shape  agents.Shape // one of agents.PriorShapes, or ShapeNone for uniform
	Mean   float64      // normal: mean, in the key's unit
	SD     float64      // normal: standard deviation, in the key's unit; > 0
	Median float64      // lognormal: median, in the key's unit; > 0
	SDLog  float64      // lognormal: standard deviation of the log; > 0
	Alpha  float64      // beta: first shape parameter; > 0
	Beta   float64      // beta: second shape parameter; > 0
	Mode   float64      // triangular: mode, in the key's unit; within [min, max]
}

// logDensity returns the log of the prior density of b's parameter at x,
// up to a constant (the truncation's), or -Inf outside [b.Min, b.Max].
// ABC's importance weights need the density only up to a constant.
func (b Bound) logDensity(x float64) float64 {
	if !(x >= b.Min && x <= b.Max) {
		return math.Inf(-1)
	}
	p := b.Prior
	switch p.Shape {
	case agents.ShapeNormal:
		z := (x - p.Mean) / p.SD
		return -z * z / 2
	case agents.ShapeLognormal:
		if x <= 0 {
			return math.Inf(-1)
		}
		z := (math.Log(x) - math.Log(p.Median)) / p.SDLog
		return -z*z/2 - math.Log(x)
	case agents.ShapeBeta:
		u := (x - b.Min) / (b.Max - b.Min)
		return distuv.Beta{Alpha: p.Alpha, Beta: p.Beta}.LogProb(u)
	case agents.ShapeTriangular:
		return distuv.NewTriangle(b.Min, b.Max, p.Mode, nil).LogProb(x)
	}
	return 0 // uniform
}

// maxPriorTries bounds the rejection sampling of a truncated prior; a prior
// whose mass within the bounds is so small that this many draws find
// nothing is rejected by validation (see checkPriorMass).
const maxPriorTries = 100_000

// sample draws a value of b's parameter from its prior, with rng. Normal
// and lognormal priors are truncated by rejection; beta and triangular are
// drawn by their quantile functions.
func (b Bound) sample(rng *rand.Rand) (float64, bool) {
	p := b.Prior
	switch p.Shape {
	case agents.ShapeBeta:
		u := distuv.Beta{Alpha: p.Alpha, Beta: p.Beta}.Quantile(rng.Float64())
		return b.Min + u*(b.Max-b.Min), true
	case agents.ShapeTriangular:
		return distuv.NewTriangle(b.Min, b.Max, p.Mode, nil).Quantile(rng.Float64()), true
	case agents.ShapeNormal, agents.ShapeLognormal:
		for range maxPriorTries {
			var x float64
			if p.Shape == agents.ShapeNormal {
				x = p.Mean + p.SD*rng.NormFloat64()
			} else {
				x = p.Median * math.Exp(p.SDLog*rng.NormFloat64())
			}
			if x >= b.Min && x <= b.Max {
				return x, true
			}
		}
		return math.NaN(), false
	}
	return b.Min + rng.Float64()*(b.Max-b.Min), true
}

// priorMass returns the probability that b's untruncated prior puts within
// [b.Min, b.Max]; validation rejects a prior with almost none there.
func (b Bound) priorMass() float64 {
	p := b.Prior
	switch p.Shape {
	case agents.ShapeNormal:
		n := distuv.Normal{Mu: p.Mean, Sigma: p.SD}
		return n.CDF(b.Max) - n.CDF(b.Min)
	case agents.ShapeLognormal:
		l := distuv.LogNormal{Mu: math.Log(p.Median), Sigma: p.SDLog}
		return l.CDF(b.Max) - l.CDF(max(b.Min, 0))
	}
	return 1
}
