package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/brainsim/brainsim/experiment"
)

// abcDistFlags are the flags of 'calibrate --method abc' that spread the
// calibration over processes: --shard, --merge and --slurm with its
// options, as sweep's.
type abcDistFlags struct {
	shard     string
	merge     bool
	slurm     bool
	tasks     int
	cpus      int
	partition string
	time      string
	binary    string

	i, n int // the parsed --shard
}

// register defines the flags on fs.
func (d *abcDistFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&d.shard, "shard", "", "abc: run only shard `i/N` of the next stage's particles (those whose index modulo N is i) into --out, for --merge")
	fs.BoolVar(&d.merge, "merge", false, "abc: merge the stage whose shards have run in --out (a generation, or the posterior predictive check and the outputs)")
	fs.BoolVar(&d.slurm, "slurm", false, "abc: write Slurm batch scripts (a job array and a merge per stage, chained) into --out instead of running")
	fs.IntVar(&d.tasks, "tasks", experiment.DefaultTasks, "with --slurm: `number` of array tasks, each running one shard of a stage")
	fs.IntVar(&d.cpus, "cpus-per-task", 1, "with --slurm: CPUs of each array task, and its particles in progress at once")
	fs.StringVar(&d.partition, "partition", "", "with --slurm: the Slurm `partition` (default: the cluster's)")
	fs.StringVar(&d.time, "time", "", "with --slurm: each task's time `limit`, e.g. 02:00:00")
	fs.StringVar(&d.binary, "binary", "", "with --slurm: `path` of the brainsim binary the jobs run (default: this one)")
}

// check reports a usage error in the flags, given --method.
func (d *abcDistFlags) check(fs *pflag.FlagSet, method string) error {
	set := map[string]bool{}
	fs.Visit(func(f *pflag.Flag) { set[f.Name] = true })
	modes := 0
	for _, m := range []string{"shard", "merge", "slurm"} {
		if set[m] {
			modes++
			if method != experiment.MethodABC.String() {
				return usagef("--%s applies only with --method abc", m)
			}
		}
	}
	if modes > 1 {
		return usagef("--shard, --merge and --slurm exclude each other: a shard runs, a merge joins, --slurm writes the scripts of both")
	}
	if !d.slurm {
		for _, name := range []string{"tasks", "cpus-per-task", "partition", "time", "binary"} {
			if set[name] {
				return usagef("--%s applies only with --slurm", name)
			}
		}
	} else if set["workers"] {
		return usagef("--slurm writes the scripts of every shard; --workers applies when running")
	}
	if d.tasks < 1 || d.cpus < 1 {
		return usagef("--tasks and --cpus-per-task must be >= 1")
	}
	if d.shard != "" {
		var err error
		if d.i, d.n, err = parseShard(d.shard); err != nil {
			return err
		}
	}
	return nil
}

// active reports whether a shard, a merge or the Slurm scripts are asked
// for.
func (d *abcDistFlags) active() bool { return d.shard != "" || d.merge || d.slurm }

// run runs the shard, the merge or writes the scripts of the ABC
// calibration c (file arg) into dir, with w workers.
func (d *abcDistFlags) run(ctx context.Context, stdout, stderr io.Writer, c *experiment.Calibration, arg, dir string, w int, form experiment.FittedForm) error {
	start := time.Now()
	switch {
	case d.slurm:
		bin := d.binary
		if bin == "" {
			var err error
			if bin, err = os.Executable(); err != nil {
				return fmt.Errorf("calibrate: cannot find this binary for the scripts, give --binary: %w", err)
			}
			if strings.Contains(bin, string(filepath.Separator)+"go-build") {
				return usagef("--slurm needs a lasting binary, and this one, %s, is deleted by 'go run' when it exits: build it (go build -o brainsim ./cmd/brainsim) and run that, or give --binary", bin)
			}
		}
		files, err := experiment.WriteABCSlurm(dir, c, experiment.ABCSlurmOptions{Fitted: form, SlurmOptions: experiment.SlurmOptions{
			Binary: bin, Experiment: arg, Tasks: d.tasks, CPUsPerTask: d.cpus, Partition: d.partition, Time: d.time}})
		if err != nil {
			return asInput(err)
		}
		fmt.Fprintf(stdout, "%s: ABC-SMC, up to %d generations of %d particles and the predictive check, each stage a job array of %d tasks and a merge; wrote %s in %s\n",
			c.Name, c.ABC.Generations, c.ABC.Particles, min(d.tasks, c.ABC.Particles), strings.Join(files, ", "), dir)
		fmt.Fprintf(stdout, "submit with: bash %s\n", filepath.Join(dir, experiment.ABCSubmitScript))
		return nil
	case d.shard != "":
		opt := experiment.ABCOptions{Workers: w, Warn: func(msg string) { fmt.Fprintf(stderr, "brainsim: %s\n", msg) }}
		st, err := c.ABCShard(ctx, dir, d.i, d.n, opt)
		label := fmt.Sprintf("calibrate %s shard %d/%d of %s", c.Name, d.i, d.n, st.Stage)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%s interrupted: %d of %d particles finished; run the same command again to resume: %w",
					label, st.Skipped+st.Ran, st.Draws, err)
			}
			return asInput(err)
		}
		fmt.Fprintf(stdout, "%s: %d particles (%d finished before), %d simulations in %.1fs, in %s\n",
			label, st.Draws, st.Skipped, st.Simulations, time.Since(start).Seconds(), dir)
		fmt.Fprintf(stdout, "once every shard has run: brainsim calibrate %s --method abc --merge --out %s\n", arg, dir)
		return nil
	}
	r, next, err := c.MergeABC(dir)
	if err != nil {
		return asInput(err)
	}
	if next == "" {
		return writeABC(stdout, c, r, arg, dir, start, form)
	}
	if len(r.Generations) > r.Resumed {
		g := r.Final()
		fmt.Fprintf(stdout, "%s: merged generation %d: epsilon %s, %d simulations, acceptance %.1f%%, effective sample size %.1f\n",
			c.Name, g.Generation, short(g.Epsilon), g.Simulations, 100*g.Acceptance(), g.ESS())
	} else {
		fmt.Fprintf(stdout, "%s: generation %d had a particle with no run accepted within the most attempts: it is dropped\n", c.Name, r.Resumed)
	}
	fmt.Fprintf(stdout, "next: %s; run its shards (brainsim calibrate %s --method abc --shard i/N --out %s), then --merge again\n", next, arg, dir)
	return nil
}
