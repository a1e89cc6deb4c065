package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/brainsim/brainsim/results"
)

// parquetFile opens the Parquet file in b.
func parquetFile(t *testing.T, b []byte) *parquet.File {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("parquet.OpenFile: %v", err)
	}
	return f
}

// parquetRecords reads the Parquet file in b back as CSV records would read:
// a header of column names, then one record per row, each value formatted
// as the CSV writers format it (null as "", int32 as a decimal integer, the
// year column with four decimals, other doubles by FormatFloat). Comparing
// them with the CSV writer's records compares every value.
func parquetRecords(t *testing.T, b []byte) [][]string {
	t.Helper()
	f := parquetFile(t, b)
	var header []string
	for _, c := range f.Schema().Fields() {
		header = append(header, c.Name())
	}
	recs := [][]string{header}
	r := parquet.NewReader(f)
	defer r.Close()
	rows := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			rec := make([]string, len(header))
			for _, v := range row {
				c := v.Column()
				switch {
				case v.IsNull():
					rec[c] = ""
				case v.Kind() == parquet.Int32:
					rec[c] = strconv.Itoa(int(v.Int32()))
				case v.Kind() == parquet.Double && header[c] == "year":
					rec[c] = formatYear(v.Double())
				case v.Kind() == parquet.Double:
					rec[c] = FormatFloat(v.Double())
				case v.Kind() == parquet.ByteArray:
					rec[c] = string(v.ByteArray())
				default:
					t.Fatalf("column %s: unexpected kind %v", header[c], v.Kind())
				}
			}
			recs = append(recs, rec)
		}
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatalf("ReadRows: %v", err)
		}
	}
}

