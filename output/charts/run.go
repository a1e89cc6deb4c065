package charts

import (
	"image/color"
	"strings"

	gplot "gonum.org/v1/plot"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/output/report"
	"github.com/brainsim/brainsim/results"
)

// series is one metric drawn on a chart of a run, with its legend entry.
type series struct {
	metric, label string
	color         color.NRGBA // the zero value: the series' place on the chart
	dashed        bool        // a total drawn over its parts
}

// totalColor draws a total over the series of a chart, such as the cost of
// all policies: near-black, apart from the palette.
var totalColor = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}

// runChart is one chart of a run: a family of metrics in one unit.
type runChart struct {
	file    string // base name under plots/, without extension
	title   string // first line of the chart's title
	yLabel  string // y axis title, with the unit
	series  []series
	refs    []plot.Reference
	caption string // for the report
	flow    bool   // some series is a flow, drawn from the end of the first year
}

// runSection groups the charts of a run under a heading of the report.
type runSection struct {
	title, intro string
	charts       []runChart
	notes        []string // what was left out and why, for the report
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
		sec := section{title: s.title, intro: s.intro + drawsNote(sum.Split), notes: s.notes}
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
// policies, and the fiscal accounts are drawn when they are not all zero. It returns an error naming a metric it needs and sum lacks.
func runCharts(sc *model.Scenario, sum *results.Summary) ([]runSection, error) {
	sections := []runSection{{
		title: "Workforce",
		intro: "Trained persons at home and abroad: the line is the mean over the replicates, the shaded band its 95% confidence interval.",
		charts: []runChart{{
			file: "workforce", title: "Skilled workforce at home and abroad", yLabel: "persons",
			series: []series{
				{metric: results.WorkersHome, label: "Workers at home"},
				{metric: results.Returnees, label: "Returnees at home"},
				{metric: results.Emigrants, label: "Emigrants abroad"},
			},
			caption: "Trained workers at home who never emigrated, returnees at home after a spell abroad, and the diaspora, all sectors.",
		}},
	}}
	for _, s := range sc.Sectors {
		sections[0].charts = append(sections[0].charts, runChart{
			file: "sector_" + FileSafe(s.Name), title: "Workforce: " + s.Name, yLabel: "persons",
			series: []series{
				{metric: results.BySector(results.WorkersHome, s.Name), label: "Workers at home"},
				{metric: results.BySector(results.Returnees, s.Name), label: "Returnees at home"},
				{metric: results.BySector(results.Emigrants, s.Name), label: "Emigrants abroad"},
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
			series:  []series{{metric: results.TemporaryFTE, label: "All sectors"}},
			caption: "Members of the diaspora working at home on temporary-return assignments, in full-time equivalents.",
		}
		for _, s := range sc.Sectors {
			name := results.BySector(results.TemporaryFTE, s.Name)
			pos, err := anyPositive(sum, name)
			if err != nil {
				return nil, err
			}
			if pos {
				c.series = append(c.series, series{metric: name, label: s.Name})
			}
		}
		sections[0].charts = append(sections[0].charts, c)
	}
	sections = append(sections,
		runSection{
			title: "Health",
			charts: []runChart{{
				file: "health", title: "Health workers per 10,000 population", yLabel: yLabelOf("per 10,000 population"),
				series: []series{{metric: results.HealthWorkersPer10k, label: "Health workers at home"}},
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
					series:  []series{{metric: results.Enrolments, label: "Enrolments"}, {metric: results.Graduates, label: "Graduates"}},
					caption: "Entrants to training and graduates, all sectors.",
				},
				{
					file: "education_quality", title: "Tertiary share and education quality", yLabel: "share; index (1 = full quality)",
					series:  []series{{metric: results.TertiaryShare, label: "Tertiary share of the cohort"}, {metric: results.EducationQuality, label: "Education quality"}},
					caption: "Share of the latest youth cohort that entered training, and the quality of education at home (1 = full quality).",
				},
			},
		},
		runSection{
			title: "Remittances",
			charts: []runChart{{
				file: "remittances", title: "Remittances", yLabel: "USD PPP per year",
				series: []series{
					{metric: results.Remittances, label: "Received, net of fees"},
					{metric: results.RemittancesEducation, label: "Spent on education"},
					{metric: results.RemittancesHealth, label: "Spent on health"},
					{metric: results.CorridorFees, label: "Corridor fees"},
				},
				caption: "Remittances received by households at home, the parts spent on education and health, and the fees paid on the corridors.",
			}},
		},
	)
	if len(sc.Policies) > 0 {
		c := runChart{
			file: "policy_cost", title: "Fiscal cost of the policies", yLabel: "USD PPP per year",
			series:  []series{{metric: results.PolicyCost, label: "All policies"}},
			caption: "Public cost of the policies, net of buy-out revenue.",
		}
		if len(sc.Policies) > 1 {
			// One line per policy, and the total on top of them, dashed
			// near-black: with one policy costing nearly everything, a
			// solid total would hide it, or hide under it.
			c.series = nil
			for _, m := range sum.Metrics {
				if m.Base == results.PolicyCost && m.Policy != "" {
					c.series = append(c.series, series{metric: m.Name, label: m.Policy})
				}
			}
			c.series = append(c.series, series{metric: results.PolicyCost, label: "All policies", color: totalColor, dashed: true})
			c.caption = "Public cost of each policy and of all of them (dashed, near-black), net of buy-out revenue."
		}
		sections = append(sections, runSection{title: "Policy cost", charts: []runChart{c}})
	}
	sections = append(sections, fiscalSection(sc))
	for i := range sections {
		if err := sections[i].prune(sum, sc.StepsPerYear); err != nil {
			return nil, err
		}
	}
	return sections, nil
}

// prune leaves out of s the series that are zero in every replicate at
// every row, and the charts that have nothing else, and says so in the
// caption or in s's notes; it completes the captions of the charts kept
// with what their lines leave out (the first, partial year of a flow) and
// their bands cut (a lower bound below zero of a quantity that cannot be
// negative). It returns an error naming a metric sum lacks.
func (s *runSection) prune(sum *results.Summary, stepsPerYear int) error {
	var kept []runChart
	for _, c := range s.charts {
		var drawn []series
		var zero []string
		for _, se := range c.series {
			z, err := zeroThroughout(sum, se.metric)
			if err != nil {
				return err
			}
			if z {
				zero = append(zero, se.label)
				continue
			}
			drawn = append(drawn, se)
		}
		if len(drawn) == 0 {
			s.notes = append(s.notes, c.title+": zero in every replicate and year; no chart.")
			continue
		}
		c.series = drawn
		if len(zero) > 0 {
			c.caption += " " + strings.Join(zero, ", ") + ": zero in every replicate and year; not drawn."
		}
		var metrics []string
		for _, se := range c.series {
			metrics = append(metrics, se.metric)
		}
		notes, err := bandNotes(sum, metrics, stepsPerYear)
		if err != nil {
			return err
		}
		c.flow = notes.flow
		c.caption += notes.caption()
		kept = append(kept, c)
	}
	s.charts = kept
	return nil
}

// buildRunChart draws one chart of a run.
func buildRunChart(c runChart, sum *results.Summary, stepsPerYear int) (*gplot.Plot, error) {
	var bands []plot.Band
	for _, s := range c.series {
		b, err := summaryBand(sum, s.metric, s.label, stepsPerYear, true)
		if err != nil {
			return nil, err
		}
		b.Color, b.Dashed = s.color, s.dashed
		bands = append(bands, b)
	}
	p, err := plot.Bands(c.title+"\n"+summaryLine(sum), c.yLabel, bands, c.refs)
	if err != nil {
		return nil, err
	}
	if c.flow {
		p.X.Label.Text = flowXLabel
	}
	return p, nil
}

// fiscalSection is the section of the government's fiscal accounts: the
// flows of the balance, with the balance drawn over them, and the public
// training that leaves with the emigrants, by sector. With the fiscal keys
// at zero only the policies' cost and the balance (its negative) are left.
func fiscalSection(sc *model.Scenario) runSection {
	accounts := runChart{
		file: "fiscal", title: "Fiscal accounts", yLabel: "USD PPP per year",
		series: []series{
			{metric: results.TaxRevenue, label: "Tax revenue"},
			{metric: results.WageBill, label: "Public wage bill"},
			{metric: results.TrainingSpend, label: "Public training"},
			{metric: results.PolicyCost, label: "Policies"},
			{metric: results.FiscalBalance, label: "Balance", color: totalColor, dashed: true},
		},
		caption: "The government's accounts of the skilled: tax and social contributions on wages at home, the wages the state pays, " +
			"public spending on training and the policies' net cost; the balance (dashed, near-black) is the tax less the three others. " +
			"Remittances are private income and are not in it.",
	}
	lost := runChart{
		file: "training_lost_abroad", title: "Public training lost abroad", yLabel: "USD PPP per year",
		series:  []series{{metric: results.TrainingLostAbroad, label: "All sectors", color: totalColor, dashed: len(sc.Sectors) > 1}},
		caption: "Public training investment embodied in the publicly trained who emigrate: public_cost x training years for each departure, undepreciated. It is not in the balance: its cost is in the training spending of earlier years.",
	}
	if len(sc.Sectors) > 1 {
		lost.series = nil
		for _, sec := range sc.Sectors {
			lost.series = append(lost.series, series{metric: results.BySector(results.TrainingLostAbroad, sec.Name), label: sec.Name})
		}
		lost.series = append(lost.series, series{metric: results.TrainingLostAbroad, label: "All sectors", color: totalColor, dashed: true})
	}
	return runSection{
		title:  "Fiscal accounts",
		intro:  "Flows in and out of the public purse from the skilled, each summed over the trailing year.",
		charts: []runChart{accounts, lost},
	}
}
