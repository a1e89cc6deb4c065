package live

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// engineRows is how many steps TestEngine reads from a run's stream: two
// years, enough for emigrations and returns to make the two engines'
// series differ (checked), quick at the fastest pace (0.2 s).
const engineRows = 24

// TestEngine checks Config.Engine: a run reports the engine that advances
// it, and the rows it streams are those of sim.Run on that engine for the
// same scenario and replicate 0, to the printed digit. The series of the
// two engines differ within the rows compared, so a run on the wrong
// engine fails. A scenario the event engine refuses (sim.EventSupport) would
// fall back to the step engine, with the refusal as the reason; no preset
// or lever of the page is refused any more, so TestNewEngineFallback
// checks the fallback on a scenario the page cannot make.
func TestEngine(t *testing.T) {
	t.Parallel()
	const agents = MinAgents
	// A server of each engine, shared by the cases: making one parses
	// every preset, the bulk of a case's time.
	servers := make(map[sim.EngineKind]*httptest.Server)
	for _, kind := range []sim.EngineKind{sim.EngineStep, sim.EngineEvent} {
		_, servers[kind] = newTestServer(t, Config{Agents: agents, RunsPerClient: 10, Engine: kind})
	}
	// Which engine a case runs on follows from sim.EventSupport, so that
	// the test holds as the event engine learns more of the model; the
	// comments say what happens today.
	tests := []struct {
		name   string
		engine sim.EngineKind // of the server
		preset string
		levers string // JSON
	}{
		{"step by default", sim.EngineStep, "island", `{}`},
		{"step: no fallback to tell", sim.EngineStep, "ghana", `{"bonding":24}`},
		{"event", sim.EngineEvent, "island", `{}`},
		{"event with levers", sim.EngineEvent, "classroom", `{"top_up":30,"recruitment_cap":500}`},
		{"event with a retention benefit", sim.EngineEvent, "island", `{"retention":1000}`},
		{"event with insurance", sim.EngineEvent, "classroom", `{"insurance":50}`},
		{"event with bonding and a scholarship", sim.EngineEvent, "island", `{"bonding":24,"scholarship":2000}`},
		{"event on ghana", sim.EngineEvent, "ghana", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sc := engineScenario(t, tt.preset, tt.levers, agents)
			want, wantFallback := tt.engine, ""
			if tt.engine == sim.EngineEvent {
				if err := sim.EventSupport(sc); err != nil {
					want, wantFallback = sim.EngineStep, err.Error()
				}
			}

			hs := servers[tt.engine]
			in := start(t, hs, `{"preset":"`+tt.preset+`","levers":`+tt.levers+`,"speed":10,"agents":`+strconv.Itoa(agents)+`}`)
			if in.Engine != want || in.EngineFallback != wantFallback {
				t.Errorf("engine %v, fallback %q; want %v, %q", in.Engine, in.EngineFallback, want, wantFallback)
			}
			if got := runState(t, hs, in.ID); got.Engine != in.Engine || got.EngineFallback != in.EngineFallback {
				t.Errorf("GET the run: engine %v (%q); the POST said %v (%q)", got.Engine, got.EngineFallback, in.Engine, in.EngineFallback)
			}
			rows := streamRows(t, hs, in.ID, engineRows)
			do(t, hs, "POST", "/api/runs/"+in.ID+"/stop", "{}")

			ref := func(kind sim.EngineKind) *results.Timeseries {
				ts, err := sim.Run(context.Background(), sc, sim.Options{Workers: 1, Engine: kind})
				if err != nil {
					t.Fatalf("sim.Run on the %v engine: %v", kind, err)
				}
				return ts
			}
			ts := ref(want)
			var other *results.Timeseries
			if want == sim.EngineEvent {
				other = ref(sim.EngineStep)
			}
			differ := false
			for i, row := range rows {
				for j, col := range in.Columns[1:] {
					m := results.MetricIndex(ts.Metrics, col)
					if m < 0 {
						t.Fatalf("column %s: not a metric of sim.Run", col)
					}
					wantV := string(appendNumber(nil, ts.Values[0][i][m]))
					if got := row[j+1]; got != wantV {
						t.Errorf("step %d, %s = %s; sim.Run on the %v engine gives %s", i+1, col, got, want, wantV)
					}
					if other != nil && string(appendNumber(nil, other.Values[0][i][m])) != wantV {
						differ = true
					}
				}
			}
			if other != nil && !differ {
				t.Errorf("the step and event engines agree on all %d steps compared: the test cannot tell them apart", len(rows))
			}
		})
	}
}

