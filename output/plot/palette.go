package plot

import "image/color"

// Palette holds the eight colours of the Okabe-Ito colour-blind-safe palette
// (Okabe & Ito 2008, "Color Universal Design"; Wong 2011, Nature Methods 8:441).
// Series i takes Palette[i%len(Palette)]. The order differs from the published
// one so that the first series contrast best on white: blue, vermillion and
// bluish green come first, and yellow, hard to see as a thin line, comes last.
var Palette = []color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
}

// BandAlpha is the opacity of a shaded band: a quarter, so that two
// overlapping bands remain distinguishable and the mean lines stay on top.
const BandAlpha = 0x40

// SeriesColor returns the line colour of series i: Palette[i%len(Palette)].
// It panics if i is negative.
func SeriesColor(i int) color.NRGBA {
	if i < 0 {
		panic("plot: negative series index")
	}
	return Palette[i%len(Palette)]
}

// BandColor returns the fill colour of series i's band: its line colour with
// alpha BandAlpha. The colour is non-premultiplied (color.NRGBA), so the hue
// is the line's own. It panics if i is negative.
func BandColor(i int) color.NRGBA {
	c := SeriesColor(i)
	c.A = BandAlpha
	return c
}
