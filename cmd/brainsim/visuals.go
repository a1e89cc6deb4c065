package main

import (
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/charts"
	"github.com/brainsim/brainsim/results"
)

// writeVisuals writes the charts and the report of a run into dir and
// returns the names of the files written, relative to dir.
func writeVisuals(dir string, sc *model.Scenario, sum *results.Summary, m *output.Manifest) ([]string, error) {
	return charts.WriteRun(dir, sc, sum, m, runCommand(m))
}

// runCommand returns a command line that repeats the run m records.
func runCommand(m *output.Manifest) string {
	if m == nil || m.Scenario == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("brainsim run " + shellQuote(m.Scenario))
	for _, o := range m.Overrides {
		b.WriteString(" --set " + shellQuote(o))
	}
	if m.Draws > 0 {
		// Without it the line would repeat one draw's worth of runs at the
		// priors' medians.
		b.WriteString(" --draws " + strconv.Itoa(m.Draws))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
