package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// barHalf is half a bar's thickness, in category units: bars fill 60% of
// their row, so neighbours stay apart at any canvas size.
const barHalf = 0.3

// Bars returns a horizontal bar chart, one bar per label from top to bottom,
// with an error bar from lo[i] to hi[i] over each bar, e.g. Sobol indices
// with their bootstrap intervals or a headline outcome per scenario. Bars run
// horizontally so that long labels (parameter and scenario names) stay
// readable without rotation. The value axis, titled valueLabel, is labelled
// by NumberTicks and includes 0, where every bar starts. Bars are drawn in
// Palette[0]. A NaN or infinite value draws no bar, and a NaN or infinite
// bound no error bar. lo and hi may both be nil, for no error bars.
//
// It panics if len(values) != len(labels), or if lo and hi are not both nil
// and both len(labels) long.
// The error is kept for failures in building the plot; the plotters used
// now cannot fail, so it is nil.
func Bars(title, valueLabel string, labels []string, values []float64, lo, hi []float64) (*plot.Plot, error) {
	n := len(labels)
	if len(values) != n {
		panic(fmt.Sprintf("plot: Bars: len(values) = %d; want len(labels) = %d", len(values), n))
	}
	if (lo == nil) != (hi == nil) || lo != nil && (len(lo) != n || len(hi) != n) {
		panic(fmt.Sprintf("plot: Bars: len(lo) = %d, len(hi) = %d; want both %d or both nil", len(lo), len(hi), n))
	}

	p := newPlot(title, valueLabel, "")
	p.X.Tick.Marker = NumberTicks{}
	p.Add(&plotter.Grid{Vertical: gridStyle})

	// Row of label i: the first label on top.
	row := func(i int) float64 { return float64(n - 1 - i) }
	vmin, vmax := 0.0, 0.0 // bars start at 0
	var rings []plotter.XYs
	for i, v := range values {
		if !isFinite(v) {
			continue
		}
		y := row(i)
		rings = append(rings, plotter.XYs{
			{X: 0, Y: y - barHalf}, {X: v, Y: y - barHalf},
			{X: v, Y: y + barHalf}, {X: 0, Y: y + barHalf},
		})
		vmin, vmax = math.Min(vmin, v), math.Max(vmax, v)
	}
	if len(rings) > 0 {
		p.Add(&plotter.Polygon{XYs: rings, Color: Palette[0]})
	}

	// Each error bar is drawn about the middle of its interval, so that it
	// spans [lo, hi] even when the interval does not contain the value.
	var mids plotter.XYs
	var errs plotter.XErrors
	for i := range lo {
		if !isFinite(lo[i]) || !isFinite(hi[i]) {
			continue
		}
		l, h := math.Min(lo[i], hi[i]), math.Max(lo[i], hi[i])
		mids = append(mids, plotter.XY{X: (l + h) / 2, Y: row(i)})
		errs = append(errs, struct{ Low, High float64 }{(h - l) / 2, (h - l) / 2})
		vmin, vmax = math.Min(vmin, l), math.Max(vmax, h)
	}
	if len(mids) > 0 {
		p.Add(&plotter.XErrorBars{
			XYs:       mids,
			XErrors:   errs,
			LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(1)},
			CapWidth:  vg.Points(6),
		})
	}

	if vmin < 0 && n > 0 { // bars go both ways: mark where they start
		p.Add(&plotter.Line{
			XYs:       plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(n) - 0.5}},
			LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(0.75)},
		})
	}
	p.X.Min, p.X.Max = niceRange(vmin, vmax)
	if n > 0 {
		rev := slices.Clone(labels)
		slices.Reverse(rev)
		p.NominalY(rev...)
	}
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p, nil
}
