package main

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
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

// TestParseCounts checks bench's --agents and --years lists: whole
// numbers >= 1 separated by commas, each once, and errors that name the
// flag and its value.
func TestParseCounts(t *testing.T) {
	tests := []struct {
		flag, in string
		want     []int
		wantErr  string
	}{
		{"agents", "1000000", []int{1_000_000}, ""},
		{"agents", "1000000,10000000", []int{1_000_000, 10_000_000}, ""},
		{"years", "10, 50,20", []int{10, 50, 20}, ""},
		{"years", "1", []int{1}, ""},
		{"agents", "", nil, `--agents "": an empty item`},
		{"agents", "1000,", nil, `--agents "1000,": an empty item`},
		{"years", "10,,50", nil, `--years "10,,50": an empty item`},
		{"years", "0", nil, `--years "0": 0 must be >= 1`},
		{"agents", "1000,-5", nil, `--agents "1000,-5": -5 must be >= 1`},
		{"years", "10,20,10", nil, `--years "10,20,10": 10 given twice`},
		{"agents", "1e6", nil, `--agents "1e6": "1e6" is not a whole number`},
		{"years", "10,x", nil, `--years "10,x": "x" is not a whole number`},
		{"agents", "99999999999999999999", nil, `--agents "99999999999999999999": "99999999999999999999" is not a whole number`},
	}
	for _, tc := range tests {
		got, err := parseCounts(tc.flag, tc.in)
		if tc.wantErr != "" {
			var ue *usageError
			if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseCounts(%q, %q) error %v, want a usage error containing %q", tc.flag, tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("parseCounts(%q, %q) = %v, %v; want %v", tc.flag, tc.in, got, err, tc.want)
		}
	}
}

// TestBenchPlan checks the sizes bench measures: the reference, then each
// further agents count at the first years, then each further years at the
// first agents count, never the full cross product.
func TestBenchPlan(t *testing.T) {
	tests := []struct {
		name          string
		agents, years []int
		want          []benchSize
	}{
		{"one size", []int{1_000_000}, []int{10}, []benchSize{{1_000_000, 10}}},
		{"agents only", []int{1_000_000, 10_000_000, 3_000_000}, []int{10}, []benchSize{{1_000_000, 10}, {10_000_000, 10}, {3_000_000, 10}}},
		{"years only", []int{1_000_000}, []int{10, 50}, []benchSize{{1_000_000, 10}, {1_000_000, 50}}},
		{"both", []int{1_000_000, 10_000_000}, []int{10, 50}, []benchSize{{1_000_000, 10}, {10_000_000, 10}, {1_000_000, 50}}},
		{"reference last given", []int{3_000_000, 1_000_000}, []int{20, 10, 50}, []benchSize{{3_000_000, 20}, {1_000_000, 20}, {3_000_000, 10}, {3_000_000, 50}}},
	}
	for _, tc := range tests {
		if got := benchPlan(tc.agents, tc.years); !slices.Equal(got, tc.want) {
			t.Errorf("%s: benchPlan(%v, %v) = %v, want %v", tc.name, tc.agents, tc.years, got, tc.want)
		}
	}
}

// benchRowOf is a row of hand-made figures for the tests of the sizes.
func benchRowOf(k sim.EngineKind, workers int, personSteps int64, seconds float64) benchRow {
	return benchRow{engine: k, workers: workers, benchResult: benchResult{personSteps: personSteps, seconds: seconds, total: seconds}, speedUp: 1, ratio: math.NaN()}
}

