package charts

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	gplot "gonum.org/v1/plot"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/output/report"
	"github.com/brainsim/brainsim/results"
)

// Comparison holds the runs of scenarios compared with one of them, the
// baseline, and what is derived from them: each scenario's summary, the
// summary of its per-replicate differences to the baseline and the
// headline indicators. The runs are meant to share their random numbers
// (the same seed and replicates), so that replicate r of every scenario
// pairs up with replicate r of the baseline.
type Comparison struct {
	scs    []*model.Scenario
	labels []string
	paths  []string
	base   int // index of the baseline
	runs   []*results.Timeseries
	sums   []*results.Summary
	// diffs[s] summarizes the per-replicate differences of scenario s to
	// the baseline; nil for the baseline.
	diffs    []*results.Summary
	headline *report.Headline
	draws    int         // parameter draws (SetDraws); 0 for none
	extra    []extraFile // more files for Write (AddFile)
}

// extraFile is a file AddFile adds to a comparison's outputs.
type extraFile struct {
	name  string
	write func(io.Writer) error
}

// AddFile adds a file, name relative to the output folder, that Write
// writes with write and lists in the manifest, such as draws.csv.
func (c *Comparison) AddFile(name string, write func(io.Writer) error) {
	c.extra = append(c.extra, extraFile{name, write})
}

// NewComparison summarizes runs, where runs[i] is the result of scenario
// scs[i], loaded from the file paths[i] and labelled labels[i] on the
// charts, in the report and in file names, and computes the differences of
// every scenario to scs[baseline] and the headline indicators. The labels
// must be distinct. It returns an error if a run's replicates, steps or
// years differ from the baseline's.
//
// It panics if scs, labels, paths and runs differ in length or baseline is
// not an index of them.
func NewComparison(scs []*model.Scenario, labels, paths []string, baseline int, runs []*results.Timeseries) (*Comparison, error) {
	n := len(scs)
	if len(labels) != n || len(paths) != n || len(runs) != n {
		panic(fmt.Sprintf("charts: %d scenarios, %d labels, %d paths and %d runs", n, len(labels), len(paths), len(runs)))
	}
	if baseline < 0 || baseline >= n {
		panic(fmt.Sprintf("charts: baseline %d of %d scenarios", baseline, n))
	}
	c := &Comparison{scs: scs, labels: labels, paths: paths, base: baseline, runs: runs}
	c.sums = make([]*results.Summary, n)
	c.diffs = make([]*results.Summary, n)
	for s, ts := range c.runs {
		c.sums[s] = results.Summarize(ts)
		if s == c.base {
			continue
		}
		d, err := results.Difference(ts, c.runs[c.base])
		if err != nil {
			return nil, fmt.Errorf("compare %s with %s: %w", c.labels[s], c.labels[c.base], err)
		}
		c.diffs[s] = results.Summarize(d)
	}
	h, err := report.Compare(c.labels, c.runs, c.base, c.scs[c.base].StartYear)
	if err != nil {
		return nil, err
	}
	c.headline = h
	return c, nil
}

// SetDraws marks the runs as draws parameter draws pooled by results.Pool,
// where u[d][j] is the quantile of params[j] at draw d: the summaries and
// differences gain the split into parameter and stochastic parts
// (results.SummarizeDraws), the headline the split of its differences and
// their drivers (report.AddUncertainty), and Write writes
// headline_uncertainty.csv.
func (c *Comparison) SetDraws(draws int, params []string, u [][]float64) error {
	c.draws = draws
	for s, ts := range c.runs {
		c.sums[s] = results.SummarizeDraws(ts, draws)
		if s == c.base {
			continue
		}
		d, err := results.Difference(ts, c.runs[c.base])
		if err != nil {
			return fmt.Errorf("compare %s with %s: %w", c.labels[s], c.labels[c.base], err)
		}
		c.diffs[s] = results.SummarizeDraws(d, draws)
	}
	return report.AddUncertainty(c.headline, c.runs, draws, params, u)
}

// Headline returns the headline indicators of the comparison.
func (c *Comparison) Headline() *report.Headline { return c.headline }

// others returns the indices of the scenarios other than the baseline.
func (c *Comparison) others() []int {
	var s []int
	for i := range c.scs {
		if i != c.base {
			s = append(s, i)
		}
	}
	return s
}

