package plot

import (
	"bytes"
	"flag"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
)

var update = flag.Bool("update", false, "rewrite golden files")

// svgPath is one <path> element of an SVG document written by gonum/plot.
type svgPath struct {
	d, style string
}

var pathRE = regexp.MustCompile(`<path d="([^"]*)" style="([^"]*)"`)

// paths returns the <path> elements of svg whose style contains every
// one of the given fragments.
func paths(svg string, fragments ...string) []svgPath {
	var ps []svgPath
	for _, m := range pathRE.FindAllStringSubmatch(svg, -1) {
		p := svgPath{d: m[1], style: m[2]}
		ok := true
		for _, f := range fragments {
			ok = ok && strings.Contains(p.style, f)
		}
		if ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// bandFill and lineStroke pick out, from gonum's SVG, the fill of a band
// (alpha BandAlpha = 0x40 = 0.25098) and the stroke of a mean line of
// series i. Band fills are matched on opacity alone: gonum writes a
// translucent colour's RGB un-premultiplied with truncation, so #D55E00
// comes out as #D45D00.
const bandFill = "fill-opacity:0.25098"

func lineStroke(i int) string {
	c := SeriesColor(i)
	return "stroke:#" + hex2(c.R) + hex2(c.G) + hex2(c.B) + ";stroke-width:1.75"
}

func hex2(b uint8) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[b>>4], digits[b&0xF]})
}

// texts returns the contents of the <text> elements of svg, unescaped.
func texts(svg string) []string {
	re := regexp.MustCompile(`(?s)<text [^>]*>(.*?)</text>`)
	var ts []string
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		ts = append(ts, html.UnescapeString(m[1]))
	}
	return ts
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestBandsSVGStructure(t *testing.T) {
	bands := synthBands(360)
	p, err := Bands("Health workforce & diaspora", "health workers per 10,000 people", bands, whoRefs)
	if err != nil {
		t.Fatalf("Bands: %v", err)
	}
	svg := svgOf(t, p)
	ts := texts(svg)
	for _, want := range []string{
		"Health workforce & diaspora",      // title, escaped in the SVG
		"year",                             // x axis
		"health workers per 10,000 people", // y axis
		"Workers at home", "Emigrants abroad", "Returnees",
		"WHO threshold 44.5", "WHO threshold 49",
		"2025", "2030", "2055", // whole years
		"0", "10", "50", // y ticks
	} {
		if !contains(ts, want) {
			t.Errorf("SVG text lacks %q; has %q", want, ts)
		}
	}

	// One filled path per band in the data area and one per legend entry.
	if got, want := len(paths(svg, bandFill)), 2*len(bands); got != want {
		t.Errorf("band polygons = %d; want %d (one per band, one per legend thumbnail)", got, want)
	}
	for i := range bands {
		if got := len(paths(svg, lineStroke(i))); got != 2 {
			t.Errorf("series %d: mean lines = %d; want 2 (line and legend thumbnail)", i, got)
		}
	}
	if got := len(paths(svg, "stroke-dasharray:5,3")); got != len(whoRefs) {
		t.Errorf("reference lines = %d; want %d", got, len(whoRefs))
	}
}

