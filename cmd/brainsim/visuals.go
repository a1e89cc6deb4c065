package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	gplot "gonum.org/v1/plot"

	"brainsim/output"
	"brainsim/output/plot"
	outreport "brainsim/output/report"
	"brainsim/scenarios"
)

// plotsDir is the folder, inside an output folder, that holds the charts.
const plotsDir = "plots"

// whoRefs are the WHO thresholds of health-worker density, doctors, nurses
// and midwives per 10,000 population: 44.5, the SDG index threshold (WHO
// 2016, Global Strategy on Human Resources for Health: Workforce 2030), and
// 49, below which a country is on the 2023 health workforce support and
// safeguards list.
var whoRefs = []plot.Reference{
	{Label: "WHO SDG index threshold, 44.5", Value: 44.5},
	{Label: "WHO safeguards list (2023), 49", Value: 49},
}

// series is one metric drawn on a chart, with its legend entry.
type series struct {
	metric, label string
}

// chartSpec is one chart of a run: a family of metrics in one unit.
type chartSpec struct {
	file    string // base name under plots/, without extension
	title   string // first line of the chart's title
	yLabel  string // y axis title, with the unit
	series  []series
	refs    []plot.Reference
	caption string // for the report
}

// chartSection groups charts under a heading of the report.
type chartSection struct {
	title, intro string
	charts       []chartSpec
}

// renderedChart is a chart saved as PNG and SVG.
type renderedChart struct {
	files []string // relative to the output folder: the PNG, then the SVG
	svg   []byte
}

// yLabels of the charts, by metric unit.
var yLabels = map[string]string{
	"persons":               "persons",
	"persons/year":          "persons per year",
	"USD PPP/year":          "USD PPP per year",
	"share":                 "share",
	"per 10,000 population": "health workers per 10,000 population",
	"full-time equivalents": "full-time equivalents",
}

// yLabelOf returns the y axis title for a metric's unit.
func yLabelOf(unit string) string {
	if l, ok := yLabels[unit]; ok {
		return l
	}
	return unit
}

// bandLine is the second line of every chart title: what the line and the
// band are.
func bandLine(reps int) string {
	if reps == 1 {
		return "one replicate, no interval"
	}
	return fmt.Sprintf("mean and 95%% interval over %d replicates", reps)
}