// otherLabels returns the labels of the scenarios other than the baseline.
func (c *Comparison) otherLabels() []string {
	var ls []string
	for _, s := range c.others() {
		ls = append(ls, c.labels[s])
	}
	return ls
}

// records reports whether scenario s is expected to record metric, broken
// down by sector ("" for a metric that is not): a scenario without that
// sector does not, and is left out of the metric's charts; every scenario
// records every other metric, and one that does not is an error.
func (c *Comparison) records(s int, sector string) bool {
	if sector == "" {
		return true
	}
	return slices.ContainsFunc(c.scs[s].Sectors, func(x model.Sector) bool { return x.Name == sector })
}

// overlayBands returns the bands of metric, broken down by sector ("" for
// none), for every scenario expected to record it, each in its scenario's
// colour and labelled with its label. It returns an error if one of them
// does not.
func (c *Comparison) overlayBands(metric, sector string) ([]plot.Band, error) {
	var bands []plot.Band
	for s, sum := range c.sums {
		if !c.records(s, sector) {
			continue
		}
		b, err := summaryBand(sum, metric, c.labels[s], c.scs[s].StepsPerYear, true)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.labels[s], err)
		}
		b.Color = plot.SeriesColor(s)
		bands = append(bands, b)
	}
	return bands, nil
}

