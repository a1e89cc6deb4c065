package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
)

// Chart is one chart of a report.
type Chart struct {
	Title   string   // what the chart shows, for readers of the page and screen readers
	Caption string   // one or two sentences under the chart: how to read it
	SVG     []byte   // the chart as written by plot.WriteSVG
	Files   []string // where the chart is also saved, relative to the report, e.g. "plots/health.png"
}

// Section is a group of charts under a heading.
type Section struct {
	Title  string
	Intro  string // a sentence above the charts; "" for none
	Charts []Chart
	// Notes are sentences below the charts on what was left out and why,
	// e.g. "Enrolments: identical in every replicate and year; no chart."
	Notes []string
}

// Report is the content of report.html: one run of a scenario, or several
// scenarios compared with a baseline.
type Report struct {
	Title    string
	Command  string // the command that made the report, e.g. "brainsim compare a.toml b.toml"; "" for none
	Headline *Headline
	Sections []Section
	// Scenarios are the scenarios reported, in order; scenario i is drawn in
	// plot.SeriesColor(i) on every chart and labelled Labels[i] (its Name
	// when Labels is nil).
	Scenarios []*model.Scenario
	Labels    []string
	Baseline  int                // index of the baseline in Scenarios; -1 for a single run
	Manifests []*output.Manifest // one per scenario, in order; nil for none
	Files     []string           // files written beside the report, relative to it
}

//go:embed report.css
var css string

//go:embed report.html.tmpl
var pageHTML string

var page = template.Must(template.New("report").Parse(pageHTML))

