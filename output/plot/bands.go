package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/brainsim/brainsim/results"
)

// Band is one series of a time chart: a mean line over calendar years and,
// around it, a shaded interval such as the 95% confidence interval of the
// replicate mean. Points where X, or the value drawn, is NaN or infinite are
// skipped: the line and the band break there and resume at the next finite
// point.
type Band struct {
	Label  string    // legend entry; "" for none
	X      []float64 // calendar year of each point, e.g. 2025.0833
	Mean   []float64 // line, one value per X
	Lo, Hi []float64 // band edges, one per X; both nil for a line alone
	// InnerLo and InnerHi, when set, are a narrower band inside Lo and Hi,
	// such as the stochastic part of a total interval over parameter
	// draws, shaded again over the band, so that it shows darker (two
	// layers of BandAlpha); both nil for none.
	InnerLo, InnerHi []float64
	// Color is the line colour, and with alpha BandAlpha the band's; the
	// zero value (alpha 0) means the series' place in the chart,
	// SeriesColor(i). Set it to keep a scenario's colour on a chart that
	// leaves some scenarios out, such as differences to a baseline.
	Color color.NRGBA
	// Dashed draws the mean line dashed, so that a line it overlays, such
	// as the one policy that makes up nearly all of a total, shows through.
	Dashed bool
}

// colors returns the line and band colours of b, the i-th band of a chart.
func (b Band) colors(i int) (line, band color.NRGBA) {
	line = b.Color
	if line.A == 0 {
		line = SeriesColor(i)
	}
	band = line
	band.A = BandAlpha
	return line, band
}

// Reference is a horizontal reference level, such as the WHO threshold of
// 44.5 doctors, nurses and midwives per 10,000 people.
type Reference struct {
	Label string  // written above the line at its right end; "" writes Value
	Value float64 // in the units of the y axis
}

// Bands returns a chart of bands over calendar years: for series i, its band
// in BandColor(i) and its mean line in SeriesColor(i), all bands under all
// lines (or in each band's Color, when set), and each reference as a dashed
// grey line with its label. The x axis
// is "year", ticked at whole years; the y axis, titled yLabel, is labelled
// by NumberTicks, starts at 0 when no value is negative, and ends on a
// labelled tick. The legend, one entry per labelled band, sits at the top
// right outside the data. A mean point whose neighbours are both skipped is
// drawn as a dot, since a line needs two points; a band needs two
// consecutive finite points to show.
//
// It panics if a band's Mean, Lo or Hi has a different length from its X,
// or if only one of Lo and Hi is nil.
// The error is kept for failures in building the plot; the plotters used
// now cannot fail, so it is nil.
func Bands(title, yLabel string, bands []Band, refs []Reference) (*plot.Plot, error) {
	p := bandsPlot(title, "year", yLabel, bands, refs)
	p.X.Tick.Marker = YearTicks{}
	p.X.Min, p.X.Max = yearRange(bands)
	return p, nil
}

// Points are the points of a scatter drawn under the bands of a chart, such
// as the replicate means at the points of a Latin-hypercube sweep.
type Points struct {
	Label string    // legend entry; "" for none
	X, Y  []float64 // one point per pair; pairs with a NaN or infinity are skipped
	// Color is the colour of the dots, drawn half transparent; the zero
	// value is a mid grey.
	Color color.NRGBA
}

