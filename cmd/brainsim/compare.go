package main

import (
	"context"
	"fmt"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/scenarios/strict"
	"github.com/spf13/cobra"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output/charts"
	outreport "github.com/brainsim/brainsim/output/report"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sim"
)

// compareCmd is 'brainsim compare'.
func compareCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("compare A.toml B.toml [C.toml ...] [--out DIR] [--baseline A] [flags]", "run scenarios with common random numbers and compare them with a baseline")
	cmd.ValidArgsFunction = completeNames(scenarios.Presets)
	fs := cmd.Flags()
	var rf runFlags
	rf.register(fs, "every", "out/compare_A_B...",
		"override a key of every scenario file, `key.path=value`, or of one, NAME:key.path=value, NAME being the scenario's name (its name = key); repeatable")
	nDraws := fs.Int("draws", 0, "run every scenario at the same `N` parameter draws from the priors (matched by key path; Latin hypercube from the baseline's seed), each with --replicates replicates, and split the intervals into parameter and stochastic parts; 0 = none")
	baseline := fs.String("baseline", "", "the baseline `scenario`: its file as given, its file name without .toml, or its name (default the first)")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) < 2 {
			printUsage(cmd, stderr)
			return usagef("compare takes at least two scenario files, got %d", len(pos))
		}
		if err := rf.check(); err != nil {
			return err
		}
		if err := checkDraws(*nDraws); err != nil {
			return err
		}
		// Seeds and replicates default to the baseline's (loadCompared), so that
		// replicates pair up.
		scs, base, err := loadCompared(pos, rf.sets, *baseline, rf.seed, rf.reps)
		if err != nil {
			return err
		}
		labels := scenarioLabels(scs, pos)
		warnDifferences(stderr, scs, labels, base)
		rf.engine.paired()
		rf.engine.resolve(stderr, scs...)
		for i, sc := range scs {
			if i != base && sc.Agents != scs[base].Agents {
				fmt.Fprintf(stderr, "brainsim: note: %s has %d agents and the baseline %d: replicates still pair up, but share fewer random numbers\n",
					labels[i], sc.Agents, scs[base].Agents)
			}
		}

		var plan *drawPlan
		if *nDraws > 0 {
			if plan, err = planDraws(*nDraws, scs[base].Seed, scs...); err != nil {
				return err
			}
		}
		w := workerCount(rf.workers)
		if err := checkResources(strings.Join(pos, ", "), compareNeed(scs, w), &rf.mem); err != nil {
			return err
		}
		dir := rf.out
		if dir == "" {
			dir = filepath.Join("out", "compare_"+charts.FileSafe(strings.Join(labels, "_")))
		}
		st, err := beginStage(dir, rf.force)
		if err != nil {
			return err
		}
		defer st.Abort()

		start := time.Now()
		runs := make([]*results.Timeseries, 0, len(scs))
		for i, sc := range scs {
			var ts *results.Timeseries
			if plan != nil {
				ts, err = runDraws(ctx, plan, pos[i], sc, func(d int) (sim.Options, func()) {
					opt := sim.Options{Workers: w, Engine: rf.engine.kind, Paired: true}
					prog := rf.progress.start(stderr, fmt.Sprintf("run %s (%d of %d), draw %d of %d", labels[i], i+1, len(scs), d+1, len(plan.U)))
					if prog == nil {
						return opt, func() {}
					}
					opt.Progress = prog.update
					return opt, prog.finish
				})
			} else {
				opt := sim.Options{Workers: w, Engine: rf.engine.kind, Paired: true}
				prog := rf.progress.start(stderr, fmt.Sprintf("run %s (%d of %d)", labels[i], i+1, len(scs)))
				if prog != nil {
					opt.Progress = prog.update
				}
				ts, err = sim.Run(ctx, sc, opt)
				if prog != nil {
					prog.finish()
				}
			}
			if err != nil {
				return fmt.Errorf("run %s: %w", pos[i], err)
			}
			runs = append(runs, ts)
		}
		c, err := charts.NewComparison(scs, labels, pos, base, runs)
		if err != nil {
			return err
		}
		if plan != nil {
			if err := c.SetDraws(len(plan.U), plan.Paths, plan.U); err != nil {
				return err
			}
			for i, sc := range scs {
				c.AddFile("draws_"+charts.FileSafe(labels[i])+".csv", func(w io.Writer) error { return writeDraws(w, plan, sc, sc.Replicates) })
			}
		}

		line := compareCommand(pos, *baseline, strconv.FormatUint(scs[base].Seed, 10), strconv.Itoa(scs[base].Replicates), rf.sets)
		if plan != nil {
			line += " --draws " + strconv.Itoa(len(plan.U))
		}
		line += " --engine " + rf.engine.kind.String()
		if err := ctx.Err(); err != nil {
			return err
		}
		files, err := c.Write(st.Dir, line, w, start)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := st.Commit(); err != nil {
			return err
		}
		reps := strconv.Itoa(scs[base].Replicates) + " replicates"
		if plan != nil {
			reps = strconv.Itoa(len(plan.U)) + " draws x " + reps
		}
		fmt.Fprintf(stdout, "compare: %d scenarios x %s x %d steps in %.1fs; baseline %s; wrote %s (%d files)\n",
			len(scs), reps, scs[base].Steps(), time.Since(start).Seconds(), labels[base], dir, len(files))
		writeCompareHeadline(stdout, c.Headline())
		return nil
	}
	return cmd
}

