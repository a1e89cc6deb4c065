package plot

import (
	"math"
	"strings"
	"testing"
)

func TestBars(t *testing.T) {
	names := []string{"wage_gap_elasticity", "diaspora_effect", "visa_quota", "return_hazard_scale"}
	for _, tt := range []struct {
		name          string
		values        []float64
		lo, hi        []float64
		bars, errBars int
		xmin, xmax    float64
		zeroLine      bool
	}{
		{
			name:   "with intervals",
			values: []float64{0.52, 0.31, 0.12, 0.03},
			lo:     []float64{0.45, 0.25, 0.08, 0},
			hi:     []float64{0.6, 0.37, 0.16, 0.06},
			bars:   4, errBars: 4, xmin: 0, xmax: 0.6,
		},
		{
			name:   "no intervals",
			values: []float64{3, 2, 1, 0.5},
			bars:   4, xmin: 0, xmax: 3,
		},
		{
			name:   "negative value and NaN bound",
			values: []float64{0.4, -0.1, math.NaN(), 0.2},
			lo:     []float64{0.3, -0.15, 0, math.NaN()},
			hi:     []float64{0.5, -0.05, 0.1, 0.3},
			bars:   3, errBars: 3, xmin: -0.2, xmax: 0.5, zeroLine: true,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Bars("Sobol total-order indices", "index", names, tt.values, tt.lo, tt.hi)
			if err != nil {
				t.Fatalf("Bars: %v", err)
			}
			if p.X.Min != tt.xmin || math.Abs(p.X.Max-tt.xmax) > 1e-12 {
				t.Errorf("value range = [%v, %v]; want [%v, %v]", p.X.Min, p.X.Max, tt.xmin, tt.xmax)
			}
			svg := svgOf(t, p)
			ts := texts(svg)
			for _, want := range append([]string{"Sobol total-order indices", "index"}, names...) {
				if !contains(ts, want) {
					t.Errorf("SVG text lacks %q", want)
				}
			}
			c := Palette[0]
			fills := paths(svg, "fill:#"+hex2(c.R)+hex2(c.G)+hex2(c.B))
			if len(fills) != 1 {
				t.Fatalf("bar polygons = %d; want 1", len(fills))
			}
			if got := strings.Count(fills[0].d, "M"); got != tt.bars {
				t.Errorf("bars = %d; want %d", got, tt.bars)
			}
			// An error bar is a line and two caps, stroked black 1pt wide
			// (the SVG default width, so not written).
			errStrokes := 0
			for _, p := range paths(svg) {
				if p.style == "fill:none;stroke:#000000" {
					errStrokes++
				}
			}
			if got := errStrokes; got != 3*tt.errBars {
				t.Errorf("error-bar strokes = %d; want %d", got, 3*tt.errBars)
			}
			if got := len(paths(svg, "stroke-width:0.75")) == 1; got != tt.zeroLine {
				t.Errorf("zero line drawn = %v; want %v", got, tt.zeroLine)
			}
		})
	}
}

func TestBarsFirstLabelOnTop(t *testing.T) {
	p, err := Bars("t", "v", []string{"first", "second", "third"}, []float64{1, 2, 3}, nil, nil)
	if err != nil {
		t.Fatalf("Bars: %v", err)
	}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	top := ticks[0]
	for _, tk := range ticks {
		if tk.Value > top.Value {
			top = tk
		}
	}
	if top.Label != "first" {
		t.Errorf("top label = %q; want \"first\"", top.Label)
	}
}

func TestBarsEmpty(t *testing.T) {
	p, err := Bars("nothing yet", "v", nil, nil, nil, nil)
	if err != nil {
		t.Fatalf("Bars: %v", err)
	}
	svgOf(t, p) // draws without panicking
}

func TestBarsPanicsOnMismatch(t *testing.T) {
	for _, tt := range []struct {
		name   string
		values []float64
		lo, hi []float64
	}{
		{"short values", []float64{1}, nil, nil},
		{"lo without hi", []float64{1, 2}, []float64{0, 1}, nil},
		{"short hi", []float64{1, 2}, []float64{0, 1}, []float64{2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Bars did not panic")
				}
			}()
			Bars("t", "v", []string{"a", "b"}, tt.values, tt.lo, tt.hi)
		})
	}
}
