package experiment

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
)

// RangeScenarios returns the scenarios a caller checks before running the
// sweep (which engine simulates them: brainsim sweep's default engine): the
// base scenario with the sweep's overrides, then, for each parameter, the
// base with that parameter at each of its grid values, or at the low and
// the high end of its range. A part the event engine refuses past a
// threshold of one key (a top-up's months at 0) shows at one of them;
// building every point instead took 15 ms a point (minutes for a Sobol
// study of 10,000).
func (e *Experiment) RangeScenarios() ([]*model.Scenario, error) {
	parse := func(extra ...string) (*model.Scenario, error) {
		o := append(append(slices.Clone(e.Set), "seed="+strconv.FormatUint(e.Seed, 10)), extra...)
		sc, err := scenarios.ParseRun(e.ScenarioPath, e.base, o...)
		if err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
		return sc, nil
	}
	base, err := parse()
	if err != nil {
		return nil, err
	}
	out := []*model.Scenario{base}
	for _, par := range e.Parameters {
		vals := par.Values
		if len(vals) == 0 {
			in := (par.Max - par.Min) * rangeInside // just inside, as RangeScenarios of a calibration
			vals = []float64{par.value(par.Min + in), par.value(par.Max - in)}
		}
		for _, v := range vals {
			sc, err := parse(par.Key + "=" + output.FormatFloat(v))
			if err != nil {
				return nil, err
			}
			out = append(out, sc)
		}
	}
	return out, nil
}

// RangeScenarios returns the base scenario of the calibration with its
// overrides, then, for each parameter, the scenario with that parameter at
// the low and at the high end of its range (rangeInside within) and the others at their start:
// the scenarios whose parts a caller checks before fitting (which engine
// simulates them: brainsim calibrate's default engine). A part the event
// engine refuses past a threshold of one key (a delay, a service owed
// above zero) shows at an end of that key's range.
func (c *Calibration) RangeScenarios() ([]*model.Scenario, error) {
	parse := func(extra ...string) (*model.Scenario, error) {
		o := append(append([]string{}, c.Set...), extra...)
		sc, err := scenarios.ParseRun(c.ScenarioPath, c.base, o...)
		if err != nil {
			return nil, fmt.Errorf("sweep: calibrate: %w", err)
		}
		return sc, nil
	}
	var start []string
	for _, b := range c.Parameters {
		start = append(start, b.Key+"="+output.FormatFloat(b.Start))
	}
	base, err := parse(start...)
	if err != nil {
		return nil, err
	}
	out := []*model.Scenario{base}
	for i, b := range c.Parameters {
		// Just inside the ends, which the range excludes (and the
		// scenario may refuse: a rate of 0).
		in := (b.Max - b.Min) * rangeInside
		for _, v := range []float64{b.Min + in, b.Max - in} {
			o := append([]string{}, start...)
			o[i] = b.Key + "=" + output.FormatFloat(v)
			sc, err := parse(o...)
			if err != nil {
				return nil, err
			}
			out = append(out, sc)
		}
	}
	return out, nil
}

// rangeInside is how far inside the ends of a parameter's range, as a share
// of the range, RangeScenarios puts the parameter.
const rangeInside = 1e-9
