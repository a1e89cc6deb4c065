package live

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios"
)

// small is the configuration of most tests: small runs, quick to make.
var small = Config{Agents: 2000}

func TestPageAndAssets(t *testing.T) {
	_, hs := newTestServer(t, small)
	for _, tt := range []struct {
		path, wantType string
		wantStatus     int
		wantBody       string
	}{
		{"/", "text/html; charset=utf-8", 200, `<script src="/assets/app.js"`},
		{"/assets/app.js", "text/javascript; charset=utf-8", 200, "EventSource"},
		{"/assets/style.css", "text/css; charset=utf-8", 200, ".chart"},
		{"/assets/uPlot.iife.min.js", "text/javascript; charset=utf-8", 200, "uPlot"},
		{"/assets/uPlot.min.css", "text/css; charset=utf-8", 200, ".uplot"},
		{"/assets/uPlot.LICENSE", "", 200, "Leon Sorokin"},
		{"/assets/", "", 404, ""},             // no listing
		{"/assets/../server.go", "", 404, ""}, // nothing outside the assets
		{"/index.html", "", 404, ""},          // one page, at /
		{"/api/nothing", "application/json; charset=utf-8", 404, `"error":"no such API: GET /api/nothing"`},
	} {
		t.Run(tt.path, func(t *testing.T) {
			r := do(t, hs, "GET", tt.path, "")
			if r.status != tt.wantStatus {
				t.Fatalf("GET %s: status %d; want %d", tt.path, r.status, tt.wantStatus)
			}
			if tt.wantType != "" && r.header.Get("Content-Type") != tt.wantType {
				t.Errorf("GET %s: Content-Type %q; want %q", tt.path, r.header.Get("Content-Type"), tt.wantType)
			}
			if !bytes.Contains(r.body, []byte(tt.wantBody)) {
				t.Errorf("GET %s: body lacks %q", tt.path, tt.wantBody)
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("GET %s: no X-Content-Type-Options: nosniff", tt.path)
			}
		})
	}
	r := do(t, hs, "GET", "/", "")
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("page CSP = %q; want default-src 'self'", csp)
	}
	// The page loads nothing from elsewhere: it works offline.
	for _, name := range []string{"index.html", "app.js", "style.css"} {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"src=\"http", "href=\"http", "url(http", "//cdn", "@import"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q: the page must work offline", name, bad)
			}
		}
	}
}

func TestConfig(t *testing.T) {
	_, hs := newTestServer(t, small)
	r := do(t, hs, "GET", "/api/config", "")
	if r.status != 200 {
		t.Fatalf("GET /api/config: %d %s", r.status, r.body)
	}
	var cfg struct {
		Presets       []preset  `json:"presets"`
		DefaultPreset string    `json:"default_preset"`
		Speeds        []float64 `json:"speeds"`
		DefaultSpeed  float64   `json:"default_speed"`
		Agents        int       `json:"agents"`
		MaxRuns       int       `json:"max_runs"`
	}
	if err := json.Unmarshal(r.body, &cfg); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range cfg.Presets {
		names = append(names, p.Name)
	}
	// Every shipped preset that fits the page is offered: a new one appears
	// by itself. The benchmark's reference scenario is not a preset.
	if slices.Contains(names, scenarios.Bench) {
		t.Errorf("presets %v offer %q, the benchmark's scenario", names, scenarios.Bench)
	}
	for _, name := range scenarios.Presets() {
		sc, err := scenarios.LoadShipped(name)
		if err != nil || sc.Steps() > 1200 {
			continue
		}
		if !slices.Contains(names, name) {
			t.Errorf("presets %v lack shipped %q", names, name)
		}
	}
	want := "baseline"
	if slices.Contains(names, "classroom") {
		want = "classroom"
	}
	if cfg.DefaultPreset != want {
		t.Errorf("default preset %q; want %q", cfg.DefaultPreset, want)
	}
	if cfg.Agents != 2000 || cfg.MaxRuns != 30 || cfg.DefaultSpeed != 1 || !slices.Contains(cfg.Speeds, 1) {
		t.Errorf("config = %+v", cfg)
	}
	for _, p := range cfg.Presets {
		var keys []string
		for _, l := range p.Levers {
			keys = append(keys, l.Key)
			def := l.Default
			if l.Off != "" {
				def -= l.Step // the off position is one step above Max
			}
			if !(l.Min <= def && def <= l.Max && l.Step > 0 && l.Help != "" && l.Label != "") {
				t.Errorf("preset %s: lever %+v is inconsistent", p.Name, l)
			}
		}
		if !slices.Equal(keys, leverKeys) {
			t.Errorf("preset %s: levers %v; want %v", p.Name, keys, leverKeys)
		}
	}
}

