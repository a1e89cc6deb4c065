package report

import (
	"fmt"
	"html/template"
	"image/color"
	"strings"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output/plot"
)

// Timeline geometry, in SVG user units (1 unit = 1 CSS pixel at full size).
const (
	tlWidth   = 860 // whole drawing
	tlLabel   = 250 // label column on the left
	tlRight   = 24  // margin on the right
	tlRow     = 30  // height of a policy's row
	tlAxis    = 28  // height of the year axis on top
	tlBarHalf = 9   // half the height of a bar
)

// Timeline returns an inline SVG drawing of when each policy of each
// scenario is active over the horizon: one row per policy, a bar from its
// first to the end of its last active year, in its scenario's colour
// (plot.SeriesColor of its index), labelled with the years; with several
// scenarios, the policies of each under a heading row with its label. A
// scenario without policies gets a row saying so. The horizon is that of
// scs[0].
// It returns "" when scs is empty.
func Timeline(scs []*model.Scenario, labels []string) template.HTML {
	if len(scs) == 0 {
		return ""
	}
	y0 := scs[0].StartYear
	y1 := y0 + scs[0].Years
	plotW := float64(tlWidth - tlLabel - tlRight)
	x := func(year int) float64 {
		year = min(max(year, y0), y1)
		return tlLabel + plotW*float64(year-y0)/float64(y1-y0)
	}
	rows := 0
	for _, sc := range scs {
		rows += max(1, len(sc.Policies))
		if len(scs) > 1 && len(sc.Policies) > 0 {
			rows++ // the scenario's heading row
		}
	}
	height := tlAxis + rows*tlRow + 8

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Timeline of active policies" font-family="Liberation Sans,Arial,Helvetica,sans-serif" font-size="13">`, tlWidth, height)
	// Year axis: a label every step years, light grid lines down.
	step := yearStep(y1 - y0)
	for y := y0; y <= y1; y++ {
		if (y-y0)%step != 0 && y != y1 {
			continue
		}
		xx := x(y)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`, xx, tlAxis-4, xx, height-4)
		if (y-y0)%step == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333">%d</text>`, xx, tlAxis-10, y)
		}
	}
	row := 0
	rowY := func() int { return tlAxis + row*tlRow + tlRow/2 }
	for s, sc := range scs {
		c := plot.SeriesColor(s)
		indent := 4
		if len(scs) > 1 {
			cy := rowY()
			fmt.Fprintf(&b, `<rect x="4" y="%d" width="11" height="11" rx="2" fill="%s"/>`, cy-7, hex(c))
			label := labels[s]
			if len(sc.Policies) == 0 {
				label += ": no policy"
			}
			fmt.Fprintf(&b, `<text x="21" y="%d" fill="#222" font-weight="bold"><title>%s</title>%s</text>`, cy+4, esc(label), esc(clip(label, 30)))
			if len(sc.Policies) == 0 {
				fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-dasharray="4 3"/>`, tlLabel, cy, x(y1), cy, hex(c))
			}
			row++
			indent = 21
		} else if len(sc.Policies) == 0 {
			fmt.Fprintf(&b, `<text x="4" y="%d" fill="#333">no policy</text>`, rowY()+4)
			row++
		}
		for i, p := range sc.Policies {
			cy := rowY()
			start, end := p.StartYear, p.EndYear+1
			if p.StartYear == 0 {
				start = y0
			}
			if p.EndYear == 0 {
				end = y1
			}
			label := sc.PolicyName(i)
			if kind := p.Kind().String(); label != kind {
				label += " (" + kind + ")"
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#222"><title>%s</title>%s</text>`, indent, cy+4, esc(label), esc(clip(label, 31)))
			years := fmt.Sprintf("%d–%d", start, end-1)
			if p.EndYear == 0 {
				years = fmt.Sprintf("from %d", start)
			}
			if len(p.Sectors) > 0 {
				years += " · " + strings.Join(p.Sectors, ", ")
			}
			row++
			if start >= y1 || end <= y0 || end <= start {
				fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#666">outside the horizon (%s)</text>`, tlLabel+4, cy+4, esc(years))
				continue
			}
			xa, xb := x(start), x(end)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" rx="3" fill="%s" fill-opacity="0.85"><title>%s</title></rect>`,
				xa, cy-tlBarHalf, xb-xa, 2*tlBarHalf, hex(c), esc(label+": "+years))
			switch {
			case xb-xa > 7*float64(len([]rune(years)))+12:
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-size="12">%s</text>`, xa+6, cy+4, textOn(c), esc(years))
			case xb+7*float64(len([]rune(years)))+12 < tlWidth:
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#333" font-size="12">%s</text>`, xb+6, cy+4, esc(years))
			default:
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#333" font-size="12" text-anchor="end">%s</text>`, xa-6, cy+4, esc(years))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from escaped text only
}

// yearStep returns the spacing of year labels for a horizon of n years:
// at most about ten labels.
func yearStep(n int) int {
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100} {
		if n/s <= 10 {
			return s
		}
	}
	return 100
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// clip shortens s to n runes with an ellipsis; the full text is in a title.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

// textOn returns black or white, whichever reads better on c.
func textOn(c color.NRGBA) string {
	// Relative luminance, roughly (ITU-R BT.601 weights).
	if 0.299*float64(c.R)+0.587*float64(c.G)+0.114*float64(c.B) > 140 {
		return "#000"
	}
	return "#fff"
}
