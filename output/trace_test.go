package output

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/brainsim/brainsim/results"
)

var (
	traceRows = []results.Transition{
		{Replicate: 0, Step: 0, Year: 2025, Agent: 7, Event: results.EventEnter, From: results.StateOutside, To: results.StateWorker,
			Sector: "nurse", Age: 30.5, Female: true, Skill: 0.9},
		{Replicate: 0, Step: 14, Year: 2026, Agent: 7, Event: results.EventEmigrate, From: results.StateWorker, To: results.StateEmigrant,
			Sector: "nurse", Destination: "New Zealand", Age: 31.666666666666668, Female: true, Skill: 0.9},
		{Replicate: 1, Step: 30, Year: 2027, Agent: 12, Event: results.EventDeath, From: results.StateEmigrant, To: results.StateOutside,
			Sector: "nurse", Destination: "UK", Age: 61.25, Skill: 1.25, Savings: 12345.5},
	}
	snapshotRows = []results.AgentState{
		{Replicate: 0, Year: 2026, Agent: 3, State: results.StateStudent, Sector: "engineer", Age: 19.25, Tenure: 1.25, Public: true},
		{Replicate: 0, Year: 2026, Agent: 9, State: results.StateEmigrant, Sector: "nurse", Destination: "UK", Age: 40, Female: true,
			Skill: 1.1, Savings: 50000.25, Tenure: 3.5, Recognised: true, Assigned: true},
	}
)

func TestWriteTrace(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTrace(&b, traceRows); err != nil {
		t.Fatal(err)
	}
	want := `replicate,step,year,agent,event,from,to,sector,destination,age,sex,skill,savings
0,0,2025,7,enter,outside,worker,nurse,,30.5,female,0.9,0
0,14,2026,7,emigrate,worker,emigrant,nurse,New Zealand,31.666666666666668,female,0.9,0
1,30,2027,12,death,emigrant,outside,nurse,UK,61.25,male,1.25,12345.5
`
	if got := b.String(); got != want {
		t.Errorf("WriteTrace wrote\n%s\nwant\n%s", got, want)
	}
}

func TestWriteSnapshots(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSnapshots(&b, snapshotRows); err != nil {
		t.Fatal(err)
	}
	want := `replicate,year,agent,state,sector,destination,age,sex,skill,savings,tenure,recognised,public,assigned
0,2026,3,student,engineer,,19.25,male,0,0,1.25,false,true,false
0,2026,9,emigrant,nurse,UK,40,female,1.1,50000.25,3.5,true,false,true
`
	if got := b.String(); got != want {
		t.Errorf("WriteSnapshots wrote\n%s\nwant\n%s", got, want)
	}
}

// TestTraceParquetMatchesCSV reads the Parquet files back and writes what
// they hold as CSV: the bytes must be the CSV writer's, so every value and
// the order of rows and columns agree.
func TestTraceParquetMatchesCSV(t *testing.T) {
	t.Run("trace", func(t *testing.T) {
		var pq, want, got bytes.Buffer
		if err := WriteTraceParquet(&pq, traceRows); err != nil {
			t.Fatal(err)
		}
		rows, err := parquet.Read[TransitionRow](bytes.NewReader(pq.Bytes()), int64(pq.Len()))
		if err != nil {
			t.Fatal(err)
		}
		back := make([]results.Transition, len(rows))
		for i, r := range rows {
			back[i] = results.Transition{Replicate: int(r.Replicate), Step: int(r.Step), Year: int(r.Year), Agent: int(r.Agent),
				Event: results.Event(r.Event), From: r.From, To: r.To, Sector: r.Sector, Destination: r.Destination,
				Age: r.Age, Female: r.Sex == "female", Skill: r.Skill, Savings: r.Savings}
		}
		if err := WriteTrace(&want, traceRows); err != nil {
			t.Fatal(err)
		}
		if err := WriteTrace(&got, back); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("trace.parquet reads back as\n%s\nwant\n%s", &got, &want)
		}
		checkColumns(t, pq.Bytes(), TraceColumns())
	})
	t.Run("snapshots", func(t *testing.T) {
		var pq, want, got bytes.Buffer
		if err := WriteSnapshotsParquet(&pq, snapshotRows); err != nil {
			t.Fatal(err)
		}
		rows, err := parquet.Read[AgentStateRow](bytes.NewReader(pq.Bytes()), int64(pq.Len()))
		if err != nil {
			t.Fatal(err)
		}
		back := make([]results.AgentState, len(rows))
		for i, r := range rows {
			back[i] = results.AgentState{Replicate: int(r.Replicate), Year: int(r.Year), Agent: int(r.Agent),
				State: r.State, Sector: r.Sector, Destination: r.Destination, Age: r.Age, Female: r.Sex == "female",
				Skill: r.Skill, Savings: r.Savings, Tenure: r.Tenure, Recognised: r.Recognised, Public: r.Public, Assigned: r.Assigned}
		}
		if err := WriteSnapshots(&want, snapshotRows); err != nil {
			t.Fatal(err)
		}
		if err := WriteSnapshots(&got, back); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("snapshots.parquet reads back as\n%s\nwant\n%s", &got, &want)
		}
		checkColumns(t, pq.Bytes(), SnapshotColumns())
	})
}

// checkColumns checks that the Parquet file in b has the columns of cols,
// in order, each described in the metadata under ColumnsKey.
func checkColumns(t *testing.T, b []byte, cols []results.Metric) {
	t.Helper()
	f := parquetFile(t, b)
	var names []string
	for _, c := range f.Schema().Fields() {
		names = append(names, c.Name())
	}
	if want := header(cols); !slices.Equal(names, want) {
		t.Errorf("columns %v; want %v", names, want)
	}
	v, ok := f.Lookup(ColumnsKey)
	if !ok {
		t.Fatalf("no %s metadata", ColumnsKey)
	}
	var meta map[string]ParquetColumn
	if err := json.Unmarshal([]byte(v), &meta); err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		if m, ok := meta[c.Name]; !ok || m.Unit != c.Unit || m.Description != c.Description {
			t.Errorf("metadata of %s = %+v; want unit %q, description %q", c.Name, m, c.Unit, c.Description)
		}
	}
}

func TestWriteColumns(t *testing.T) {
	var b bytes.Buffer
	if err := WriteColumns(&b, TraceColumns()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if got, want := len(lines), 2+len(TraceColumns()); got != want {
		t.Fatalf("%d lines; want %d", got, want)
	}
	if got, want := lines[11], "| age | years | Age at the transition, exact (steps / steps per year). |"; got != want {
		t.Errorf("age row %q; want %q", got, want)
	}
}
