// Command brainsim runs agent-based simulations of skilled migration and
// brain circulation: students, workers at home, emigrants and returnees
// stepped through training, migration, remittance and return decisions under
// the policies of a TOML scenario.
//
// Usage:
//
//	brainsim run SCENARIO [--out DIR] [--format csv|parquet|both] [--trace N] [--snapshot YEARS] [--seed N] [--replicates R] [--workers W] [--set key.path=value]...
//	brainsim compare A B [C ...] --out DIR [--baseline A] [--set [NAME:]key.path=value]...
//	brainsim validate FILE...
//	brainsim sweep EXPERIMENT [--out DIR] [--workers W] [--shard i/N]
//	brainsim sweep --dry-run EXPERIMENT
//	brainsim sweep --slurm EXPERIMENT [--out DIR] [--tasks N] [--binary PATH]
//	brainsim merge --out DIR SHARD_FOLDER...
//	brainsim calibrate CALIBRATION [--out DIR] [--workers W]
//	brainsim calibrate CALIBRATION --method abc [--shard i/N | --merge | --slurm] [--out DIR]
//	brainsim validation [--out docs] [--replicates R] [--agents N]
//	brainsim bench [--agents N[,N...]] [--years Y[,Y...]] [--workers W]
//	brainsim serve [--addr 127.0.0.1:8080]
//	brainsim scenarios list|show NAME
//	brainsim experiments list|show NAME
//	brainsim version (or --version)
//
// For example,
//
//	brainsim run scenarios/baseline.toml --out out/baseline
//
// runs every replicate of the baseline scenario and writes to out/baseline:
// timeseries.csv (one row per replicate and step), timeseries_long.csv (the
// same values, one row per replicate, step and metric, with the sector,
// destination or policy of a breakdown in a column of its own),
// summary.csv (mean, sd and 95% interval across replicates per step and
// metric), columns.md (what each column means, with units) and manifest.json (what was run, by which build,
// how long it took). Every file is written into a staging folder and moved
// into place at the end (see below), so an interrupted run never leaves a
// half-written file. It also writes
// plots/ (PNG and SVG charts of the replicate means with 95% bands) and
// report.html, one self-contained page to open from disk or send by mail.
//
// Flags of run, which may come before or after the scenario file:
//
// --out DIR sets the output folder (default out/NAME, NAME being the
// scenario's name). --seed N and --replicates R override the scenario's
// values. --workers W sets the number of goroutines (default: the number of
// CPUs); results are the same bytes for every W. --set key.path=value
// overrides any scenario key, e.g. --set emigration.base_rate=0.3 or --set
// sector.nurse.seats_per_year=5000 (array elements by name or [index]); it
// may be repeated. --progress auto|always|never sets the progress display
// on stderr: auto (the default) draws it only when stderr is a terminal;
// --quiet is --progress never. run, compare, sweep and calibrate take
// both. --force writes
// into a folder holding files brainsim did not write, keeping them.
// --max-memory SIZE sets the memory limit (see below). --format parquet
// (or both) also writes timeseries.parquet, timeseries_long.parquet and
// summary.parquet, the three tables typed, with each metric's unit in the
// file's metadata; the CSV tables are always written (--format csv, the
// default). docs/analysis.md shows how to load each file.
//
// compare runs several scenarios with common random numbers (the same seeds,
// replicate by replicate) and writes overlays, differences to the baseline
// with their intervals, the headline indicators at years 5, 10 and 20 with
// the cost per additional skilled worker at home, and a report.
// Its --set key.path=value applies to every scenario; --set
// NAME:key.path=value only to the scenario whose name (its name key, not
// its file) is NAME, e.g. --set nurse_topup:policy[0].top_up=0.5. It
// warns, on stderr and without changing the exit status, when a
// scenario's sectors or destinations differ from the baseline's, or when
// a policy's window lies wholly outside the run.
//
// sweep runs an experiment file (a grid, a Latin hypercube or a Saltelli
// design over scenario keys) across the cores, resumably, as tidy CSV;
// --shard and merge split it over machines and --slurm writes job-array
// scripts. calibrate fits scenario keys to target indicators. sweep (and
// each shard), merge and calibrate end by writing manifest.json: the
// command, the experiment or calibration file and its SHA-256, the build's
// version and revision, the Go version, the start, the wall time and the
// files written. bench measures
// the engine's speed on the reference scenario. serve starts the classroom
// page on the loopback address.
//
// A scenario, experiment or calibration is a file, or the name of one the
// binary carries: brainsim run ghana runs the shipped ghana scenario, unless
// a file named ghana is in the current folder (a path always wins).
// scenarios list prints each shipped scenario with the first line of its
// description, and scenarios show NAME prints its file, to redirect into a
// file and edit (brainsim scenarios show ghana > mine.toml); experiments
// list and experiments show NAME do the same for the shipped experiment and
// calibration files, which sweep and calibrate take by name.
//
// validate checks each scenario, experiment or calibration file (told
// apart by their keys: an experiment or calibration file names its base
// scenario, and a calibration file has targets) and prints every problem of
// every file, with its file, line and key. sweep --dry-run prints the plan
// of a sweep (design, points, replicates, runs, each parameter's values or
// range, indicators, estimated memory) and runs nothing. version (or --version) prints the module version, the VCS revision
// (with "(modified)" for a work tree with uncommitted changes) and the Go
// version that go build recorded in the binary, "unknown" where it recorded
// none (go run, go test, -buildvcs=false); no git command is run. Each
// command's --help (or brainsim help COMMAND) lists its flags, on stdout;
// a mistyped command or flag is reported once, with the closest name.
// Flags take two dashes (--out); the single dash of earlier versions
// (-out) is still accepted. completion bash|zsh|fish prints a script of
// shell completion for commands, flags and shipped names, e.g.
// source <(brainsim completion bash).
//
// run, compare, validate and sweep estimate the memory a run needs
// (sim.Estimate) before anything runs and refuse one above the limit: 75%
// of the machine's memory (8 GiB where it cannot be read), or the size
// --max-memory gives (16GB, 500MB, 1.5GiB; 0 means no limit). The message
// gives the estimate and the scenario keys that change it.
//
// run and compare write into a staging folder inside the output folder and
// move the files into place when everything is written, manifest.json
// last: a folder with a manifest is complete, and the files the previous
// manifest lists that the new run does not write are removed. They refuse
// a folder holding files that brainsim did not write unless --force is
// given (those files are kept). Without --out, the scenario's name is made
// a safe folder name under out/.
//
// SIGINT or SIGTERM stops a command, discards what it had not finished
// writing, prints "interrupted" and exits with status 130; a second signal
// exits at once. An interrupted sweep keeps its finished runs and resumes.
//
// Exit status: 0 on success, 2 on bad usage or an invalid or unreadable
// input (or one too large for the memory limit, or an output folder with
// files brainsim did not write), 1 on a failure while running, 130 when
// interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/brainsim/brainsim/scenarios/strict"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"io"
	"log"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/brainsim/brainsim/scenarios"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("brainsim: ")
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal stops the run, which discards what it staged;
		// a second one exits at once, leaving at most a staging folder,
		// which the next run in that folder removes.
		<-sigs
		cancel(errInterrupted)
		<-sigs
		fmt.Fprintln(os.Stderr, "brainsim: interrupted")
		os.Exit(exitInterrupted)
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// exitInterrupted is the exit status after SIGINT or SIGTERM: 128 + 2, as
// shells report a process killed by SIGINT.
const exitInterrupted = 130