func TestCreateRefusesBadRequests(t *testing.T) {
	srv, hs := newTestServer(t, small)
	for _, tt := range []struct {
		name, body string
		header     []string
		wantStatus int
		want       []string // each in the error message
	}{
		{"not JSON", `preset=baseline`, nil, 400, []string{"invalid JSON"}},
		{"empty", ``, nil, 400, []string{"empty body"}},
		{"two objects", `{"preset":"baseline"} {}`, nil, 400, []string{"one JSON object expected"}},
		{"unknown setting", `{"preset":"baseline","years":100}`, nil, 400, []string{`unknown setting "years"`, "levers (top_up, bonding"}},
		{"unknown lever", `{"preset":"baseline","levers":{"topup":30}}`, nil, 400, []string{`unknown setting "topup"`, "levers (top_up"}},
		{"wrong type", `{"preset":"baseline","levers":{"top_up":"lots"}}`, nil, 400, []string{"levers.top_up: want a number, got a string"}},
		{"agents not whole", `{"preset":"baseline","agents":1.5}`, nil, 400, []string{"agents: want a whole number"}},
		{"no preset", `{}`, nil, 400, []string{"preset: missing; presets are ", "baseline"}},
		{"unknown preset", `{"preset":"atlantis"}`, nil, 400, []string{`preset "atlantis": not a preset; presets are `}},
		{"a path", `{"preset":"../etc/passwd"}`, nil, 400, []string{`preset "../etc/passwd": not a preset`}},
		{"a file name", `{"preset":"baseline.toml"}`, nil, 400, []string{`preset "baseline.toml": not a preset`}},
		{"top-up too high", `{"preset":"baseline","levers":{"top_up":140}}`, nil, 400,
			[]string{"Salary top-up (top_up) = 140%: must be between 0% and 100%"}},
		{"top-up negative", `{"preset":"baseline","levers":{"top_up":-5}}`, nil, 400,
			[]string{"Salary top-up (top_up) = -5%: must be between 0% and 100%"}},
		{"assignments", `{"preset":"baseline","levers":{"assignments":1e6}}`, nil, 400,
			[]string{"Temporary-return assignments (assignments) = 1000000 per year: must be between 0 per year and 3000 per year"}},
		{"cap", `{"preset":"baseline","levers":{"recruitment_cap":-1}}`, nil, 400,
			[]string{"Recruitment cap (recruitment_cap) = -1 per year, each destination", "or null for no cap"}},
		{"seats", `{"preset":"baseline","levers":{"seats":0}}`, nil, 400,
			[]string{"Training seats (seats) = ×0: must be between ×0.5 and ×3"}},
		{"fee above the preset's", `{"preset":"baseline","levers":{"fee":9}}`, nil, 400,
			[]string{"Remittance fee (fee) = 9%: must be between 0% and 8% for preset baseline: the fee can only be cut"}},
		{"openness", `{"preset":"baseline","levers":{"openness":5}}`, nil, 400,
			[]string{"Migration openness (openness) = ×5: must be between ×0 and ×3"}},
		{"speed", `{"preset":"baseline","speed":100}`, nil, 400, []string{"speed = 100: must be within [0.25, 10] simulated years a second"}},
		{"speed zero", `{"preset":"baseline","speed":0}`, nil, 400, []string{"speed = 0: must be within"}},
		{"too many agents", `{"preset":"baseline","agents":1000000}`, nil, 400, []string{"agents = 1000000: must be within [1000, 20000]"}},
		{"too few agents", `{"preset":"baseline","agents":10}`, nil, 400, []string{"agents = 10: must be within [1000, 20000]"}},
		{"every problem at once", `{"preset":"baseline","levers":{"top_up":500,"seats":9},"speed":-1,"agents":0}`, nil, 400,
			[]string{"top_up", "seats", "speed", "agents"}},
		{"not JSON content", `{"preset":"baseline"}`, []string{"Content-Type", "text/plain"}, 415, []string{"send JSON"}},
		{"another site", `{"preset":"baseline"}`, []string{"Origin", "http://evil.example"}, 403,
			[]string{"refused: the request comes from another site (http://evil.example)"}},
		{"too large", `{"preset":"` + strings.Repeat("x", 10_000) + `"}`, nil, 400, []string{"request body larger than 8192 bytes"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, hs, "POST", "/api/runs", tt.body, tt.header...)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d; want %d (body %s)", r.status, tt.wantStatus, r.body)
			}
			e := r.apiError(t)
			for _, w := range tt.want {
				if !strings.Contains(e.Error, w) {
					t.Errorf("error %q; want it to contain %q", e.Error, w)
				}
			}
		})
	}
	if n := srv.Running(); n != 0 {
		t.Errorf("%d runs started by refused requests", n)
	}
	// Each problem is listed on its own too.
	r := do(t, hs, "POST", "/api/runs", `{"preset":"baseline","levers":{"top_up":500,"seats":9},"speed":-1,"agents":0}`)
	if e := r.apiError(t); len(e.Problems) != 4 {
		t.Errorf("problems = %q; want 4", e.Problems)
	}
}

