package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"brainsim/output"
	"brainsim/scenarios"
)

// validateCmd is 'brainsim validate'. A scenario too large for the memory
// limit (checkResources) is invalid; the lines of the valid ones are as
// they were before the check existed.
func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate FILE... [--max-memory SIZE]", stderr)
	var mem memoryLimit
	mem.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usagef("validate takes at least one scenario file")
	}
	var all scenarios.Problems
	var other []error
	for _, path := range pos {
		sc, err := loadScenario(path)
		var probs scenarios.Problems
		switch {
		case err == nil:
			// A run on one goroutine per CPU, as run's default.
			if err := checkResources(path, scenarioNeed(sc, 0), &mem); err != nil {
				other = append(other, err)
				continue
			}
			fmt.Fprintf(stdout, "ok  %s (%s: %s, %s, %s)\n", path, sc.Name,
				plural(len(sc.Sectors), "sector"), plural(len(sc.Destinations), "destination"), plural(sc.Years, "year"))
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

// versionCmd is 'brainsim version' and 'brainsim --version': the module
// version and VCS revision the Go toolchain recorded in the binary
// (output.BuildInfo), "unknown" where it recorded none, and the Go version.
// It runs no command: the build, not the directory brainsim runs in, says
// which code this is.
func versionCmd(w io.Writer) error {
	v, rev, mod := output.BuildInfo()
	dirty := ""
	if mod {
		dirty = " (modified)"
	}
	_, err := fmt.Fprintf(w, "brainsim %s, revision %s%s, %s\n", v, rev, dirty, runtime.Version())
	return err
}

// plural returns "1 sector" or "3 sectors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
