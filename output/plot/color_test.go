package plot

import (
	"bytes"
	"image/png"
	"testing"
)

func TestBandColor(t *testing.T) {
	x := []float64{2025, 2026, 2027}
	bands := []Band{
		{Label: "second scenario", X: x, Mean: []float64{1, 2, 3}, Lo: []float64{0, 1, 2}, Hi: []float64{2, 3, 4}, Color: SeriesColor(1)},
		{Label: "by position", X: x, Mean: []float64{3, 2, 1}, Lo: []float64{2, 1, 0}, Hi: []float64{4, 3, 2}},
	}
	p, err := Bands("t", "y", bands, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSVG(&buf, p, Width, Height); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	// Band 0 keeps its own colour, SeriesColor(1); band 1 takes its
	// position's, which is also SeriesColor(1): two lines and two legend
	// thumbnails in it, none in SeriesColor(0).
	if got := len(paths(svg, lineStroke(1))); got != 4 {
		t.Errorf("lines in SeriesColor(1) = %d; want 4", got)
	}
	if got := len(paths(svg, lineStroke(0))); got != 0 {
		t.Errorf("lines in SeriesColor(0) = %d; want 0", got)
	}
	if got := len(paths(svg, bandFill)); got != 4 {
		t.Errorf("band polygons = %d; want 4", got)
	}
}

func TestWritePNGBackground(t *testing.T) {
	p := chart(t)
	bg := p.BackgroundColor
	var buf bytes.Buffer
	if err := WritePNG(&buf, p, Width, Height); err != nil {
		t.Fatal(err)
	}
	if p.BackgroundColor != bg {
		t.Errorf("WritePNG changed the plot's background colour to %v", p.BackgroundColor)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// The corner is margin: the background colour, white.
	if r, g, b, a := img.At(1, 1).RGBA(); r != 0xFFFF || g != 0xFFFF || b != 0xFFFF || a != 0xFFFF {
		t.Errorf("corner pixel = %v; want opaque white", img.At(1, 1))
	}
}
