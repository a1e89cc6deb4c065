package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/brainsim/brainsim/results"
)

// TraceColumns documents the columns of an agent trace (trace.csv,
// trace.parquet), in order, as WriteColumns writes them.
func TraceColumns() []results.Metric {
	return []results.Metric{
		{Name: "replicate", Description: "Replicate number, 0-based."},
		{Name: "step", Unit: "step", Description: "Step in which the transition happened, 1-based as in timeseries.csv; 0 for the initial population."},
		{Name: "year", Unit: "year", Description: "Calendar year of that step; the start year for the initial population."},
		{Name: "agent", Description: "The person's id, unique within a replicate."},
		{Name: "event", Description: "enter, graduate, dropout, emigrate, return, assignment_start, assignment_end, death or retire. A graduate of a partnership's away track goes straight abroad: event graduate, to emigrant, counted as a graduation and an emigration."},
		{Name: "from", Description: "State before: outside (before entering), student, worker, emigrant or returnee."},
		{Name: "to", Description: "State after: student, worker, emigrant, returnee or outside (after leaving)."},
		{Name: "sector", Description: "The person's sector of training."},
		{Name: "destination", Description: "Country abroad, when from or to is emigrant (on returning, the country left); empty otherwise."},
		{Name: "age", Unit: "years", Description: "Age at the transition, exact (steps / steps per year)."},
		{Name: "sex", Description: "female or male."},
		{Name: "skill", Unit: "index (1 = full-quality graduate)", Description: "Human capital after the transition; 0 before graduating."},
		{Name: "savings", Unit: "USD PPP", Description: "Savings abroad after the transition; 0 unless abroad."},
	}
}

// SnapshotColumns documents the columns of agent snapshots (snapshots.csv,
// snapshots.parquet), in order, as WriteColumns writes them.
func SnapshotColumns() []results.Metric {
	return []results.Metric{
		{Name: "replicate", Description: "Replicate number, 0-based."},
		{Name: "year", Unit: "year", Description: "Calendar year at whose end the state is taken: the timeseries row whose year reads year + 1."},
		{Name: "agent", Description: "The person's id, unique within a replicate."},
		{Name: "state", Description: "student, worker, emigrant or returnee."},
		{Name: "sector", Description: "The person's sector of training."},
		{Name: "destination", Description: "Country abroad of an emigrant; empty otherwise (where a returnee came back from is in the trace)."},
		{Name: "age", Unit: "years", Description: "Age, exact (steps / steps per year)."},
		{Name: "sex", Description: "female or male."},
		{Name: "skill", Unit: "index (1 = full-quality graduate)", Description: "Human capital; 0 for students."},
		{Name: "savings", Unit: "USD PPP", Description: "Savings abroad."},
		{Name: "tenure", Unit: "years", Description: "Time in the current state; for an emigrant, years abroad."},
		{Name: "recognised", Description: "true for an emigrant whose credentials are recognised at the destination."},
		{Name: "public", Description: "true if trained in a publicly financed programme."},
		{Name: "assigned", Description: "true for an emigrant on a temporary-return assignment at home."},
	}
}

// WriteColumns writes a data dictionary of the columns cols to w, as
// WriteDictionary does for a timeseries: a Markdown table with the columns
// "column", "unit" and "description". It returns the error from w, if any.
func WriteColumns(w io.Writer, cols []results.Metric) error {
	var b bytes.Buffer
	b.WriteString("| column | unit | description |\n")
	b.WriteString("| --- | --- | --- |\n")
	for _, m := range cols {
		dictRow(&b, m)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// header returns the names of cols.
func header(cols []results.Metric) []string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.Name
	}
	return h
}

// formatFloat32 formats a single-precision value as FormatFloat does a
// double: the shortest form that reads back to the same float32, so 0.9
// prints as "0.9", not as the double nearest to it.
func formatFloat32(v float32) string {
	f := float64(v)
	switch {
	case math.IsNaN(f):
		return ""
	case f == 0:
		return "0"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatFloat(f, 'f', -1, 32)
	}
	return strconv.FormatFloat(f, 'g', -1, 32)
}

