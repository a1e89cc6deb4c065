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
