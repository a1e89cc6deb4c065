package experiment

import (
	"fmt"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
)

// PointScenarios returns the scenario of every point of the plan, in
// order, so that a caller can check each before running any (which engine
// simulates them: brainsim sweep's default engine).
func (e *Experiment) PointScenarios() ([]*model.Scenario, error) {
	out := make([]*model.Scenario, len(e.plan.Points))
	for i := range out {
		sc, err := e.PointScenario(i)
		if err != nil {
			return nil, err
		}
		out[i] = sc
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
