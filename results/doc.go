// Package results holds what a run of the brainsim engine produces, as data:
// the metrics it records (Metric, with its Kind, Stock or Flow, and the
// dimension it is broken down by), their names (Students, PolicyCost, ...,
// and BySector, ByDestination, ByPolicy for the breakdowns), every
// replicate's record step by step (Timeseries), their summary across
// replicates with 95% intervals (Summarize, MeanCI) and paired differences
// between two runs made with common random numbers (Difference).
//
// It imports nothing of brainsim's: the engine fills a Timeseries, and the
// output packages write, plot and report it, asking for metrics by the
// names declared here (Lookup reports one a run did not record). Nothing
// here knows a file format.
package results