// errInterrupted is the cause of the cancellation of the context of a run
// stopped by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted")

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// inputError is input that cannot be used, such as a missing scenario file.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// errHelp reports that help was asked for and printed: exit 0.
var errHelp = errors.New("help requested")

// exitCode reports err on stderr and returns the exit status: 130 when
// interrupted, 2 for usage errors and invalid or unreadable input, 1 for
// other failures.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	if errors.Is(err, errInterrupted) {
		fmt.Fprintf(stderr, "brainsim: %v\n", err)
		return exitInterrupted
	}
	var ue *usageError
	var ie *inputError
	var probs scenarios.Problems
	var prob *scenarios.Problem
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "brainsim: %v\nRun 'brainsim help' for usage.\n", err)
		return 2
	case errors.As(err, &probs), errors.As(err, &prob):
		fmt.Fprintln(stderr, err)
		return 2
	case errors.As(err, &ie):
		fmt.Fprintf(stderr, "brainsim: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "brainsim: %v\n", err)
	return 1
}

const usage = `brainsim simulates skilled migration and brain circulation.

Usage:
  brainsim run SCENARIO [--out DIR] [--format csv|parquet|both] [--trace N] [--snapshot YEARS] [--seed N] [--replicates R] [--workers W] [--set key.path=value]...
  brainsim compare A B [C ...] --out DIR [--baseline A] [--set [NAME:]key.path=value]...
  brainsim validate FILE...
  brainsim sweep EXPERIMENT [--out DIR] [--workers W] [--shard i/N]
  brainsim sweep --dry-run EXPERIMENT
  brainsim sweep --slurm EXPERIMENT [--out DIR] [--tasks N] [--binary PATH]
  brainsim merge --out DIR SHARD_FOLDER...
  brainsim calibrate CALIBRATION [--out DIR] [--workers W]
  brainsim calibrate CALIBRATION --method abc [--shard i/N | --merge | --slurm] [--out DIR]
  brainsim bench [--agents N[,N...]] [--years Y[,Y...]] [--workers W]
  brainsim serve [--addr 127.0.0.1:8080]
  brainsim scenarios list|show NAME
  brainsim experiments list|show NAME
  brainsim version (or --version)
  brainsim completion bash|zsh|fish
  brainsim help COMMAND

A SCENARIO, EXPERIMENT or CALIBRATION is a .toml file or the name of a shipped
one ('brainsim scenarios list', 'brainsim experiments list'); a path always wins.
Run 'brainsim COMMAND --help' for a command's flags.
`