func TestBandsAxes(t *testing.T) {
	for _, tt := range []struct {
		name           string
		bands          []Band
		refs           []Reference
		ymin, ymax     float64
		xmin, xmax     float64
		yLabels        string
		xLabelsPresent []string
	}{
		{
			name:  "non-negative starts at 0",
			bands: []Band{{X: []float64{2025.0833, 2025.5, 2030}, Mean: []float64{120, 160, 170}}},
			ymin:  0, ymax: 175, xmin: 2025, xmax: 2030,
			yLabels: "0 25 50 75 100 125 150 175",
		},
		{
			name:  "reference widens the axis",
			bands: []Band{{X: []float64{2025, 2026}, Mean: []float64{10, 20}}},
			refs:  []Reference{{Value: 44.5}},
			ymin:  0, ymax: 50, xmin: 2025, xmax: 2026,
			yLabels: "0 10 20 30 40 50",
		},
		{
			name:  "negative differences keep their sign",
			bands: []Band{{X: []float64{2025, 2040}, Mean: []float64{-1200, 3400}}},
			ymin:  -2000, ymax: 4000, xmin: 2025, xmax: 2040,
			yLabels: "-2,000 -1,000 0 1,000 2,000 3,000 4,000",
		},
		{
			name:  "large counts take k",
			bands: []Band{{X: []float64{2025, 2055}, Mean: []float64{90e3, 152e3}}},
			ymin:  0, ymax: 175e3, xmin: 2025, xmax: 2055,
			yLabels: "0 25k 50k 75k 100k 125k 150k 175k",
		},
		{
			name:  "all zero",
			bands: []Band{{X: []float64{2025, 2026}, Mean: []float64{0, 0}}},
			ymin:  0, ymax: 1, xmin: 2025, xmax: 2026,
			yLabels: "0 0.2 0.4 0.6 0.8 1.0",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Bands("t", "y", tt.bands, tt.refs)
			if err != nil {
				t.Fatalf("Bands: %v", err)
			}
			if p.Y.Min != tt.ymin || p.Y.Max != tt.ymax {
				t.Errorf("y range = [%v, %v]; want [%v, %v]", p.Y.Min, p.Y.Max, tt.ymin, tt.ymax)
			}
			if p.X.Min != tt.xmin || p.X.Max != tt.xmax {
				t.Errorf("x range = [%v, %v]; want [%v, %v]", p.X.Min, p.X.Max, tt.xmin, tt.xmax)
			}
			if got := labels(p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)); got != tt.yLabels {
				t.Errorf("y labels = %q; want %q", got, tt.yLabels)
			}
		})
	}
}

func TestBandsSkipsNaN(t *testing.T) {
	nan := math.NaN()
	bands := []Band{
		{ // a gap in the middle: two runs of line and band
			Label: "gap",
			X:     []float64{2025, 2026, 2027, 2028, 2029, 2030},
			Mean:  []float64{1, 2, nan, 4, 5, 6},
			Lo:    []float64{0, 1, nan, 3, 4, 5},
			Hi:    []float64{2, 3, nan, 5, 6, 7},
		},
		{ // an isolated point: a dot, and no band where only one point is finite
			Label: "isolated",
			X:     []float64{2025, 2026, 2027, 2028},
			Mean:  []float64{nan, 3, nan, math.Inf(1)},
			Lo:    []float64{nan, 2, nan, nan},
			Hi:    []float64{nan, 4, nan, nan},
		},
		{ // nothing finite at all
			Label: "empty",
			X:     []float64{2025, 2026},
			Mean:  []float64{nan, nan},
			Lo:    []float64{nan, nan},
			Hi:    []float64{nan, nan},
		},
		{ // a NaN year
			Label: "bad year",
			X:     []float64{2025, nan, 2027, 2028},
			Mean:  []float64{1, 1, 1, 1},
		},
	}
	p, err := Bands("Gaps", "y", bands, nil)
	if err != nil {
		t.Fatalf("Bands: %v", err)
	}
	svg := svgOf(t, p)
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("SVG holds NaN or Inf coordinates")
	}
	if p.Y.Min != 0 || p.Y.Max != 7 {
		t.Errorf("y range = [%v, %v]; want [0, 7]", p.Y.Min, p.Y.Max)
	}

	// Band 0: one path holding two rings; its line in two pieces.
	fills := paths(svg, bandFill)
	if len(fills) == 0 {
		t.Fatal("no band polygons")
	}
	if got := strings.Count(fills[0].d, "M"); got != 2 {
		t.Errorf("gap band: rings = %d; want 2 (d = %q)", got, fills[0].d)
	}
	// Data polygons: only band 0 has two consecutive finite points; legend
	// thumbnails: bands 0, 1 and 2 have Lo and Hi.
	if got, want := len(fills), 1+3; got != want {
		t.Errorf("band polygons = %d; want %d", got, want)
	}
	for _, tt := range []struct {
		series, want int
	}{
		{0, 2 + 1}, // two runs and the legend thumbnail
		{1, 0 + 1}, // no run of two: a dot instead
		{2, 0 + 1},
		{3, 1 + 1}, // 2027..2028; 2025 alone is a dot
	} {
		if got := len(paths(svg, lineStroke(tt.series))); got != tt.want {
			t.Errorf("series %d: line paths = %d; want %d", tt.series, got, tt.want)
		}
	}
	for _, s := range []int{1, 3} {
		c := SeriesColor(s)
		dot := "fill:#" + hex2(c.R) + hex2(c.G) + hex2(c.B)
		if got := len(paths(svg, dot)); got != 1 {
			t.Errorf("series %d: dots = %d; want 1", s, got)
		}
	}
}

