package charts

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	gplot "gonum.org/v1/plot"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/output/report"
)

// plotsDir is the folder, inside an output folder, that holds the charts.
const plotsDir = "plots"

// chart is one chart to draw, and what the report says of it.
type chart struct {
	file    string // base name under plots/, without extension
	title   string // the chart's title in the report
	caption string // one or two sentences under the chart in the report
	build   func() (*gplot.Plot, error)
	// skip, when not "", is the sentence the report says instead of
	// drawing the chart, which would show nothing, e.g. "Enrolments:
	// identical in every replicate and year; no chart."
	skip string
}

// section groups charts under a heading of the report.
type section struct {
	title, intro string
	charts       []chart
	notes        []string // what was left out and why, below the charts
}

// renderedChart is a chart saved as PNG and SVG.
type renderedChart struct {
	files []string // relative to the output folder: the PNG, then the SVG
	svg   []byte
}

// draw draws the charts of sections and saves them under dir/plots. It
// returns them as the sections of a report, and the names of the files
// written, relative to dir, in order.
func draw(dir string, sections []section) ([]report.Section, []string, error) {
	sections = skipCharts(sections)
	var all []chart
	for _, s := range sections {
		all = append(all, s.charts...)
	}
	rendered, err := renderAll(dir, all)
	if err != nil {
		return nil, nil, err
	}
	var (
		out   []report.Section
		files []string
		k     int
	)
	for _, s := range sections {
		rs := report.Section{Title: s.title, Intro: s.intro, Notes: s.notes}
		for _, c := range s.charts {
			r := rendered[k]
			rs.Charts = append(rs.Charts, report.Chart{Title: c.title, Caption: c.caption, SVG: r.svg, Files: r.files})
			files = append(files, r.files...)
			k++
		}
		out = append(out, rs)
	}
	return out, files, nil
}

// skipCharts returns sections without the charts that have a skip
// sentence, which joins their section's notes.
func skipCharts(sections []section) []section {
	out := make([]section, len(sections))
	for i, s := range sections {
		out[i] = section{title: s.title, intro: s.intro, notes: slices.Clone(s.notes)}
		for _, c := range s.charts {
			if c.skip != "" {
				out[i].notes = append(out[i].notes, c.skip)
				continue
			}
			out[i].charts = append(out[i].charts, c)
		}
	}
	return out
}

// renderAll draws and saves charts under dir/plots, two at a time, and
// returns them in order.
func renderAll(dir string, charts []chart) ([]renderedChart, error) {
	if err := os.MkdirAll(filepath.Join(dir, plotsDir), 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	out := make([]renderedChart, len(charts))
	errs := make([]error, len(charts))
	sem := make(chan struct{}, 2) // PNG rendering is CPU-bound; two keeps a laptop responsive
	var wg sync.WaitGroup
	for k, c := range charts {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			p, err := c.build()
			if err != nil {
				errs[k] = err
				return
			}
			out[k], errs[k] = saveChart(dir, c.file, p)
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

// writeReport writes r as dir/report.html, atomically.
func writeReport(dir string, r *report.Report) error {
	return output.WriteFileAtomic(filepath.Join(dir, "report.html"), func(w io.Writer) error {
		return report.WriteHTML(w, r)
	})
}

// FileSafe returns name with every character other than ASCII letters,
// digits, '-', '_' and '.' replaced by '_', for use in a file name; "_"
// for "", "." and "..". The charts of a sector and the summaries of a
// scenario are named with it.
func FileSafe(name string) string {
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