// WriteHTML writes r to w as one self-contained HTML page: inline CSS, the
// charts as inline SVG, no script and no reference to any other file or
// address, so that it reads the same opened from disk or sent by mail.
// Sections: the title and the scenario descriptions, the headline table,
// the charts, the scenario parameters (for a comparison, those that differ
// first), the timeline of active policies and the manifest.
func WriteHTML(w io.Writer, r *Report) error {
	v, err := r.view()
	if err != nil {
		return err
	}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// view is what the template reads.
type view struct {
	Title, Command, Meta string
	CSS                  template.CSS
	Scenarios            []scenarioView
	Compared             bool
	Explanation          string
	KeyFindings          []string
	Tables               []htmlTable
	Sections             []sectionView
	Timeline             template.HTML
	Differences          [][]string
	Params               []scenarioParams
	Manifest             [][]string
	Files                []string
	Version              string
}

type scenarioView struct {
	Label, Description, Color string
	Baseline                  bool
}

type htmlTable struct {
	Caption string
	Header  []headerCell
	Rows    []htmlRow
}

type headerCell struct {
	Text, Color string
	Diff        bool
	Left        bool // over a column of words (formatted.Text)
}

type htmlRow struct {
	Label, Unit string
	Cells       []cellView
}

type cellView struct {
	Mean, Interval string
	Diff, Text     bool
}

type sectionView struct {
	Title, Intro, ID string
	Charts           []chartView
	Notes            []string
}

type chartView struct {
	Title, Caption string
	SVG            template.HTML
	Files          string
}

type scenarioParams struct {
	Label, Color string
	Main, Rules  []paramTable
}

func (r *Report) label(i int) string {
	if r.Labels != nil {
		return r.Labels[i]
	}
	return r.Scenarios[i].Name
}

func (r *Report) view() (*view, error) {
	v := &view{Title: r.Title, Command: r.Command, CSS: template.CSS(css), Compared: r.Baseline >= 0, Version: "brainsim"}
	if len(r.Manifests) > 0 {
		m := r.Manifests[0]
		v.Version = "brainsim " + m.Version
		if !m.Start.IsZero() {
			v.Meta = "Run " + m.Start.UTC().Format("2 January 2006, 15:04 UTC")
		}
	}
	if len(r.Scenarios) > 0 {
		sc := r.Scenarios[0]
		reps := fmt.Sprintf("%d replicates", sc.Replicates)
		if len(r.Manifests) > 0 && r.Manifests[0].Draws > 0 {
			reps = fmt.Sprintf("%d parameter draws x %d replicates", r.Manifests[0].Draws, sc.Replicates)
		}
		meta := fmt.Sprintf("%d–%d, %d steps a year, %s, seed %d", sc.StartYear, sc.StartYear+sc.Years, sc.StepsPerYear, reps, sc.Seed)
		if v.Meta != "" {
			v.Meta += " · "
		}
		v.Meta += meta
	}
	labels := make([]string, len(r.Scenarios))
	for i, sc := range r.Scenarios {
		labels[i] = r.label(i)
		v.Scenarios = append(v.Scenarios, scenarioView{
			Label: labels[i], Description: sc.Description,
			Color: hex(plot.SeriesColor(i)), Baseline: i == r.Baseline,
		})
	}
	if h := r.Headline; h != nil {
		v.Explanation = h.Explanation()
		v.KeyFindings = h.KeyFindings()
		for _, t := range h.tables() {
			ht := htmlTable{Caption: t.Caption}
			for i, c := range t.Header {
				hc := headerCell{Text: c, Left: i >= 2 && len(t.Rows) > 0 && i-2 < len(t.Rows[0]) && t.Rows[0][i-2].Text}
				if h.Compared() && !t.Plain && i >= 2 {
					s := i - 2
					if s >= len(h.Scenarios) {
						s = h.others()[s-len(h.Scenarios)]
						hc.Diff = true
					}
					hc.Color = hex(plot.SeriesColor(s))
				}
				ht.Header = append(ht.Header, hc)
			}
			for i, row := range t.Rows {
				hr := htmlRow{Label: t.Labels[i], Unit: t.Units[i]}
				for k, c := range row {
					hr.Cells = append(hr.Cells, cellView{Mean: c.Mean, Interval: c.Interval, Text: c.Text, Diff: h.Compared() && !t.Plain && k >= len(h.Scenarios)})
				}
				ht.Rows = append(ht.Rows, hr)
			}
			v.Tables = append(v.Tables, ht)
		}
	}
	for i, s := range r.Sections {
		sv := sectionView{Title: s.Title, Intro: s.Intro, Notes: s.Notes, ID: fmt.Sprintf("charts-%d", i+1)}
		for _, c := range s.Charts {
			svg, err := inlineSVG(c.SVG, c.Title)
			if err != nil {
				return nil, err
			}
			sv.Charts = append(sv.Charts, chartView{Title: c.Title, Caption: c.Caption, SVG: svg, Files: strings.Join(c.Files, ", ")})
		}
		v.Sections = append(v.Sections, sv)
	}
	v.Timeline = Timeline(r.Scenarios, labels)
	if v.Compared && len(r.Scenarios) > 1 {
		v.Differences = differences(r.Scenarios, labels)
	}
	for i, sc := range r.Scenarios {
		main, rules := scenarioTables(sc)
		v.Params = append(v.Params, scenarioParams{Label: labels[i], Color: hex(plot.SeriesColor(i)), Main: main, Rules: rules})
	}
	v.Manifest = manifestRows(r.Manifests, labels)
	v.Files = r.Files
	return v, nil
}

// manifestRows lays the manifests out as a table: a header row of labels,
// then one row per field.
func manifestRows(ms []*output.Manifest, labels []string) [][]string {
	if len(ms) == 0 {
		return nil
	}
	rows := [][]string{append([]string{"field"}, labels[:len(ms)]...)}
	add := func(name string, f func(m *output.Manifest) string) {
		row := []string{name}
		for _, m := range ms {
			row = append(row, f(m))
		}
		rows = append(rows, row)
	}
	add("scenario file", func(m *output.Manifest) string { return m.Scenario })
	add("scenario SHA-256", func(m *output.Manifest) string { return m.ScenarioSHA256 })
	add("seed", func(m *output.Manifest) string { return fmt.Sprint(m.Seed) })
	add("replicates", func(m *output.Manifest) string { return fmt.Sprint(m.Replicates) })
	if ms[0].Draws > 0 {
		add("parameter draws", func(m *output.Manifest) string { return fmt.Sprint(m.Draws) })
	}
	add("agents", func(m *output.Manifest) string { return fmt.Sprint(m.Agents) })
	add("steps", func(m *output.Manifest) string { return fmt.Sprint(m.Steps) })
	add("workers", func(m *output.Manifest) string { return fmt.Sprint(m.Workers) })
	add("overrides", func(m *output.Manifest) string {
		if len(m.Overrides) == 0 {
			return "none"
		}
		return strings.Join(m.Overrides, "; ")
	})
	add("brainsim version", func(m *output.Manifest) string { return m.Version })
	add("VCS revision", func(m *output.Manifest) string {
		if m.Modified {
			return m.Revision + " (with uncommitted changes)"
		}
		return m.Revision
	})
	add("Go version", func(m *output.Manifest) string { return m.GoVersion })
	add("started", func(m *output.Manifest) string {
		if m.Start.IsZero() {
			return ""
		}
		return m.Start.UTC().Format(time.RFC3339)
	})
	return rows
}

var (
	svgOpen   = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	svgSizeRE = regexp.MustCompile(`\s(width|height)="[^"]*"`)
	xlinkRE   = regexp.MustCompile(`\s*xmlns:xlink="[^"]*"`)
)

// inlineSVG prepares an SVG document for inclusion in HTML: it drops the
// XML prolog and comments before the <svg> element and the unused xlink
// namespace, and replaces the fixed width and height by a class, so that the
// chart scales with the page (its viewBox keeps the proportions).
func inlineSVG(doc []byte, title string) (template.HTML, error) {
	s := string(doc)
	loc := svgOpen.FindStringIndex(s)
	if loc == nil {
		return "", fmt.Errorf("report: chart %q: no <svg> element", title)
	}
	open := s[loc[0]:loc[1]]
	open = svgSizeRE.ReplaceAllString(open, "")
	open = xlinkRE.ReplaceAllString(open, "")
	open = strings.Replace(open, "<svg", `<svg class="chart" role="img" aria-label="`+esc(title)+`"`, 1)
	return template.HTML(open + s[loc[1]:]), nil // gonum/plot escapes its text
}