// compareNeed is the need of a comparison of scs on workers goroutines:
// the scenarios run one after the other, and each one's series is kept
// until all have run, so the peak is the largest run's engines plus every
// series.
func compareNeed(scs []*model.Scenario, workers int) need {
	n := need{runs: "replicates"}
	engines := 0.0
	for _, sc := range scs {
		r := sim.Estimate(sc, workers)
		engines = max(engines, r.PeakBytes-r.SeriesBytes)
		n.res.SeriesBytes += r.SeriesBytes
		n.res.AgentSteps += r.AgentSteps
		n.res.PeakAgents = max(n.res.PeakAgents, r.PeakAgents)
		n.res.Metrics = max(n.res.Metrics, r.Metrics)
		n.replicates += sc.Replicates
		n.steps = max(n.steps, sc.Steps())
	}
	n.res.PeakBytes = engines + n.res.SeriesBytes
	return n
}

// loadCompared loads the scenarios at paths with the overrides sets and
// returns them with the index of the baseline: the one baseline names (see
// findBaseline), or the first if baseline is "". A set key.path=value
// applies to every scenario; NAME:key.path=value only to the scenario whose
// name (its name key) is NAME. Every scenario gets the seed and replicates
// given, or else the baseline's, so that its replicates pair up with the
// baseline's; these are recorded among its overrides when they change its
// own values. It refuses scenarios whose calendar differs from the
// baseline's.
func loadCompared(paths, sets []string, baseline, seed, reps string) ([]*model.Scenario, int, error) {
	all, named := splitSets(sets)
	// Load once, with the overrides for all, to find the names, the baseline
	// and its seed and replicates, then again with them, so that every
	// scenario's overrides record what it ran with.
	first := make([]*model.Scenario, len(paths))
	var err error
	for i, path := range paths {
		if first[i], err = loadScenario(path, all...); err != nil {
			return nil, 0, err
		}
	}
	own, err := assignSets(named, first)
	if err != nil {
		return nil, 0, err
	}
	base := 0
	if baseline != "" {
		if base = findBaseline(baseline, paths, first); base < 0 {
			return nil, 0, usagef("--baseline %q: not one of the scenarios compared (give its file or its name)", baseline)
		}
	}
	if seed == "" {
		seed = strconv.FormatUint(first[base].Seed, 10)
	}
	if reps == "" {
		reps = strconv.Itoa(first[base].Replicates)
	}
	scs := make([]*model.Scenario, len(paths))
	for i, path := range paths {
		ov := append(append([]string(nil), all...), own[i]...)
		if strconv.FormatUint(first[i].Seed, 10) != seed {
			ov = append(ov, "seed="+seed)
		}
		if strconv.Itoa(first[i].Replicates) != reps {
			ov = append(ov, "replicates="+reps)
		}
		if scs[i], err = loadScenario(path, ov...); err != nil {
			return nil, 0, err
		}
	}
	if err := samePlan(scs, paths, base); err != nil {
		return nil, 0, err
	}
	return scs, base, nil
}

// namedSet is an override of compare's --set for one scenario:
// NAME:key.path=value.
type namedSet struct{ name, set string }

// splitSets separates the overrides for every scenario (key.path=value)
// from those for one (NAME:key.path=value, a colon before the "="; key
// paths have none).
func splitSets(sets []string) (all []string, named []namedSet) {
	for _, s := range sets {
		key, _, _ := strings.Cut(s, "=")
		if name, rest, ok := strings.Cut(s, ":"); ok && strings.Contains(key, ":") {
			named = append(named, namedSet{name, rest})
			continue
		}
		all = append(all, s)
	}
	return all, named
}