// runCharts chooses the charts of a run of sc.
func runCharts(sc *scenarios.Scenario, sum *output.Summary) []chartSection {
	flowNote := "Flows are sums over the trailing year, drawn from the end of the first year."
	sections := []chartSection{{
		title: "Workforce",
		intro: "Trained persons at home and abroad: the line is the mean over the replicates, the shaded band its 95% confidence interval (cut at zero, since counts cannot be negative).",
		charts: []chartSpec{{
			file: "workforce", title: "Skilled workforce at home and abroad", yLabel: "persons",
			series: []series{
				{"workers_home", "Workers at home"},
				{"returnees", "Returnees at home"},
				{"emigrants", "Emigrants abroad"},
			},
			caption: "Trained workers at home who never emigrated, returnees at home after a spell abroad, and the diaspora, all sectors.",
		}},
	}}
	for _, s := range sc.Sectors {
		sections[0].charts = append(sections[0].charts, chartSpec{
			file: "sector_" + fileSafe(s.Name), title: "Workforce: " + s.Name, yLabel: "persons",
			series: []series{
				{"workers_home." + s.Name, "Workers at home"},
				{"returnees." + s.Name, "Returnees at home"},
				{"emigrants." + s.Name, "Emigrants abroad"},
			},
			caption: "Trained " + s.Name + "s at home and abroad.",
		})
	}
	if anyPositive(sum, "temporary_fte") {
		c := chartSpec{
			file: "temporary_fte", title: "Temporary returnees on assignment at home", yLabel: "full-time equivalents",
			series:  []series{{"temporary_fte", "All sectors"}},
			caption: "Members of the diaspora working at home on temporary-return assignments, in full-time equivalents.",
		}
		for _, s := range sc.Sectors {
			if anyPositive(sum, "temporary_fte."+s.Name) {
				c.series = append(c.series, series{"temporary_fte." + s.Name, s.Name})
			}
		}
		sections[0].charts = append(sections[0].charts, c)
	}
	sections = append(sections,
		chartSection{
			title: "Health",
			charts: []chartSpec{{
				file: "health", title: "Health workers per 10,000 population", yLabel: yLabelOf("per 10,000 population"),
				series: []series{{"health_workers_per_10k", "Health workers at home"}},
				refs:   whoRefs,
				caption: "Workers and returnees at home in the health sectors per 10,000 population. Dashed lines: the WHO thresholds of " +
					"44.5 doctors, nurses and midwives per 10,000 (SDG index) and 49 (the 2023 health workforce support and safeguards list).",
			}},
		},
		chartSection{
			title: "Education",
			charts: []chartSpec{
				{
					file: "education", title: "Enrolments and graduates", yLabel: "persons per year",
					series:  []series{{"enrolments", "Enrolments"}, {"graduates", "Graduates"}},
					caption: "Entrants to training and graduates, all sectors. " + flowNote,
				},
				{
					file: "education_quality", title: "Tertiary share and education quality", yLabel: "share; index (1 = full quality)",
					series:  []series{{"tertiary_share", "Tertiary share of the cohort"}, {"education_quality", "Education quality"}},
					caption: "Share of the latest youth cohort that entered training, and the quality of education at home (1 = full quality).",
				},
			},
		},
		chartSection{
			title: "Remittances",
			charts: []chartSpec{{
				file: "remittances", title: "Remittances", yLabel: "USD PPP per year",
				series: []series{
					{"remittances", "Received, net of fees"},
					{"remittances_education", "Spent on education"},
					{"remittances_health", "Spent on health"},
					{"corridor_fees", "Corridor fees"},
				},
				caption: "Remittances received by households at home, the parts spent on education and health, and the fees paid on the corridors. " + flowNote,
			}},
		},
	)
	if len(sc.Policies) > 0 {
		c := chartSpec{
			file: "policy_cost", title: "Fiscal cost of the policies", yLabel: "USD PPP per year",
			series:  []series{{"policy_cost", "All policies"}},
			caption: "Public cost of the policies, net of buy-out revenue. " + flowNote,
		}
		if len(sc.Policies) > 1 {
			for _, m := range sum.Metrics {
				if name, ok := strings.CutPrefix(m.Name, "policy_cost."); ok {
					c.series = append(c.series, series{m.Name, name})
				}
			}
		}
		sections = append(sections, chartSection{title: "Policy cost", charts: []chartSpec{c}})
	}
	return sections
}

// anyPositive reports whether the named metric's mean is positive at some
// row of s.
func anyPositive(s *output.Summary, metric string) bool {
	m := output.MetricIndex(s.Metrics, metric)
	if m < 0 {
		return false
	}
	for i := range s.Mean {
		if s.Mean[i][m] > 0 {
			return true
		}
	}
	return false
}

// fileSafe returns name with every character other than ASCII letters,
// digits, '-', '_' and '.' replaced by '_', for use in a file name.
func fileSafe(name string) string {
	b := []byte(name)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			b[i] = '_'
		}
	}
	if s := string(b); s != "" && s != "." && s != ".." {
		return s
	}
	return "_"
}

// summaryBand returns the band of a metric of s, with the rows of the first,
// partial year left out for a flow (a unit per year: its trailing-year sum
// covers less than a year there). With clamp, the band's lower edge is cut
// at zero: a quantity that cannot be negative (a stock of persons, a share)
// gets an interval that can, from few replicates, and an axis extended below
// zero would only squeeze the data.
func summaryBand(s *output.Summary, metric, label string, stepsPerYear int, clamp bool) (plot.Band, bool) {
	b, ok := plot.FromSummary(s, metric, label)
	if !ok {
		return b, false
	}
	m := output.MetricIndex(s.Metrics, metric)
	maskPartialYear(&b, s.Metrics[m].Unit, s.Step, stepsPerYear)
	if clamp {
		for i, lo := range b.Lo {
			if lo < 0 {
				b.Lo[i] = 0
			}
		}
	}
	return b, true
}

// nonNegative reports whether a metric cannot be negative: all of them but
// the policy costs, which are net of buy-out revenue.
func nonNegative(metric string) bool {
	return !strings.HasPrefix(metric, "policy_cost")
}

// maskPartialYear sets b's values to NaN (not drawn) at the rows before the
// first full year, if unit is a flow per year.
func maskPartialYear(b *plot.Band, unit string, steps []int, stepsPerYear int) {
	if !strings.HasSuffix(unit, "/year") {
		return
	}
	nan := math.NaN()
	for i, st := range steps {
		if st >= stepsPerYear {
			break
		}
		b.Mean[i] = nan
		if b.Lo != nil {
			b.Lo[i], b.Hi[i] = nan, nan
		}
	}
}