// XBands returns a chart of bands over a quantity other than time, such as
// a parameter of a sweep, titled xLabel on the x axis: the bands and
// references as Bands draws them, over the dots of points. The x axis is
// labelled by NumberTicks over the finite X of the bands and points, with
// a margin of 4% on each side so that the outer dots are not cut.
//
// It panics as Bands does.
func XBands(title, xLabel, yLabel string, bands []Band, points []Points) (*plot.Plot, error) {
	p := bandsPlot(title, xLabel, yLabel, bands, nil)
	p.X.Tick.Marker = NumberTicks{}
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(xs []float64) {
		for _, x := range xs {
			if isFinite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	for _, b := range bands {
		widen(b.X)
	}
	for _, pts := range points {
		if len(pts.X) != len(pts.Y) {
			panic(fmt.Sprintf("plot: points %q: len(X) = %d, len(Y) = %d", pts.Label, len(pts.X), len(pts.Y)))
		}
		widen(pts.X)
		c := pts.Color
		if c.A == 0 {
			c = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xFF}
		}
		c.A = 0x80
		var xys plotter.XYs
		for i := range pts.X {
			if isFinite(pts.X[i]) && isFinite(pts.Y[i]) {
				xys = append(xys, plotter.XY{X: pts.X[i], Y: pts.Y[i]})
			}
		}
		if len(xys) == 0 {
			continue
		}
		sc := &plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: c, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}}
		p.Add(sc)
		if pts.Label != "" {
			p.Legend.Add(pts.Label, sc)
		}
		for _, xy := range xys {
			p.Y.Min, p.Y.Max = math.Min(p.Y.Min, xy.Y), math.Max(p.Y.Max, xy.Y)
		}
		p.Y.Min, p.Y.Max = niceRange(p.Y.Min, p.Y.Max)
	}
	switch {
	case lo > hi:
		lo, hi = 0, 1
	case lo == hi:
		lo, hi = lo-0.5, hi+0.5
	default:
		m := 0.04 * (hi - lo)
		lo, hi = lo-m, hi+m
	}
	p.X.Min, p.X.Max = lo, hi
	return p, nil
}

// bandsPlot returns the chart of Bands and XBands but for the x axis's
// ticks and range.
func bandsPlot(title, xLabel, yLabel string, bands []Band, refs []Reference) *plot.Plot {
	p := newPlot(title, xLabel, yLabel)
	p.Y.Tick.Marker = NumberTicks{}
	p.Add(&plotter.Grid{Horizontal: gridStyle})

	inner := false
	for i, b := range bands {
		b.check()
		_, fill := b.colors(i)
		if rings := b.rings(); len(rings) > 0 {
			p.Add(&plotter.Polygon{XYs: rings, Color: fill})
		}
		if rings := ringsOf(b.X, b.InnerLo, b.InnerHi); len(rings) > 0 {
			p.Add(&plotter.Polygon{XYs: rings, Color: fill})
			inner = true
		}
	}
	for i, b := range bands {
		line, fill := b.colors(i)
		ls := draw.LineStyle{Color: line, Width: lineWidth}
		if b.Dashed {
			ls.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		for _, run := range finiteRuns(b.X, b.Mean) {
			if len(run) == 1 {
				p.Add(&plotter.Scatter{XYs: run, GlyphStyle: draw.GlyphStyle{
					Color: ls.Color, Radius: lineWidth, Shape: draw.CircleGlyph{},
				}})
				continue
			}
			p.Add(&plotter.Line{XYs: run, LineStyle: ls})
		}
		if b.Label != "" {
			p.Legend.Add(b.Label, legendThumbs(ls, fill, b.Lo != nil)...)
		}
	}
	if inner {
		// Which shade is which, in neutral grey, once for all bands.
		grey := color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: BandAlpha}
		p.Legend.Add(TotalLegend, &plotter.Polygon{Color: grey})
		p.Legend.Add(InnerLegend, &plotter.Polygon{Color: grey}, &plotter.Polygon{Color: grey})
	}
	if len(refs) > 0 {
		p.Add(newReferences(refs))
	}
	p.Add(legendSpace{})

	ymin, ymax := p.Y.Min, p.Y.Max
	if math.IsInf(ymin, 0) || math.IsInf(ymax, 0) { // nothing finite to draw
		ymin, ymax = 0, 1
	}
	p.Y.Min, p.Y.Max = niceRange(ymin, ymax)
	return p
}

