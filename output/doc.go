// Package output writes a run's results: the per-replicate timeseries table
// (timeseries.csv), its summary across replicates with 95% confidence intervals
// (summary.csv), a data dictionary of the columns (dictionary.md) and a manifest
// recording how the run was made (manifest.json).
//
// Every writer takes an io.Writer, so tests and other tools can write to a
// buffer; files on disk are written through WriteFileAtomic, which writes a
// temporary file in the same folder and renames it into place, so a crash or
// an error never leaves a half-written result where a finished one is expected.
//
// Numbers are formatted by FormatFloat, which is deterministic: the same run
// always produces byte-identical files.
package output
