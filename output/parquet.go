package output

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/brainsim/brainsim/results"
)

// UnitsKey is the key, in a Parquet file's key-value metadata, of a JSON
// object that describes every metric the file holds: metric name -> its
// ParquetUnit. DuckDB reads it with parquet_kv_metadata('file.parquet'),
// pyarrow with pq.read_schema('file.parquet').metadata, R arrow with
// read_parquet(..., as_data_frame = FALSE)$metadata.
const UnitsKey = "brainsim.units"

// ParquetUnit is what the metadata under UnitsKey says of one metric: the
// fields of results.Metric a reader needs to label and aggregate it.
type ParquetUnit struct {
	Unit        string       `json:"unit"`        // e.g. "persons"; "" is dimensionless
	Description string       `json:"description"` // one sentence
	Kind        results.Kind `json:"kind"`        // "stock" or "flow"
	Base        string       `json:"base"`        // name without its dimension, e.g. "workers_home"
	Sector      string       `json:"sector,omitempty"`
	Destination string       `json:"destination,omitempty"`
	Policy      string       `json:"policy,omitempty"`
	Sex         string       `json:"sex,omitempty"`
	AgeBand     string       `json:"age_band,omitempty"`
	Signed      bool         `json:"signed,omitempty"` // the metric can be negative
}

// unitsJSON returns the metadata value stored under UnitsKey for ms.
// encoding/json writes map keys sorted, so the bytes depend only on ms.
func unitsJSON(ms []results.Metric) (string, error) {
	units := make(map[string]ParquetUnit, len(ms))
	for _, m := range ms {
		units[m.Name] = ParquetUnit{
			Unit: m.Unit, Description: m.Description, Kind: m.Kind, Base: m.BaseName(),
			Sector: m.Sector, Destination: m.Destination, Policy: m.Policy, Sex: m.Sex, AgeBand: m.AgeBand, Signed: m.Signed,
		}
	}
	b, err := json.Marshal(units)
	if err != nil {
		return "", fmt.Errorf("output: metric metadata: %w", err)
	}
	return string(b), nil
}

// writerOptions are the options of every Parquet writer here: Snappy
// compression, which every reader supports (hyparquet without plug-ins too),
// and the metric metadata. parquet-go sorts the key-value metadata and
// writes nothing that depends on time, so the same input gives the same
// bytes.
func writerOptions(ms []results.Metric) ([]parquet.WriterOption, error) {
	units, err := unitsJSON(ms)
	if err != nil {
		return nil, err
	}
	return []parquet.WriterOption{
		parquet.Compression(&snappy.Codec{}),
		parquet.KeyValueMetadata(UnitsKey, units),
	}, nil
}

