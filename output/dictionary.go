package output

import (
	"bytes"
	"io"
	"strings"

	"github.com/brainsim/brainsim/results"
)

// indexColumns document the columns WriteTimeseries writes before the metrics.
var indexColumns = []results.Metric{
	{Name: "replicate", Unit: "", Description: "Replicate number, 0-based; each replicate runs the scenario with its own random stream."},
	{Name: "step", Unit: "step", Description: "Step index, 1-based: the row holds the state after this step."},
	{Name: "year", Unit: "year", Description: "Calendar year at the end of the step, e.g. 2025.0833."},
}

// WriteDictionary writes a data dictionary for a timeseries with metrics ms
// to w: a Markdown table with the columns "column", "unit" and
// "description", one row for each of replicate, step and year and then one
// for each metric, in order. An empty unit is written as "-". It returns the
// error from w, if any.
func WriteDictionary(w io.Writer, ms []results.Metric) error {
	var b bytes.Buffer
	b.WriteString("| column | unit | description |\n")
	b.WriteString("| --- | --- | --- |\n")
	for _, m := range indexColumns {
		dictRow(&b, m)
	}
	for _, m := range ms {
		dictRow(&b, m)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// dictRow writes m as one Markdown table row.
func dictRow(b *bytes.Buffer, m results.Metric) {
	unit := m.Unit
	if unit == "" {
		unit = "-"
	}
	b.WriteString("| ")
	b.WriteString(cell(m.Name))
	b.WriteString(" | ")
	b.WriteString(cell(unit))
	b.WriteString(" | ")
	b.WriteString(cell(m.Description))
	b.WriteString(" |\n")
}

// cellEscaper keeps a cell's text inside its Markdown table cell: a pipe
// would end the cell and a line break the row.
var cellEscaper = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ")

// cell escapes s for a Markdown table cell.
func cell(s string) string {
	return cellEscaper.Replace(strings.TrimSpace(s))
}

// SummaryColumns describes the columns of summary.csv and summary.parquet
// (WriteSummary, WriteSummaryParquet): with split, those of a run with
// parameter draws, whose split of the variance follows the interval of the
// mean.
func SummaryColumns(split bool) []results.Metric {
	cols := []results.Metric{
		{Name: "step", Unit: "step", Description: "Step index, 1-based, as in timeseries.csv."},
		{Name: "year", Unit: "year", Description: "Calendar year at the end of the step, as in timeseries.csv."},
		{Name: "metric", Description: "The metric's name, a column of timeseries.csv."},
		{Name: "unit", Description: "The metric's unit, as in the table above."},
		{Name: "mean", Unit: "(unit column)", Description: "Mean over the replicates (with parameter draws: over every draw and replicate); empty where undefined."},
		{Name: "sd", Unit: "(unit column)", Description: "Sample standard deviation over the same runs."},
		{Name: "lo95", Unit: "(unit column)", Description: "Lower end of the 95% t-interval of the mean: how sure the mean is, not the spread of the runs."},
		{Name: "hi95", Unit: "(unit column)", Description: "Upper end of the 95% t-interval of the mean."},
	}
	if split {
		cols = append(cols,
			results.Metric{Name: "sd_parameter", Unit: "(unit column)", Description: "Parameter part of the spread (law of total variance): sqrt of max(0, variance of the draw means - sd_stochastic^2 / replicates per draw). Empty with one replicate per draw."},
			results.Metric{Name: "sd_stochastic", Unit: "(unit column)", Description: "Stochastic part: sqrt of the mean over draws of the variance between a draw's replicates. Empty with one replicate per draw."},
			results.Metric{Name: "lo_total", Unit: "(unit column)", Description: "Lower end of the 95% total interval, mean - 1.96 sqrt(sd_parameter^2 + sd_stochastic^2): where one run's outcome falls under parameter and stochastic uncertainty, taken as normal (it may fall below zero for a count)."},
			results.Metric{Name: "hi_total", Unit: "(unit column)", Description: "Upper end of the 95% total interval."},
		)
	}
	return cols
}

// summaryIntro introduces the summary's columns in WriteSummaryDictionary.
const summaryIntro = `
## summary.csv

One row per step and metric: the runs summarized. summary.parquet holds the
same rows, typed, with empty fields as null.

`

// WriteSummaryDictionary writes the section of columns.md on summary.csv
// and summary.parquet: a heading, a sentence and the table of
// SummaryColumns(split).
func WriteSummaryDictionary(w io.Writer, split bool) error {
	if _, err := io.WriteString(w, summaryIntro); err != nil {
		return err
	}
	return WriteColumns(w, SummaryColumns(split))
}
