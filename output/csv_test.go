package output

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
)

func TestFormatFloat(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    float64
		want string
	}{
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "0"},
		{"integral", 120000, "120000"},
		{"negative integral", -42, "-42"},
		{"largest plain integral", 999999999999999, "999999999999999"},
		{"integral at 1e15 uses exponent", 1e15, "1e+15"},
		{"large integral uses exponent", -1.2345678e20, "-1.2345678e+20"},
		{"fraction", 0.25, "0.25"},
		{"shortest round trip", 0.1, "0.1"},
		{"fraction with integer part", 123456.789, "123456.789"},
		{"small", 1.5e-7, "1.5e-07"},
		{"large fraction", 1234567.5, "1.2345675e+06"},
		{"NaN is empty", math.NaN(), ""},
		{"positive infinity", math.Inf(1), "+Inf"},
		{"negative infinity", math.Inf(-1), "-Inf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatFloat(tt.v); got != tt.want {
				t.Errorf("FormatFloat(%v) = %q; want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestWriteTimeseries(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTimeseries(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "timeseries.csv", buf.Bytes())
}

func TestWriteTimeseriesShapes(t *testing.T) {
	ms := []results.Metric{{Name: "a"}, {Name: "b"}}
	for _, tt := range []struct {
		name      string
		ts        *results.Timeseries
		want      string // output; ignored when panics
		wantPanic bool
	}{
		{"zero value", &results.Timeseries{}, "replicate,step,year\n", false},
		{"no replicates", &results.Timeseries{Metrics: ms, Step: []int{1}, Year: []float64{2025}}, "replicate,step,year,a,b\n", false},
		{"one cell", &results.Timeseries{Metrics: ms[:1], Step: []int{1}, Year: []float64{2025.5}, Values: [][][]float64{{{3}}}},
			"replicate,step,year,a\n0,1,2025.5000,3\n", false},
		{"years short", &results.Timeseries{Metrics: ms, Step: []int{1, 2}, Year: []float64{2025}}, "", true},
		{"rows short", &results.Timeseries{Metrics: ms, Step: []int{1, 2}, Year: []float64{2025, 2026}, Values: [][][]float64{{{1, 2}}}}, "", true},
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
			if err := WriteTimeseries(&buf, tt.ts); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("WriteTimeseries = %q; want %q", got, tt.want)
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWritersReportErrors(t *testing.T) {
	ts := sample()
	for _, tt := range []struct {
		name  string
		write func() error
	}{
		{"WriteTimeseries", func() error { return WriteTimeseries(failWriter{}, ts) }},
		{"WriteSummary", func() error { return WriteSummary(failWriter{}, results.Summarize(ts)) }},
		{"WriteDictionary", func() error { return WriteDictionary(failWriter{}, ts.Metrics) }},
		{"WriteManifest", func() error { return WriteManifest(failWriter{}, &Manifest{}) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.write(); !errors.Is(err, errWrite) {
				t.Errorf("%s error = %v; want %v", tt.name, err, errWrite)
			}
		})
	}
}