// assignSets returns the overrides of each of scs that named gives, in
// order. A NAME must be the name of exactly one of scs.
func assignSets(named []namedSet, scs []*model.Scenario) ([][]string, error) {
	own := make([][]string, len(scs))
	var names []string
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	for _, n := range named {
		found := -1
		for i, sc := range scs {
			if sc.Name != n.name {
				continue
			}
			if found >= 0 {
				return nil, usagef("--set %s:%s: two scenarios compared are named %q; rename one (--set NAME:name=OTHER does not help: the name picks the scenario)", n.name, n.set, n.name)
			}
			found = i
		}
		if found < 0 {
			return nil, usagef("--set %s:%s: no scenario compared is named %q; %s", n.name, n.set, n.name,
				strict.DidYouMean(n.name, names, "the names are", "no scenario has a name"))
		}
		own[found] = append(own[found], n.set)
	}
	return own, nil
}

// warnDifferences writes to w a warning for each scenario whose sectors or
// destinations differ from the baseline's (their indicators then count
// different things), and for each policy whose window lies wholly outside
// the run (it never acts). They are warnings: such a comparison may be
// what was meant.
func warnDifferences(w io.Writer, scs []*model.Scenario, labels []string, base int) {
	b := scs[base]
	for i, sc := range scs {
		if i != base {
			if d := nameDiff(sectorNames(b), sectorNames(sc)); d != "" {
				fmt.Fprintf(w, "brainsim: warning: %s and the baseline %s differ in sectors (%s): their indicators do not count the same occupations\n", labels[i], labels[base], d)
			}
			if d := nameDiff(destinationNames(b), destinationNames(sc)); d != "" {
				fmt.Fprintf(w, "brainsim: warning: %s and the baseline %s differ in destinations (%s): their indicators do not count the same countries\n", labels[i], labels[base], d)
			}
		}
		first, last := sc.StartYear, sc.StartYear+sc.Years-1
		for j, p := range sc.Policies {
			if p.EndYear != 0 && p.EndYear < first || p.StartYear != 0 && p.StartYear > last {
				fmt.Fprintf(w, "brainsim: warning: %s: policy %s is active from %s to %s, wholly outside the run (%d to %d): it never acts\n",
					labels[i], sc.PolicyName(j), yearOr(p.StartYear, "the start"), yearOr(p.EndYear, "the horizon"), first, last)
			}
		}
	}
}

// yearOr returns y as a string, or none for 0.
func yearOr(y int, none string) string {
	if y == 0 {
		return none
	}
	return strconv.Itoa(y)
}

func sectorNames(sc *model.Scenario) []string {
	var ns []string
	for _, s := range sc.Sectors {
		ns = append(ns, s.Name)
	}
	return ns
}

func destinationNames(sc *model.Scenario) []string {
	var ns []string
	for _, d := range sc.Destinations {
		ns = append(ns, d.Name)
	}
	return ns
}

// nameDiff describes how the names b (the baseline's) and o differ, e.g.
// `only the baseline has "doctor"; only this one has "pharmacist"`, or
// returns "" when they hold the same names.
func nameDiff(b, o []string) string {
	var onlyB, onlyO []string
	for _, n := range b {
		if !slices.Contains(o, n) {
			onlyB = append(onlyB, n)
		}
	}
	for _, n := range o {
		if !slices.Contains(b, n) {
			onlyO = append(onlyO, n)
		}
	}
	var parts []string
	if len(onlyB) > 0 {
		parts = append(parts, "only the baseline has "+strict.QuoteList(onlyB))
	}
	if len(onlyO) > 0 {
		parts = append(parts, "only this one has "+strict.QuoteList(onlyO))
	}
	return strings.Join(parts, "; ")
}

// findBaseline returns the index of the scenario that name designates: its
// path as given, its file name with or without .toml, or its scenario
// name; -1 for none.
func findBaseline(name string, paths []string, scs []*model.Scenario) int {
	for _, match := range []func(i int) bool{
		func(i int) bool { return paths[i] == name },
		func(i int) bool { return filepath.Clean(paths[i]) == filepath.Clean(name) },
		func(i int) bool {
			b := filepath.Base(paths[i])
			return b == name || strings.TrimSuffix(b, filepath.Ext(b)) == name
		},
		func(i int) bool { return scs[i].Name == name },
	} {
		for i := range paths {
			if match(i) {
				return i
			}
		}
	}
	return -1
}

// samePlan refuses scenarios whose calendar differs from the baseline's:
// their rows would not pair up.
func samePlan(scs []*model.Scenario, paths []string, base int) error {
	b := scs[base]
	var bad []string
	for i, sc := range scs {
		if sc.StartYear != b.StartYear || sc.Years != b.Years || sc.StepsPerYear != b.StepsPerYear {
			bad = append(bad, fmt.Sprintf("%s runs %d years from %d in %d steps a year",
				paths[i], sc.Years, sc.StartYear, sc.StepsPerYear))
		}
	}
	if bad == nil {
		return nil
	}
	return &inputError{fmt.Errorf("compare: the scenarios must share the baseline's calendar (%s: %d years from %d in %d steps a year), but %s; set start_year, years and steps_per_year alike, e.g. with --set",
		paths[base], b.Years, b.StartYear, b.StepsPerYear, strings.Join(bad, "; "))}
}