func sex(female bool) string {
	if female {
		return "female"
	}
	return "male"
}

// WriteTrace writes an agent trace to w as CSV: the header of
// TraceColumns (replicate, step, year, agent, event, from, to, sector,
// destination, age, sex, skill, savings), then one record per row, in the
// order of rows. Ages are formatted by FormatFloat, skill and savings in
// the shortest form that reads back to the same float32. It returns the
// first error from w.
func WriteTrace(w io.Writer, rows []results.Transition) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header(TraceColumns())); err != nil {
		return err
	}
	rec := make([]string, 13)
	for _, r := range rows {
		rec[0] = strconv.Itoa(r.Replicate)
		rec[1] = strconv.Itoa(r.Step)
		rec[2] = strconv.Itoa(r.Year)
		rec[3] = strconv.Itoa(r.Agent)
		rec[4] = string(r.Event)
		rec[5], rec[6] = r.From, r.To
		rec[7], rec[8] = r.Sector, r.Destination
		rec[9] = FormatFloat(r.Age)
		rec[10] = sex(r.Female)
		rec[11] = formatFloat32(r.Skill)
		rec[12] = formatFloat32(r.Savings)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSnapshots writes agent snapshots to w as CSV: the header of
// SnapshotColumns (replicate, year, agent, state, sector, destination, age,
// sex, skill, savings, tenure, recognised, public, assigned), then one
// record per row, in the order of rows. Ages and tenures are formatted by
// FormatFloat, skill and savings in the shortest form that reads back to
// the same float32, flags as true or false. It returns the first error
// from w.
func WriteSnapshots(w io.Writer, rows []results.AgentState) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header(SnapshotColumns())); err != nil {
		return err
	}
	rec := make([]string, 14)
	for _, r := range rows {
		rec[0] = strconv.Itoa(r.Replicate)
		rec[1] = strconv.Itoa(r.Year)
		rec[2] = strconv.Itoa(r.Agent)
		rec[3], rec[4], rec[5] = r.State, r.Sector, r.Destination
		rec[6] = FormatFloat(r.Age)
		rec[7] = sex(r.Female)
		rec[8] = formatFloat32(r.Skill)
		rec[9] = formatFloat32(r.Savings)
		rec[10] = FormatFloat(r.Tenure)
		rec[11] = strconv.FormatBool(r.Recognised)
		rec[12] = strconv.FormatBool(r.Public)
		rec[13] = strconv.FormatBool(r.Assigned)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// TransitionRow is one row of trace.parquet: the columns of WriteTrace,
// typed. Strings that repeat (event, states, sector, destination, sex) are
// dictionary-encoded; an empty destination is the empty string, as in the
// CSV.
type TransitionRow struct {
	Replicate   int32   `parquet:"replicate"`
	Step        int32   `parquet:"step"`
	Year        int32   `parquet:"year"`
	Agent       int64   `parquet:"agent"`
	Event       string  `parquet:"event,dict"`
	From        string  `parquet:"from,dict"`
	To          string  `parquet:"to,dict"`
	Sector      string  `parquet:"sector,dict"`
	Destination string  `parquet:"destination,dict"`
	Age         float64 `parquet:"age"`
	Sex         string  `parquet:"sex,dict"`
	Skill       float32 `parquet:"skill"`
	Savings     float32 `parquet:"savings"`
}

// AgentStateRow is one row of snapshots.parquet: the columns of
// WriteSnapshots, typed, the flags as BOOLEAN.
type AgentStateRow struct {
	Replicate   int32   `parquet:"replicate"`
	Year        int32   `parquet:"year"`
	Agent       int64   `parquet:"agent"`
	State       string  `parquet:"state,dict"`
	Sector      string  `parquet:"sector,dict"`
	Destination string  `parquet:"destination,dict"`
	Age         float64 `parquet:"age"`
	Sex         string  `parquet:"sex,dict"`
	Skill       float32 `parquet:"skill"`
	Savings     float32 `parquet:"savings"`
	Tenure      float64 `parquet:"tenure"`
	Recognised  bool    `parquet:"recognised"`
	Public      bool    `parquet:"public"`
	Assigned    bool    `parquet:"assigned"`
}

// ColumnsKey is the key, in the key-value metadata of trace.parquet and
// snapshots.parquet, of a JSON object: column name -> ParquetColumn.
const ColumnsKey = "brainsim.columns"

// ParquetColumn is what the metadata under ColumnsKey says of one column.
type ParquetColumn struct {
	Unit        string `json:"unit"` // "" is dimensionless or categorical
	Description string `json:"description"`
}

// columnOptions are the writer options of a table with the columns cols.
// encoding/json writes map keys sorted, so the bytes depend only on cols.
func columnOptions(cols []results.Metric) ([]parquet.WriterOption, error) {
	m := make(map[string]ParquetColumn, len(cols))
	for _, c := range cols {
		m[c.Name] = ParquetColumn{Unit: c.Unit, Description: c.Description}
	}
	units, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("output: column metadata: %w", err)
	}
	return []parquet.WriterOption{
		parquet.Compression(&snappy.Codec{}),
		parquet.KeyValueMetadata(ColumnsKey, string(units)),
	}, nil
}

