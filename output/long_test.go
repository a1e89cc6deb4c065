package output

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
)

// sampleDims returns a small timeseries with 2 replicates, 2 rows and one
// metric of each shape a run records: a total, a breakdown by sector, by
// destination (with a space in its name) and by policy (signed), with
// integral, fractional, negative, infinite and NaN values.
func sampleDims() *results.Timeseries {
	return &results.Timeseries{
		Metrics: []results.Metric{
			{Name: "students", Unit: "persons", Description: "Persons in training at home.", Base: "students"},
			{Name: "workers_home.nurse", Unit: "persons", Description: "Workers at home who never emigrated, nurses.", Base: "workers_home", Sector: "nurse"},
			{Name: "diaspora.New Zealand", Unit: "persons", Description: "Emigrants living in New Zealand.", Base: "diaspora", Destination: "New Zealand"},
			{Name: "policy_cost.bonding", Unit: "USD PPP/year", Description: "Fiscal cost of the bonding policy, net of buy-out revenue.", Kind: results.Flow, Base: "policy_cost", Policy: "bonding", Signed: true},
			{Name: "emigration_rate", Unit: "share", Description: "Emigrants / (skilled at home + emigrants)."},
		},
		Step: []int{1, 2},
		Year: []float64{2025 + 1.0/12, 2025 + 2.0/12},
		Values: [][][]float64{
			{{1200, 3400.5, 12, -2500.25, 0.125}, {1210, 3399, 13, 1e16, math.NaN()}},
			{{1190, 3401, 0, math.Inf(-1), 1.5e-7}, {1205, math.NaN(), 14, 0, 0.1}},
		},
	}
}

func TestWriteLong(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLong(&buf, sampleDims()); err != nil {
		t.Fatal(err)
	}
	golden(t, "timeseries_long.csv", buf.Bytes())
}

func TestWriteLongShapes(t *testing.T) {
	const header = "replicate,step,year,metric,sector,destination,policy,value,unit,sex,age_band\n"
	ms := []results.Metric{{Name: "a"}, {Name: "b"}}
	for _, tt := range []struct {
		name      string
		ts        *results.Timeseries
		want      string // output; ignored when panics
		wantPanic bool
	}{
		{"zero value", &results.Timeseries{}, header, false},
		{"no replicates", &results.Timeseries{Metrics: ms, Step: []int{1}, Year: []float64{2025}}, header, false},
		{"hand-built metric: base is the name", &results.Timeseries{Metrics: ms[:1], Step: []int{1}, Year: []float64{2025.5}, Values: [][][]float64{{{3}}}},
			header + "0,1,2025.5000,a,,,,3,,,\n", false},
		{"sector", &results.Timeseries{
			Metrics: []results.Metric{{Name: "graduates.doctor", Base: "graduates", Sector: "doctor", Unit: "persons/year"}},
			Step:    []int{12}, Year: []float64{2026}, Values: [][][]float64{{{40}}}},
			header + "0,12,2026.0000,graduates,doctor,,,40,persons/year,,\n", false},
		{"destination with a space and a comma", &results.Timeseries{
			Metrics: []results.Metric{{Name: "arrivals.Korea, Rep.", Base: "arrivals", Destination: "Korea, Rep."}},
			Step:    []int{1}, Year: []float64{2025}, Values: [][][]float64{{{2}}}},
			header + "0,1,2025.0000,arrivals,,\"Korea, Rep.\",,2,,,\n", false},
		{"policy, negative", &results.Timeseries{
			Metrics: []results.Metric{{Name: "policy_cost.topup", Base: "policy_cost", Policy: "topup", Unit: "USD PPP/year", Signed: true}},
			Step:    []int{1}, Year: []float64{2025}, Values: [][][]float64{{{-0.5}}}},
			header + "0,1,2025.0000,policy_cost,,,topup,-0.5,USD PPP/year,,\n", false},
		{"sex and age band", &results.Timeseries{
			Metrics: []results.Metric{
				{Name: "emigrants.female", Base: "emigrants", Sex: "female", Unit: "persons"},
				{Name: "workers_home.age_25_34", Base: "workers_home", AgeBand: "age_25_34", Unit: "persons"},
			},
			Step: []int{1}, Year: []float64{2025}, Values: [][][]float64{{{7, 9}}}},
			header + "0,1,2025.0000,emigrants,,,,7,persons,female,\n0,1,2025.0000,workers_home,,,,9,persons,,age_25_34\n", false},
		{"NaN value and year are empty", &results.Timeseries{Metrics: ms[:1], Step: []int{1}, Year: []float64{math.NaN()}, Values: [][][]float64{{{math.NaN()}}}},
			header + "0,1,,a,,,,,,,\n", false},
		{"replicates, then rows, then metrics", &results.Timeseries{Metrics: ms, Step: []int{1, 2}, Year: []float64{2025, 2026},
			Values: [][][]float64{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}},
			header +
				"0,1,2025.0000,a,,,,1,,,\n0,1,2025.0000,b,,,,2,,,\n0,2,2026.0000,a,,,,3,,,\n0,2,2026.0000,b,,,,4,,,\n" +
				"1,1,2025.0000,a,,,,5,,,\n1,1,2025.0000,b,,,,6,,,\n1,2,2026.0000,a,,,,7,,,\n1,2,2026.0000,b,,,,8,,,\n", false},
		{"years short", &results.Timeseries{Metrics: ms, Step: []int{1, 2}, Year: []float64{2025}}, "", true},
		{"values short", &results.Timeseries{Metrics: ms, Step: []int{1}, Year: []float64{2025}, Values: [][][]float64{{{1}}}}, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if (r != nil) != tt.wantPanic {
					t.Fatalf("panic = %v; want panic %v", r, tt.wantPanic)
				}
				if r != nil && !strings.HasPrefix(r.(string), "results: ") {
					t.Errorf("panic message %q lacks the package prefix", r)
				}
			}()
			var buf bytes.Buffer
			if err := WriteLong(&buf, tt.ts); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("WriteLong = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestWriteLongMatchesWide holds the long table to the wide one: row for
// row of the wide CSV, metric by metric, the same replicate, step, year and
// value text, and the metric's base and dimensions.
func TestWriteLongMatchesWide(t *testing.T) {
	for _, tt := range []struct {
		name string
		ts   *results.Timeseries
	}{
		{"sample", sample()},
		{"dimensions", sampleDims()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wide, long := readCSV(t, WriteTimeseries, tt.ts), readCSV(t, WriteLong, tt.ts)
			nm := len(tt.ts.Metrics)
			if got, want := len(long)-1, (len(wide)-1)*nm; got != want {
				t.Fatalf("long table has %d records; want %d", got, want)
			}
			for k, rec := range long[1:] {
				w := wide[1+k/nm]
				m := tt.ts.Metrics[k%nm]
				want := []string{w[0], w[1], w[2], m.BaseName(), m.Sector, m.Destination, m.Policy, w[3+k%nm], m.Unit, m.Sex, m.AgeBand}
				if !slices.Equal(rec, want) {
					t.Errorf("long record %d = %q; want %q", k, rec, want)
				}
			}
		})
	}
}

func TestWriteLongReportsErrors(t *testing.T) {
	if err := WriteLong(failWriter{}, sampleDims()); !errors.Is(err, errWrite) {
		t.Errorf("WriteLong error = %v; want %v", err, errWrite)
	}
}

// readCSV writes ts with write and parses the result.
func readCSV(t *testing.T, write func(io.Writer, *results.Timeseries) error, ts *results.Timeseries) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, ts); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