func TestBandsPanicsOnMismatch(t *testing.T) {
	for _, tt := range []struct {
		name string
		band Band
	}{
		{"short mean", Band{X: []float64{1, 2}, Mean: []float64{1}}},
		{"lo without hi", Band{X: []float64{1}, Mean: []float64{1}, Lo: []float64{1}}},
		{"short hi", Band{X: []float64{1, 2}, Mean: []float64{1, 2}, Lo: []float64{1, 2}, Hi: []float64{1}}},
		{"inner lo without hi", Band{X: []float64{1}, Mean: []float64{1}, InnerLo: []float64{1}}},
		{"short inner hi", Band{X: []float64{1, 2}, Mean: []float64{1, 2}, InnerLo: []float64{1, 2}, InnerHi: []float64{1}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("Bands did not panic")
				}
				if msg, _ := r.(string); !strings.HasPrefix(msg, "plot: ") {
					t.Errorf("panic %v; want a message prefixed \"plot: \"", r)
				}
			}()
			Bands("t", "y", []Band{tt.band}, nil)
		})
	}
}

func TestBandsGolden(t *testing.T) {
	// Yearly points keep the golden file small.
	bands := synthBands(12 * 30)
	for k := range bands {
		b := &bands[k]
		var yearly Band
		yearly.Label = b.Label
		for i := 11; i < len(b.X); i += 12 {
			yearly.X = append(yearly.X, b.X[i])
			yearly.Mean = append(yearly.Mean, b.Mean[i])
			yearly.Lo = append(yearly.Lo, b.Lo[i])
			yearly.Hi = append(yearly.Hi, b.Hi[i])
		}
		*b = yearly
	}
	p, err := Bands("Health workforce, synthetic", "health workers per 10,000 people", bands, whoRefs)
	if err != nil {
		t.Fatalf("Bands: %v", err)
	}
	got := []byte(svgOf(t, p))

	golden := filepath.Join("testdata", "bands.svg")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SVG differs from %s (%d bytes, want %d); if the change is intended, run go test -update and review the diff",
			golden, len(got), len(want))
	}
}

func TestSVGDeterministic(t *testing.T) {
	render := func() string {
		p, err := Bands("t", "y", synthBands(120), whoRefs)
		if err != nil {
			t.Fatalf("Bands: %v", err)
		}
		return svgOf(t, p)
	}
	if a, b := render(), render(); a != b {
		t.Error("two renderings of the same plot differ")
	}
}

func TestFromSummary(t *testing.T) {
	s := &results.Summary{
		Metrics: []results.Metric{{Name: "workers_home"}, {Name: "emigrants"}},
		Step:    []int{1, 2},
		Year:    []float64{2025.0833, 2025.1667},
		Mean:    [][]float64{{100, 10}, {110, 11}},
		Lo:      [][]float64{{90, 9}, {100, 10}},
		Hi:      [][]float64{{110, 12}, {120, 13}},
	}
	b, ok := FromSummary(s, "emigrants", "Emigrants")
	if !ok {
		t.Fatal("FromSummary(emigrants) reported no metric")
	}
	want := Band{
		Label: "Emigrants",
		X:     []float64{2025.0833, 2025.1667},
		Mean:  []float64{10, 11},
		Lo:    []float64{9, 10},
		Hi:    []float64{12, 13},
	}
	if !equalBand(b, want) {
		t.Errorf("FromSummary = %+v; want %+v", b, want)
	}
	b.X[0] = 0
	if s.Year[0] != 2025.0833 {
		t.Error("FromSummary shares X with s.Year")
	}
	if _, ok := FromSummary(s, "returnees", ""); ok {
		t.Error("FromSummary(returnees) = true; want false")
	}
}

