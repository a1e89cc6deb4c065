// Package charts holds the charts of a run or of a comparison of scenarios:
// which charts are drawn, drawing them under an output folder's plots/ as
// PNG and SVG, and assembling them with the headline indicators into
// report.html (see brainsim/output/report). For a comparison it also writes
// every scenario's summary, the summaries of their paired differences to the
// baseline, the headline tables and manifest.json.
//
// A chart draws one family of metrics in one unit: the mean over the
// replicates with its 95% interval, or, for a comparison, the mean of the
// per-replicate differences to the baseline with its 95% t-interval. Flows
// (a unit per year, summed over the trailing year) are drawn from the end of
// the first year, and the interval of a quantity that cannot be negative is
// cut at zero; a chart's caption says when either happens. A metric that is
// zero in every replicate at every row (for a comparison: a difference that
// is zero) gets no chart, and the report says so in a sentence instead.
//
// The package draws from results, not from the engine: the caller runs the
// scenarios (brainsim/sim) and passes their summaries or timeseries.
package charts