func TestBusy(t *testing.T) {
	srv, hs := newTestServer(t, Config{Agents: 1000, MaxRuns: 2})
	a := start(t, hs, `{"preset":"baseline","speed":0.25}`)
	start(t, hs, `{"preset":"baseline","speed":0.25}`)
	r := do(t, hs, "POST", "/api/runs", `{"preset":"baseline"}`)
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("third run: status %d; want 503", r.status)
	}
	if got, want := strings.TrimSpace(string(r.body)), `{"error":"busy: 2 simulations are running; try again in a minute"}`; got != want {
		t.Errorf("third run: body %s; want %s", got, want)
	}
	if r.header.Get("Retry-After") != "60" {
		t.Errorf("Retry-After = %q; want 60", r.header.Get("Retry-After"))
	}
	// Stopping a run frees its slot at once.
	if r := do(t, hs, "POST", "/api/runs/"+a.ID+"/stop", "{}"); r.status != 200 || r.info(t).State != stateStopped {
		t.Fatalf("stop: %d %s", r.status, r.body)
	}
	if n := srv.Running(); n != 1 {
		t.Errorf("after a stop, %d running; want 1", n)
	}
	start(t, hs, `{"preset":"baseline"}`)
}

func TestStream(t *testing.T) {
	_, hs := newTestServer(t, small)
	in := start(t, hs, `{"preset":"baseline","levers":{"top_up":30,"recruitment_cap":500},"speed":10}`)
	if in.State != stateRunning || in.Steps != 360 || in.Columns[0] != "year" || len(in.Columns) != len(in.Units) {
		t.Fatalf("run = %+v", in)
	}
	if in.Settings != "top-up 30%, cap 500/yr" {
		t.Errorf("settings %q; want %q", in.Settings, "top-up 30%, cap 500/yr")
	}
	for _, col := range []string{"skilled_home", "emigrants", "returnees", "enrolments", "remittances", "emigration_rate", "temporary_fte"} {
		if !slices.Contains(in.Columns, col) {
			t.Errorf("columns %v lack %s", in.Columns, col)
		}
	}
	resp := openEvents(t, hs, in.ID)
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	begin := time.Now()
	next, events := 0, 0
	var end map[string]any
	lastYear := 0.0
	err := readEvents(resp.Body, func(ev sseEvent) bool {
		switch ev.name {
		case "rows":
			var d rowsEvent
			if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
				t.Fatalf("rows %q: %v", ev.data, err)
			}
			if d.From != next {
				t.Fatalf("rows from %d; want %d", d.From, next)
			}
			for _, row := range d.Rows {
				if len(row) != len(in.Columns) || row[0] == nil || *row[0] <= lastYear {
					t.Fatalf("row %d = %v", next, row)
				}
				lastYear = *row[0]
				next++
			}
			if id, _ := strconv.Atoi(ev.id); id != next {
				t.Errorf("event id %s; want %d", ev.id, next)
			}
			events++
		case "end":
			json.Unmarshal([]byte(ev.data), &end)
			return false
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(begin)
	if next != 360 || end["state"] != stateFinished {
		t.Fatalf("stream ended after %d rows with %v; want 360 rows and finished", next, end)
	}
	if lastYear != 2055 {
		t.Errorf("last year %v; want 2055", lastYear)
	}
	// 30 years at 10 a second: 3 s, in batches of at most 20 events a second.
	t.Logf("360 steps in %d events over %v", events, took)
	if took < 2500*time.Millisecond {
		t.Errorf("run took %v; the pace of 10 years a second wants about 3 s", took)
	}
	if most := int(took/batchGap) + 2; events > most {
		t.Errorf("%d events in %v; want them batched, at most one per %v", events, took, batchGap)
	}
	// A finished run is still there to download, and cannot be paused.
	if r := do(t, hs, "POST", "/api/runs/"+in.ID+"/pause", "{}"); r.status != http.StatusConflict ||
		!strings.Contains(r.apiError(t).Error, "has finished: press Run to start a new one") {
		t.Errorf("pause after the end: %d %s", r.status, r.body)
	}
	// A stream opened later replays the rows, from Last-Event-ID on.
	resp2 := openEvents(t, hs, in.ID, "Last-Event-ID", "350")
	defer resp2.Body.Close()
	var first rowsEvent
	readEvents(resp2.Body, func(ev sseEvent) bool {
		if ev.name == "rows" {
			json.Unmarshal([]byte(ev.data), &first)
		}
		return ev.name != "end"
	})
	if first.From != 350 || len(first.Rows) != 10 {
		t.Errorf("replay from 350: from %d, %d rows; want 350 and 10", first.From, len(first.Rows))
	}
}

func TestStreamOutlivesReadTimeout(t *testing.T) {
	srv := NewServer(small)
	hs := httptest.NewUnstartedServer(srv)
	hs.Config.ReadTimeout = 200 * time.Millisecond // as brainsim serve sets one
	hs.Start()
	t.Cleanup(hs.Close)
	t.Cleanup(srv.Close)
	in := start(t, hs, `{"preset":"baseline","speed":1}`)
	resp := openEvents(t, hs, in.ID)
	defer resp.Body.Close()
	rows := 0
	begin := time.Now()
	readEvents(resp.Body, func(ev sseEvent) bool {
		if ev.name == "rows" {
			var d rowsEvent
			json.Unmarshal([]byte(ev.data), &d)
			rows += len(d.Rows)
		}
		return ev.name != "end" && time.Since(begin) < time.Second
	})
	if took := time.Since(begin); took < time.Second || rows < 9 {
		t.Errorf("stream ended after %v with %d rows; want it open for 1 s, past the read timeout", took, rows)
	}
}

func TestPauseResumeSpeed(t *testing.T) {
	_, hs := newTestServer(t, small)
	in := start(t, hs, `{"preset":"baseline","speed":5}`)
	resp := openEvents(t, hs, in.ID)
	defer resp.Body.Close()
	type stateEvent struct {
		State string
		Speed float64
	}
	states := make(chan stateEvent, 100)
	go func() {
		defer close(states)
		readEvents(resp.Body, func(ev sseEvent) bool {
			if ev.name == "state" || ev.name == "end" {
				var d stateEvent
				json.Unmarshal([]byte(ev.data), &d)
				states <- d
			}
			return ev.name != "end"
		})
	}()
	// The stream tells the latest state, within batchGap of a change.
	expect := func(want stateEvent) {
		t.Helper()
		select {
		case got := <-states:
			if got != want {
				t.Errorf("state event %+v; want %+v", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no state event; want %+v", want)
		}
	}
	expect(stateEvent{stateRunning, 5})
	eventually(t, 5*time.Second, "the run takes steps", func() bool { return runState(t, hs, in.ID).Step > 5 })
	if r := do(t, hs, "POST", "/api/runs/"+in.ID+"/pause", "{}"); r.status != 200 || r.info(t).State != statePaused {
		t.Fatalf("pause: %d %s", r.status, r.body)
	}
	expect(stateEvent{statePaused, 5})
	time.Sleep(100 * time.Millisecond) // a step under way ends
	at := runState(t, hs, in.ID).Step
	time.Sleep(300 * time.Millisecond)
	if now := runState(t, hs, in.ID).Step; now != at {
		t.Errorf("paused run went from step %d to %d", at, now)
	}
	for _, tt := range []struct{ body, want string }{
		{`{"speed":0.1}`, "speed = 0.1: must be within [0.25, 10]"},
		{`{"speed":"fast"}`, `send {"speed": N}`},
		{`{}`, `send {"speed": N}`},
	} {
		if r := do(t, hs, "POST", "/api/runs/"+in.ID+"/speed", tt.body); r.status != 400 || !strings.Contains(r.apiError(t).Error, tt.want) {
			t.Errorf("speed %s: %d %s; want 400 %q", tt.body, r.status, r.body, tt.want)
		}
	}
	if r := do(t, hs, "POST", "/api/runs/"+in.ID+"/speed", `{"speed":10}`); r.status != 200 || r.info(t).Speed != 10 {
		t.Errorf("speed 10: %d %s", r.status, r.body)
	}
	expect(stateEvent{statePaused, 10})
	if r := do(t, hs, "POST", "/api/runs/"+in.ID+"/resume", "{}"); r.status != 200 || r.info(t).State != stateRunning {
		t.Fatalf("resume: %d %s", r.status, r.body)
	}
	expect(stateEvent{stateRunning, 10})
	eventually(t, 5*time.Second, "the run goes on after resume", func() bool { return runState(t, hs, in.ID).Step > at })
	do(t, hs, "POST", "/api/runs/"+in.ID+"/stop", "{}")
	expect(stateEvent{State: stateStopped})
	if got := runState(t, hs, in.ID); got.State != stateStopped || got.Reason != "stopped from the page" {
		t.Errorf("after stop: %s (%s)", got.State, got.Reason)
	}
}

func TestDownloads(t *testing.T) {
	_, hs := newTestServer(t, small)
	in := start(t, hs, `{"preset":"baseline","levers":{"openness":2},"speed":10}`)
	resp := openEvents(t, hs, in.ID)
	readEvents(resp.Body, func(ev sseEvent) bool { return ev.name != "end" })
	resp.Body.Close()

	r := do(t, hs, "GET", in.Links.CSV, "")
	if r.status != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %d %q", r.status, r.header.Get("Content-Type"))
	}
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="brainsim-baseline-`+in.ID[:8]+`.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 361 {
		t.Errorf("csv has %d records; want a header and 360 rows", len(recs))
	}
	wantHead := append([]string{"replicate", "step"}, in.Columns...)
	if !slices.Equal(recs[0], wantHead) {
		t.Errorf("csv header %v; want %v", recs[0], wantHead)
	}
	if last := recs[len(recs)-1]; last[1] != "360" || last[2] != "2055.0000" {
		t.Errorf("last row step %s year %s; want 360 and 2055", last[1], last[2])
	}

	for _, c := range []string{"", "workforce", "training", "remittances", "rate"} {
		r := do(t, hs, "GET", in.Links.PNG+"?chart="+c, "")
		if r.status != 200 || r.header.Get("Content-Type") != "image/png" {
			t.Fatalf("png %q: %d %s", c, r.status, r.body)
		}
		img, err := png.Decode(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("png %q: %v", c, err)
		}
		if b := img.Bounds(); b.Dx() != 768 || b.Dy() != 480 {
			t.Errorf("png %q is %v; want 768 × 480", c, b)
		}
	}
	if r := do(t, hs, "GET", in.Links.PNG+"?chart=../../x", ""); r.status != 400 ||
		!strings.Contains(r.apiError(t).Error, "not a chart; charts are workforce, training, remittances and rate") {
		t.Errorf("png of an unknown chart: %d %s", r.status, r.body)
	}
	for _, path := range []string{"/api/runs/nope/csv", "/api/runs/" + strings.Repeat("0", 32) + "/png", "/api/runs/x/events"} {
		if r := do(t, hs, "GET", path, ""); r.status != 404 || !strings.Contains(r.apiError(t).Error, "it never existed, or it ended more than") {
			t.Errorf("GET %s: %d %s; want 404", path, r.status, r.body)
		}
	}
}

func TestPNGBeforeFirstStep(t *testing.T) {
	srv, hs := newTestServer(t, small)
	in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
	do(t, hs, "POST", "/api/runs/"+in.ID+"/pause", "{}")
	srv.mu.Lock()
	rn := srv.runs[in.ID]
	srv.mu.Unlock()
	steps := func() int {
		rn.mu.Lock()
		defer rn.mu.Unlock()
		return rn.n
	}
	// A step under way when the pause came may end after it: the steps
	// before and after the request bound what the png could see.
	before := steps()
	r := do(t, hs, "GET", in.Links.PNG, "")
	after := steps()
	if after == 0 && r.status != http.StatusConflict {
		t.Errorf("png with no step: %d %s; want 409", r.status, r.body)
	}
	if before > 0 && r.status != 200 {
		t.Errorf("png after %d steps: %d", before, r.status)
	}
	if r.status != 200 && r.status != http.StatusConflict {
		t.Errorf("png: %d %s; want 200 or 409", r.status, r.body)
	}
}

func TestRunsEndByThemselves(t *testing.T) {
	t.Run("unwatched", func(t *testing.T) {
		srv, hs := newTestServer(t, Config{Agents: 1000, Abandon: 200 * time.Millisecond})
		in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
		eventually(t, 3*time.Second, "an unwatched run ends", func() bool { return srv.Running() == 0 })
		if got := runState(t, hs, in.ID); got.State != stateStopped || got.Reason != "no page watched it for 200ms" {
			t.Errorf("state %s (%s)", got.State, got.Reason)
		}
	})
	t.Run("watcher left", func(t *testing.T) {
		srv, hs := newTestServer(t, Config{Agents: 1000, Abandon: 200 * time.Millisecond})
		in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
		resp := openEvents(t, hs, in.ID)
		time.Sleep(400 * time.Millisecond)
		if srv.Running() != 1 {
			t.Fatal("a watched run ended")
		}
		resp.Body.Close() // the page closes
		eventually(t, 3*time.Second, "a run whose page left ends", func() bool { return srv.Running() == 0 })
	})
	t.Run("paused too long", func(t *testing.T) {
		srv, hs := newTestServer(t, Config{Agents: 1000, Idle: 200 * time.Millisecond})
		in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
		resp := openEvents(t, hs, in.ID)
		defer resp.Body.Close()
		do(t, hs, "POST", "/api/runs/"+in.ID+"/pause", "{}")
		eventually(t, 3*time.Second, "a run paused too long ends", func() bool { return srv.Running() == 0 })
		if got := runState(t, hs, in.ID); got.Reason != "paused for more than 200ms" {
			t.Errorf("reason %q", got.Reason)
		}
	})
	t.Run("too many watchers", func(t *testing.T) {
		_, hs := newTestServer(t, Config{Agents: 1000, MaxWatchers: 1})
		in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
		resp := openEvents(t, hs, in.ID)
		defer resp.Body.Close()
		eventually(t, time.Second, "the first stream counts", func() bool {
			r := openEvents(t, hs, in.ID)
			defer r.Body.Close()
			return r.StatusCode == http.StatusTooManyRequests
		})
	})
	t.Run("forgotten", func(t *testing.T) {
		srv, hs := newTestServer(t, Config{Agents: 1000, Keep: 100 * time.Millisecond})
		in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
		do(t, hs, "POST", "/api/runs/"+in.ID+"/stop", "{}")
		time.Sleep(150 * time.Millisecond)
		if r := do(t, hs, "GET", "/api/runs/"+in.ID, ""); r.status != 404 {
			t.Errorf("run kept after Keep: %d", r.status)
		}
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if len(srv.runs) != 0 {
			t.Errorf("%d runs remembered", len(srv.runs))
		}
	})
	t.Run("oldest forgotten first", func(t *testing.T) {
		srv, hs := newTestServer(t, Config{Agents: 1000, MaxKept: 2})
		var ids []string
		for range 4 {
			in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
			do(t, hs, "POST", "/api/runs/"+in.ID+"/stop", "{}")
			ids = append(ids, in.ID)
		}
		start(t, hs, `{"preset":"baseline","speed":0.25}`) // sweeps
		srv.mu.Lock()
		defer srv.mu.Unlock()
		for i, id := range ids {
			if _, ok := srv.runs[id]; ok != (i >= 2) {
				t.Errorf("run %d kept = %v", i, ok)
			}
		}
	})
}

func TestClose(t *testing.T) {
	srv, hs := newTestServer(t, small)
	in := start(t, hs, `{"preset":"baseline","speed":0.25}`)
	resp := openEvents(t, hs, in.ID)
	defer resp.Body.Close()
	ended := make(chan string)
	go func() {
		reason := ""
		readEvents(resp.Body, func(ev sseEvent) bool {
			if ev.name == "end" {
				reason = ev.data
				return false
			}
			return true
		})
		ended <- reason
	}()
	srv.Close()
	select {
	case reason := <-ended:
		if !strings.Contains(reason, "the server is shutting down") {
			t.Errorf("end event %s", reason)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stream did not end on Close")
	}
	if srv.Running() != 0 {
		t.Errorf("%d running after Close", srv.Running())
	}
	if r := do(t, hs, "POST", "/api/runs", `{"preset":"baseline"}`); r.status != 503 ||
		r.apiError(t).Error != "the server is shutting down" {
		t.Errorf("create after Close: %d %s", r.status, r.body)
	}
}

func TestLeversApply(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	load := func(t *testing.T) *model.Scenario {
		sc, err := scenarios.LoadShipped("baseline")
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	t.Run("defaults leave the preset alone", func(t *testing.T) {
		sc := load(t)
		ls := presetLevers(sc)
		lv := Levers{}
		for _, l := range ls { // every lever at its default, as the page sends it
			v := f(l.Default)
			if l.Off != "" {
				v = nil
			}
			lv[l.Key] = v
		}
		got := load(t)
		lv.apply(got)
		if fmt.Sprint(got) != fmt.Sprint(sc) {
			t.Errorf("levers at their defaults changed the preset:\n%v\nwant\n%v", got, sc)
		}
		if d := lv.describe(ls); d != "no policy" {
			t.Errorf("describe = %q; want no policy", d)
		}
	})
	t.Run("every lever", func(t *testing.T) {
		sc := load(t)
		lv := Levers{LeverTopUp: f(30), LeverAssignments: f(1200), LeverCap: f(400), LeverSeats: f(1.5), LeverFee: f(7), LeverOpenness: f(2)}
		lv.apply(sc)
		if err := scenarios.Validate(sc); err != nil {
			t.Fatal(err)
		}
		want := []model.Policy{
			{Name: "live_top_up", StartYear: 2026, Lever: &model.WageTopUp{TopUp: 0.3, Eligible: model.EligibleAll}},
			{Name: "live_temporary_return", StartYear: 2026, Lever: &model.TemporaryReturn{Assignments: 1200, Months: 6, Acceptance: 0.5}},
			{Name: "live_recruitment_cap", StartYear: 2026, Lever: &model.RecruitmentCap{Quota: 400}},
			{Name: "live_fee_cut", StartYear: 2026, Destinations: []string{"UK"}, Lever: &model.RemittanceFeeCut{Fee: 0.07}},
		}
		if !reflect.DeepEqual(sc.Policies, want) {
			t.Errorf("policies\n%+v\nwant\n%+v", sc.Policies, want)
		}
		if got := []float64{sc.Sectors[0].SeatsPerYear, sc.Sectors[1].SeatsPerYear}; got[0] != 525 || got[1] != 4500 {
			t.Errorf("seats %v; want 1.5 × 350 and 1.5 × 3000", got)
		}
		if sc.Emigration.BaseRate != 0.5 {
			t.Errorf("emigration base rate %v; want 2 × 0.25", sc.Emigration.BaseRate)
		}
		if d := lv.describe(presetLevers(load(t))); d != "top-up 30%, 1200 assignments/yr, seats ×1.5, cap 400/yr, openness ×2, fee 7%" {
			t.Errorf("describe = %q", d)
		}
	})
	t.Run("unlimited seats", func(t *testing.T) {
		sc := load(t)
		sc.Sectors[1].SeatsPerYear = 0 // nurses: 8,500 students over 3 years
		seats := lever(presetLevers(sc), LeverSeats)
		if seats.Off != "no limit" || seats.Default != seats.Max+seats.Step {
			t.Errorf("seats lever %+v; want off = no limit by default", seats)
		}
		lv := Levers{LeverSeats: f(2)}
		lv.apply(sc)
		if got := []float64{sc.Sectors[0].SeatsPerYear, sc.Sectors[1].SeatsPerYear}; got[0] != 700 || got[1] != 5667 {
			t.Errorf("seats %v; want 2 × 350 and 2 × today's intake, 5,667", got)
		}
	})
	t.Run("openness stops at a yearly rate of 1", func(t *testing.T) {
		sc := load(t)
		sc.Emigration.BaseRate = 0.4
		if l := lever(presetLevers(sc), LeverOpenness); l.Max != 2.5 {
			t.Errorf("openness max %v; want 2.5 for a base rate of 0.4", l.Max)
		}
		Levers{LeverOpenness: f(2.5)}.apply(sc)
		if err := scenarios.Validate(sc); err != nil {
			t.Error(err)
		}
	})
}

func TestWithUnit(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		unit string
		want string
	}{
		{30, "%", "30%"}, {1.25, "×", "×1.25"}, {200, "per year", "200 per year"}, {1.0 / 3, "%", "0.333%"},
	} {
		if got := withUnit(tt.v, tt.unit); got != tt.want {
			t.Errorf("withUnit(%v, %q) = %q; want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}
