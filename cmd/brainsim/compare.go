package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	gplot "gonum.org/v1/plot"

	"brainsim/output"
	"brainsim/output/plot"
	outreport "brainsim/output/report"
	"brainsim/scenarios"
	"brainsim/sim"
)

// compareCmd is 'brainsim compare'.
func compareCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare", "compare A.toml B.toml [C.toml ...] [--out DIR] [--baseline A] [flags]", stderr)
	out := fs.String("out", "", "output `folder` (default out/compare_A_B...)")
	baseline := fs.String("baseline", "", "the baseline `scenario`: its file as given, its file name without .toml, or its name (default the first)")
	seed := fs.String("seed", "", "base `seed` for every scenario (default the baseline's)")
	reps := fs.String("replicates", "", "`number` of replicates for every scenario (default the baseline's)")
	workers := fs.Int("workers", 0, "goroutines to use; 0 means one per CPU (results do not depend on it)")
	quiet := fs.Bool("quiet", false, "no progress display")
	var sets listFlag
	fs.Var(&sets, "set", "override a key in every scenario, `key.path=value`; repeatable")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		fs.Usage()
		return usagef("compare takes at least two scenario files, got %d", len(pos))
	}
	if *workers < 0 {
		return usagef("--workers %d: must be >= 0", *workers)
	}
	if *seed != "" {
		if _, err := strconv.ParseUint(*seed, 10, 64); err != nil {
			return usagef("--seed %q: must be a whole number >= 0", *seed)
		}
	}
	if *reps != "" {
		if n, err := strconv.Atoi(*reps); err != nil || n < 1 {
			return usagef("--replicates %q: must be a whole number >= 1", *reps)
		}
	}

	scs, base, err := loadCompared(pos, sets, *baseline, *seed, *reps)
	if err != nil {
		return err
	}
	labels := scenarioLabels(scs, pos)
	for i, sc := range scs {
		if i != base && sc.Agents != scs[base].Agents {
			fmt.Fprintf(stderr, "brainsim: note: %s has %d agents and the baseline %d: replicates still pair up, but share fewer random numbers\n",
				labels[i], sc.Agents, scs[base].Agents)
		}
	}

	dir := *out
	if dir == "" {
		dir = filepath.Join("out", "compare_"+fileSafe(strings.Join(labels, "_")))
	}
	if err := output.MkdirOut(dir); err != nil {
		return err
	}

	start := time.Now()
	w := *workers
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	c := &comparison{scs: scs, labels: labels, base: base, paths: pos}
	for i, sc := range scs {
		opt := sim.Options{Workers: w}
		var prog *progress
		if !*quiet && isTerminal(stderr) {
			prog = newProgress(stderr, fmt.Sprintf("run %s (%d of %d)", labels[i], i+1, len(scs)))
			opt.Progress = prog.update
		}
		ts, err := sim.Run(ctx, sc, opt)
		if prog != nil {
			prog.finish()
		}
		if err != nil {
			return fmt.Errorf("run %s: %w", pos[i], err)
		}
		c.runs = append(c.runs, ts)
	}
	if err := c.summarize(); err != nil {
		return err
	}

	cmd := compareCommand(pos, *baseline, strconv.FormatUint(scs[base].Seed, 10), strconv.Itoa(scs[base].Replicates), sets)
	files, err := c.write(dir, cmd, w, start)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compare: %d scenarios x %d replicates x %d steps in %.1fs; baseline %s; wrote %s (%d files)\n",
		len(scs), scs[base].Replicates, scs[base].Steps(), time.Since(start).Seconds(), labels[base], dir, len(files))
	writeCompareHeadline(stdout, c.headline)
	return nil
}