// csvRecords parses CSV text.
func csvRecords(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// writer pairs a Parquet writer with the CSV writer whose table it holds.
type writer struct {
	name    string
	parquet func(io.Writer, *results.Timeseries) error
	csv     func(io.Writer, *results.Timeseries) error
}

var writers = []writer{
	{"timeseries", WriteTimeseriesParquet, WriteTimeseries},
	{"timeseries_long", WriteLongParquet, WriteLong},
	{"summary",
		func(w io.Writer, ts *results.Timeseries) error { return WriteSummaryParquet(w, results.Summarize(ts)) },
		func(w io.Writer, ts *results.Timeseries) error { return WriteSummary(w, results.Summarize(ts)) }},
	{"summary_draws",
		func(w io.Writer, ts *results.Timeseries) error { return WriteSummaryParquet(w, summarizeDraws(ts)) },
		func(w io.Writer, ts *results.Timeseries) error { return WriteSummary(w, summarizeDraws(ts)) }},
}

// summarizeDraws summarizes ts as parameter draws (results.SummarizeDraws)
// of 2 replicates each when it has an even number of replicates, else of
// 1 (whose sd_parameter and sd_stochastic are NaN, null in Parquet); with
// no replicates, as results.Summarize (no split).
func summarizeDraws(ts *results.Timeseries) *results.Summary {
	switch n := len(ts.Values); {
	case n == 0:
		return results.Summarize(ts)
	case n%2 == 0:
		return results.SummarizeDraws(ts, n/2)
	default:
		return results.SummarizeDraws(ts, n)
	}
}

// write returns what write writes for ts.
func write(t *testing.T, write func(io.Writer, *results.Timeseries) error, ts *results.Timeseries) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, ts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// manyRows returns a timeseries of 3 replicates, 1500 rows and 7 metrics:
// enough rows to cross the batch size in every writer.
func manyRows() *results.Timeseries {
	ts := &results.Timeseries{}
	for m := range 7 {
		ts.Metrics = append(ts.Metrics, results.Metric{Name: "m" + strconv.Itoa(m), Unit: "persons"})
	}
	for i := range 1500 {
		ts.Step = append(ts.Step, i+1)
		ts.Year = append(ts.Year, 2025+float64(i+1)/12)
	}
	for r := range 3 {
		rows := make([][]float64, len(ts.Step))
		for i := range rows {
			for m := range ts.Metrics {
				v := float64(r*1000+i) / float64(m+1)
				if (r+i+m)%11 == 0 {
					v = math.NaN()
				}
				rows[i] = append(rows[i], v)
			}
		}
		ts.Values = append(ts.Values, rows)
	}
	return ts
}

// TestParquetMatchesCSV reads every Parquet file back with parquet-go and
// compares each column name and value with what the CSV writer of the same
// table writes.
func TestParquetMatchesCSV(t *testing.T) {
	for _, in := range []struct {
		name string
		ts   *results.Timeseries
	}{
		{"sample", sample()},
		{"dimensions", sampleDims()},
		{"many rows", manyRows()},
		{"no replicates", &results.Timeseries{Metrics: sampleDims().Metrics, Step: []int{1}, Year: []float64{2025}}},
		{"zero value", &results.Timeseries{}},
	} {
		for _, wr := range writers {
			t.Run(in.name+"/"+wr.name, func(t *testing.T) {
				got := parquetRecords(t, write(t, wr.parquet, in.ts))
				want := csvRecords(t, write(t, wr.csv, in.ts))
				if len(got) != len(want) {
					t.Fatalf("Parquet has %d rows; CSV has %d", len(got)-1, len(want)-1)
				}
				for i := range got {
					if !slices.Equal(got[i], want[i]) {
						t.Errorf("record %d = %q; CSV has %q", i, got[i], want[i])
					}
				}
			})
		}
	}
}

// TestParquetTypes holds the column types: integers for replicate and step,
// doubles for the rest of the numbers, nullable where NaN can occur, strings
// for names.
func TestParquetTypes(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    []byte
		want string
	}{
		{"wide", write(t, WriteTimeseriesParquet, sampleDims()),
			"replicate required INT(32,true); step required INT(32,true); year required DOUBLE; students optional DOUBLE; workers_home.nurse optional DOUBLE; " +
				"diaspora.New Zealand optional DOUBLE; policy_cost.bonding optional DOUBLE; emigration_rate optional DOUBLE"},
		{"long", write(t, WriteLongParquet, sampleDims()),
			"replicate required INT(32,true); step required INT(32,true); year required DOUBLE; metric required STRING; sector required STRING; " +
				"destination required STRING; policy required STRING; value optional DOUBLE; unit required STRING; sex required STRING; age_band required STRING"},
		{"summary", write(t, writers[2].parquet, sampleDims()),
			"step required INT(32,true); year required DOUBLE; metric required STRING; unit required STRING; " +
				"mean optional DOUBLE; sd optional DOUBLE; lo95 optional DOUBLE; hi95 optional DOUBLE"},
		{"summary with draws", write(t, writers[3].parquet, sampleDims()),
			"step required INT(32,true); year required DOUBLE; metric required STRING; unit required STRING; " +
				"mean optional DOUBLE; sd optional DOUBLE; lo95 optional DOUBLE; hi95 optional DOUBLE; " +
				"sd_parameter optional DOUBLE; sd_stochastic optional DOUBLE; lo_total optional DOUBLE; hi_total optional DOUBLE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var cols []string
			for _, c := range parquetFile(t, tt.b).Schema().Fields() {
				rep := "required"
				if c.Optional() {
					rep = "optional"
				}
				typ := c.Type().String()
				cols = append(cols, c.Name()+" "+rep+" "+typ)
			}
			if got := strings.Join(cols, "; "); got != tt.want {
				t.Errorf("columns = %s\nwant      %s", got, tt.want)
			}
		})
	}
}