// writeRows writes rows to w as a Parquet file of R, converting each with
// conv, in batches.
func writeRows[T, R any](w io.Writer, cols []results.Metric, rows []T, conv func(T) R) error {
	opts, err := columnOptions(cols)
	if err != nil {
		return err
	}
	pw := parquet.NewGenericWriter[R](w, opts...)
	buf := make([]R, 0, batch)
	for _, r := range rows {
		buf = append(buf, conv(r))
		if len(buf) == batch {
			if _, err := pw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := pw.Write(buf); err != nil {
		return err
	}
	return pw.Close()
}

// WriteTraceParquet writes an agent trace to w as a Parquet file of
// TransitionRow, the one written as trace.parquet: the rows of WriteTrace,
// in the same order, with typed columns (age exact, skill and savings as
// FLOAT). Each column's unit and description are in the file's key-value
// metadata under ColumnsKey. It returns the first error from w.
func WriteTraceParquet(w io.Writer, rows []results.Transition) error {
	return writeRows(w, TraceColumns(), rows, func(r results.Transition) TransitionRow {
		return TransitionRow{
			Replicate: int32(r.Replicate), Step: int32(r.Step), Year: int32(r.Year), Agent: int64(r.Agent),
			Event: string(r.Event), From: r.From, To: r.To, Sector: r.Sector, Destination: r.Destination,
			Age: r.Age, Sex: sex(r.Female), Skill: r.Skill, Savings: r.Savings,
		}
	})
}

// WriteSnapshotsParquet writes agent snapshots to w as a Parquet file of
// AgentStateRow, the one written as snapshots.parquet: the rows of
// WriteSnapshots, in the same order, with typed columns. Each column's unit
// and description are in the file's key-value metadata under ColumnsKey.
// It returns the first error from w.
func WriteSnapshotsParquet(w io.Writer, rows []results.AgentState) error {
	return writeRows(w, SnapshotColumns(), rows, func(r results.AgentState) AgentStateRow {
		return AgentStateRow{
			Replicate: int32(r.Replicate), Year: int32(r.Year), Agent: int64(r.Agent),
			State: r.State, Sector: r.Sector, Destination: r.Destination,
			Age: r.Age, Sex: sex(r.Female), Skill: r.Skill, Savings: r.Savings, Tenure: r.Tenure,
			Recognised: r.Recognised, Public: r.Public, Assigned: r.Assigned,
		}
	})
}
