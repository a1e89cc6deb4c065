package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/spf13/cobra"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/output"
)

// calibrateCmd is 'brainsim calibrate': it fits the parameters of a
// calibration file to its target indicators. With --method nelder-mead, the
// default, it makes a point estimate (Nelder-Mead on replicate means under
// common random numbers), prints the fitted values and the residuals, and
// writes calibration.csv and calibration_trace.csv (every evaluation). With
// --method abc it estimates the posterior by ABC-SMC and writes
// posterior.csv, posterior_summary.csv, diagnostics.csv, predictive.csv,
// fitted.toml and plots, resuming from the generations saved in the folder.
// With --method abc, --shard i/N runs only shard i of the next stage (a
// generation, or the posterior predictive check) into the shared folder,
// --merge merges a stage whose shards have all run, and --slurm writes the
// Slurm scripts that chain the stages' job arrays and merges; the outputs
// are the same bytes as in one process. See docs/experiments.md.
//
//	brainsim calibrate CALIBRATION [--method nelder-mead|abc] [--out DIR] [--workers W] [--quiet]
//	brainsim calibrate CALIBRATION --method abc --shard i/N [--out DIR] [--workers W]
//	brainsim calibrate CALIBRATION --method abc --merge [--out DIR] [--fitted F]
//	brainsim calibrate CALIBRATION --method abc --slurm [--out DIR] [--tasks N] [--cpus-per-task C]
//	                   [--partition P] [--time T] [--binary PATH] [--fitted F]
func calibrateCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("calibrate CALIBRATION [flags]", "fit scenario keys to target indicators")
	cmd.ValidArgsFunction = completeNames(scenarios.ShippedExperiments)
	fs := cmd.Flags()
	out := fs.String("out", "", "output `folder` (default out/NAME)")
	workers := fs.Int("workers", 0, "goroutines running the replicates; 0 means one per CPU (results do not depend on it)")
	method := fs.String("method", "nelder-mead", "`nelder-mead` (a point estimate) or abc (a posterior by ABC-SMC)")
	fittedAs := fs.String("fitted", "median", "abc: fitted.toml gives each calibrated key as its posterior `median`, or as a normal prior approximating the posterior (normal)")
	var pf progressFlags
	pf.register(fs)
	var engine engineFlag
	engine.register(fs)
	var dist abcDistFlags
	dist.register(fs)
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) != 1 {
			printUsage(cmd, stderr)
			return usagef("calibrate takes one calibration file, got %d arguments", len(pos))
		}
		if err := dist.check(fs, *method); err != nil {
			return err
		}
		if err := pf.check(); err != nil {
			return err
		}
		if *workers < 0 {
			return usagef("--workers %d: must be >= 0", *workers)
		}
		var meth experiment.Method
		if err := meth.UnmarshalText([]byte(*method)); err != nil {
			return usagef("--method %q: %v", *method, err)
		}
		var form experiment.FittedForm
		if err := form.UnmarshalText([]byte(*fittedAs)); err != nil {
			return usagef("--fitted %q: %v", *fittedAs, err)
		}
		c, err := experiment.OpenCalibration(pos[0])
		if err != nil {
			return asInput(err)
		}
		if meth == experiment.MethodNelderMead {
			engine.paired()
		}
		if engine.mayFallBack() {
			scs, err := c.RangeScenarios()
			if err != nil {
				return asInput(err)
			}
			engine.resolve(stderr, scs...)
		}
		c.Engine = engine.kind
		dir := *out
		if dir == "" {
			dir = filepath.Join("out", output.SafeName(c.Name))
		}
		if err := output.MkdirOut(dir); err != nil {
			return err
		}
		w := *workers
		if w == 0 {
			w = runtime.GOMAXPROCS(0)
		}
		if dist.active() {
			return dist.run(ctx, stdout, stderr, c, pos[0], dir, w, form)
		}
		if meth == experiment.MethodABC {
			return calibrateABC(ctx, stdout, stderr, c, pos[0], dir, w, pf, form)
		}
		opt := experiment.FitOptions{Workers: w}
		// The ETA assumes every allowed evaluation is used: an upper bound.
		prog := pf.start(stderr, "calibrate "+c.Name)
		if prog != nil {
			opt.Progress = func(n int, _ float64) { prog.update(n, c.MaxEvaluations) }
		}
		start := time.Now()
		fit, err := c.Fit(ctx, opt)
		if prog != nil {
			prog.finish()
		}
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return fmt.Errorf("calibrate %s interrupted: %w", c.Name, err)
			}
			return err
		}
		files := []struct {
			name  string
			write func(io.Writer) error
		}{
			{"calibration.csv", func(w io.Writer) error { return experiment.WriteFit(w, c, fit) }},
			{"calibration_trace.csv", func(w io.Writer) error { return experiment.WriteTrace(w, c, fit) }},
		}
		var names []string
		for _, f := range files {
			if err := output.WriteFileAtomic(filepath.Join(dir, f.name), f.write); err != nil {
				return err
			}
			names = append(names, f.name)
		}
		m := output.NewJobManifest("calibrate", pos[0], c.SHA256, c.Name, start)
		m.Engine = c.Engine.String()
		if err := writeJobManifest(dir, m, start, names); err != nil {
			return err
		}
		writeFit(stdout, c, fit, time.Since(start))
		fmt.Fprintf(stdout, "wrote calibration.csv, calibration_trace.csv, manifest.json in %s\n", dir)
		return nil
	}
	return cmd
}

