package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// runCmd is 'brainsim run'.
func runCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("run SCENARIO [flags]", "run a scenario and write its tables, charts and report")
	cmd.ValidArgsFunction = completeNames(scenarios.Presets)
	fs := cmd.Flags()
	var rf runFlags
	rf.register(fs, "the", "out/NAME", "override a key of the scenario file, `key.path=value`; repeatable")
	format := fs.String("format", "csv", "`format` of the tables besides the CSV ones: csv, parquet (adds timeseries.parquet, timeseries_long.parquet, summary.parquet) or both")
	trace := fs.Int("trace", 0, "record the life histories of `N` sampled agents per replicate in trace.csv (every transition); 0 = none")
	nDraws := fs.Int("draws", 0, "run `N` parameter draws from the scenario's priors (Latin hypercube, from the seed), each with --replicates replicates, and split the intervals into parameter and stochastic parts; 0 = none")
	snapshots := fs.String("snapshot", "", "write every agent's state at the end of each of these calendar `years` (e.g. 2030,2040) to snapshots.csv")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) != 1 {
			printUsage(cmd, stderr)
			return usagef("run takes one scenario file, got %d arguments", len(pos))
		}
		if err := rf.check(); err != nil {
			return err
		}
		parquet, err := parseFormat(*format)
		if err != nil {
			return err
		}
		if *trace < 0 {
			return usagef("--trace %d: want a number of agents >= 0", *trace)
		}
		years, err := parseYears(*snapshots)
		if err != nil {
			return err
		}
		if err := checkDraws(*nDraws); err != nil {
			return err
		}
		if *nDraws > 0 && (*trace > 0 || len(years) > 0) {
			return usagef("--draws with --trace or --snapshot: agent files are of one run; run a draw's values (draws.csv) without --draws for them")
		}
		overrides := []string(rf.sets)
		if rf.seed != "" {
			overrides = append(overrides, "seed="+rf.seed)
		}
		if rf.reps != "" {
			overrides = append(overrides, "replicates="+rf.reps)
		}
		path := pos[0]
		sc, err := loadScenario(path, overrides...)
		if err != nil {
			return err
		}
		rf.engine.resolve(stderr, sc)
		var plan *drawPlan
		if *nDraws > 0 {
			if plan, err = planDraws(*nDraws, sc.Seed, sc); err != nil {
				return err
			}
		}
		w := workerCount(rf.workers)
		if err := checkResources(path, scenarioNeed(sc, w), &rf.mem); err != nil {
			return err
		}
		dir := rf.out
		if dir == "" {
			dir = filepath.Join("out", output.SafeName(sc.Name))
		}
		// Everything is written into a staging folder and moved into place at
		// the end, so an interrupted or failed run leaves dir as it was.
		st, err := beginStage(dir, rf.force)
		if err != nil {
			return err
		}
		defer st.Abort()

		start := time.Now()
		var out *sim.Output
		if plan != nil {
			out, err = runWithDraws(ctx, path, sc, plan, w, &rf, stderr)
		} else {
			opt := sim.Options{Workers: w, Trace: *trace, Snapshots: years, Engine: rf.engine.kind}
			prog := rf.progress.start(stderr, "run "+sc.Name)
			if prog != nil {
				opt.Progress = prog.update
			}
			out, err = sim.RunWith(ctx, sc, opt)
			if prog != nil {
				prog.finish()
			}
		}
		if err != nil {
			if ctx.Err() == nil && (*trace > 0 || len(years) > 0) && !isOverflow(err) {
				return usagef("%v", err) // a snapshot year outside the run
			}
			return fmt.Errorf("run %s: %w", path, err)
		}
		ts := out.Timeseries
		var sum *results.Summary
		if plan != nil {
			sum = results.SummarizeDraws(ts, len(plan.U))
		} else {
			sum = results.Summarize(ts)
		}

		files := tableFiles(ts, sum, parquet)
		if plan != nil {
			files = append(files, outFile{"draws.csv", func(w io.Writer) error { return writeDraws(w, plan, sc, sc.Replicates) }})
		}
		files = append(files, agentFiles(out, *trace > 0, len(years) > 0, parquet)...)
		m, err := output.NewManifest(path, sc, w, start)
		if err != nil {
			return err
		}
		m.Engine = rf.engine.kind.String()
		if plan != nil {
			m.Draws = len(plan.U)
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := output.WriteFileAtomic(filepath.Join(st.Dir, f.name), func(w io.Writer) error {
				return f.write(ctxWriter{ctx, w})
			}); err != nil {
				return err
			}
			m.Files = append(m.Files, f.name)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		vis, err := writeVisuals(st.Dir, sc, sum, m)
		if err != nil {
			return err
		}
		m.Files = append(m.Files, vis...)
		m.WallSeconds = time.Since(start).Seconds()
		if err := output.WriteFileAtomic(filepath.Join(st.Dir, output.ManifestFile), func(w io.Writer) error {
			return output.WriteManifest(w, m)
		}); err != nil {
			return err
		}
		// The last moment to stop: after it the files are moved into place.
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := st.Commit(); err != nil {
			return err
		}
		if plan != nil {
			fmt.Fprintf(stdout, "%s: %d draws x %d replicates x %d steps of %d agents in %.1fs; wrote %s\n",
				sc.Name, len(plan.U), sc.Replicates, sc.Steps(), sc.Agents, m.WallSeconds, dir)
		} else {
			fmt.Fprintf(stdout, "%s: %d replicates x %d steps of %d agents in %.1fs; wrote %s\n",
				sc.Name, sc.Replicates, sc.Steps(), sc.Agents, m.WallSeconds, dir)
		}
		return writeHeadline(stdout, sum)
	}
	return cmd
}