// engineScenario returns the scenario of a run of the preset with the
// levers (JSON) and agents, as the server makes it: one replicate.
func engineScenario(t *testing.T, preset, levers string, agents int) *model.Scenario {
	t.Helper()
	sc, err := scenarios.LoadShipped(preset)
	if err != nil {
		t.Fatal(err)
	}
	var lv Levers
	if err := json.Unmarshal([]byte(levers), &lv); err != nil {
		t.Fatal(err)
	}
	lv.apply(sc)
	sc.Replicates, sc.Agents = 1, agents
	return sc
}

// streamRows reads the event stream of a run until it has n rows (or the
// run ends) and returns them as the JSON numbers sent, year first.
func streamRows(t *testing.T, hs *httptest.Server, id string, n int) [][]string {
	t.Helper()
	resp := openEvents(t, hs, id)
	defer resp.Body.Close()
	var rows [][]string
	err := readEvents(resp.Body, func(ev sseEvent) bool {
		if ev.name == "end" {
			return false
		}
		if ev.name != "rows" {
			return true
		}
		var d struct {
			From int                 `json:"from"`
			Rows [][]json.RawMessage `json:"rows"`
		}
		if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
			t.Fatalf("rows %q: %v", ev.data, err)
		}
		if d.From != len(rows) {
			t.Fatalf("rows from %d; want %d", d.From, len(rows))
		}
		for _, r := range d.Rows {
			row := make([]string, len(r))
			for k, v := range r {
				row[k] = string(v)
			}
			rows = append(rows, row)
		}
		return len(rows) < n
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < n {
		t.Fatalf("the stream ended after %d rows; want %d", len(rows), n)
	}
	return rows
}

// TestNewEngineFallback checks newEngine's fallback: for a scenario the
// event engine refuses (the first of a few settings the page cannot make
// that it may refuse), the step engine with the refusal as the reason; for
// one it accepts, the event engine and no reason. Skipped if the event
// engine refuses none of them.
func TestNewEngineFallback(t *testing.T) {
	t.Parallel()
	ok := engineScenario(t, "island", `{}`, MinAgents)
	if _, got, fallback, err := newEngine(ok, sim.EngineEvent); err != nil || got != sim.EngineEvent || fallback != "" {
		t.Fatalf("island: engine %v, fallback %q, err %v; want the event engine", got, fallback, err)
	}
	candidates := []func(sc *model.Scenario){
		// Unemployment in person with a retention benefit (the lever).
		func(sc *model.Scenario) {
			for s := range sc.Sectors {
				sc.Sectors[s].Unemployed = model.UnemploymentUntrained
			}
		},
	}
	for _, set := range candidates {
		sc := engineScenario(t, "island", `{"retention":1000}`, MinAgents)
		sc.Sectors = append([]model.Sector(nil), sc.Sectors...)
		set(sc)
		refusal := sim.EventSupport(sc)
		if refusal == nil {
			continue
		}
		e, got, fallback, err := newEngine(sc, sim.EngineEvent)
		if err != nil || e == nil || got != sim.EngineStep || fallback != refusal.Error() {
			t.Fatalf("engine %v, fallback %q, err %v; want the step engine and %q", got, fallback, err, refusal)
		}
		return
	}
	t.Skip("the event engine refuses none of the settings tried")
}