// loadCompared loads the scenarios at paths, each with the overrides sets,
// and returns them with the index of the baseline: the one baseline names
// (see findBaseline), or the first if baseline is "". Every scenario gets
// the seed and replicates given, or else the baseline's, so that its
// replicates pair up with the baseline's; these are recorded among its
// overrides when they change its own values. It refuses scenarios whose
// calendar differs from the baseline's.
func loadCompared(paths, sets []string, baseline, seed, reps string) ([]*scenarios.Scenario, int, error) {
	// Load once to find the baseline and its seed and replicates, then again
	// with them, so that every scenario's overrides record what it ran with.
	first := make([]*scenarios.Scenario, len(paths))
	var err error
	for i, path := range paths {
		if first[i], err = loadScenario(path, sets...); err != nil {
			return nil, 0, err
		}
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
	scs := make([]*scenarios.Scenario, len(paths))
	for i, path := range paths {
		ov := append([]string(nil), sets...)
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

// findBaseline returns the index of the scenario that name designates: its
// path as given, its file name with or without .toml, or its scenario
// name; -1 for none.
func findBaseline(name string, paths []string, scs []*scenarios.Scenario) int {
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
func samePlan(scs []*scenarios.Scenario, paths []string, base int) error {
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
func scenarioLabels(scs []*scenarios.Scenario, paths []string) []string {
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

// comparison holds the runs of a comparison and what is derived from them.
type comparison struct {
	scs    []*scenarios.Scenario
	labels []string
	paths  []string
	base   int // index of the baseline
	runs   []*output.Timeseries
	sums   []*output.Summary
	// diffs[s] summarizes the per-replicate differences of scenario s to
	// the baseline; nil for the baseline.
	diffs    []*output.Summary
	headline *outreport.Headline
}

// summarize fills in sums, diffs and headline from runs.
func (c *comparison) summarize() error {
	c.sums = make([]*output.Summary, len(c.runs))
	c.diffs = make([]*output.Summary, len(c.runs))
	for s, ts := range c.runs {
		c.sums[s] = output.Summarize(ts)
		if s == c.base {
			continue
		}
		d, err := outreport.Difference(ts, c.runs[c.base])
		if err != nil {
			return fmt.Errorf("compare %s with %s: %w", c.labels[s], c.labels[c.base], err)
		}
		c.diffs[s] = output.Summarize(d)
	}
	h, err := outreport.Compare(c.labels, c.runs, c.base, c.scs[c.base].StartYear)
	if err != nil {
		return err
	}
	c.headline = h
	return nil
}

// others returns the indices of the scenarios other than the baseline.
func (c *comparison) others() []int {
	var s []int
	for i := range c.scs {
		if i != c.base {
			s = append(s, i)
		}
	}
	return s
}

// overlayBands returns the bands of metric for every scenario that records
// it, each in its scenario's colour and labelled with its label.
func (c *comparison) overlayBands(metric string) []plot.Band {
	var bands []plot.Band
	for s, sum := range c.sums {
		if b, ok := summaryBand(sum, metric, c.labels[s], c.scs[s].StepsPerYear, nonNegative(metric)); ok {
			b.Color = plot.SeriesColor(s)
			bands = append(bands, b)
		}
	}
	return bands
}

// diffBands returns, for every scenario other than the baseline, the mean
// of its per-replicate differences to the baseline in metric and the 95%
// t-interval of those differences, in its scenario's colour.
func (c *comparison) diffBands(metric string) []plot.Band {
	var bands []plot.Band
	for _, s := range c.others() {
		label := c.labels[s] + " − " + c.labels[c.base]
		if b, ok := summaryBand(c.diffs[s], metric, label, c.scs[s].StepsPerYear, false); ok {
			b.Color = plot.SeriesColor(s)
			bands = append(bands, b)
		}
	}
	return bands
}

// anyPositive reports whether some scenario's mean of metric is positive.
func (c *comparison) anyPositive(metric string) bool {
	for _, s := range c.sums {
		if anyPositive(s, metric) {
			return true
		}
	}
	return false
}

// anyDifference reports whether some scenario differs from the baseline
// in metric, in some replicate at some row.
func (c *comparison) anyDifference(metric string) bool {
	for _, d := range c.diffs {
		if d == nil {
			continue
		}
		m := output.MetricIndex(d.Metrics, metric)
		if m < 0 {
			continue
		}
		for i := range d.Mean {
			if d.Mean[i][m] != 0 || d.SD[i][m] != 0 {
				return true
			}
		}
	}
	return false
}

// unitOf returns the unit of a metric, "" if no run records it.
func (c *comparison) unitOf(metric string) string {
	for _, s := range c.sums {
		if m := output.MetricIndex(s.Metrics, metric); m >= 0 {
			return s.Metrics[m].Unit
		}
	}
	return ""
}

// compareChart is one chart of a comparison.
type compareChart struct {
	file, title, caption string
	build                func() (*gplot.Plot, error)
}

// diffLine is the second line of a difference chart's title.
func diffLine(reps int) string {
	return fmt.Sprintf("mean and 95%% interval of the paired differences over %d replicates", reps)
}

// diffChart is the chart of the difference to the baseline in metric.
func (c *comparison) diffChart(metric, title string) compareChart {
	unit := c.unitOf(metric)
	return compareChart{
		file:  "difference_" + fileSafe(metric),
		title: title,
		caption: fmt.Sprintf("%s, scenario minus %s, replicate by replicate (the runs share their random numbers); "+
			"the band is the 95%% t-interval of the paired differences. Above the dashed zero line the scenario has more.", outreport.Label(metric), c.labels[c.base]),
		build: func() (*gplot.Plot, error) {
			return plot.Bands(title+"\n"+diffLine(c.sums[c.base].Replicates), "difference, "+yLabelOf(unit),
				c.diffBands(metric), []plot.Reference{{Label: "no difference", Value: 0}})
		},
	}
}

// overlayChart is the chart of metric in every scenario, on shared axes.
func (c *comparison) overlayChart(metric, title, caption string, refs []plot.Reference) compareChart {
	unit := c.unitOf(metric)
	return compareChart{
		file: "overlay_" + fileSafe(metric), title: title, caption: caption,
		build: func() (*gplot.Plot, error) {
			return plot.Bands(title+"\n"+bandLine(c.sums[c.base].Replicates), yLabelOf(unit), c.overlayBands(metric), refs)
		},
	}
}

// compareSection groups the charts of a comparison under a heading.
type compareSection struct {
	title, intro string
	charts       []compareChart
}

// charts chooses the charts of the comparison: the differences to the
// baseline first, then every scenario overlaid by family.
func (c *comparison) charts() []compareSection {
	flows := " Flows are sums over the trailing year, drawn from the end of the first year."
	diff := compareSection{
		title: "Difference to the baseline",
		intro: "What each scenario changes against " + c.labels[c.base] + ": the line is the mean of the per-replicate differences, the band their 95% interval. " +
			"An interval clear of zero is a difference the replicates agree on.",
		charts: []compareChart{c.diffChart("skilled_home", "Additional skilled workers at home")},
	}
	var same []string
	for _, sec := range c.scs[c.base].Sectors {
		if !c.anyDifference("skilled_home." + sec.Name) {
			same = append(same, sec.Name+"s")
			continue
		}
		diff.charts = append(diff.charts, c.diffChart("skilled_home."+sec.Name, "Additional "+sec.Name+"s at home"))
	}
	if len(same) > 0 {
		diff.intro += " No scenario changes the number of " + strings.Join(same, " or ") + " at home at any time; their charts are left out."
	}
	diff.charts = append(diff.charts,
		c.diffChart("health_workers_per_10k", "Additional health workers per 10,000 population"),
		c.diffChart("emigrants", "Additional emigrants abroad"),
		c.diffChart("enrolments", "Additional enrolments"),
		c.diffChart("remittances", "Additional remittances received"),
	)
	if c.anyPositive("policy_cost") {
		diff.charts = append(diff.charts, c.diffChart("policy_cost", "Additional policy cost"))
	}

	work := compareSection{
		title: "Workforce",
		intro: "Each scenario in its own colour on shared axes: the line is the mean over the replicates, the band its 95% confidence interval (cut at zero, since counts cannot be negative).",
		charts: []compareChart{
			c.overlayChart("skilled_home", "Skilled at home", "Workers at home and returnees, all sectors.", nil),
			c.overlayChart("workers_home", "Workers at home (never emigrated)", "Trained workers at home who never emigrated, all sectors.", nil),
			c.overlayChart("returnees", "Returnees at home", "Trained workers at home after a spell abroad, all sectors.", nil),
			c.overlayChart("emigrants", "Emigrants abroad", "The diaspora, all sectors.", nil),
		},
	}
	if c.anyPositive("temporary_fte") {
		work.charts = append(work.charts, c.overlayChart("temporary_fte", "Temporary returnees on assignment at home",
			"Members of the diaspora working at home on temporary-return assignments, full-time equivalents.", nil))
	}
	bySector := compareSection{title: "By sector"}
	for _, sec := range c.scs[c.base].Sectors {
		bySector.charts = append(bySector.charts,
			c.overlayChart("workers_home."+sec.Name, "Workers at home: "+sec.Name, "Trained "+sec.Name+"s at home who never emigrated.", nil),
			c.overlayChart("emigrants."+sec.Name, "Emigrants abroad: "+sec.Name, "Trained "+sec.Name+"s abroad.", nil),
		)
	}
	health := compareSection{
		title: "Health",
		charts: []compareChart{
			c.overlayChart("health_workers_per_10k", "Health workers per 10,000 population",
				"Workers and returnees at home in the health sectors per 10,000 population. Dashed lines: the WHO thresholds of 44.5 (SDG index) and 49 (2023 safeguards list).", whoRefs),
			c.overlayChart("emigration_rate", "Skilled emigration rate",
				"Emigrants / (skilled at home + emigrants), the Docquier-Marfouk definition.", nil),
		},
	}
	edu := compareSection{
		title: "Education",
		charts: []compareChart{
			c.overlayChart("enrolments", "Enrolments", "Entrants to training, all sectors."+flows, nil),
			c.overlayChart("graduates", "Graduates", "Persons completing training, all sectors."+flows, nil),
			c.overlayChart("tertiary_share", "Tertiary share of the cohort", "Share of the latest youth cohort that entered training.", nil),
			c.overlayChart("education_quality", "Education quality", "Quality of education at home (1 = full quality).", nil),
		},
	}
	rem := compareSection{
		title: "Remittances",
		charts: []compareChart{
			c.overlayChart("remittances", "Remittances received", "Received by households at home, net of corridor fees."+flows, nil),
			c.overlayChart("remittances_education", "Remittances spent on education", "By households and collective projects, with any public match."+flows, nil),
			c.overlayChart("remittances_health", "Remittances spent on health", "By households and collective projects, with any public match."+flows, nil),
			c.overlayChart("corridor_fees", "Corridor fees", "Fees paid on remittances."+flows, nil),
		},
	}
	sections := []compareSection{diff, work, bySector, health, edu, rem}
	if c.anyPositive("policy_cost") {
		sections = append(sections, compareSection{title: "Policy cost", charts: []compareChart{
			c.overlayChart("policy_cost", "Fiscal cost of the policies", "Public cost of all policies, net of buy-out revenue."+flows, nil),
		}})
	}
	return sections
}

// compareManifest is the manifest.json of a comparison: the comparison, and
// one run manifest per scenario.
type compareManifest struct {
	Command     string             `json:"command"`
	Baseline    string             `json:"baseline"`
	Seed        uint64             `json:"seed"`
	Replicates  int                `json:"replicates"`
	Runs        []*output.Manifest `json:"runs"`
	WallSeconds float64            `json:"wall_seconds"`
	Files       []string           `json:"files"`
}

// write writes every output of the comparison into dir and returns the
// names written, relative to dir.
func (c *comparison) write(dir, cmd string, workers int, start time.Time) ([]string, error) {
	var files []string
	writeFile := func(name string, f func(io.Writer) error) error {
		if err := output.WriteFileAtomic(filepath.Join(dir, name), f); err != nil {
			return err
		}
		files = append(files, name)
		return nil
	}
	for s, sum := range c.sums {
		if err := writeFile("summary_"+fileSafe(c.labels[s])+".csv", func(w io.Writer) error { return output.WriteSummary(w, sum) }); err != nil {
			return nil, err
		}
	}
	for _, s := range c.others() {
		if err := writeFile("difference_"+fileSafe(c.labels[s])+".csv", func(w io.Writer) error { return output.WriteSummary(w, c.diffs[s]) }); err != nil {
			return nil, err
		}
	}
	if err := writeFile("headline.csv", c.headline.WriteCSV); err != nil {
		return nil, err
	}
	if err := writeFile("headline.md", c.headline.WriteMarkdown); err != nil {
		return nil, err
	}

	sections := c.charts()
	var jobs []job
	for _, sec := range sections {
		for _, ch := range sec.charts {
			jobs = append(jobs, job{file: ch.file, build: ch.build})
		}
	}
	rendered, err := renderAll(dir, jobs)
	if err != nil {
		return nil, err
	}
	for _, r := range rendered {
		files = append(files, r.files...)
	}

	version, revision, modified := output.BuildInfo()
	m := &compareManifest{
		Command: cmd, Baseline: c.labels[c.base],
		Seed: c.scs[c.base].Seed, Replicates: c.scs[c.base].Replicates,
	}
	for s, sc := range c.scs {
		rm := &output.Manifest{
			Scenario: c.paths[s], Name: sc.Name, Seed: sc.Seed, Replicates: sc.Replicates,
			Workers: workers, Agents: sc.Agents, Steps: sc.Steps(), Overrides: sc.Overrides,
			Version: version, Revision: revision, Modified: modified,
			GoVersion: runtime.Version(), Start: start.UTC().Truncate(time.Second),
			Files: []string{"summary_" + fileSafe(c.labels[s]) + ".csv"},
		}
		if rm.Overrides == nil {
			rm.Overrides = []string{}
		}
		if s != c.base {
			rm.Files = append(rm.Files, "difference_"+fileSafe(c.labels[s])+".csv")
		}
		if rm.ScenarioSHA256, err = output.FileSHA256(c.paths[s]); err != nil {
			return nil, err
		}
		m.Runs = append(m.Runs, rm)
	}
	files = append(files, "report.html")
	m.Files = append(append([]string(nil), files...), "manifest.json")

	rep := &outreport.Report{
		Title:     "brainsim: " + strings.Join(otherLabels(c), ", ") + " against " + c.labels[c.base],
		Command:   cmd,
		Headline:  c.headline,
		Scenarios: c.scs,
		Labels:    c.labels,
		Baseline:  c.base,
		Manifests: m.Runs,
		Files:     m.Files,
	}
	k := 0
	for _, sec := range sections {
		rs := outreport.Section{Title: sec.title, Intro: sec.intro}
		for _, ch := range sec.charts {
			rs.Charts = append(rs.Charts, outreport.Chart{Title: ch.title, Caption: ch.caption, SVG: rendered[k].svg, Files: rendered[k].files})
			k++
		}
		rep.Sections = append(rep.Sections, rs)
	}
	if err := output.WriteFileAtomic(filepath.Join(dir, "report.html"), func(w io.Writer) error {
		return outreport.WriteHTML(w, rep)
	}); err != nil {
		return nil, err
	}
	m.WallSeconds = time.Since(start).Seconds()
	files = append(files, "manifest.json")
	if err := output.WriteFileAtomic(filepath.Join(dir, "manifest.json"), func(w io.Writer) error {
		b, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}); err != nil {
		return nil, err
	}
	return files, nil
}

func otherLabels(c *comparison) []string {
	var ls []string
	for _, s := range c.others() {
		ls = append(ls, c.labels[s])
	}
	return ls
}

// writeCompareHeadline prints, at the last headline year, each scenario's
// difference to the baseline in the main indicators and its cost per
// additional skilled worker at home.
func writeCompareHeadline(w io.Writer, h *outreport.Headline) {
	if len(h.Years) == 0 {
		return
	}
	y := len(h.Years) - 1
	fmt.Fprintf(w, "at %d, difference to %s (mean [95%% interval] of %d paired replicates):\n", h.Years[y], h.Scenarios[h.Baseline], h.Replicates)
	for s, name := range h.Scenarios {
		if s == h.Baseline {
			continue
		}
		fmt.Fprintf(w, "  %s:\n", name)
		for m, metric := range h.Metrics {
			d := h.Cells[y][m][s].Diff
			fmt.Fprintf(w, "    %-24s %12s [%s, %s] %s\n", metric.Name, signedShort(d.Mean), short(d.Lo), short(d.Hi), metric.Unit)
		}
		if h.Costs != nil {
			c := h.Costs[y][s]
			if c.PerWorker.N == 0 {
				fmt.Fprintf(w, "    %-24s %12s (not more skilled at home in %d of %d replicates)\n", "cost per extra skilled", "n/a", c.NonPositive, h.Replicates)
			} else {
				fmt.Fprintf(w, "    %-24s %12s [%s, %s] USD PPP per person\n", "cost per extra skilled", short(c.PerWorker.Mean), short(c.PerWorker.Lo), short(c.PerWorker.Hi))
			}
		}
	}
}

// signedShort is short with a "+" before a positive number.
func signedShort(v float64) string {
	if v > 0 {
		return "+" + short(v)
	}
	return short(v)
}
