package main

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newCommand returns a subcommand whose usage line is use (e.g. "run
// SCENARIO [flags]") and whose one-line description is short. Its flags may
// come before, between or after its arguments, and a lone "--" ends them;
// the command checks its arguments itself, so that a wrong count is a usage
// error with the command's own message.
func newCommand(use, short string) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, Args: cobra.ArbitraryArgs}
}

// completeNames returns a completion function that offers the names
// returns (shipped files) beside the files of the shell's own completion.
func completeNames(names func() []string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return names(), cobra.ShellCompDirectiveDefault
	}
}

// printUsage writes cmd's usage to w, before the usage error it returns.
func printUsage(cmd *cobra.Command, w io.Writer) {
	fmt.Fprint(w, cmd.UsageString())
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, " ") }

func (l *listFlag) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want key.path=value, got %q", v)
	}
	*l = append(*l, v)
	return nil
}

func (l *listFlag) Type() string { return "key.path=value" }

// progressFlags are --progress and its alias --quiet, which run, compare,
// sweep and calibrate share.
type progressFlags struct {
	mode  string
	quiet bool
}

// register defines --progress and --quiet on fs.
func (p *progressFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&p.mode, "progress", "auto", "progress display on stderr, `mode` auto (only on a terminal), always or never")
	fs.BoolVar(&p.quiet, "quiet", false, "no progress display (the same as --progress never)")
}

// check reports a usage error in the values of --progress and --quiet.
func (p *progressFlags) check() error {
	switch p.mode {
	case "", "auto", "always", "never":
	default:
		return usagef("--progress %q: want auto, always or never", p.mode)
	}
	if p.quiet && p.mode == "always" {
		return usagef("--quiet and --progress always contradict each other")
	}
	return nil
}

// start returns a progress display on w labelled label, or nil when the
// flags turn it off: --quiet, --progress never, or --progress auto with w
// not a terminal.
func (p *progressFlags) start(w io.Writer, label string) *progress {
	if p.quiet || p.mode == "never" || (p.mode == "auto" || p.mode == "") && !isTerminal(w) {
		return nil
	}
	return newProgress(w, label)
}

// runFlags are the flags that run and compare share: where to write, the
// seed and replicates, the workers, the progress display and the key
// overrides.
type runFlags struct {
	out, seed, reps string
	workers         int
	force           bool
	progress        progressFlags
	sets            listFlag
	mem             memoryLimit
	engine          engineFlag
}

// register defines the flags on fs; scope says what --seed, --replicates
// and --set apply to ("the scenario's" or "every scenario's"), outDefault
// the default folder in --out's help, setHelp the help of --set.
func (f *runFlags) register(fs *pflag.FlagSet, scope, outDefault, setHelp string) {
	fs.StringVar(&f.out, "out", "", "output `folder` (default "+outDefault+")")
	fs.StringVar(&f.seed, "seed", "", "override "+scope+" base `seed`")
	fs.StringVar(&f.reps, "replicates", "", "override "+scope+" `number` of replicates")
	fs.IntVar(&f.workers, "workers", 0, "goroutines to use; 0 means one per CPU (results do not depend on it)")
	f.progress.register(fs)
	fs.Var(&f.sets, "set", setHelp)
	fs.BoolVar(&f.force, "force", false, "write into an output folder that holds files brainsim did not write (they are kept)")
	f.mem.register(fs)
	f.engine.register(fs)
}

// workerCount returns the goroutines --workers asks for: n, or one per CPU
// for 0.
func workerCount(n int) int {
	if n == 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// check reports a usage error in the values of the shared flags.
func (f *runFlags) check() error {
	if f.workers < 0 {
		return usagef("--workers %d: must be >= 0", f.workers)
	}
	if f.seed != "" {
		// 63 bits: a TOML integer, and so a seed in a file, holds no more.
		if _, err := strconv.ParseUint(f.seed, 10, 63); err != nil {
			return usagef("--seed %q: must be a whole number from 0 to 9223372036854775807 (2^63-1), as in a scenario file", f.seed)
		}
	}
	if f.reps != "" {
		if n, err := strconv.Atoi(f.reps); err != nil || n < 1 {
			return usagef("--replicates %q: must be a whole number >= 1", f.reps)
		}
	}
	return f.progress.check()
}