// writeFit prints the fitted parameters, the residuals and how to run the
// fitted scenario.
func writeFit(w io.Writer, c *experiment.Calibration, fit *experiment.Fit, took time.Duration) {
	fmt.Fprintf(w, "%s: %d evaluations of %d replicates in %.1fs (%s); objective %s\n",
		c.Name, fit.Evaluations, c.Replicates, took.Seconds(), fit.Status, short(fit.Objective))
	fmt.Fprintf(w, "  %-32s %12s %12s   %s\n", "parameter", "fitted", "start", "range")
	for i, b := range c.Parameters {
		fmt.Fprintf(w, "  %-32s %12s %12s   [%s, %s]\n", b.Key, short(fit.Values[i]), short(b.Start), formatFloat(b.Min), formatFloat(b.Max))
	}
	fmt.Fprintf(w, "  %-32s %5s %10s %10s %10s %9s\n", "target", "year", "value", "mean", "residual", "relative")
	for j, tg := range c.Targets {
		fmt.Fprintf(w, "  %-32s %5d %10s %10s %10s %8.2f%%\n", tg.Metric, tg.Year,
			short(tg.Value), short(fit.Means[j]), short(fit.Residuals[j]), 100*fit.Relative[j])
	}
	args := []string{"brainsim run", c.ScenarioPath}
	for _, s := range c.Set {
		args = append(args, "--set "+s)
	}
	args = append(args, fmt.Sprintf("--seed %d", c.Seed), fmt.Sprintf("--replicates %d", c.Replicates))
	for i, b := range c.Parameters {
		args = append(args, "--set "+b.Key+"="+formatFloat(fit.Values[i]))
	}
	fmt.Fprintf(w, "the fitted scenario: %s\n", strings.Join(args, " "))
}