// runWithDraws runs sc at n parameter draws of its priors and returns the
// draws pooled as one output, and the plan.
func runWithDraws(ctx context.Context, path string, sc *model.Scenario, plan *drawPlan, workers int, rf *runFlags, stderr io.Writer) (*sim.Output, error) {
	n := len(plan.U)
	ts, err := runDraws(ctx, plan, path, sc, func(d int) (sim.Options, func()) {
		opt := sim.Options{Workers: workers, Engine: rf.engine.kind}
		prog := rf.progress.start(stderr, fmt.Sprintf("run %s, draw %d of %d", sc.Name, d+1, n))
		if prog == nil {
			return opt, func() {}
		}
		opt.Progress = prog.update
		return opt, prog.finish
	})
	if err != nil {
		return nil, err
	}
	return &sim.Output{Timeseries: ts}, nil
}

// outFile is a file a command writes into its output folder.
type outFile struct {
	name  string
	write func(io.Writer) error
}

// tableFiles are the tables of a run and their dictionary: the wide and
// long CSV timeseries, the summary and columns.md always, and the Parquet
// file of each table when parquet is true. The CSV files are written
// whatever --format says, so that a folder always reads with the
// simplest tools.
func tableFiles(ts *results.Timeseries, sum *results.Summary, parquet bool) []outFile {
	files := []outFile{
		{"timeseries.csv", func(w io.Writer) error { return output.WriteTimeseries(w, ts) }},
		{"timeseries_long.csv", func(w io.Writer) error { return output.WriteLong(w, ts) }},
		{"summary.csv", func(w io.Writer) error { return output.WriteSummary(w, sum) }},
		{"columns.md", func(w io.Writer) error { return writeColumns(w, ts, sum.Split != nil) }},
	}
	if parquet {
		files = append(files,
			outFile{"timeseries.parquet", func(w io.Writer) error { return output.WriteTimeseriesParquet(w, ts) }},
			outFile{"timeseries_long.parquet", func(w io.Writer) error { return output.WriteLongParquet(w, ts) }},
			outFile{"summary.parquet", func(w io.Writer) error { return output.WriteSummaryParquet(w, sum) }},
		)
	}
	return files
}

// agentFiles are the agent-level files of a run: the trace and the
// snapshots, each as CSV (and Parquet when parquet is true) with a
// dictionary of its columns.
func agentFiles(out *sim.Output, trace, snapshots, parquet bool) []outFile {
	var files []outFile
	if trace {
		files = append(files,
			outFile{"trace.csv", func(w io.Writer) error { return output.WriteTrace(w, out.Trace) }},
			outFile{"trace_columns.md", func(w io.Writer) error { return output.WriteColumns(w, output.TraceColumns()) }})
		if parquet {
			files = append(files, outFile{"trace.parquet", func(w io.Writer) error { return output.WriteTraceParquet(w, out.Trace) }})
		}
	}
	if snapshots {
		files = append(files,
			outFile{"snapshots.csv", func(w io.Writer) error { return output.WriteSnapshots(w, out.Snapshots) }},
			outFile{"snapshots_columns.md", func(w io.Writer) error { return output.WriteColumns(w, output.SnapshotColumns()) }})
		if parquet {
			files = append(files, outFile{"snapshots.parquet", func(w io.Writer) error { return output.WriteSnapshotsParquet(w, out.Snapshots) }})
		}
	}
	return files
}

// parseYears reads --snapshot: calendar years separated by commas.
func parseYears(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var ys []int
	for _, f := range strings.Split(s, ",") {
		y, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, usagef("--snapshot %q: want calendar years separated by commas, e.g. 2030,2040", s)
		}
		ys = append(ys, y)
	}
	return ys, nil
}

// isOverflow reports whether err is a run's overflow failure.
func isOverflow(err error) bool {
	var oe *sim.OverflowError
	return errors.As(err, &oe)
}