// check panics if b's slices do not match.
func (b Band) check() {
	n := len(b.X)
	if len(b.Mean) != n {
		panic(fmt.Sprintf("plot: band %q: len(Mean) = %d; want len(X) = %d", b.Label, len(b.Mean), n))
	}
	if (b.Lo == nil) != (b.Hi == nil) || b.Lo != nil && (len(b.Lo) != n || len(b.Hi) != n) {
		panic(fmt.Sprintf("plot: band %q: len(Lo) = %d, len(Hi) = %d; want both %d or both nil",
			b.Label, len(b.Lo), len(b.Hi), n))
	}
	if (b.InnerLo == nil) != (b.InnerHi == nil) || b.InnerLo != nil && (len(b.InnerLo) != n || len(b.InnerHi) != n) {
		panic(fmt.Sprintf("plot: band %q: len(InnerLo) = %d, len(InnerHi) = %d; want both %d or both nil",
			b.Label, len(b.InnerLo), len(b.InnerHi), n))
	}
}

// TotalLegend and InnerLegend are the legend entries of the light and
// the dark shade of a chart whose bands have an inner band.
const (
	TotalLegend = "light: total 95% interval"
	InnerLegend = "dark: stochastic part only"
)

// rings returns the band's polygon rings, one per run of two or more
// points where X, Lo and Hi are finite: the lower edge forward, then the
// upper edge back.
func (b Band) rings() []plotter.XYs { return ringsOf(b.X, b.Lo, b.Hi) }

// ringsOf returns the polygon rings of the band lo to hi over x (none when
// lo is nil), as Band.rings.
func ringsOf(x, lo, hi []float64) []plotter.XYs {
	if lo == nil {
		return nil
	}
	var rings []plotter.XYs
	for _, r := range finiteSpans(x, lo, hi) {
		if r.n() < 2 {
			continue
		}
		ring := make(plotter.XYs, 0, 2*r.n())
		for i := r.start; i < r.end; i++ {
			ring = append(ring, plotter.XY{X: x[i], Y: lo[i]})
		}
		for i := r.end - 1; i >= r.start; i-- {
			ring = append(ring, plotter.XY{X: x[i], Y: hi[i]})
		}
		rings = append(rings, ring)
	}
	return rings
}

// span is the index range [start, end).
type span struct{ start, end int }

func (s span) n() int { return s.end - s.start }

