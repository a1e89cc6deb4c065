package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/sim"
)

// sweepCmd is 'brainsim sweep': it runs every point and replicate of an
// experiment file across the cores and writes tidy results, or a slice of
// them (--shard i/N), or the Slurm scripts that run the slices as a job
// array (--slurm). See docs/experiments.md.
//
//	brainsim sweep EXPERIMENT [--out DIR] [--workers W] [--shard i/N] [--quiet]
//	brainsim sweep --dry-run EXPERIMENT [--workers W]
//	brainsim sweep --slurm EXPERIMENT [--out DIR] [--tasks N] [--cpus-per-task C]
//	               [--partition P] [--time T] [--binary PATH]
//
// Running it again on the same --out folder after an interruption (Ctrl-C,
// kill -9) skips the runs already finished.
func sweepCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("sweep EXPERIMENT [flags]\n       brainsim sweep --slurm EXPERIMENT [flags]", "run an experiment file: a grid, Latin hypercube or Saltelli design")
	cmd.ValidArgsFunction = completeNames(scenarios.ShippedExperiments)
	fs := cmd.Flags()
	out := fs.String("out", "", "output `folder` (default out/NAME); running again on it resumes the sweep")
	workers := fs.Int("workers", 0, "runs in progress at once; 0 means one per CPU (results do not depend on it)")
	shardFlag := fs.String("shard", "", "run only shard `i/N` of the runs (those whose number modulo N is i), for 'brainsim merge'")
	var pf progressFlags
	pf.register(fs)
	var mem memoryLimit
	mem.register(fs)
	var engine engineFlag
	engine.register(fs)
	slurm := fs.Bool("slurm", false, "write Slurm batch scripts (job array and merge) into the output folder instead of running")
	tasks := fs.Int("tasks", experiment.DefaultTasks, "with --slurm: `number` of array tasks, each running one shard")
	cpus := fs.Int("cpus-per-task", 1, "with --slurm: CPUs of each array task, and its runs in progress at once")
	partition := fs.String("partition", "", "with --slurm: the Slurm `partition` (default: the cluster's)")
	timeLimit := fs.String("time", "", "with --slurm: each task's time `limit`, e.g. 02:00:00")
	binary := fs.String("binary", "", "with --slurm: `path` of the brainsim binary the jobs run (default: this one)")
	dryRun := fs.Bool("dry-run", false, "print the plan (design, points, replicates, runs, parameters, estimated memory) and run nothing")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) != 1 {
			printUsage(cmd, stderr)
			return usagef("sweep takes one experiment file, got %d arguments", len(pos))
		}
		set := map[string]bool{}
		fs.Visit(func(f *pflag.Flag) { set[f.Name] = true })
		if !*slurm {
			for _, name := range []string{"tasks", "cpus-per-task", "partition", "time", "binary"} {
				if set[name] {
					return usagef("--%s applies only with --slurm", name)
				}
			}
		} else if set["shard"] || set["workers"] {
			return usagef("--slurm writes the scripts of every shard; --shard and --workers apply when running")
		}
		if *dryRun && (*slurm || set["shard"]) {
			return usagef("--dry-run prints the plan of the whole sweep; leave out --slurm and --shard")
		}
		if err := pf.check(); err != nil {
			return err
		}
		if *workers < 0 {
			return usagef("--workers %d: must be >= 0", *workers)
		}
		if *tasks < 1 || *cpus < 1 {
			return usagef("--tasks and --cpus-per-task must be >= 1")
		}
		shard, shards := 0, 1
		if *shardFlag != "" {
			if shard, shards, err = parseShard(*shardFlag); err != nil {
				return err
			}
		}

		path := pos[0]
		e, err := experiment.Open(path)
		if err != nil {
			return asInput(err)
		}
		if engine.mayFallBack() {
			scs, err := e.RangeScenarios()
			if err != nil {
				return asInput(err)
			}
			engine.resolve(stderr, scs...)
		}
		e.SetEngine(engine.kind)
		p := e.Plan()
		dir := *out
		if dir == "" {
			dir = filepath.Join("out", output.SafeName(e.Name))
		}
		if *dryRun {
			return writePlan(stdout, e, dir, workerCount(*workers), &mem)
		}

		if *slurm {
			bin := *binary
			if bin == "" {
				if bin, err = os.Executable(); err != nil {
					return fmt.Errorf("sweep: cannot find this binary for the scripts, give --binary: %w", err)
				}
				if strings.Contains(bin, string(filepath.Separator)+"go-build") {
					return usagef("--slurm needs a lasting binary, and this one, %s, is deleted by 'go run' when it exits: build it (go build -o brainsim ./cmd/brainsim) and run that, or give --binary", bin)
				}
			}
			files, err := experiment.WriteSlurm(dir, p, experiment.SlurmOptions{
				Binary: bin, Experiment: path, Tasks: *tasks, CPUsPerTask: *cpus, Partition: *partition, Time: *timeLimit,
			})
			if err != nil {
				return err
			}
			n := min(*tasks, p.Runs())
			fmt.Fprintf(stdout, "%s: %d runs (%d points x %d replicates) in a job array of %d tasks; wrote %s in %s\n",
				e.Name, p.Runs(), len(p.Points), p.Replicates, n, strings.Join(files, ", "), dir)
			fmt.Fprintf(stdout, "submit with: bash %s\n", filepath.Join(dir, experiment.SubmitScript))
			return nil
		}

		w := workerCount(*workers)
		if err := checkResources(path, sweepNeed(e, w), &mem); err != nil {
			return err
		}
		label := "sweep " + e.Name
		if shards > 1 {
			label += fmt.Sprintf(" shard %d/%d", shard, shards)
		}
		opt := experiment.Options{Workers: w, Shard: shard, Shards: shards,
			Warn: func(msg string) { fmt.Fprintf(stderr, "brainsim: %s\n", msg) }}
		prog := pf.start(stderr, label)
		if prog != nil {
			opt.Progress = prog.update
		}
		start := time.Now()
		st, err := experiment.Run(ctx, e, dir, opt)
		if prog != nil && st.Ran > 0 {
			if err == nil {
				prog.finish()
			} else {
				fmt.Fprintln(stderr) // end the progress line
			}
		}
		if err != nil {
			if ctx.Err() != nil && errors.Is(context.Cause(ctx), errInterrupted) {
				return fmt.Errorf("%w: %s: %d of %d runs finished; run the same command again to resume",
					errInterrupted, label, st.Skipped+st.Ran, st.Runs)
			}
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return fmt.Errorf("%s interrupted: %d of %d runs finished; run the same command again to resume: %w",
					label, st.Skipped+st.Ran, st.Runs, err)
			}
			return err
		}
		m := output.NewJobManifest("sweep", path, e.SHA256, e.Name, start)
		m.Engine = engine.kind.String()
		if shards > 1 {
			m.Shard = fmt.Sprintf("%d/%d", shard, shards)
			if err := writeJobManifest(dir, m, start, []string{experiment.PlanFile}); err != nil {
				return err
			}
			secs := time.Since(start).Seconds()
			fmt.Fprintf(stdout, "%s: %d runs (%d finished before) in %.1fs, in %s\n", label, st.Runs, st.Skipped, secs, dir)
			fmt.Fprintf(stdout, "join the shards with: brainsim merge --out DIR SHARD_FOLDER...\n")
			return nil
		}
		rep, err := experiment.Assemble(p, dir, dir)
		if err != nil {
			return err
		}
		if err := writeJobManifest(dir, m, start, append([]string{experiment.PlanFile}, rep.Files...)); err != nil {
			return err
		}
		secs := time.Since(start).Seconds()
		fmt.Fprintf(stdout, "%s: %d runs (%d points x %d replicates; %d finished before) in %.1fs; wrote %s in %s\n",
			e.Name, st.Runs, len(p.Points), p.Replicates, st.Skipped, secs, strings.Join(shortList(rep.Files), ", "), dir)
		report(stdout, stderr, rep)
		return nil
	}
	return cmd
}

