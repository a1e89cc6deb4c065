package experiment

import (
	"errors"
	"path"
	"path/filepath"
	"strings"

	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/scenarios/strict"
)

// Open loads the experiment file that arg names, as the command line takes
// it: the file at path arg if there is one (a path always wins), else the
// shipped experiment of that name, such as "baseline_sweep" (see
// scenarios.ShippedExperiments).
func Open(arg string) (*Experiment, error) {
	if !scenarios.IsShippedName(arg, scenarios.ShippedExperiments()) {
		return Load(arg)
	}
	e, err := loadFrom(shippedPath(arg), shippedSource)
	if err != nil {
		return nil, err
	}
	e.Path, e.ScenarioPath = arg, shippedScenario(e.ScenarioPath)
	return e, nil
}

// OpenCalibration loads the calibration file that arg names, a path or the
// name of a shipped calibration file such as "calibrate", as Open does.
func OpenCalibration(arg string) (*Calibration, error) {
	if !scenarios.IsShippedName(arg, scenarios.ShippedExperiments()) {
		return LoadCalibration(arg)
	}
	c, err := loadCalibration(shippedPath(arg), shippedSource)
	if err != nil {
		return nil, err
	}
	c.Path, c.ScenarioPath = arg, shippedScenario(c.ScenarioPath)
	return c, nil
}

// shippedPath is the path shippedSource reads the shipped experiment or
// calibration file name at: inside scenarios.ExperimentsDir, so that its
// scenario key, "../baseline.toml", names a shipped scenario.
func shippedPath(name string) string {
	return scenarios.ExperimentsDir + "/" + name + ".toml"
}

// shippedScenario returns the name of the shipped scenario at p, such as
// "baseline" for "baseline.toml", which the command line loads by name
// ("brainsim run baseline"), or p if it is in a folder.
func shippedScenario(p string) string {
	p = filepath.ToSlash(p)
	if strings.Contains(p, "/") {
		return p
	}
	return strings.TrimSuffix(p, ".toml")
}

// shippedSource reads the files the binary carries: a shipped experiment
// or calibration file under scenarios.ExperimentsDir, or a shipped
// scenario, named as NAME, NAME.toml or a path to it relative to
// scenarios.ExperimentsDir (../NAME.toml).
func shippedSource(p string) ([]byte, *strict.Problem) {
	clean := path.Clean(filepath.ToSlash(p))
	dir, file := path.Split(clean)
	name := strings.TrimSuffix(file, ".toml")
	var data []byte
	var err error
	switch dir {
	case scenarios.ExperimentsDir + "/":
		data, err = scenarios.ShippedExperimentFile(name)
	case "":
		data, err = scenarios.ShippedFile(name)
	default:
		err = errors.New("not a file the binary carries")
	}
	if err != nil {
		return nil, &strict.Problem{File: p, Msg: "no such shipped file: " + err.Error()}
	}
	return data, nil
}