// buildRunChart draws one chart of a run.
func buildRunChart(c chartSpec, sum *output.Summary, stepsPerYear int) (*gplot.Plot, error) {
	var bands []plot.Band
	for _, s := range c.series {
		if b, ok := summaryBand(sum, s.metric, s.label, stepsPerYear, nonNegative(s.metric)); ok {
			bands = append(bands, b)
		}
	}
	return plot.Bands(c.title+"\n"+bandLine(sum.Replicates), c.yLabel, bands, c.refs)
}

// job is a chart to draw and save.
type job struct {
	file  string // base name under plots/
	build func() (*gplot.Plot, error)
}

// renderAll draws and saves the charts of jobs under dir/plots, two at a
// time, and returns them in order.
func renderAll(dir string, jobs []job) ([]renderedChart, error) {
	if err := os.MkdirAll(filepath.Join(dir, plotsDir), 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	out := make([]renderedChart, len(jobs))
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, 2) // PNG rendering is CPU-bound; two keeps a laptop responsive
	var wg sync.WaitGroup
	for k, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			p, err := j.build()
			if err != nil {
				errs[k] = err
				return
			}
			out[k], errs[k] = saveChart(dir, j.file, p)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// saveChart writes p as dir/plots/name.png and .svg, each atomically, and
// returns their names relative to dir and the SVG's bytes.
func saveChart(dir, name string, p *gplot.Plot) (renderedChart, error) {
	var svg bytes.Buffer
	if err := plot.WriteSVG(&svg, p, plot.Width, plot.Height); err != nil {
		return renderedChart{}, err
	}
	png := filepath.ToSlash(filepath.Join(plotsDir, name+".png"))
	svgName := filepath.ToSlash(filepath.Join(plotsDir, name+".svg"))
	if err := plot.Save(p, filepath.Join(dir, png), plot.Width, plot.Height); err != nil {
		return renderedChart{}, err
	}
	if err := output.WriteFileAtomic(filepath.Join(dir, svgName), func(w io.Writer) error {
		_, err := w.Write(svg.Bytes())
		return err
	}); err != nil {
		return renderedChart{}, err
	}
	return renderedChart{files: []string{png, svgName}, svg: svg.Bytes()}, nil
}

// writeVisuals writes the plots and the report of a run into dir and returns
// the names of the files written, relative to dir.
func writeVisuals(dir string, sc *scenarios.Scenario, sum *output.Summary, m *output.Manifest) ([]string, error) {
	sections := runCharts(sc, sum)
	var jobs []job
	for _, s := range sections {
		for _, c := range s.charts {
			jobs = append(jobs, job{file: c.file, build: func() (*gplot.Plot, error) { return buildRunChart(c, sum, sc.StepsPerYear) }})
		}
	}
	rendered, err := renderAll(dir, jobs)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, r := range rendered {
		files = append(files, r.files...)
	}

	rep := &outreport.Report{
		Title:     "brainsim: " + sc.Name,
		Command:   runCommand(m),
		Headline:  outreport.FromSummary(sc.Name, sum, sc.StartYear),
		Scenarios: []*scenarios.Scenario{sc},
		Baseline:  -1,
	}
	k := 0
	for _, s := range sections {
		sec := outreport.Section{Title: s.title, Intro: s.intro}
		for _, c := range s.charts {
			sec.Charts = append(sec.Charts, outreport.Chart{Title: c.title, Caption: c.caption, SVG: rendered[k].svg, Files: rendered[k].files})
			k++
		}
		rep.Sections = append(rep.Sections, sec)
	}
	files = append(files, "report.html")
	if m != nil {
		mc := *m
		mc.Files = append(append(append([]string(nil), m.Files...), files...), "manifest.json")
		rep.Manifests = []*output.Manifest{&mc}
		rep.Files = mc.Files
	}
	if err := output.WriteFileAtomic(filepath.Join(dir, "report.html"), func(w io.Writer) error {
		return outreport.WriteHTML(w, rep)
	}); err != nil {
		return nil, err
	}
	return files, nil
}

// runCommand returns a command line that repeats the run m records.
func runCommand(m *output.Manifest) string {
	if m == nil || m.Scenario == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("brainsim run " + shellQuote(m.Scenario))
	for _, o := range m.Overrides {
		b.WriteString(" --set " + shellQuote(o))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
