package charts

import (
	gplot "gonum.org/v1/plot"

	"brainsim/model"
	"brainsim/output"
	"brainsim/output/plot"
	"brainsim/output/report"
	"brainsim/results"
)

// series is one metric drawn on a chart of a run, with its legend entry.
type series struct {
	metric, label string
}

// runChart is one chart of a run: a family of metrics in one unit.
type runChart struct {
	file    string // base name under plots/, without extension
	title   string // first line of the chart's title
	yLabel  string // y axis title, with the unit
	series  []series
	refs    []plot.Reference
	caption string // for the report
}

// runSection groups the charts of a run under a heading of the report.
type runSection struct {
	title, intro string
	charts       []runChart
}

// WriteRun draws the charts of a run of sc, summarized in sum, under
// dir/plots, writes them with the headline indicators, the scenario and
// the manifest m into dir/report.html, and returns the names of the files
// written, relative to dir: the PNG and the SVG of each chart, then
// report.html.
//
// The report shows command, the command line that repeats the run ("" for
// none), and m with its files completed by those written here and
// manifest.json, which WriteRun leaves to the caller; a nil m leaves the
// manifest out of the report.
func WriteRun(dir string, sc *model.Scenario, sum *results.Summary, m *output.Manifest, command string) ([]string, error) {
	var sections []section
	rcs, err := runCharts(sc, sum)
	if err != nil {
		return nil, err
	}
	for _, s := range rcs {
		sec := section{title: s.title, intro: s.intro}
		for _, c := range s.charts {
			sec.charts = append(sec.charts, chart{
				file: c.file, title: c.title, caption: c.caption,
				build: func() (*gplot.Plot, error) { return buildRunChart(c, sum, sc.StepsPerYear) },
			})
		}
		sections = append(sections, sec)
	}
	rs, files, err := draw(dir, sections)
	if err != nil {
		return nil, err
	}

	headline, err := report.FromSummary(sc.Name, sum, sc.StartYear)
	if err != nil {
		return nil, err
	}
	rep := &report.Report{
		Title:     "brainsim: " + sc.Name,
		Command:   command,
		Headline:  headline,
		Sections:  rs,
		Scenarios: []*model.Scenario{sc},
		Baseline:  -1,
	}
	files = append(files, "report.html")
	if m != nil {
		mc := *m
		mc.Files = append(append(append([]string(nil), m.Files...), files...), "manifest.json")
		rep.Manifests = []*output.Manifest{&mc}
		rep.Files = mc.Files
	}
	if err := writeReport(dir, rep); err != nil {
		return nil, err
	}
	return files, nil
}