// calibrateABC runs 'brainsim calibrate --method abc' of c into dir with w
// workers, and writes its files and manifest.
func calibrateABC(ctx context.Context, stdout, stderr io.Writer, c *experiment.Calibration, arg, dir string, w int, pf progressFlags, form experiment.FittedForm) error {
	opt := experiment.ABCOptions{Workers: w, Dir: dir, Warn: func(msg string) { fmt.Fprintf(stderr, "brainsim: %s\n", msg) }}
	prog := pf.start(stderr, "calibrate --method abc "+c.Name)
	if prog != nil {
		// The bar counts generations, of at most c.ABC.Generations.
		opt.Progress = func(g experiment.ABCGeneration) { prog.update(g.Generation+1, c.ABC.Generations) }
	}
	start := time.Now()
	r, err := c.CalibrateABC(ctx, opt)
	if prog != nil {
		prog.finish()
	}
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return fmt.Errorf("calibrate %s interrupted (run it again to resume after the last particle finished): %w", c.Name, err)
		}
		return err
	}
	return writeABC(stdout, c, r, arg, dir, start, form)
}

// writeABC writes the files and the manifest of the finished ABC
// calibration r of c into dir, and prints its summary.
func writeABC(stdout io.Writer, c *experiment.Calibration, r *experiment.ABCResult, arg, dir string, start time.Time, form experiment.FittedForm) error {
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"posterior.csv", func(w io.Writer) error { return experiment.WritePosterior(w, c, r) }},
		{"posterior_summary.csv", func(w io.Writer) error { return experiment.WritePosteriorSummary(w, c, r) }},
		{"diagnostics.csv", func(w io.Writer) error { return experiment.WriteDiagnostics(w, r) }},
		{"predictive.csv", func(w io.Writer) error { return experiment.WritePredictive(w, c, r) }},
		{"fitted.toml", func(w io.Writer) error { return experiment.WriteFittedScenario(w, c, r, form) }},
	}
	var names []string
	for _, f := range files {
		if err := output.WriteFileAtomic(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
		names = append(names, f.name)
	}
	plots, err := experiment.WriteABCPlots(dir, c, r)
	if err != nil {
		return err
	}
	names = append(names, plots...)
	m := output.NewJobManifest("calibrate", arg, c.SHA256, c.Name, start)
	m.Engine = c.Engine.String()
	if err := writeJobManifest(dir, m, start, names); err != nil {
		return err
	}
	writePosterior(stdout, c, r, time.Since(start))
	fmt.Fprintf(stdout, "wrote %s, manifest.json in %s\n", strings.Join(names, ", "), dir)
	return nil
}

// writePosterior prints the generations, the posterior of each parameter
// and the posterior predictive checks.
func writePosterior(w io.Writer, c *experiment.Calibration, r *experiment.ABCResult, took time.Duration) {
	g := r.Final()
	sims := 0
	for _, x := range r.Generations {
		sims += x.Simulations
	}
	fmt.Fprintf(w, "%s: ABC-SMC, %d generations of %d particles (%d resumed), %d simulations of %d replicates in %.1fs; stopped by %s\n",
		c.Name, len(r.Generations), len(g.Values), r.Resumed, sims, c.Replicates, took.Seconds(), r.Status)
	fmt.Fprintf(w, "  last generation: epsilon %s, acceptance %.1f%%, effective sample size %.1f\n", short(g.Epsilon), 100*g.Acceptance(), g.ESS())
	fmt.Fprintf(w, "  %-32s %10s %12s %12s %12s\n", "parameter", "prior", "5%", "median", "95%")
	for k, b := range c.Parameters {
		fmt.Fprintf(w, "  %-32s %10s %12s %12s %12s\n", b.Key, b.Prior.Shape, short(r.Quantile(k, 0.05)), short(r.Quantile(k, 0.5)), short(r.Quantile(k, 0.95)))
	}
	fmt.Fprintf(w, "  %-32s %6s %5s %10s %10s %10s %10s %7s\n", "target", "kind", "year", "observed", "5%", "median", "95%", "inside")
	for j, tg := range c.Targets {
		p := r.Predictive[j]
		fmt.Fprintf(w, "  %-32s %6s %5d %10s %10s %10s %10s %7v\n", tg.Metric, tg.Kind, tg.Year, short(tg.Value), short(p.Lo), short(p.Median), short(p.Hi), p.Inside)
	}
}