// TestParquetMetadata checks that each file describes every metric under
// UnitsKey.
func TestParquetMetadata(t *testing.T) {
	ts := sampleDims()
	want := map[string]ParquetUnit{}
	for _, m := range ts.Metrics {
		want[m.Name] = ParquetUnit{Unit: m.Unit, Description: m.Description, Kind: m.Kind, Base: m.BaseName(),
			Sector: m.Sector, Destination: m.Destination, Policy: m.Policy, Signed: m.Signed}
	}
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			v, ok := parquetFile(t, write(t, wr.parquet, ts)).Lookup(UnitsKey)
			if !ok {
				t.Fatalf("no %s in the key-value metadata", UnitsKey)
			}
			var got map[string]ParquetUnit
			if err := json.Unmarshal([]byte(v), &got); err != nil {
				t.Fatalf("%s: %v in %s", UnitsKey, err, v)
			}
			if len(got) != len(want) {
				t.Errorf("%s describes %d metrics; want %d", UnitsKey, len(got), len(want))
			}
			for name, u := range want {
				if got[name] != u {
					t.Errorf("%s[%q] = %+v; want %+v", UnitsKey, name, got[name], u)
				}
			}
			if !strings.Contains(v, `"policy_cost.bonding":{"unit":"USD PPP/year","description":"Fiscal cost of the bonding policy, net of buy-out revenue.","kind":"flow","base":"policy_cost","policy":"bonding","signed":true}`) {
				t.Errorf("%s = %s; want kind as text and dimensions by name", UnitsKey, v)
			}
		})
	}
}

// TestParquetDeterministic writes each file twice and compares the bytes:
// the same run must give the same files, as it does for the CSV.
func TestParquetDeterministic(t *testing.T) {
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			a, b := write(t, wr.parquet, manyRows()), write(t, wr.parquet, manyRows())
			if !bytes.Equal(a, b) {
				t.Errorf("two writes of the same timeseries differ (%d and %d bytes)", len(a), len(b))
			}
		})
	}
}

func TestWriteTimeseriesParquetDuplicateColumn(t *testing.T) {
	for _, tt := range []struct {
		name    string
		metrics []results.Metric
	}{
		{"metric named like an index column", []results.Metric{{Name: "year"}}},
		{"two metrics of one name", []results.Metric{{Name: "a"}, {Name: "a"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteTimeseriesParquet(io.Discard, &results.Timeseries{Metrics: tt.metrics})
			if err == nil || !strings.HasPrefix(err.Error(), "output: ") {
				t.Errorf("WriteTimeseriesParquet error = %v; want an error prefixed output:", err)
			}
		})
	}
}

func TestParquetWritersReportErrors(t *testing.T) {
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			if err := wr.parquet(failWriter{}, manyRows()); !errors.Is(err, errWrite) {
				t.Errorf("error = %v; want %v", err, errWrite)
			}
		})
	}
}

func TestParquetWritersPanic(t *testing.T) {
	bad := &results.Timeseries{Metrics: []results.Metric{{Name: "a"}}, Step: []int{1, 2}, Year: []float64{2025}}
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "results: ") {
					t.Errorf("panic = %v; want a results: panic", r)
				}
			}()
			wr.parquet(io.Discard, bad)
		})
	}
}

// TestWriteParquetFiles writes the tables of a small timeseries, with a
// metric of each dimension and NaN and infinite values, as CSV and Parquet
// into $BRAINSIM_PARQUET_DIR, under the names the run command uses, for the
// independent readers of .ci/parquet.sh and .ci/analysis.sh, and the
// summary of the same as parameter draws (summarizeDraws) as
// summary_draws.csv and .parquet. It is skipped
// when the variable is unset.
func TestWriteParquetFiles(t *testing.T) {
	dir := os.Getenv("BRAINSIM_PARQUET_DIR")
	if dir == "" {
		t.Skip("BRAINSIM_PARQUET_DIR is unset")
	}
	ts := sampleDims()
	for _, f := range []struct {
		name  string
		write func(io.Writer, *results.Timeseries) error
	}{
		{"timeseries.csv", WriteTimeseries},
		{"timeseries_long.csv", WriteLong},
		{"summary.csv", writers[2].csv},
		{"timeseries.parquet", WriteTimeseriesParquet},
		{"timeseries_long.parquet", WriteLongParquet},
		{"summary.parquet", writers[2].parquet},
		{"summary_draws.csv", writers[3].csv},
		{"summary_draws.parquet", writers[3].parquet},
	} {
		if err := os.WriteFile(filepath.Join(dir, f.name), write(t, f.write, ts), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