// TestWriteBenchRatios checks the section of the cost per person-step of
// each size over the reference's, to the byte: a line for each engine and
// worker count, a column for each further size named by what differs, and
// a dash where a size lacks the engine and worker count.
func TestWriteBenchRatios(t *testing.T) {
	step, event := sim.EngineStep, sim.EngineEvent
	ref := []benchRow{
		benchRowOf(step, 1, 1_000_000, 0.02),    // 20 ns/person-step
		benchRowOf(step, 2, 1_000_000, 0.01),    // 10
		benchRowOf(event, 1, 1_000_000, 0.004),  // 4
		benchRowOf(event, 2, 1_000_000, 0.0025), // 2.5
	}
	tests := []struct {
		name  string
		sizes []benchSize
		rows  [][]benchRow
		want  []string
	}{
		{
			name:  "agents and years",
			sizes: []benchSize{{1_000_000, 10}, {10_000_000, 10}, {1_000_000, 50}},
			rows: [][]benchRow{
				ref,
				{ // ten times the person-steps: 22, 10, 4.32, 2.7 ns
					benchRowOf(step, 1, 10_000_000, 0.22),
					benchRowOf(step, 2, 10_000_000, 0.1),
					benchRowOf(event, 1, 10_000_000, 0.0432),
					benchRowOf(event, 2, 10_000_000, 0.027),
				},
				{ // five times the person-steps: 19, 10.5, 3.88, 2.425 ns
					benchRowOf(step, 1, 5_000_000, 0.095),
					benchRowOf(step, 2, 5_000_000, 0.0525),
					benchRowOf(event, 1, 5_000_000, 0.0194),
					benchRowOf(event, 2, 5_000_000, 0.012125),
				},
			},
			want: []string{
				"cost per person-step relative to 1000000 agents, 10 years",
				"  step 1 worker:    10000000 agents  1.10x   50 years  0.95x",
				"  step 2 workers:   10000000 agents  1.00x   50 years  1.05x",
				" event 1 worker:    10000000 agents  1.08x   50 years  0.97x",
				" event 2 workers:   10000000 agents  1.08x   50 years  0.97x",
			},
		},
		{
			name:  "a size lacking rows, both dimensions differing, wider worker counts",
			sizes: []benchSize{{1_000_000, 10}, {2_000_000, 20}},
			rows: [][]benchRow{
				{benchRowOf(event, 9, 1_000_000, 0.004), benchRowOf(event, 10, 1_000_000, 0.002)},
				{benchRowOf(event, 10, 4_000_000, 0.016)},
			},
			want: []string{
				"cost per person-step relative to 1000000 agents, 10 years",
				" event  9 workers:   2000000 agents 20 years      -",
				" event 10 workers:   2000000 agents 20 years  2.00x",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeBenchRatios(&b, tc.sizes, tc.rows); err != nil {
				t.Fatal(err)
			}
			if got, want := b.String(), strings.Join(tc.want, "\n")+"\n"; got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestWriteBenchSizes checks the output of several sizes: a table under a
// line naming each size, the estimate's note once, the ratio section, and
// the closing lines of the reference size; and that one size prints
// exactly writeBench's output.
func TestWriteBenchSizes(t *testing.T) {
	event := func(seconds float64) benchResult {
		return benchResult{events: 20_000, seconds: seconds, total: 2 * seconds, peakPerAgent: 60, livePerAgent: 50}
	}
	kinds := []sim.EngineKind{sim.EngineEvent}
	ref := benchRows(kinds, [][][]benchResult{{{event(0.004)}}}, 2_000_000)   // 2 ns/person-step
	big := benchRows(kinds, [][][]benchResult{{{event(0.044)}}}, 20_000_000)  // 2.2
	long := benchRows(kinds, [][][]benchResult{{{event(0.0076)}}}, 4_000_000) // 1.9

	var one, alone bytes.Buffer
	if err := writeBenchSizes(&one, []benchSize{{1000, 3}}, [][]benchRow{ref}); err != nil {
		t.Fatal(err)
	}
	if err := writeBench(&alone, ref); err != nil {
		t.Fatal(err)
	}
	if one.String() != alone.String() {
		t.Errorf("one size:\n%s\nwant writeBench's:\n%s", one.String(), alone.String())
	}

	var b bytes.Buffer
	if err := writeBenchSizes(&b, []benchSize{{1000, 3}, {10000, 3}, {1000, 5}}, [][]benchRow{ref, big, long}); err != nil {
		t.Fatal(err)
	}
	header := "engine workers person-steps person-steps/s events events/s ns/event ns/person-step peak B/person live B/person speed-up event/step run s"
	want := []string{
		"size: 1000 agents, 3 years",
		header,
		"event 1 ~2000000 5e+08 20000 2.5e+06 400.00 2.00 60.0 B 50.0 B 1.00x - 0.008",
		"size: 10000 agents, 3 years",
		header,
		"event 1 ~20000000 4.545e+08 20000 2.273e+05 4400.00 2.20 60.0 B 50.0 B 1.00x - 0.088",
		"size: 1000 agents, 5 years",
		header,
		"event 1 ~4000000 5.263e+08 20000 1.316e+06 760.00 1.90 60.0 B 50.0 B 1.00x - 0.015",
		"~ person-steps of the event engine estimated as agents x steps (the step engine was not measured)",
		"cost per person-step relative to 1000 agents, 3 years",
		"event 1 worker: 10000 agents 1.10x 5 years 0.95x",
		"event person-steps/s: 500000000",
		"agent-steps/s: 500000000",
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(want), b.String())
	}
	for i, line := range got {
		if f := strings.Join(strings.Fields(line), " "); f != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, f, want[i])
		}
	}
}

// TestBenchSizes runs bench at tiny sizes, a list for --agents and for
// --years: the header lists the three sizes, each has its table, the ratio
// section has a line for each engine, and the last line is the reference
// size's agent-steps/s.
func TestBenchSizes(t *testing.T) {
	var out, errb bytes.Buffer
	cmd := benchCmd(context.Background(), &out, &errb)
	cmd.SetArgs([]string{"--agents", "2000,3000", "--years", "2,3", "--workers", "1", "--rounds", "1"})
	cmd.SetOut(&errb)
	cmd.SetErr(&errb)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("bench: %v\n%s", err, errb.String())
	}
	s := out.String()
	for _, want := range []string{
		"3 sizes (2000 agents x 2 years, 3000 agents x 2 years, 2000 agents x 3 years)",
		"\nsize: 2000 agents, 2 years\n",
		"\nsize: 3000 agents, 2 years\n",
		"\nsize: 2000 agents, 3 years\n",
		"\ncost per person-step relative to 2000 agents, 2 years\n",
		"\n  step 1 worker:    3000 agents ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in:\n%s", want, s)
		}
	}
	if got := strings.Count(s, "\n  step       1 "); got != 3 {
		t.Errorf("%d step rows, want 3:\n%s", got, s)
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "agent-steps/s: ") {
		t.Errorf("last line %q, want agent-steps/s", last)
	}
}

// TestBenchCountsUsage checks that a wrong --agents or --years list is a
// usage error before anything runs.
func TestBenchCountsUsage(t *testing.T) {
	for _, args := range [][]string{{"--agents", "2000,2000"}, {"--years", "0"}, {"--agents", ""}} {
		var out, errb bytes.Buffer
		cmd := benchCmd(context.Background(), &out, &errb)
		cmd.SetArgs(args)
		cmd.SetOut(&errb)
		cmd.SetErr(&errb)
		var ue *usageError
		if err := cmd.Execute(); !errors.As(err, &ue) || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("bench %q: error %v, want a usage error naming %s", args, err, args[0])
		}
		if out.Len() != 0 {
			t.Errorf("bench %q wrote %q", args, out.String())
		}
	}
}
