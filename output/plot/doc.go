// Package plot draws brainsim's outcome charts: replicate means with shaded
// 95% bands over calendar years, scenario overlays and differences, as
// gonum/plot plots saved to PNG and SVG.
//
// The builders ([Bands], [Bars]) return a *plot.Plot from gonum.org/v1/plot,
// so a caller can adjust it further before writing it with [WritePNG],
// [WriteSVG] or [Save]. Series take their colours from [Palette] in order, so
// scenario i has the same colour on every chart that lists scenarios in the
// same order; a chart that leaves some out (the differences to a baseline)
// sets [Band.Color] to keep each scenario's colour.
//
// Layout choices, made for readability at the default [Width] × [Height]:
//
//   - The legend sits to the right of the data area, outside it, top-aligned.
//     A legend inside the data area hides whatever the data do in its corner,
//     and the corner that is free depends on the scenario; outside, it never
//     covers a line or a band, and its width does not depend on the canvas
//     size, so the reserved strip is right at any size.
//   - The y axis starts at 0 when every value is non-negative, and ends on a
//     labelled tick; labels are round numbers with k and M suffixes ([NumberTicks]).
//   - The x axis is calendar years, labelled at whole years ([YearTicks]).
//   - Reference lines (say the WHO density thresholds) are dashed and grey and
//     carry their own label at the right end, so they need no legend entry.
//   - Text is set in Liberation Sans; SVG output names Arial, Helvetica and
//     sans-serif as fallbacks (Liberation Sans is metric-compatible with Arial),
//     so text keeps its width in viewers that lack the Liberation fonts.
package plot