// finiteSpans returns the maximal index ranges where x[i] and every ys[k][i]
// are finite.
func finiteSpans(x []float64, ys ...[]float64) []span {
	var spans []span
	start := -1
	for i, xi := range x {
		ok := isFinite(xi)
		for _, y := range ys {
			ok = ok && isFinite(y[i])
		}
		switch {
		case ok && start < 0:
			start = i
		case !ok && start >= 0:
			spans = append(spans, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, span{start, len(x)})
	}
	return spans
}

// finiteRuns returns the points (x[i], y[i]) in runs where both are finite.
func finiteRuns(x, y []float64) []plotter.XYs {
	var runs []plotter.XYs
	for _, r := range finiteSpans(x, y) {
		run := make(plotter.XYs, r.n())
		for i := range run {
			run[i] = plotter.XY{X: x[r.start+i], Y: y[r.start+i]}
		}
		runs = append(runs, run)
	}
	return runs
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// yearRange returns the whole years around the finite X of all bands, so
// that the first and last years carry labels; [0, 1] when there are none.
func yearRange(bands []Band) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, b := range bands {
		for _, x := range b.X {
			if isFinite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	lo, hi = math.Floor(lo), math.Ceil(hi)
	if lo == hi {
		hi++
	}
	return lo, hi
}

// FromSummary returns the Band of the named metric in s: X is s.Year and
// Mean, Lo and Hi are the metric's columns of s.Mean, s.Lo and s.Hi. The
// band is labelled label; "" gives no legend entry. It reports false if s
// has no such metric.
func FromSummary(s *results.Summary, metric, label string) (Band, bool) {
	m := results.MetricIndex(s.Metrics, metric)
	if m < 0 {
		return Band{}, false
	}
	n := len(s.Year)
	b := Band{
		Label: label,
		X:     slices.Clone(s.Year),
		Mean:  make([]float64, n),
		Lo:    make([]float64, n),
		Hi:    make([]float64, n),
	}
	for i := range n {
		b.Mean[i], b.Lo[i], b.Hi[i] = s.Mean[i][m], s.Lo[i][m], s.Hi[i][m]
	}
	return b, true
}

// references draws horizontal reference lines across the data area, each
// with its label at the right end: above the line, or below it when that
// would overlap a label already placed (as with the WHO thresholds 44.5 and
// 49, a few points apart).
type references struct {
	refs  []Reference
	line  draw.LineStyle
	text  draw.TextStyle
	gap   vg.Length   // between a line and its label
	under color.Color // behind a label, so that it reads over a band
}

func newReferences(refs []Reference) *references {
	r := &references{
		refs: slices.Clone(refs),
		line: draw.LineStyle{
			Color:  color.Gray{Y: 0x55},
			Width:  vg.Points(1),
			Dashes: []vg.Length{vg.Points(5), vg.Points(3)},
		},
		gap:   vg.Points(2),
		under: color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xC0},
	}
	r.text = draw.TextStyle{
		Color:   color.Gray{Y: 0x33},
		Font:    font.From(sans, noteSize),
		XAlign:  draw.XRight,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
	// Lines and labels from the top down, so that placement is stable.
	slices.SortStableFunc(r.refs, func(a, b Reference) int { return cmp.Compare(b.Value, a.Value) })
	return r
}

func (r *references) labelOf(ref Reference) string {
	if ref.Label == "" {
		return FormatNumber(ref.Value)
	}
	return ref.Label
}

// Plot implements plot.Plotter.
func (r *references) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	var placed []vg.Rectangle
	pad := vg.Points(1.5)
	for _, ref := range r.refs {
		if !isFinite(ref.Value) {
			continue
		}
		y := trY(ref.Value)
		if y < c.Min.Y || y > c.Max.Y {
			continue
		}
		c.StrokeLine2(r.line, c.Min.X, y, c.Max.X, y)

		txt := r.labelOf(ref)
		box := r.text.Rectangle(txt)
		at := func(base vg.Length) vg.Rectangle { // box drawn at (c.Max.X, base)
			return box.Add(vg.Point{X: c.Max.X - pad, Y: base})
		}
		above := y + r.gap - box.Min.Y
		below := y - r.gap - box.Max.Y
		base := above
		if overlapsAny(at(above), placed) {
			base = below
			for _, q := range placed { // below the lowest label it meets
				if b := at(base); overlaps(b, q) {
					base -= b.Max.Y - q.Min.Y + pad
				}
			}
		}
		rect := at(base)
		c.FillPolygon(r.under, []vg.Point{
			{X: rect.Min.X - pad, Y: rect.Min.Y}, {X: rect.Max.X + pad, Y: rect.Min.Y},
			{X: rect.Max.X + pad, Y: rect.Max.Y}, {X: rect.Min.X - pad, Y: rect.Max.Y},
		})
		c.FillText(r.text, vg.Point{X: c.Max.X - pad, Y: base}, txt)
		placed = append(placed, rect)
	}
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func overlapsAny(a vg.Rectangle, bs []vg.Rectangle) bool {
	for _, b := range bs {
		if overlaps(a, b) {
			return true
		}
	}
	return false
}

// DataRange implements plot.DataRanger: the references widen the y axis to
// include them, and leave the x axis to the data.
func (r *references) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, ref := range r.refs {
		if isFinite(ref.Value) {
			ymin, ymax = math.Min(ymin, ref.Value), math.Max(ymax, ref.Value)
		}
	}
	return xmin, xmax, ymin, ymax
}

// GlyphBoxes implements plot.GlyphBoxer: a label above the top of the data
// area makes room for itself.
func (r *references) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for _, ref := range r.refs {
		if !isFinite(ref.Value) {
			continue
		}
		box := r.text.Rectangle(r.labelOf(ref))
		h := box.Max.Y - box.Min.Y
		boxes = append(boxes, plot.GlyphBox{
			X: 1, Y: p.Y.Norm(ref.Value),
			// Zero width: only the vertical extent matters.
			Rectangle: vg.Rectangle{Max: vg.Point{Y: r.gap + h}},
		})
	}
	return boxes
}