// writePlan prints what a sweep of e into dir on workers runs at once would
// do, for --dry-run: the design, the points, replicates and runs, each
// parameter with its values or range, the indicators and the estimated
// memory, with whether it is within the limit l.
func writePlan(w io.Writer, e *experiment.Experiment, dir string, workers int, l *memoryLimit) error {
	p := e.Plan()
	fmt.Fprintf(w, "%s: %s design over %s, seed %d\n", e.Name, e.Design, e.ScenarioPath, e.Seed)
	if len(e.Set) > 0 {
		fmt.Fprintf(w, "  set:         %s\n", strings.Join(e.Set, ", "))
	}
	design := ""
	switch e.Design {
	case experiment.LHS:
		design = fmt.Sprintf(" (Latin hypercube of %d samples)", e.Samples)
	case experiment.Sobol:
		design = fmt.Sprintf(" (Saltelli, N = %d base rows x (%d parameters + 2))", e.Samples, len(e.Parameters))
	}
	fmt.Fprintf(w, "  runs:        %s x %s = %s%s\n", plural(len(p.Points), "point"), plural(p.Replicates, "replicate"), plural(p.Runs(), "run"), design)
	fmt.Fprintln(w, "  parameters:")
	width := 0
	for _, par := range e.Parameters {
		width = max(width, len(par.Key))
	}
	for _, par := range e.Parameters {
		var vals string
		if e.Design == experiment.Grid {
			s := make([]string, len(par.Values))
			for i, v := range par.Values {
				s[i] = formatFloat(v)
			}
			vals = strings.Join(s, ", ")
		} else {
			vals = fmt.Sprintf("[%s, %s]", formatFloat(par.Min), formatFloat(par.Max))
		}
		if par.Integer {
			vals += " (whole numbers)"
		}
		fmt.Fprintf(w, "    %-*s  %s\n", width, par.Key, vals)
	}
	when := "at year " + joinInts(e.Years)
	if len(e.Years) > 1 {
		when = "at years " + joinInts(e.Years)
	}
	if e.Series {
		when = "after every step"
	}
	fmt.Fprintf(w, "  indicators:  %s %s (%s a run)\n", strings.Join(e.Metrics, ", "), when, plural(len(p.Indicators), "value"))
	n := sweepNeed(e, workers)
	fmt.Fprintf(w, "  estimate:    %s of memory at the peak (%d runs at once), %.3g agent-steps\n",
		gb(n.res.PeakBytes), min(workers, p.Runs()), n.res.AgentSteps)
	if err := checkResources(e.Path, n, l); err != nil {
		fmt.Fprintf(w, "  over the memory limit: a sweep would be refused (see below)\n")
		return err
	}
	fmt.Fprintf(w, "nothing run (--dry-run); the sweep would write into %s\n", dir)
	return nil
}