// nullable returns nil for NaN and a pointer to v otherwise: a missing value
// is a Parquet null, the counterpart of the CSV's empty field.
func nullable(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

// batch is the number of rows buffered before each write to a Parquet writer.
const batch = 4096

// orderedGroup is a Parquet group whose columns come in the order of names.
// parquet.Group, a map, would sort them by name; a reader would then see
// "emigrants" before "replicate".
type orderedGroup struct {
	parquet.Group
	names []string
}

// Fields returns the group's fields in the order of g.names.
func (g orderedGroup) Fields() []parquet.Field {
	fields := g.Group.Fields()
	slices.SortFunc(fields, func(a, b parquet.Field) int {
		return slices.Index(g.names, a.Name()) - slices.Index(g.names, b.Name())
	})
	return fields
}

// WriteTimeseriesParquet writes ts to w as a Parquet file, the one written
// as timeseries.parquet, with the columns of WriteTimeseries in the same
// order: replicate and step (INT32), year (DOUBLE, the exact value, not
// rounded to four decimals as in the CSV), then one optional DOUBLE column
// per metric, named as in the CSV, where NaN is written as null. Rows come
// in the order of WriteTimeseries. Each metric's unit, description and kind
// are in the file's key-value metadata under UnitsKey.
//
// It returns an error if a metric is named like one of the index columns
// (replicate, step, year) or like another metric, since a Parquet schema
// cannot hold two columns of one name, and the first error from w. It panics
// if the lengths of ts.Step, ts.Year, ts.Values[r] or ts.Values[r][i]
// disagree with each other or with ts.Metrics.
func WriteTimeseriesParquet(w io.Writer, ts *results.Timeseries) error {
	ts.Check()
	names := []string{"replicate", "step", "year"}
	group := parquet.Group{
		"replicate": parquet.Leaf(parquet.Int32Type),
		"step":      parquet.Leaf(parquet.Int32Type),
		"year":      parquet.Leaf(parquet.DoubleType),
	}
	for _, m := range ts.Metrics {
		if _, dup := group[m.Name]; dup {
			return fmt.Errorf("output: timeseries.parquet: two columns named %q", m.Name)
		}
		group[m.Name] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		names = append(names, m.Name)
	}
	opts, err := writerOptions(ts.Metrics)
	if err != nil {
		return err
	}
	schema := parquet.NewSchema("timeseries", orderedGroup{group, names})
	pw := parquet.NewWriter(w, append(opts, schema)...)
	rows := make([]parquet.Row, 0, batch)
	for r, reps := range ts.Values {
		for i, vals := range reps {
			row := make(parquet.Row, 0, len(names))
			row = append(row,
				parquet.Int32Value(int32(r)).Level(0, 0, 0),
				parquet.Int32Value(int32(ts.Step[i])).Level(0, 0, 1),
				parquet.DoubleValue(ts.Year[i]).Level(0, 0, 2))
			for m, v := range vals {
				if math.IsNaN(v) {
					row = append(row, parquet.NullValue().Level(0, 0, 3+m))
				} else {
					row = append(row, parquet.DoubleValue(v).Level(0, 1, 3+m))
				}
			}
			rows = append(rows, row)
			if len(rows) == batch {
				if _, err := pw.WriteRows(rows); err != nil {
					return err
				}
				rows = rows[:0]
			}
		}
	}
	if _, err := pw.WriteRows(rows); err != nil {
		return err
	}
	return pw.Close()
}

// LongRow is one row of the long timeseries table in Parquet
// (timeseries_long.parquet): the columns of WriteLong, typed. The names,
// dimensions and unit repeat on every row and are dictionary-encoded.
type LongRow struct {
	Replicate   int32    `parquet:"replicate"`
	Step        int32    `parquet:"step"`
	Year        float64  `parquet:"year"` // exact, not rounded as in the CSV
	Metric      string   `parquet:"metric,dict"`
	Sector      string   `parquet:"sector,dict"`      // "" unless broken down by sector
	Destination string   `parquet:"destination,dict"` // "" unless broken down by destination
	Policy      string   `parquet:"policy,dict"`      // "" unless broken down by policy
	Value       *float64 `parquet:"value,optional"`   // nil for NaN
	Unit        string   `parquet:"unit,dict"`
	Sex         string   `parquet:"sex,dict"`      // "" unless broken down by sex
	AgeBand     string   `parquet:"age_band,dict"` // "" unless broken down by age band
}

// WriteLongParquet writes ts to w as a Parquet file of LongRow, the one
// written as timeseries_long.parquet: the rows of WriteLong, in the same
// order, with typed columns. A NaN value is written as null; an empty
// dimension is the empty string, as in the CSV. Each metric's unit,
// description and kind are in the file's key-value metadata under UnitsKey.
//
// It returns the first error from w. It panics if the lengths of ts.Step,
// ts.Year, ts.Values[r] or ts.Values[r][i] disagree with each other or with
// ts.Metrics.
func WriteLongParquet(w io.Writer, ts *results.Timeseries) error {
	ts.Check()
	opts, err := writerOptions(ts.Metrics)
	if err != nil {
		return err
	}
	pw := parquet.NewGenericWriter[LongRow](w, opts...)
	rows := make([]LongRow, 0, batch)
	for r, reps := range ts.Values {
		for i, vals := range reps {
			for m, v := range vals {
				metric := ts.Metrics[m]
				rows = append(rows, LongRow{
					Replicate: int32(r), Step: int32(ts.Step[i]), Year: ts.Year[i],
					Metric: metric.BaseName(), Sector: metric.Sector, Destination: metric.Destination, Policy: metric.Policy,
					Value: nullable(v), Unit: metric.Unit, Sex: metric.Sex, AgeBand: metric.AgeBand,
				})
				if len(rows) == batch {
					if _, err := pw.Write(rows); err != nil {
						return err
					}
					rows = rows[:0]
				}
			}
		}
	}
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}

// SummaryRow is one row of summary.parquet: the columns of WriteSummary,
// typed. Statistics that are NaN (all of them with no replicate) are null.
type SummaryRow struct {
	Step   int32    `parquet:"step"`
	Year   float64  `parquet:"year"` // exact, not rounded as in the CSV
	Metric string   `parquet:"metric,dict"`
	Unit   string   `parquet:"unit,dict"`
	Mean   *float64 `parquet:"mean,optional"`
	SD     *float64 `parquet:"sd,optional"`
	Lo95   *float64 `parquet:"lo95,optional"`
	Hi95   *float64 `parquet:"hi95,optional"`
}

// SummaryDrawsRow is one row of summary.parquet of a run with parameter
// draws (s.Split set): SummaryRow's columns and then, as in WriteSummary,
// the split of the variance into parameter and stochastic parts and the
// total 95% interval (results.Split). sd_parameter and sd_stochastic are
// null with one replicate per draw.
type SummaryDrawsRow struct {
	Step         int32    `parquet:"step"`
	Year         float64  `parquet:"year"`
	Metric       string   `parquet:"metric,dict"`
	Unit         string   `parquet:"unit,dict"`
	Mean         *float64 `parquet:"mean,optional"`
	SD           *float64 `parquet:"sd,optional"`
	Lo95         *float64 `parquet:"lo95,optional"`
	Hi95         *float64 `parquet:"hi95,optional"`
	SDParameter  *float64 `parquet:"sd_parameter,optional"`
	SDStochastic *float64 `parquet:"sd_stochastic,optional"`
	LoTotal      *float64 `parquet:"lo_total,optional"`
	HiTotal      *float64 `parquet:"hi_total,optional"`
}

// WriteSummaryParquet writes s to w as a Parquet file of SummaryRow, or of
// SummaryDrawsRow when s.Split is set (a run with --draws): the one written
// as summary.parquet, with the rows and columns of WriteSummary, in the
// same order, typed, and NaN as null. Each metric's unit, description and
// kind are in the file's key-value metadata under UnitsKey.
//
// It returns the first error from w. It panics if the lengths of s.Step,
// s.Year, s.Mean, s.SD, s.Lo and s.Hi, or of their rows and s.Metrics,
// disagree.
func WriteSummaryParquet(w io.Writer, s *results.Summary) error {
	s.Check()
	opts, err := writerOptions(s.Metrics)
	if err != nil {
		return err
	}
	row := func(i, m int) SummaryRow {
		return SummaryRow{
			Step: int32(s.Step[i]), Year: s.Year[i], Metric: s.Metrics[m].Name, Unit: s.Metrics[m].Unit,
			Mean: nullable(s.Mean[i][m]), SD: nullable(s.SD[i][m]), Lo95: nullable(s.Lo[i][m]), Hi95: nullable(s.Hi[i][m]),
		}
	}
	sp := s.Split
	if sp == nil {
		return writeSummaryRows(parquet.NewGenericWriter[SummaryRow](w, opts...), s, row)
	}
	return writeSummaryRows(parquet.NewGenericWriter[SummaryDrawsRow](w, opts...), s, func(i, m int) SummaryDrawsRow {
		r := row(i, m)
		return SummaryDrawsRow{
			Step: r.Step, Year: r.Year, Metric: r.Metric, Unit: r.Unit, Mean: r.Mean, SD: r.SD, Lo95: r.Lo95, Hi95: r.Hi95,
			SDParameter: nullable(sp.SDParameter[i][m]), SDStochastic: nullable(sp.SDStochastic[i][m]),
			LoTotal: nullable(sp.LoTotal[i][m]), HiTotal: nullable(sp.HiTotal[i][m]),
		}
	})
}

// writeSummaryRows writes the rows of s, row by row and metric by metric,
// made by row, in batches, and closes pw.
func writeSummaryRows[T any](pw *parquet.GenericWriter[T], s *results.Summary, row func(i, m int) T) error {
	rows := make([]T, 0, batch)
	for i := range s.Step {
		for m := range s.Metrics {
			rows = append(rows, row(i, m))
			if len(rows) == batch {
				if _, err := pw.Write(rows); err != nil {
					return err
				}
				rows = rows[:0]
			}
		}
	}
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}
