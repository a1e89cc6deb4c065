package main

import (
	"errors"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"os"
	"runtime"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/scenarios/strict"
)

// validateCmd is 'brainsim validate': it checks scenario, experiment and
// calibration files (or shipped ones, by name) and prints every problem of
// every file. A scenario or sweep too large for the memory limit
// (checkResources) is invalid; the lines of the valid scenarios are as
// they were before the check existed.
func validateCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("validate FILE... [--max-memory SIZE]", "check scenario, experiment and calibration files")
	cmd.ValidArgsFunction = completeNames(scenarios.Presets)
	fs := cmd.Flags()
	var mem memoryLimit
	mem.register(fs)
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		if len(pos) == 0 {
			printUsage(cmd, stderr)
			return usagef("validate takes at least one scenario, experiment or calibration file")
		}
		var all scenarios.Problems
		var other []error
		for _, path := range pos {
			ok, err := validateOne(path, &mem)
			var probs scenarios.Problems
			switch {
			case err == nil:
				fmt.Fprintf(stdout, "ok  %s (%s)\n", path, ok)
			case errors.As(err, &probs):
				all = append(all, probs...)
			default:
				other = append(other, err)
			}
		}
		// Report every problem of every file, unreadable files included.
		if len(all) > 0 {
			other = append([]error{all}, other...)
		}
		return errors.Join(other...)
	}
	return cmd
}

// File kinds validate tells apart.
const (
	scenarioFile    = "scenario"
	experimentFile  = "experiment"
	calibrationFile = "calibration"
)

// validateOne loads the file or shipped name path as whatever kind of file
// it is and returns what it holds, for the "ok" line, or its problems.
func validateOne(path string, mem *memoryLimit) (string, error) {
	switch kindOf(path) {
	case experimentFile:
		e, err := experiment.Open(path)
		if err != nil {
			return "", asInput(err)
		}
		if err := checkResources(path, sweepNeed(e, workerCount(0)), mem); err != nil {
			return "", err
		}
		p := e.Plan()
		return fmt.Sprintf("experiment %s: %s design, %s x %s = %s of %s", e.Name, e.Design,
			plural(len(p.Points), "point"), plural(p.Replicates, "replicate"), plural(p.Runs(), "run"), e.ScenarioPath), nil
	case calibrationFile:
		c, err := experiment.OpenCalibration(path)
		if err != nil {
			return "", asInput(err)
		}
		return fmt.Sprintf("calibration %s: %s, %s, up to %s of %s of %s", c.Name,
			plural(len(c.Parameters), "parameter"), plural(len(c.Targets), "target"),
			plural(c.MaxEvaluations, "evaluation"), plural(c.Replicates, "replicate"), c.ScenarioPath), nil
	}
	sc, err := loadScenario(path)
	if err != nil {
		return "", err
	}
	// A run on one goroutine per CPU, as run's default.
	if err := checkResources(path, scenarioNeed(sc, 0), mem); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %s, %s, %s", sc.Name,
		plural(len(sc.Sectors), "sector"), plural(len(sc.Destinations), "destination"), plural(sc.Years, "year")), nil
}

// kindOf tells what the file or shipped name path holds: an experiment or
// calibration file has a top-level scenario key (its base scenario), a
// calibration file targets too. Anything else, including a file that
// cannot be read or parsed and a pipe (which can be read only once), is
// taken for a scenario, whose loader then reports what is wrong.
func kindOf(path string) string {
	var data []byte
	switch {
	case scenarios.IsShippedName(path, scenarios.Shipped()):
		return scenarioFile
	case scenarios.IsShippedName(path, scenarios.ShippedExperiments()):
		data, _ = scenarios.ShippedExperimentFile(path)
	default:
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() || st.Size() > strict.MaxFileBytes {
			return scenarioFile
		}
		if data, err = os.ReadFile(path); err != nil {
			return scenarioFile
		}
	}
	var top map[string]any
	if _, err := toml.Decode(string(data), &top); err != nil {
		return scenarioFile
	}
	if _, ok := top["scenario"]; !ok {
		return scenarioFile
	}
	if _, ok := top["target"]; ok {
		return calibrationFile
	}
	return experimentFile
}

// versionCmd is 'brainsim version' and 'brainsim --version': the module
// version and VCS revision the Go toolchain recorded in the binary
// (output.BuildInfo), "unknown" where it recorded none, and the Go version.
// It runs no command: the build, not the directory brainsim runs in, says
// which code this is.
func versionCmd(w io.Writer) error {
	_, err := fmt.Fprintln(w, versionLine())
	return err
}

// versionLine is the line versionCmd prints, without its newline.
func versionLine() string {
	v, rev, mod := output.BuildInfo()
	dirty := ""
	if mod {
		dirty = " (modified)"
	}
	return fmt.Sprintf("brainsim %s, revision %s%s, %s", v, rev, dirty, runtime.Version())
}

// plural returns "1 sector" or "3 sectors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
