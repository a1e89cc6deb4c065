package main

import (
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/scenarios"
)

// scenariosCmd is 'brainsim scenarios list|show NAME': the scenarios the
// binary carries, which run, compare and validate take by name.
func scenariosCmd(stdout, stderr io.Writer) *cobra.Command {
	return shippedCmd("scenarios", "scenario", "list the shipped scenarios, or print one", stdout, stderr,
		scenarios.Presets, scenarios.ShippedFile, nil)
}

// experimentsCmd is 'brainsim experiments list|show NAME': the experiment
// and calibration files the binary carries, which sweep and calibrate take
// by name.
func experimentsCmd(stdout, stderr io.Writer) *cobra.Command {
	return shippedCmd("experiments", "experiment or calibration", "list the shipped experiment and calibration files, or print one", stdout, stderr,
		scenarios.ShippedExperiments, scenarios.ShippedExperimentFile, relativeNote)
}

// relativeNote tells, for a shipped experiment or calibration file, how a
// copy elsewhere finds its base scenario: the file names it relative to
// itself ("../baseline.toml"), and a copy can name it "baseline" instead.
func relativeNote(data []byte) string {
	var top struct {
		Scenario string `toml:"scenario"`
	}
	if _, err := toml.Decode(string(data), &top); err != nil {
		return ""
	}
	name, ok := strings.CutPrefix(top.Scenario, "../")
	if !ok {
		return ""
	}
	name = strings.TrimSuffix(name, ".toml")
	return fmt.Sprintf("note: scenario = %q is relative to the shipped file; in a copy elsewhere, write scenario = %q for the shipped scenario, or the path of a copy of it", top.Scenario, name)
}

// shippedCmd lists the shipped files names returns, each with the first
// line of its description, or prints the text of one of them (read by
// file) to stdout, to redirect into a file and edit, and what note says
// of it, if anything, to stderr.
func shippedCmd(name, what, short string, stdout, stderr io.Writer,
	names func() []string, file func(string) ([]byte, error), note func([]byte) string) *cobra.Command {
	c := newCommand(name+" list|show NAME", short)
	c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		switch {
		case len(args) == 0:
			return []cobra.Completion{"list", "show"}, cobra.ShellCompDirectiveNoFileComp
		case len(args) == 1 && args[0] == "show":
			return names(), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	c.RunE = func(c *cobra.Command, pos []string) error {
		return shipped(c, name, what, pos, stdout, stderr, names, file, note)
	}
	return c
}

// shipped is the work of the command shippedCmd returns, on its arguments pos.
func shipped(c *cobra.Command, cmd, what string, pos []string, stdout, stderr io.Writer,
	names func() []string, file func(string) ([]byte, error), note func([]byte) string) error {
	if len(pos) == 0 {
		printUsage(c, stderr)
		return usagef("%s takes list or show NAME", cmd)
	}
	switch pos[0] {
	case "list":
		if len(pos) != 1 {
			return usagef("%s list takes no arguments", cmd)
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, n := range names() {
			data, err := file(n)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%s\t%s\n", n, scenarios.Description(data))
		}
		return tw.Flush()
	case "show":
		if len(pos) != 2 {
			return usagef("%s show takes one %s name, got %d arguments", cmd, what, len(pos)-1)
		}
		data, err := file(pos[1])
		if err != nil {
			return &inputError{err}
		}
		if _, err := stdout.Write(data); err != nil {
			return err
		}
		if note != nil {
			if n := note(data); n != "" {
				fmt.Fprintf(stderr, "brainsim: %s\n", n)
			}
		}
		return nil
	}
	return usagef("%s %s: want list or show NAME", cmd, pos[0])
}
