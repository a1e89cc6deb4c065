package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
)

// parseInterspersed parses flags that may come before, between or after the
// positional arguments, which it returns in order. A lone "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, errHelp
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a flag set that prints its usage to w and reports
// errors instead of exiting.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: brainsim %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
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

// runFlags are the flags that run and compare share: where to write, the
// seed and replicates, the workers, quiet and the key overrides.
type runFlags struct {
	out, seed, reps string
	workers         int
	quiet, force    bool
	sets            listFlag
	mem             memoryLimit
}

// register defines the flags on fs; scope says what --seed, --replicates
// and --set apply to ("the scenario's" or "every scenario's"), outDefault
// the default folder in --out's help.
func (f *runFlags) register(fs *flag.FlagSet, scope, outDefault string) {
	fs.StringVar(&f.out, "out", "", "output `folder` (default "+outDefault+")")
	fs.StringVar(&f.seed, "seed", "", "override "+scope+" base `seed`")
	fs.StringVar(&f.reps, "replicates", "", "override "+scope+" `number` of replicates")
	fs.IntVar(&f.workers, "workers", 0, "goroutines to use; 0 means one per CPU (results do not depend on it)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress display")
	fs.Var(&f.sets, "set", "override a key of "+scope+" scenario file, `key.path=value`; repeatable")
	fs.BoolVar(&f.force, "force", false, "write into an output folder that holds files brainsim did not write (they are kept)")
	f.mem.register(fs)
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
	return nil
}