// diffBands returns, for every scenario other than the baseline expected to
// record metric (broken down by sector, "" for none), the mean of its
// per-replicate differences to the baseline in metric and the 95%
// t-interval of those differences, in its scenario's colour. It returns an
// error if one of them does not record it.
func (c *Comparison) diffBands(metric, sector string) ([]plot.Band, error) {
	var bands []plot.Band
	for _, s := range c.others() {
		if !c.records(s, sector) {
			continue
		}
		label := c.labels[s] + " − " + c.labels[c.base]
		b, err := summaryBand(c.diffs[s], metric, label, c.scs[s].StepsPerYear, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		b.Color = plot.SeriesColor(s)
		bands = append(bands, b)
	}
	return bands, nil
}

// anyPositive reports whether some scenario's mean of metric, a total, is
// positive. It returns an error if a scenario does not record metric.
func (c *Comparison) anyPositive(metric string) (bool, error) {
	any := false
	for s, sum := range c.sums {
		pos, err := anyPositive(sum, metric)
		if err != nil {
			return false, fmt.Errorf("%s: %w", c.labels[s], err)
		}
		any = any || pos
	}
	return any, nil
}

// anyDifference reports whether some scenario differs from the baseline
// in metric, broken down by sector ("" for none), in some replicate at some
// row. It returns an error if a scenario expected to record it does not.
func (c *Comparison) anyDifference(metric, sector string) (bool, error) {
	for s, d := range c.diffs {
		if d == nil || !c.records(s, sector) {
			continue
		}
		m := results.MetricIndex(d.Metrics, metric)
		if m < 0 {
			return false, fmt.Errorf("charts: %s: %w", c.labels[s], missing(d.Metrics, metric))
		}
		for i := range d.Mean {
			if d.Mean[i][m] != 0 || d.SD[i][m] != 0 {
				return true, nil
			}
		}
	}
	return false, nil
}

// unitOf returns the unit of a metric, "" if no run records it.
func (c *Comparison) unitOf(metric string) string {
	for _, s := range c.sums {
		if m := results.MetricIndex(s.Metrics, metric); m >= 0 {
			return s.Metrics[m].Unit
		}
	}
	return ""
}

// diffLine is the second line of the title of a difference chart of c:
// with parameter draws, the band is the total interval.
func (c *Comparison) diffLine() string {
	if sp := c.sums[c.base].Split; sp != nil {
		return fmt.Sprintf("paired differences: mean, 95%% total interval (light), stochastic part (dark); %d draws x %d replicates", sp.Draws, sp.PerDraw)
	}
	return diffLine(c.sums[c.base].Replicates)
}

// diffBandText says what the band of a difference chart of c is.
func (c *Comparison) diffBandText() string {
	if c.sums[c.base].Split != nil {
		return "the light band is the 95% total interval of the paired differences over parameter draws and replicates, the dark band its stochastic part"
	}
	return "the band is the 95% t-interval of the paired differences"
}

// diffLine is the second line of a difference chart's title.
func diffLine(reps int) string {
	return fmt.Sprintf("mean and 95%% interval of the paired differences over %d replicates", reps)
}

// diffChart is the chart of the difference to the baseline in metric, a
// total.
func (c *Comparison) diffChart(metric, title string) chart {
	return c.sectorDiffChart(metric, "", title)
}

// sectorDiffChart is the chart of the difference to the baseline in metric,
// broken down by sector ("" for a total). When no scenario differs from the
// baseline in metric, in any replicate at any row, the chart is skipped
// with a sentence saying so.
func (c *Comparison) sectorDiffChart(metric, sector, title string) chart {
	unit := c.unitOf(metric)
	n := c.notes(metric, sector, false)
	ch := chart{
		file:  "difference_" + FileSafe(metric),
		title: title,
		caption: fmt.Sprintf("%s, scenario minus %s, replicate by replicate (the runs share their random numbers); "+
			"%s. Above the dashed zero line the scenario has more.", report.Label(metric), c.labels[c.base], c.diffBandText()) + n.caption(),
		build: func() (*gplot.Plot, error) {
			bands, err := c.diffBands(metric, sector)
			if err != nil {
				return nil, err
			}
			p, err := plot.Bands(title+"\n"+c.diffLine(), "difference, "+yLabelOf(unit),
				bands, []plot.Reference{{Label: "no difference", Value: 0}})
			if err == nil && n.flow {
				p.X.Label.Text = flowXLabel
			}
			return p, err
		},
	}
	// An error is left for build to report, with the chart's context.
	if differs, err := c.anyDifference(metric, sector); err == nil && !differs {
		ch.skip = report.Label(metric) + ": identical in every replicate and year; no chart."
	}
	return ch
}

// notes returns the notes of the bands of metric, broken down by sector
// ("" for none), in the scenarios expected to record it: their summaries,
// or with clamp false (differences, which are never cut) only whether it
// is a flow. A scenario lacking metric is left for the chart's build to
// report.
func (c *Comparison) notes(metric, sector string, clamp bool) notes {
	var n notes
	for s, sum := range c.sums {
		if !c.records(s, sector) {
			continue
		}
		sn, err := bandNotes(sum, []string{metric}, c.scs[s].StepsPerYear)
		if err != nil {
			continue
		}
		if !clamp {
			sn.clamped = false
		}
		n = n.or(sn)
	}
	return n
}

// overlayChart is the chart of metric, a total, in every scenario, on
// shared axes.
func (c *Comparison) overlayChart(metric, title, caption string, refs []plot.Reference) chart {
	return c.sectorOverlayChart(metric, "", title, caption, refs)
}

// sectorOverlayChart is the chart of metric, broken down by sector ("" for
// a total), in every scenario that has the sector, on shared axes. When
// metric is zero in every one of them, in every replicate at every row, the
// chart is skipped with a sentence saying so.
func (c *Comparison) sectorOverlayChart(metric, sector, title, caption string, refs []plot.Reference) chart {
	unit := c.unitOf(metric)
	n := c.notes(metric, sector, true)
	ch := chart{
		file: "overlay_" + FileSafe(metric), title: title, caption: caption + n.caption(),
		build: func() (*gplot.Plot, error) {
			bands, err := c.overlayBands(metric, sector)
			if err != nil {
				return nil, err
			}
			p, err := plot.Bands(title+"\n"+summaryLine(c.sums[c.base]), yLabelOf(unit), bands, refs)
			if err == nil && n.flow {
				p.X.Label.Text = flowXLabel
			}
			return p, err
		},
	}
	zero := true
	for s, sum := range c.sums {
		if !c.records(s, sector) {
			continue
		}
		if z, err := zeroThroughout(sum, metric); err != nil || !z {
			zero = false // an error is left for build to report
			break
		}
	}
	if zero {
		ch.skip = title + ": zero in every scenario, replicate and year; no chart."
	}
	return ch
}

// charts chooses the charts of the comparison: the differences to the
// baseline first, then every scenario overlaid by family. The charts of a
// sector are those of the baseline's sectors, drawn for the scenarios that
// have it; the charts of temporary returns and policy costs are optional,
// drawn if some scenario has any. It returns an error naming a metric a
// scenario was expected to record and did not.
func (c *Comparison) charts() ([]section, error) {
	diff := section{
		title: "Difference to the baseline",
		intro: "What each scenario changes against " + c.labels[c.base] + ": the line is the mean of the per-replicate differences, the band their 95% interval. " +
			"An interval clear of zero is a difference the replicates agree on.",
		charts: []chart{c.diffChart(results.SkilledHome, "Additional skilled workers at home")},
	}
	var same []string
	for _, sec := range c.scs[c.base].Sectors {
		name := results.BySector(results.SkilledHome, sec.Name)
		differs, err := c.anyDifference(name, sec.Name)
		if err != nil {
			return nil, err
		}
		if !differs {
			same = append(same, sec.Name+"s")
			continue
		}
		diff.charts = append(diff.charts, c.sectorDiffChart(name, sec.Name, "Additional "+sec.Name+"s at home"))
	}
	if len(same) > 0 {
		diff.intro += " No scenario changes the number of " + strings.Join(same, " or ") + " at home at any time; their charts are left out."
	}
	diff.charts = append(diff.charts,
		c.diffChart(results.HealthWorkersPer10k, "Additional health workers per 10,000 population"),
		c.diffChart(results.Emigrants, "Additional emigrants abroad"),
		c.diffChart(results.Enrolments, "Additional enrolments"),
		c.diffChart(results.Remittances, "Additional remittances received"),
	)
	// A cost net of buy-out revenue can be negative: any cost but zero
	// throughout is charted.
	cost := false
	for s, sum := range c.sums {
		z, err := zeroThroughout(sum, results.PolicyCost)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.labels[s], err)
		}
		cost = cost || !z
	}
	if cost {
		diff.charts = append(diff.charts, c.diffChart(results.PolicyCost, "Additional policy cost"))
	}

	work := section{
		title: "Workforce",
		intro: "Each scenario in its own colour on shared axes: the line is the mean over the replicates, the band its 95% confidence interval.",
		charts: []chart{
			c.overlayChart(results.SkilledHome, "Skilled at home", "Workers at home and returnees, all sectors.", nil),
			c.overlayChart(results.WorkersHome, "Workers at home (never emigrated)", "Trained workers at home who never emigrated, all sectors.", nil),
			c.overlayChart(results.Returnees, "Returnees at home", "Trained workers at home after a spell abroad, all sectors.", nil),
			c.overlayChart(results.Emigrants, "Emigrants abroad", "The diaspora, all sectors.", nil),
		},
	}
	fte, err := c.anyPositive(results.TemporaryFTE)
	if err != nil {
		return nil, err
	}
	if fte {
		work.charts = append(work.charts, c.overlayChart(results.TemporaryFTE, "Temporary returnees on assignment at home",
			"Members of the diaspora working at home on temporary-return assignments, full-time equivalents.", nil))
	}
	bySector := section{title: "By sector"}
	for _, sec := range c.scs[c.base].Sectors {
		bySector.charts = append(bySector.charts,
			c.sectorOverlayChart(results.BySector(results.WorkersHome, sec.Name), sec.Name, "Workers at home: "+sec.Name, "Trained "+sec.Name+"s at home who never emigrated.", nil),
			c.sectorOverlayChart(results.BySector(results.Emigrants, sec.Name), sec.Name, "Emigrants abroad: "+sec.Name, "Trained "+sec.Name+"s abroad.", nil),
		)
	}
	health := section{
		title: "Health",
		charts: []chart{
			c.overlayChart(results.HealthWorkersPer10k, "Health workers per 10,000 population",
				"Workers and returnees at home in the health sectors per 10,000 population. Dashed lines: the WHO thresholds of 44.5 (SDG index) and 49 (2023 safeguards list).", whoRefs),
			c.overlayChart(results.EmigrationRate, "Skilled emigration rate",
				"Emigrants / (skilled at home + emigrants), the Docquier-Marfouk definition.", nil),
		},
	}
	edu := section{
		title: "Education",
		charts: []chart{
			c.overlayChart(results.Enrolments, "Enrolments", "Entrants to training, all sectors.", nil),
			c.overlayChart(results.Graduates, "Graduates", "Persons completing training, all sectors.", nil),
			c.overlayChart(results.TertiaryShare, "Tertiary share of the cohort", "Share of the latest youth cohort that entered training.", nil),
			c.overlayChart(results.EducationQuality, "Education quality", "Quality of education at home (1 = full quality).", nil),
		},
	}
	rem := section{
		title: "Remittances",
		charts: []chart{
			c.overlayChart(results.Remittances, "Remittances received", "Received by households at home, net of corridor fees.", nil),
			c.overlayChart(results.RemittancesEducation, "Remittances spent on education", "By households and collective projects, with any public match.", nil),
			c.overlayChart(results.RemittancesHealth, "Remittances spent on health", "By households and collective projects, with any public match.", nil),
			c.overlayChart(results.CorridorFees, "Corridor fees", "Fees paid on remittances.", nil),
		},
	}
	sections := []section{diff, work, bySector, health, edu, rem}
	if cost {
		sections = append(sections, section{title: "Policy cost", charts: []chart{
			c.overlayChart(results.PolicyCost, "Fiscal cost of the policies", "Public cost of all policies, net of buy-out revenue.", nil),
		}})
	}
	return sections, nil
}

