package main

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/sim"
)

// TestWriteBench checks the table of 'brainsim bench' on fixed
// measurements (no timing is asserted): the columns, the derived rates
// (person-steps over the window after the first year, events over the
// whole run), the dashes where a figure does not apply, the speed-up and
// the ratio of the engines, and the closing lines.
func TestWriteBench(t *testing.T) {
	step := func(seconds float64) benchResult {
		return benchResult{personSteps: 1_000_000, seconds: seconds, total: 2 * seconds, peakPerAgent: 40, livePerAgent: 30}
	}
	event := func(seconds float64) benchResult {
		return benchResult{events: 20_000, seconds: seconds, total: 2 * seconds, peakPerAgent: 60, livePerAgent: 50}
	}
	tests := []struct {
		name  string
		kinds []sim.EngineKind
		res   [][][]benchResult
		want  []string // lines, fields separated by any white space
	}{
		{
			name:  "step alone",
			kinds: []sim.EngineKind{sim.EngineStep},
			res:   [][][]benchResult{{{step(0.02), step(0.03), step(0.01)}, {step(0.01)}}},
			want: []string{
				"engine workers person-steps person-steps/s events events/s ns/event ns/person-step peak B/person live B/person speed-up event/step run s",
				"step 1 1000000 5e+07 - - - 20.00 40.0 B 30.0 B 1.00x - 0.040",
				"step 2 1000000 1e+08 - - - 10.00 40.0 B 30.0 B 2.00x - 0.020",
				"agent-steps/s: 100000000",
			},
		},
		{
			name:  "side by side",
			kinds: []sim.EngineKind{sim.EngineStep, sim.EngineEvent},
			res: [][][]benchResult{
				{{step(0.02)}, {step(0.01)}},
				{{event(0.004)}, {event(0.0025)}},
			},
			want: []string{
				"engine workers person-steps person-steps/s events events/s ns/event ns/person-step peak B/person live B/person speed-up event/step run s",
				"step 1 1000000 5e+07 - - - 20.00 40.0 B 30.0 B 1.00x - 0.040",
				"step 2 1000000 1e+08 - - - 10.00 40.0 B 30.0 B 2.00x - 0.020",
				"event 1 1000000 2.5e+08 20000 2.5e+06 400.00 4.00 60.0 B 50.0 B 1.00x 5.00x 0.008",
				"event 2 1000000 4e+08 20000 4e+06 250.00 2.50 60.0 B 50.0 B 1.60x 4.00x 0.005",
				"event person-steps/s: 400000000",
				"agent-steps/s: 100000000",
			},
		},
		{
			name:  "event alone: person-steps estimated",
			kinds: []sim.EngineKind{sim.EngineEvent},
			res:   [][][]benchResult{{{event(0.004)}}},
			want: []string{
				"engine workers person-steps person-steps/s events events/s ns/event ns/person-step peak B/person live B/person speed-up event/step run s",
				"event 1 ~2000000 5e+08 20000 2.5e+06 400.00 2.00 60.0 B 50.0 B 1.00x - 0.008",
				"~ person-steps of the event engine estimated as agents x steps (the step engine was not measured)",
				"event person-steps/s: 500000000",
				"agent-steps/s: 500000000",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeBench(&b, benchRows(tc.kinds, tc.res, 2_000_000)); err != nil {
				t.Fatal(err)
			}
			got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(got) != len(tc.want) {
				t.Fatalf("%d lines, want %d:\n%s", len(got), len(tc.want), b.String())
			}
			for i, line := range got {
				if f := strings.Join(strings.Fields(line), " "); f != tc.want[i] {
					t.Errorf("line %d:\n got %q\nwant %q", i+1, f, tc.want[i])
				}
			}
		})
	}
}

// TestBenchMedian checks that the median of an even count is the slower
// middle and that the peak heap is the largest of all rounds.
func TestBenchMedian(t *testing.T) {
	m := median([]benchResult{{seconds: 1, peakPerAgent: 9}, {seconds: 4}, {seconds: 2}, {seconds: 3}})
	if m.seconds != 3 || m.peakPerAgent != 9 {
		t.Errorf("median = %+v, want 3 s with a peak of 9 B", m)
	}
	rows := benchRows([]sim.EngineKind{sim.EngineEvent}, [][][]benchResult{{{{seconds: 1}}}}, 10)
	if !math.IsNaN(rows[0].ratio) {
		t.Errorf("ratio without the step engine = %v, want NaN", rows[0].ratio)
	}
}

// TestParseEngines checks bench's --engine list.
func TestParseEngines(t *testing.T) {
	tests := []struct {
		in      string
		want    []sim.EngineKind
		wantErr string
	}{
		{"", nil, ""},
		{"step", []sim.EngineKind{sim.EngineStep}, ""},
		{"event", []sim.EngineKind{sim.EngineEvent}, ""},
		{"step,event", []sim.EngineKind{sim.EngineStep, sim.EngineEvent}, ""},
		{"event, step", []sim.EngineKind{sim.EngineEvent, sim.EngineStep}, ""},
		{"step,step", nil, "given twice"},
		{"step,", nil, "empty name"},
		{"fast", nil, `must be "step" or "event"`},
	}
	for _, tc := range tests {
		got, err := parseEngines(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseEngines(%q) error %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !equalKinds(got, tc.want) {
			t.Errorf("parseEngines(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func equalKinds(a, b []sim.EngineKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestBenchRefusal runs bench at a tiny size asking for both engines:
// while the event engine refuses bench.toml, bench prints the refusal and
// measures the step engine alone; once it accepts it, both rows appear.
func TestBenchRefusal(t *testing.T) {
	var out, errb bytes.Buffer
	cmd := benchCmd(context.Background(), &out, &errb)
	cmd.SetArgs([]string{"--agents", "2000", "--years", "1", "--workers", "1", "--rounds", "1", "--engine", "step,event"})
	cmd.SetOut(&errb)
	cmd.SetErr(&errb)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("bench: %v\n%s", err, errb.String())
	}
	s := out.String()
	if !strings.Contains(s, "\n  step       1 ") {
		t.Errorf("no step row:\n%s", s)
	}
	refused := strings.Contains(s, "event engine refused: ") && strings.Contains(s, sim.ErrEventUnsupported.Error())
	eventRow := strings.Contains(s, "\n event       1 ")
	if refused == eventRow {
		t.Errorf("want either the refusal or an event row, not both or neither:\n%s", s)
	}
}