func equalBand(a, b Band) bool {
	eq := func(x, y []float64) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	return a.Label == b.Label && eq(a.X, b.X) && eq(a.Mean, b.Mean) && eq(a.Lo, b.Lo) && eq(a.Hi, b.Hi)
}

// TestBandsDashed checks that a Dashed band's mean line, and its legend
// thumbnail, are drawn dashed, and the others solid.
func TestBandsDashed(t *testing.T) {
	x := []float64{2025, 2026, 2027}
	p, err := Bands("t", "y", []Band{
		{Label: "part", X: x, Mean: []float64{1, 2, 3}},
		{Label: "total", X: x, Mean: []float64{2, 3, 4}, Dashed: true},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	svg := svgOf(t, p)
	if got := len(paths(svg, lineStroke(1), "stroke-dasharray:6,4")); got != 2 {
		t.Errorf("dashed paths of the total = %d; want 2 (its line and its legend thumbnail)", got)
	}
	if got := len(paths(svg, lineStroke(0), "stroke-dasharray")); got != 0 {
		t.Errorf("dashed paths of the part = %d; want 0", got)
	}
}

// TestXBands checks the axes of a chart over a parameter: the x axis spans
// the bands and the points with a margin, is not titled "year", and the y
// axis takes in the points.
func TestXBands(t *testing.T) {
	p, err := XBands("t", "emigration.base_rate", "persons",
		[]Band{{X: []float64{0.15, 0.35}, Mean: []float64{10, 20}, Lo: []float64{8, 18}, Hi: []float64{12, 22}}},
		[]Points{{Label: "a point", X: []float64{0.1, 0.4}, Y: []float64{5, 45}}})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min >= 0.1 || p.X.Max <= 0.4 || p.X.Min < 0.08 || p.X.Max > 0.42 {
		t.Errorf("x axis [%v, %v]; want a little wider than the points' [0.1, 0.4]", p.X.Min, p.X.Max)
	}
	if p.Y.Max < 45 || p.Y.Min != 0 {
		t.Errorf("y axis [%v, %v]; want [0, >= 45]", p.Y.Min, p.Y.Max)
	}
	svg := svgOf(t, p)
	if ts := texts(svg); !contains(ts, "emigration.base_rate") || !contains(ts, "a point") {
		t.Errorf("texts %q; want the x axis title and the points' legend entry", ts)
	}
}

// TestBandsInner: a band with an inner band (the stochastic part of a
// total interval) draws a second polygon over the first, and the legend
// says once which shade is which: two grey entries, the dark one of two
// layers.
func TestBandsInner(t *testing.T) {
	bands := synthBands(120)
	for i := range bands {
		b := &bands[i]
		b.InnerLo, b.InnerHi = make([]float64, len(b.X)), make([]float64, len(b.X))
		for k := range b.X {
			b.InnerLo[k] = (b.Mean[k] + b.Lo[k]) / 2
			b.InnerHi[k] = (b.Mean[k] + b.Hi[k]) / 2
		}
	}
	p, err := Bands("t", "y", bands, nil)
	if err != nil {
		t.Fatal(err)
	}
	svg := svgOf(t, p)
	// Per band: band, inner band, legend thumbnail; then 1 + 2 greys.
	if got, want := len(paths(svg, bandFill)), 3*len(bands)+3; got != want {
		t.Errorf("band polygons = %d; want %d", got, want)
	}
	ts := texts(svg)
	for _, want := range []string{TotalLegend, InnerLegend} {
		if !contains(ts, want) {
			t.Errorf("legend lacks %q; has %q", want, ts)
		}
	}
	// Without inner bands, no such legend.
	plain, err := Bands("t", "y", synthBands(120), nil)
	if err != nil {
		t.Fatal(err)
	}
	if ts := texts(svgOf(t, plain)); contains(ts, InnerLegend) {
		t.Errorf("legend of bands without inner bands has %q", InnerLegend)
	}
}