// scenarioLabels returns a distinct label for each scenario: its name, or,
// when names repeat, its file name, numbered if need be.
func scenarioLabels(scs []*model.Scenario, paths []string) []string {
	labels := make([]string, len(scs))
	count := map[string]int{}
	for _, sc := range scs {
		count[sc.Name]++
	}
	used := map[string]bool{}
	for i, sc := range scs {
		l := sc.Name
		if count[l] > 1 {
			b := filepath.Base(paths[i])
			l = strings.TrimSuffix(b, filepath.Ext(b))
		}
		for n := 2; used[l] || l == ""; n++ {
			l = sc.Name + "_" + strconv.Itoa(n)
		}
		used[l] = true
		labels[i] = l
	}
	return labels
}

// compareCommand returns the command line of a comparison.
func compareCommand(paths []string, baseline, seed, reps string, sets []string) string {
	parts := []string{"brainsim compare"}
	for _, p := range paths {
		parts = append(parts, shellQuote(p))
	}
	if baseline != "" {
		parts = append(parts, "--baseline", shellQuote(baseline))
	}
	parts = append(parts, "--seed", seed, "--replicates", reps)
	for _, s := range sets {
		parts = append(parts, "--set", shellQuote(s))
	}
	return strings.Join(parts, " ")
}

// writeCompareHeadline prints, at the last headline year, each scenario's
// difference to the baseline in the main indicators, its cost per
// additional skilled worker at home (without and with training) and its
// net fiscal effect, cumulative from the start year.
func writeCompareHeadline(w io.Writer, h *outreport.Headline) {
	if len(h.Years) == 0 {
		return
	}
	y := len(h.Years) - 1
	fmt.Fprintf(w, "at %d, difference to %s (mean [95%% interval] of %d paired replicates):\n", h.Years[y], h.Scenarios[h.Baseline], h.Replicates)
	if un := h.Uncertainty; un != nil {
		fmt.Fprintf(w, "  (%d parameter draws x %d replicates, paired on both; below each: the 95%% total interval, its split, and the parameters that drive its spread)\n", un.Draws, un.PerDraw)
	}
	for s, name := range h.Scenarios {
		if s == h.Baseline {
			continue
		}
		fmt.Fprintf(w, "  %s:\n", name)
		for m, metric := range h.Metrics {
			d := h.Cells[y][m][s].Diff
			f, unit := figures(metric.Unit, true, d.Mean, d.Lo, d.Hi)
			fmt.Fprintf(w, "    %-24s %12s [%s, %s] %s\n", metric.Name, f[0], f[1], f[2], unit)
			if un := h.Uncertainty; un != nil {
				sp := un.Diff[y][m][s]
				f, _ := figures(metric.Unit, true, sp.Mean, sp.LoTotal, sp.HiTotal)
				sd, _ := figures(metric.Unit, false, sp.SDParameter, sp.SDStochastic)
				fmt.Fprintf(w, "    %-24s %12s [%s, %s] total; sd parameter %s, stochastic %s\n", "", "", f[1], f[2], sd[0], sd[1])
				if ds := un.Drivers[y][m][s]; len(ds) > 0 {
					fmt.Fprintf(w, "    %-24s %12s drivers: %s\n", "", "", outreport.DriverList(ds, un.Draws))
				}
			}
		}
		if h.Costs != nil {
			c := h.Costs[y][s]
			if c.PerWorker.N == 0 {
				fmt.Fprintf(w, "    %-24s %12s (not more skilled at home in %d of %d replicates)\n", "cost per extra skilled", "n/a", c.NonPositive, h.Replicates)
			} else {
				f, _ := figures("USD PPP per person", false, c.PerWorker.Mean, c.PerWorker.Lo, c.PerWorker.Hi)
				fmt.Fprintf(w, "    %-24s %12s [%s, %s] USD PPP per person\n", "cost per extra skilled", f[0], f[1], f[2])
			}
			if c.PerWorkerTraining.N > 0 {
				f, _ := figures("USD PPP per person", false, c.PerWorkerTraining.Mean, c.PerWorkerTraining.Lo, c.PerWorkerTraining.Hi)
				fmt.Fprintf(w, "    %-24s %12s [%s, %s] USD PPP per person\n", "  with training", f[0], f[1], f[2])
			}
			f, _ := figures("USD PPP", true, c.NetFiscal.Mean, c.NetFiscal.Lo, c.NetFiscal.Hi)
			fmt.Fprintf(w, "    %-24s %12s [%s, %s] USD PPP from %d\n", "net fiscal effect", f[0], f[1], f[2], h.StartYear)
		}
	}
}
