package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sans is the typeface of every label: Liberation Sans, which gonum/plot
// bundles, so that PNGs look the same on every machine.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Font sizes, in points, for the default 8 × 5 inch canvas.
const (
	titleSize  = 13
	labelSize  = 11
	tickSize   = 10
	legendSize = 10
	noteSize   = 9 // reference-line labels
)

var (
	// lineWidth is the width of a series' mean line.
	lineWidth = vg.Points(1.75)

	// gridStyle draws light grid lines at the labelled ticks of the value
	// axis, to read values off the chart without competing with the data.
	gridStyle = draw.LineStyle{Color: color.Gray{Y: 0xDD}, Width: vg.Points(0.5)}

	// legendGap separates the data area from the legend to its right.
	legendGap = vg.Points(12)
)

// newPlot returns a plot with brainsim's text styles, axis labels and the
// legend at the top right, outside the data area (see legendSpace).
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.Padding = vg.Points(10)

	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Tick.Length = vg.Points(4)
		a.Padding = vg.Points(3)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel

	p.Legend.TextStyle.Font = font.From(sans, legendSize)
	p.Legend.TextStyle.Color = color.Black
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.Padding = vg.Points(4)
	p.Legend.ThumbnailWidth = vg.Points(22)
	return p
}

// legendSpace is a plotter that draws nothing: its glyph box, at the right
// edge of the data area and as wide as the plot's legend, makes gonum/plot
// shrink the data area so that the legend, drawn at the right edge of the
// canvas, sits beside the data instead of over it. It reads the legend when
// the plot is drawn, so entries added later are accounted for.
type legendSpace struct{}

func (legendSpace) Plot(draw.Canvas, *plot.Plot) {}

// GlyphBoxes implements plot.GlyphBoxer.
func (legendSpace) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	r := p.Legend.Rectangle(draw.Canvas{})
	w := r.Max.X - r.Min.X
	if w <= 0 {
		return nil
	}
	// Zero height: the box only widens the right margin.
	return []plot.GlyphBox{{X: 1, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{X: w + legendGap}}}}
}

// legendThumbs returns the legend thumbnails of a series drawn in style ls
// over a band of colour fill: its band (when shaded) under its line.
func legendThumbs(ls draw.LineStyle, fill color.Color, shaded bool) []plot.Thumbnailer {
	l := &plotter.Line{LineStyle: ls}
	if !shaded {
		return []plot.Thumbnailer{l}
	}
	return []plot.Thumbnailer{&plotter.Polygon{Color: fill}, l}
}
