package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/brainsim/brainsim/output"
)

// Width and Height are the default chart size: 8 × 5 inches, which is
// 768 × 480 pixels in a PNG (gonum/plot renders PNGs at 96 dots per inch).
const (
	Width  = 8 * vg.Inch
	Height = 5 * vg.Inch
)

// WritePNG draws p as a wd × ht PNG image to w.
func WritePNG(w io.Writer, p *plot.Plot, wd, ht vg.Length) error {
	if err := render(w, p, wd, ht, "png"); err != nil {
		return fmt.Errorf("plot: writing PNG: %w", err)
	}
	return nil
}

// WriteSVG draws p as a wd × ht SVG document to w. Fonts are named, not
// embedded, which keeps the file small (tens of kilobytes rather than
// hundreds); each family is followed by metric-compatible fallbacks.
// The output is deterministic: the same plot gives the same bytes.
func WriteSVG(w io.Writer, p *plot.Plot, wd, ht vg.Length) error {
	if err := render(w, p, wd, ht, "svg"); err != nil {
		return fmt.Errorf("plot: writing SVG: %w", err)
	}
	return nil
}

// fontFallbacks add, to the font families gonum/plot names in SVG text,
// fallbacks for viewers that lack the Liberation fonts. The Liberation fonts
// are metric-compatible with Arial, Times New Roman and Courier New, so text
// keeps the width it was laid out with.
var fontFallbacks = strings.NewReplacer(
	"font-family:Liberation Sans;", "font-family:Liberation Sans,Arial,Helvetica,sans-serif;",
	"font-family:Liberation Serif;", "font-family:Liberation Serif,'Times New Roman',Times,serif;",
	"font-family:Liberation Mono;", "font-family:Liberation Mono,'Courier New',Courier,monospace;",
)

// Margin is the blank border drawn around a chart, so that tick labels and
// the legend do not touch the edges of the image.
const Margin = 3 * vg.Millimeter

// render draws p to w in format "png" or "svg". It is p.WriterTo with a
// Margin: gonum/plot lays a plot out to the very edges of its canvas.
func render(w io.Writer, p *plot.Plot, wd, ht vg.Length, format string) error {
	if format == "png" {
		return renderPNG(w, p, wd, ht)
	}
	wt, err := draw.NewFormattedCanvas(wd, ht, format)
	if err != nil {
		return err
	}
	dc := draw.New(wt)
	if p.BackgroundColor != nil {
		dc.SetColor(p.BackgroundColor)
		dc.Fill(dc.Rectangle.Path())
	}
	p.Draw(draw.Crop(dc, Margin, -Margin, Margin, -Margin))
	if format != "svg" {
		_, err = wt.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return err
	}
	_, err = fontFallbacks.WriteString(w, buf.String())
	return err
}

// renderPNG draws p to w as a PNG image at vgimg.DefaultDPI, the
// resolution of gonum/plot's own PNGs. The canvas starts filled with the
// plot's background colour, which is not filled again (a fill through the
// anti-aliasing rasterizer costs as much as drawing the data), and the image
// is compressed for speed (png.BestSpeed): the default compression took half
// the time of a chart for files only a few percent smaller.
func renderPNG(w io.Writer, p *plot.Plot, wd, ht vg.Length) error {
	bg := p.BackgroundColor
	if bg == nil {
		bg = color.Transparent
	}
	c := vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(vgimg.DefaultDPI), vgimg.UseBackgroundColor(bg))
	cp := *p // p is left as it was
	cp.BackgroundColor = nil
	cp.Draw(draw.Crop(draw.New(c), Margin, -Margin, Margin, -Margin))
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, c.Image())
}

// Save writes p, wd × ht, to the file at path, as PNG or SVG according to
// the extension of path (".png" or ".svg", in any case), atomically with
// output.WriteFileAtomic: path never holds a half-written chart, and on
// error it is left as it was. The file is readable by all (0644).
func Save(p *plot.Plot, path string, wd, ht vg.Length) error {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".png", ".svg":
	default:
		return fmt.Errorf("plot: save %s: unsupported format %q; want .png or .svg", path, ext)
	}
	err := output.WriteFileAtomic(path, func(w io.Writer) error { return render(w, p, wd, ht, ext[1:]) })
	if err != nil {
		return fmt.Errorf("plot: save: %w", err)
	}
	return nil
}
