package live

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
)

// timeseries returns a copy of the run's recorded rows as a one-replicate
// timeseries.
func (rn *run) timeseries() *results.Timeseries {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	w := len(rn.idx)
	ts := &results.Timeseries{
		Metrics: rn.metrics,
		Step:    make([]int, rn.n),
		Year:    make([]float64, rn.n),
		Values:  [][][]float64{make([][]float64, rn.n)},
	}
	flat := make([]float64, rn.n*w)
	copy(flat, rn.data[:rn.n*w])
	for i := range rn.n {
		ts.Step[i] = i + 1
		ts.Year[i] = rn.year(i)
		ts.Values[0][i] = flat[i*w : (i+1)*w : (i+1)*w]
	}
	return ts
}

// fileName returns the name of a download of the run: brainsim-PRESET-ID.EXT,
// keeping only letters, digits, '-' and '_' of the preset's name.
func (rn *run) fileName(ext string) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, rn.preset)
	return "brainsim-" + name + "-" + rn.id[:8] + "." + ext
}

// csv answers GET /api/runs/{id}/csv: the rows so far, one per step, as in
// the timeseries.csv of 'brainsim run' (replicate 0), with the kept metrics.
func (s *Server) csv(w http.ResponseWriter, r *http.Request, rn *run) {
	var b bytes.Buffer
	if err := output.WriteTimeseries(&b, rn.timeseries()); err != nil {
		writeError(w, http.StatusInternalServerError, "writing the CSV: "+err.Error())
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+rn.fileName("csv")+`"`)
	h.Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

// chart is one of the page's charts, as a PNG draws it.
type chart struct {
	title, yLabel string
	scale         float64 // values are multiplied by it
	series        []chartSeries
}

type chartSeries struct{ metric, label string }

// charts are the charts a PNG can draw, by the name in ?chart=.
var charts = map[string]chart{
	"workforce": {"Skilled workers at home and abroad", "persons", 1, []chartSeries{
		{results.SkilledHome, "at home"}, {results.Emigrants, "abroad"}, {results.Returnees, "returned"}}},
	"training": {"Training", "persons a year", 1, []chartSeries{
		{results.Enrolments, "enrolments"}, {results.Graduates, "graduates"}}},
	"remittances": {"Remittances received", "USD million a year", 1e-6, []chartSeries{
		{results.Remittances, "remittances"}}},
	"rate": {"Skilled emigration rate", "% of the skilled abroad", 100, []chartSeries{
		{results.EmigrationRate, "emigration rate"}}},
}

// pngChart answers GET /api/runs/{id}/png?chart=NAME with a chart of the
// rows so far, 768 × 480 pixels.
func (s *Server) pngChart(w http.ResponseWriter, r *http.Request, rn *run) {
	name := r.URL.Query().Get("chart")
	if name == "" {
		name = "workforce"
	}
	c, ok := charts[name]
	if !ok {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("chart %q: not a chart; charts are workforce, training, remittances and rate", clip(name, 40)))
		return
	}
	ts := rn.timeseries()
	if len(ts.Step) == 0 {
		writeError(w, http.StatusConflict, "nothing to draw yet: the run has not taken a step")
		return
	}
	var bands []plot.Band
	for _, sr := range c.series {
		m := results.MetricIndex(ts.Metrics, sr.metric)
		if m < 0 {
			// Every chart's metrics are among keptMetrics, which newRun
			// checked: a stale name is a bug to report, not to hide.
			_, err := results.Lookup(ts.Metrics, sr.metric)
			writeError(w, http.StatusInternalServerError, "drawing the chart: "+err.Error())
			return
		}
		b := plot.Band{Label: sr.label, X: ts.Year, Mean: make([]float64, len(ts.Year))}
		for i, row := range ts.Values[0] {
			b.Mean[i] = row[m] * c.scale
		}
		bands = append(bands, b)
	}
	title := fmt.Sprintf("%s: %s, %s", c.title, rn.preset, rn.settings)
	p, err := plot.Bands(title, c.yLabel, bands, nil)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "drawing the chart: "+err.Error())
		return
	}
	// Drawing takes tens of milliseconds: a few at a time.
	ctx, cancel := context.WithTimeout(r.Context(), pngWait)
	defer cancel()
	select {
	case s.png <- struct{}{}:
	case <-ctx.Done():
		writeError(w, http.StatusServiceUnavailable, "busy drawing charts; try again in a moment")
		return
	}
	var b bytes.Buffer
	err = plot.WritePNG(&b, p, plot.Width, plot.Height)
	<-s.png
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Content-Disposition", `attachment; filename="`+strings.TrimSuffix(rn.fileName("png"), ".png")+"-"+name+`.png"`)
	h.Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}