// manifest is the manifest.json of a comparison: the comparison, and one
// run manifest per scenario.
type manifest struct {
	Command     string             `json:"command"`
	Baseline    string             `json:"baseline"`
	Seed        uint64             `json:"seed"`
	Replicates  int                `json:"replicates"`
	Draws       int                `json:"draws,omitempty"` // parameter draws of Replicates each; 0 for none
	Runs        []*output.Manifest `json:"runs"`
	WallSeconds float64            `json:"wall_seconds"`
	Files       []string           `json:"files"`
}

// Write writes every output of the comparison into dir, which must exist,
// and returns the names written, relative to dir: summary_LABEL.csv for
// every scenario, difference_LABEL.csv for every scenario but the
// baseline, headline.csv and headline.md, the PNG and the SVG of each
// chart under plots/, report.html and manifest.json.
//
// The report and the manifest record command, the command line of the
// comparison, and, for each run, workers, the goroutines it used, and
// start, when the runs started; the manifest's wall seconds run from start
// to when it is written.
func (c *Comparison) Write(dir, command string, workers int, start time.Time) ([]string, error) {
	var files []string
	writeFile := func(name string, f func(io.Writer) error) error {
		if err := output.WriteFileAtomic(filepath.Join(dir, name), f); err != nil {
			return err
		}
		files = append(files, name)
		return nil
	}
	for s, sum := range c.sums {
		if err := writeFile("summary_"+FileSafe(c.labels[s])+".csv", func(w io.Writer) error { return output.WriteSummary(w, sum) }); err != nil {
			return nil, err
		}
	}
	for _, s := range c.others() {
		if err := writeFile("difference_"+FileSafe(c.labels[s])+".csv", func(w io.Writer) error { return output.WriteSummary(w, c.diffs[s]) }); err != nil {
			return nil, err
		}
	}
	if err := writeFile("headline.csv", c.headline.WriteCSV); err != nil {
		return nil, err
	}
	for _, f := range c.extra {
		if err := writeFile(f.name, f.write); err != nil {
			return nil, err
		}
	}
	if err := writeFile("headline.md", c.headline.WriteMarkdown); err != nil {
		return nil, err
	}
	if c.headline.Uncertainty != nil {
		if err := writeFile("headline_uncertainty.csv", c.headline.WriteUncertaintyCSV); err != nil {
			return nil, err
		}
	}

	chosen, err := c.charts()
	if err != nil {
		return nil, err
	}
	for i := range chosen {
		chosen[i].intro += drawsNote(c.sums[c.base].Split)
	}
	sections, plots, err := draw(dir, chosen)
	if err != nil {
		return nil, err
	}
	files = append(files, plots...)

	m := &manifest{
		Command: command, Baseline: c.labels[c.base],
		Seed: c.scs[c.base].Seed, Replicates: c.scs[c.base].Replicates, Draws: c.draws,
	}
	for s, sc := range c.scs {
		rm, err := output.NewManifest(c.paths[s], sc, workers, start)
		if err != nil {
			return nil, err
		}
		rm.Draws = c.draws
		rm.Files = []string{"summary_" + FileSafe(c.labels[s]) + ".csv"}
		if s != c.base {
			rm.Files = append(rm.Files, "difference_"+FileSafe(c.labels[s])+".csv")
		}
		m.Runs = append(m.Runs, rm)
	}
	files = append(files, "report.html")
	m.Files = append(append([]string(nil), files...), "manifest.json")

	if err := writeReport(dir, &report.Report{
		Title:     "brainsim: " + strings.Join(c.otherLabels(), ", ") + " against " + c.labels[c.base],
		Command:   command,
		Headline:  c.headline,
		Sections:  sections,
		Scenarios: c.scs,
		Labels:    c.labels,
		Baseline:  c.base,
		Manifests: m.Runs,
		Files:     m.Files,
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