// parseFormat reads --format: whether the Parquet tables are written. The
// CSV tables always are, so "csv" adds nothing and "both" is "parquet".
func parseFormat(f string) (parquet bool, err error) {
	switch f {
	case "csv":
		return false, nil
	case "parquet", "both":
		return true, nil
	}
	return false, usagef("--format %q: want csv, parquet or both", f)
}

// longColumns describes the columns of timeseries_long.csv and
// timeseries_long.parquet, for columns.md.
const longColumns = `
## timeseries_long.csv

One row per replicate, step and metric of the table above ("tidy" data),
with the dimensions of a metric in columns of their own: the value of
"diaspora.New Zealand" is in the row with metric "diaspora" and destination
"New Zealand". timeseries_long.parquet holds the same rows, typed.

| column | unit | description |
| --- | --- | --- |
| replicate | - | Replicate number, 0-based, as in timeseries.csv. |
| step | step | Step index, 1-based, as in timeseries.csv. |
| year | year | Calendar year at the end of the step, as in timeseries.csv. |
| metric | - | The metric's name without its dimension, e.g. workers_home for workers_home.nurse. |
| sector | - | The sector of a per-sector metric; empty otherwise. |
| destination | - | The destination of a per-destination metric; empty otherwise. |
| policy | - | The policy of a per-policy metric; empty otherwise. |
| value | (unit column) | The metric's value; empty where undefined (NaN). |
| unit | - | The metric's unit, as in the table above. |
| sex | - | female or male for a metric broken down by sex (e.g. emigrants.female); empty otherwise. |
| age_band | - | The age band of a metric broken down by age, e.g. age_25_34 (ages 25 to 34) or age_65_plus; empty otherwise. |
`

// writeColumns writes columns.md: the dictionary of timeseries.csv, then
// the columns of the long table and of the summary (with split, a run
// with parameter draws).
func writeColumns(w io.Writer, ts *results.Timeseries, split bool) error {
	if err := output.WriteDictionary(w, ts.Metrics); err != nil {
		return err
	}
	if _, err := io.WriteString(w, longColumns); err != nil {
		return err
	}
	return output.WriteSummaryDictionary(w, split)
}

// writeHeadline prints the main indicators at the last step with their 95%
// intervals. It returns an error naming one of them s lacks.
func writeHeadline(w io.Writer, s *results.Summary) error {
	last := len(s.Step) - 1
	if last < 0 {
		return nil
	}
	if sp := s.Split; sp != nil {
		fmt.Fprintf(w, "at %.0f (mean [95%% total interval] {sd parameter, sd stochastic} over %d draws x %d replicates):\n",
			s.Year[last], sp.Draws, sp.PerDraw)
		for _, name := range headlineMetrics {
			m := results.MetricIndex(s.Metrics, name)
			if m < 0 {
				_, err := results.Lookup(s.Metrics, name)
				return err
			}
			f, unit := figures(s.Metrics[m].Unit, false, s.Mean[last][m], sp.LoTotal[last][m], sp.HiTotal[last][m],
				sp.SDParameter[last][m], sp.SDStochastic[last][m])
			fmt.Fprintf(w, "  %-24s %12s [%s, %s] {%s, %s} %s\n", name, f[0], f[1], f[2], f[3], f[4], unit)
		}
		return nil
	}
	fmt.Fprintf(w, "at %.0f (mean [95%% interval] over %d replicates):\n", s.Year[last], s.Replicates)
	for _, name := range headlineMetrics {
		m := results.MetricIndex(s.Metrics, name)
		if m < 0 {
			_, err := results.Lookup(s.Metrics, name)
			return err
		}
		f, unit := figures(s.Metrics[m].Unit, false, s.Mean[last][m], s.Lo[last][m], s.Hi[last][m])
		fmt.Fprintf(w, "  %-24s %12s [%s, %s] %s\n", name, f[0], f[1], f[2], unit)
	}
	return nil
}

// headlineMetrics are the indicators a run prints when it ends.
var headlineMetrics = []string{
	results.SkilledHome, results.Emigrants, results.Returnees, results.EmigrationRate,
	results.Enrolments, results.Remittances, results.HealthWorkersPer10k,
}

// short formats a figure with about four significant digits.
func short(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// ctxWriter is a writer that fails with ctx's error once ctx is done, so
// that writing a large file stops soon after an interruption.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// beginStage is output.BeginStage, with a folder holding files brainsim
// did not write reported as invalid input (exit status 2).
func beginStage(dir string, force bool) (*output.Stage, error) {
	st, err := output.BeginStage(dir, force)
	var fe *output.ForeignError
	if errors.As(err, &fe) {
		return nil, &inputError{err}
	}
	return st, err
}

// loadScenario loads a scenario file, or a shipped scenario by name (a path
// always wins: scenarios.Open); a file that cannot be read is invalid
// input (exit status 2), like a file with errors.
func loadScenario(path string, overrides ...string) (*model.Scenario, error) {
	sc, err := scenarios.Open(path, overrides...)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return nil, &inputError{err}
	}
	return sc, err
}