// run is the whole program, with its environment passed in so tests can
// call it directly. When ctx is cancelled with the cause errInterrupted (a
// signal), a command that fails returns errInterrupted, whatever it was
// doing.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	err := command(ctx, args, stdout, stderr)
	if err != nil && !errors.Is(err, errInterrupted) && errors.Is(context.Cause(ctx), errInterrupted) {
		return errInterrupted
	}
	return err
}

// command runs the command args name.
func command(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	root := newRoot(ctx, stdout, stderr)
	root.SetArgs(longFlags(args))
	return root.ExecuteContext(ctx)
}

// longFlags returns args with the Go-style single-dash long flags that
// brainsim took before it moved to cobra (-out DIR, -quiet, -version)
// written with two dashes, so that scripts written for them keep working.
// Negative numbers and arguments after a lone "--" are left alone.
func longFlags(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && (a[1] >= 'a' && a[1] <= 'z' || a[1] >= 'A' && a[1] <= 'Z') {
			a = "-" + a
		}
		out[i] = a
	}
	return out
}

// newRoot returns the command tree of brainsim, writing to stdout and
// stderr and stopping its work when ctx is done. Errors are returned, not
// printed: exitCode prints each one once.
func newRoot(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "brainsim",
		Short:         "brainsim simulates skilled migration and brain circulation.",
		Version:       versionLine(),
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				fmt.Fprint(stderr, usage)
				return usagef("no command given")
			}
			return unknownCommand(cmd, args[0])
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetUsageTemplate(usageTemplate)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		runCmd(ctx, stdout, stderr),
		compareCmd(ctx, stdout, stderr),
		validateCmd(stdout, stderr),
		sweepCmd(ctx, stdout, stderr),
		mergeCmd(stdout, stderr),
		calibrateCmd(ctx, stdout, stderr),
		validationCmd(ctx, stdout),
		benchCmd(ctx, stdout, stderr),
		serveCmd(ctx, stdout, stderr),
		scenariosCmd(stdout, stderr),
		experimentsCmd(stdout, stderr),
		&cobra.Command{
			Use:   "version",
			Short: "print the version, revision and Go version of this build (also --version)",
			Args:  cobra.NoArgs,
			RunE:  func(*cobra.Command, []string) error { return versionCmd(stdout) },
		},
	)
	// cobra's completion command, with a shell it does not know a usage
	// error rather than its help.
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				printUsage(c, stderr)
				return usagef("completion takes a shell: bash, zsh or fish")
			}
			return usagef("completion %q: want bash, zsh or fish (or powershell)", args[0])
		}
	}
	defaultHelp := root.HelpFunc()
	root.SetHelpFunc(func(cmd *cobra.Command, args []string) {
		if cmd == root {
			fmt.Fprint(stdout, usage)
			return
		}
		defaultHelp(cmd, args)
	})
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [COMMAND]",
		Short: "print help on brainsim or on one of its commands",
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, c := range root.Commands() {
				if c.IsAvailableCommand() {
					names = append(names, c.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == root && len(rest) > 0 {
				return unknownCommand(root, args[0])
			}
			return target.Help()
		},
	})
	return root
}

// unknownCommand is the usage error for the command name, with the
// closest command's name when there is one.
func unknownCommand(root *cobra.Command, name string) error {
	if s := root.SuggestionsFor(name); len(s) > 0 {
		return usagef("unknown command %q; did you mean %q?", name, s[0])
	}
	return usagef("unknown command %q", name)
}

// invalidFlag matches pflag's message for a flag value its Set refuses.
var invalidFlag = regexp.MustCompile(`^invalid argument (".*") for "(.*)" flag: (.*)$`)

// flagError turns an error of cmd's flags into a usage error: an unknown
// flag with the closest known one, a bad value in brainsim's words
// (`invalid value "x" for --workers: want a whole number`).
func flagError(cmd *cobra.Command, err error) error {
	if m := invalidFlag.FindStringSubmatch(err.Error()); m != nil {
		why := m[3]
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			why = "want a whole number"
			if strings.Contains(ne.Func, "Float") {
				why = "want a number"
			} else if strings.Contains(ne.Func, "Bool") {
				why = "want true or false"
			}
		}
		return usagef("invalid value %s for %s: %s", m[1], m[2], why)
	}
	return usagef("%v%s", err, flagSuggestion(cmd, err))
}

// flagSuggestion returns "; did you mean --NAME?" for an unknown flag
// error err of cmd when one of cmd's flags is close to the one given, or "".
func flagSuggestion(cmd *cobra.Command, err error) string {
	given, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if s := strict.Suggest(given, names); s != "" {
		return fmt.Sprintf("; did you mean --%s?", s)
	}
	return ""
}

// usageTemplate is the usage of a command, as cmd.UsageString writes it.
const usageTemplate = `Usage: {{.UseLine}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global flags:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Run '{{.CommandPath}} COMMAND --help' for a command's flags.{{end}}
`