// runCharts chooses the charts of a run of sc. Every run records the metrics
// charted here (sim.Metrics); the charts of temporary returns and of policy
// costs are optional, drawn when the scenario has assignments under way or
// policies. It returns an error naming a metric it needs and sum lacks.
func runCharts(sc *model.Scenario, sum *results.Summary) ([]runSection, error) {
	flowNote := "Flows are sums over the trailing year, drawn from the end of the first year."
	sections := []runSection{{
		title: "Workforce",
		intro: "Trained persons at home and abroad: the line is the mean over the replicates, the shaded band its 95% confidence interval (cut at zero, since counts cannot be negative).",
		charts: []runChart{{
			file: "workforce", title: "Skilled workforce at home and abroad", yLabel: "persons",
			series: []series{
				{results.WorkersHome, "Workers at home"},
				{results.Returnees, "Returnees at home"},
				{results.Emigrants, "Emigrants abroad"},
			},
			caption: "Trained workers at home who never emigrated, returnees at home after a spell abroad, and the diaspora, all sectors.",
		}},
	}}
	for _, s := range sc.Sectors {
		sections[0].charts = append(sections[0].charts, runChart{
			file: "sector_" + FileSafe(s.Name), title: "Workforce: " + s.Name, yLabel: "persons",
			series: []series{
				{results.BySector(results.WorkersHome, s.Name), "Workers at home"},
				{results.BySector(results.Returnees, s.Name), "Returnees at home"},
				{results.BySector(results.Emigrants, s.Name), "Emigrants abroad"},
			},
			caption: "Trained " + s.Name + "s at home and abroad.",
		})
	}
	fte, err := anyPositive(sum, results.TemporaryFTE)
	if err != nil {
		return nil, err
	}
	if fte {
		c := runChart{
			file: "temporary_fte", title: "Temporary returnees on assignment at home", yLabel: "full-time equivalents",
			series:  []series{{results.TemporaryFTE, "All sectors"}},
			caption: "Members of the diaspora working at home on temporary-return assignments, in full-time equivalents.",
		}
		for _, s := range sc.Sectors {
			name := results.BySector(results.TemporaryFTE, s.Name)
			pos, err := anyPositive(sum, name)
			if err != nil {
				return nil, err
			}
			if pos {
				c.series = append(c.series, series{name, s.Name})
			}
		}
		sections[0].charts = append(sections[0].charts, c)
	}
	sections = append(sections,
		runSection{
			title: "Health",
			charts: []runChart{{
				file: "health", title: "Health workers per 10,000 population", yLabel: yLabelOf("per 10,000 population"),
				series: []series{{results.HealthWorkersPer10k, "Health workers at home"}},
				refs:   whoRefs,
				caption: "Workers and returnees at home in the health sectors per 10,000 population. Dashed lines: the WHO thresholds of " +
					"44.5 doctors, nurses and midwives per 10,000 (SDG index) and 49 (the 2023 health workforce support and safeguards list).",
			}},
		},
		runSection{
			title: "Education",
			charts: []runChart{
				{
					file: "education", title: "Enrolments and graduates", yLabel: "persons per year",
					series:  []series{{results.Enrolments, "Enrolments"}, {results.Graduates, "Graduates"}},
					caption: "Entrants to training and graduates, all sectors. " + flowNote,
				},
				{
					file: "education_quality", title: "Tertiary share and education quality", yLabel: "share; index (1 = full quality)",
					series:  []series{{results.TertiaryShare, "Tertiary share of the cohort"}, {results.EducationQuality, "Education quality"}},
					caption: "Share of the latest youth cohort that entered training, and the quality of education at home (1 = full quality).",
				},
			},
		},
		runSection{
			title: "Remittances",
			charts: []runChart{{
				file: "remittances", title: "Remittances", yLabel: "USD PPP per year",
				series: []series{
					{results.Remittances, "Received, net of fees"},
					{results.RemittancesEducation, "Spent on education"},
					{results.RemittancesHealth, "Spent on health"},
					{results.CorridorFees, "Corridor fees"},
				},
				caption: "Remittances received by households at home, the parts spent on education and health, and the fees paid on the corridors. " + flowNote,
			}},
		},
	)
	if len(sc.Policies) > 0 {
		c := runChart{
			file: "policy_cost", title: "Fiscal cost of the policies", yLabel: "USD PPP per year",
			series:  []series{{results.PolicyCost, "All policies"}},
			caption: "Public cost of the policies, net of buy-out revenue. " + flowNote,
		}
		if len(sc.Policies) > 1 {
			for _, m := range sum.Metrics {
				if m.Base == results.PolicyCost && m.Policy != "" {
					c.series = append(c.series, series{m.Name, m.Policy})
				}
			}
		}
		sections = append(sections, runSection{title: "Policy cost", charts: []runChart{c}})
	}
	return sections, nil
}

// buildRunChart draws one chart of a run.
func buildRunChart(c runChart, sum *results.Summary, stepsPerYear int) (*gplot.Plot, error) {
	var bands []plot.Band
	for _, s := range c.series {
		b, err := summaryBand(sum, s.metric, s.label, stepsPerYear, true)
		if err != nil {
			return nil, err
		}
		bands = append(bands, b)
	}
	return plot.Bands(c.title+"\n"+bandLine(sum.Replicates), c.yLabel, bands, c.refs)
}