// joinInts joins whole numbers with ", ".
func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// writeJobManifest writes m into dir as manifest.json, with files (the
// files the job wrote, relative to dir) and the wall time since start,
// atomically: a folder's manifest describes a job that ended. The runs/
// folder of a sweep is not listed file by file.
func writeJobManifest(dir string, m *output.JobManifest, start time.Time, files []string) error {
	m.Files = append(files, output.ManifestFile)
	m.WallSeconds = time.Since(start).Seconds()
	return output.WriteFileAtomic(filepath.Join(dir, output.ManifestFile), func(w io.Writer) error {
		return output.WriteJobManifest(w, m)
	})
}

// sweepNeed is the need of a sweep of e with workers runs at once: each
// run is one replicate of a point's scenario, stepped by one goroutine and
// keeping no series, so the peak is workers times the largest point's
// engine. Only when a parameter may change the sizes (any key outside the
// behavioural sections) is every point's scenario estimated; a point that
// does not load is left to fail when it runs, as before.
func sweepNeed(e *experiment.Experiment, workers int) need {
	p := e.Plan()
	points := 1
	if slices.ContainsFunc(p.Parameters, sizesMayChange) {
		points = len(p.Points)
	}
	n := need{runs: "runs"}
	var engine float64
	for i := range points {
		sc, err := e.PointScenario(i)
		if err != nil {
			continue
		}
		one := *sc
		one.Replicates = 1
		r := sim.Estimate(&one, 1)
		engine = max(engine, r.PeakBytes)
		n.res.PeakAgents = max(n.res.PeakAgents, r.PeakAgents)
		n.res.Metrics = max(n.res.Metrics, r.Metrics)
		n.res.SeriesBytes = max(n.res.SeriesBytes, r.SeriesBytes)
		n.res.AgentSteps += r.AgentSteps * float64(p.Replicates*len(p.Points)) / float64(points)
		n.steps = max(n.steps, sc.Steps())
	}
	n.replicates = p.Runs()
	n.res.PeakBytes = engine * float64(min(workers, p.Runs()))
	return n
}

// sizesMayChange reports whether a scenario key may change what a run
// needs: any key but those of the behavioural sections.
func sizesMayChange(key string) bool {
	for _, s := range []string{"training.", "emigration.", "return.", "remittance.", "skill.", "household."} {
		if strings.HasPrefix(key, s) {
			return false
		}
	}
	return true
}

// parseShard parses --shard i/N.
func parseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, usagef("--shard %q: want i/N with 0 <= i < N, e.g. 0/4", s)
	}
	return i, n, nil
}

// shortList lists the files, folding the plots into one entry.
func shortList(files []string) []string {
	var out []string
	plots := 0
	for _, f := range files {
		if strings.HasPrefix(f, experiment.PlotsDir+string(filepath.Separator)) {
			plots++
			continue
		}
		out = append(out, f)
	}
	if plots > 0 {
		out = append(out, fmt.Sprintf("%d plots in %s/", plots, experiment.PlotsDir))
	}
	return out
}

// report prints the warnings of an assembly to stderr and its Sobol
// indices, if any, to stdout.
func report(stdout, stderr io.Writer, rep *experiment.Report) {
	for _, w := range rep.Warnings {
		fmt.Fprintf(stderr, "brainsim: warning: %s\n", w)
	}
	if len(rep.Sobol) == 0 {
		return
	}
	fmt.Fprintln(stdout, "Sobol indices (first-order S and total ST, with 95% bootstrap intervals):")
	f := func(v float64) string {
		if v != v {
			return "  -  "
		}
		return fmt.Sprintf("%5.2f", v)
	}
	for _, r := range rep.Sobol {
		fmt.Fprintf(stdout, "  %s at %s:\n", r.Indicator.Metric, r.Indicator.Year[:4])
		ix := r.Indices
		for j, name := range ix.Names {
			fmt.Fprintf(stdout, "    %-32s S %s [%s, %s]   ST %s [%s, %s]\n", name,
				f(ix.First[j]), f(ix.FirstCI[j][0]), f(ix.FirstCI[j][1]),
				f(ix.Total[j]), f(ix.TotalCI[j][0]), f(ix.TotalCI[j][1]))
		}
	}
}

// formatFloat is output.FormatFloat, for the reports of the commands.
var formatFloat = output.FormatFloat

// asInput marks a file that cannot be read as invalid input (exit status
// 2), as a missing scenario file is.
func asInput(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return &inputError{err}
	}
	return err
}
