package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// Config sets the limits of a Server. Each field's zero value gives the
// default in its comment.
type Config struct {
	MaxRuns int // runs going at once; 0 means 30
	// RunsPerClient is the runs one client address (its IP, without the
	// port) may hold at once; 0 means 3. Behind a proxy every client has
	// the proxy's address.
	RunsPerClient int
	// Addr is the address the server listens on, host:port. Requests whose
	// Host header names its host are answered, besides loopback names; an
	// unspecified host (0.0.0.0, ::, "") names no computer and adds none.
	Addr string
	// AllowedHosts are further host names or IP addresses, without a port,
	// that requests may name in their Host header, e.g. the computer's
	// address on the school network. Requests naming any other host are
	// refused with 403, so that a page of another site cannot reach the
	// server by making its own name resolve here (DNS rebinding).
	AllowedHosts []string
	// Agents is the number of agents of a run whose preset asks for more
	// than MaxAgents (or fewer than MinAgents), unless the request sets
	// agents; 0 means 10,000. A preset within the limits keeps its own, so
	// the page shows what 'brainsim run' shows for its first replicate.
	Agents      int
	MaxAgents   int           // most agents a run may ask for; 0 means 20,000
	MaxSteps    int           // most steps of a preset the page offers; 0 means 1,200 (100 years, monthly)
	MaxWatchers int           // event streams open on one run; 0 means 4
	Abandon     time.Duration // a run with no event stream open for this long stops; 0 means 20 s
	Idle        time.Duration // a run paused for this long stops; 0 means 10 min
	Keep        time.Duration // a run's rows stay downloadable this long after it ends; 0 means 1 h
	MaxKept     int           // ended runs kept for download, the oldest dropped first; 0 means 200
	// Engine is the engine that advances a run (sim.EngineKind). The zero
	// value, sim.EngineStep, steps every person every step, as the page
	// always has. With sim.EngineEvent a run whose scenario (the preset
	// with the levers the page set) the event engine does not simulate
	// falls back to the step engine rather than failing, so that no lever
	// breaks the classroom; the run's JSON says which engine advances it
	// and why it fell back (runInfo.Engine, runInfo.EngineFallback).
	Engine sim.EngineKind
	// DefaultPreset is the preset the page opens with; "" means
	// "classroom" if it is shipped, else "baseline", else the first.
	DefaultPreset string
	// Logf, if not nil, is told when runs start and end.
	Logf func(format string, args ...any)
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxRuns, 30)
	def(&c.RunsPerClient, 3)
	def(&c.Agents, 10_000)
	def(&c.MaxAgents, 20_000)
	def(&c.MaxSteps, 1200)
	def(&c.MaxWatchers, 4)
	def(&c.MaxKept, 200)
	c.Agents = min(c.Agents, c.MaxAgents)
	defDur(&c.Abandon, 20*time.Second)
	defDur(&c.Idle, 10*time.Minute)
	defDur(&c.Keep, time.Hour)
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return c
}

// Limits of a request, besides those of Config.
const (
	MinAgents    = 1000 // fewest agents a run may ask for: fewer give jagged lines
	MinSpeed     = 0.25 // slowest pace, simulated years a second
	MaxSpeed     = 10   // fastest pace, simulated years a second
	DefaultSpeed = 1    // a 30-year run takes 30 s
	maxBody      = 8 << 10
	heartbeat    = 15 * time.Second       // comment lines that keep an idle event stream open
	batchGap     = 50 * time.Millisecond  // least time between two events of a stream
	writeTimeout = 10 * time.Second       // for each write to a client
	stopWait     = 5 * time.Second        // how long POST stop waits for the run to end
	pngWait      = 20 * time.Second       // how long a PNG waits for a turn to render
	checkEvery   = 250 * time.Millisecond // how often a paused or unwatched run looks at the clock
)

// speedChoices are the paces the page offers, simulated years a second.
var speedChoices = []float64{0.5, 1, 2, 5}

// Server serves the classroom page and its API. Create one with NewServer
// and Close it to stop its runs.
type Server struct {
	cfg     Config
	guard   hostGuard
	mux     *http.ServeMux
	presets []preset

	ctx    context.Context
	cancel context.CancelCauseFunc
	cpu    chan struct{} // a token per step being computed: at most GOMAXPROCS at once
	png    chan struct{} // a token per PNG being drawn
	wg     sync.WaitGroup

	mu      sync.Mutex
	runs    map[string]*run
	active  int            // runs holding a slot
	clients map[string]int // runs holding a slot, by client address; no zeros
}

// preset is a shipped scenario offered on the page.
type preset struct {
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	StartYear    int     `json:"start_year"`
	Years        int     `json:"years"`
	StepsPerYear int     `json:"steps_per_year"`
	Agents       int     `json:"agents"` // of a run that does not ask for a number
	Levers       []Lever `json:"levers"`
}

// errShutdown and errStopped are why a run stopped early.
var (
	errShutdown = errors.New("the server is shutting down")
	errStopped  = errors.New("stopped from the page")
)

// NewServer returns a server of the classroom page with the limits of cfg.
// The presets are the shipped scenarios (scenarios.Shipped) whose horizon
// fits cfg.MaxSteps.
func NewServer(cfg Config) *Server {
	s := &Server{
		cfg:     cfg.withDefaults(),
		guard:   newHostGuard(cfg.Addr, cfg.AllowedHosts),
		runs:    make(map[string]*run),
		clients: make(map[string]int),
		cpu:     make(chan struct{}, runtime.GOMAXPROCS(0)),
		png:     make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2)),
	}
	s.ctx, s.cancel = context.WithCancelCause(context.Background())
	for _, name := range scenarios.Presets() {
		sc, err := scenarios.LoadShipped(name)
		if err != nil {
			s.cfg.Logf("preset %s left out: %v", name, err)
			continue
		}
		if sc.Steps() > s.cfg.MaxSteps {
			s.cfg.Logf("preset %s left out: %d steps; the page runs at most %d", name, sc.Steps(), s.cfg.MaxSteps)
			continue
		}
		agents := sc.Agents
		if agents < MinAgents || agents > s.cfg.MaxAgents {
			agents = s.cfg.Agents
		}
		s.presets = append(s.presets, preset{Name: name, Description: sc.Description, StartYear: sc.StartYear,
			Years: sc.Years, StepsPerYear: sc.StepsPerYear, Agents: agents, Levers: presetLevers(sc)})
	}
	s.routes()
	return s
}

// Close stops every run, ends the event streams, and waits for the runs'
// goroutines to return. The server answers requests afterwards, but starts
// no run.
func (s *Server) Close() {
	s.cancel(errShutdown)
	s.wg.Wait()
}

// ServeHTTP implements http.Handler. It refuses, with 403, a request whose
// Host header is not a loopback name, the host of Config.Addr or one of
// Config.AllowedHosts, and a request that may change state (any method but
// GET, HEAD and OPTIONS) whose Origin header, if it has one, is not
// http:// and its Host. A request without Origin, as curl sends, is not
// refused for that.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if !s.guard.allows(r.Host) {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "refused: this server does not answer to the host %q; open it by an address it was started with (see --allow-host in 'brainsim serve --help')\n", clip(r.Host, 80))
		return
	}
	if !safeMethod(r.Method) {
		if origins := r.Header.Values("Origin"); len(origins) > 1 || len(origins) == 1 && !sameOrigin(origins[0], r.Host) {
			writeError(w, http.StatusForbidden, "refused: the request comes from another site ("+clip(strings.Join(origins, ", "), 80)+")")
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// Running returns the number of runs holding a slot.
func (s *Server) Running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.page)
	m.Handle("GET /assets/", assetHandler())
	m.HandleFunc("GET /api/config", s.config)
	m.HandleFunc("POST /api/runs", s.post(s.create))
	m.HandleFunc("GET /api/runs/{id}", s.withRun(s.info))
	m.HandleFunc("GET /api/runs/{id}/events", s.withRun(s.events))
	m.HandleFunc("POST /api/runs/{id}/pause", s.post(s.withRun(s.pause)))
	m.HandleFunc("POST /api/runs/{id}/resume", s.post(s.withRun(s.resume)))
	m.HandleFunc("POST /api/runs/{id}/stop", s.post(s.withRun(s.stop)))
	m.HandleFunc("POST /api/runs/{id}/speed", s.post(s.withRun(s.setSpeed)))
	m.HandleFunc("GET /api/runs/{id}/csv", s.withRun(s.csv))
	m.HandleFunc("GET /api/runs/{id}/png", s.withRun(s.pngChart))
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API: "+r.Method+" "+r.URL.Path)
	})
	s.mux = m
}

// writeJSON writes v as the JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("live: encoding a response: " + err.Error()) // only our own types get here
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// apiError is the body of every error response.
type apiError struct {
	Error    string   `json:"error"`              // one line for the page
	Problems []string `json:"problems,omitempty"` // each problem of a refused request
}

func writeError(w http.ResponseWriter, status int, msg string, problems ...string) {
	writeJSON(w, status, apiError{Error: msg, Problems: problems})
}

// post wraps a handler of a POST: it refuses bodies that are not JSON,
// which another site's page cannot send without the browser asking first
// (ServeHTTP has refused other origins already).
func (s *Server) post(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, "send JSON, with Content-Type: application/json")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		h(w, r)
	}
}

// runHandler handles a request about one run.
type runHandler func(w http.ResponseWriter, r *http.Request, rn *run)

// withRun looks up the run named in the path; unknown ids get 404.
func (s *Server) withRun(h runHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		s.mu.Lock()
		s.sweepLocked(time.Now())
		rn := s.runs[id]
		s.mu.Unlock()
		if rn == nil {
			writeError(w, http.StatusNotFound, fmt.Sprintf("no run %q: it never existed, or it ended more than %v ago", clip(id, 40), s.cfg.Keep))
			return
		}
		h(w, r, rn)
	}
}

// clip shortens s to at most n bytes, for echoing input in messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// config answers GET /api/config: what the page needs to build its controls.
func (s *Server) config(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		Presets       []preset  `json:"presets"`
		DefaultPreset string    `json:"default_preset"`
		Speeds        []float64 `json:"speeds"`
		DefaultSpeed  float64   `json:"default_speed"`
		Agents        int       `json:"agents"`
		MaxAgents     int       `json:"max_agents"`
		MaxRuns       int       `json:"max_runs"`
	}{s.presets, s.defaultPreset(), speedChoices, DefaultSpeed, s.cfg.Agents, s.cfg.MaxAgents, s.cfg.MaxRuns})
}

// defaultPreset returns the preset the page opens with.
func (s *Server) defaultPreset() string {
	for _, name := range []string{s.cfg.DefaultPreset, "classroom", "baseline"} {
		if s.preset(name) != nil {
			return name
		}
	}
	if len(s.presets) > 0 {
		return s.presets[0].Name
	}
	return ""
}

// preset returns the offered preset of the given name, or nil.
func (s *Server) preset(name string) *preset {
	for i := range s.presets {
		if s.presets[i].Name == name {
			return &s.presets[i]
		}
	}
	return nil
}

func (s *Server) presetNames() string {
	names := make([]string, len(s.presets))
	for i, p := range s.presets {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// runRequest is the body of POST /api/runs.
type runRequest struct {
	Preset string   `json:"preset"` // name of a shipped preset
	Levers Levers   `json:"levers"`
	Speed  *float64 `json:"speed"`  // simulated years a second; nil means DefaultSpeed
	Agents *int     `json:"agents"` // nil means the preset's number (preset.Agents)
}

// decodeRequest decodes a run request, with messages that name the setting.
func decodeRequest(body io.Reader) (runRequest, error) {
	var req runRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errors.New("one JSON object expected, found more after it")
	}
	if err == nil {
		if k, bad := req.Levers.unknown(); bad {
			return req, fmt.Errorf("unknown setting %q; settings are preset, levers (%s), speed and agents",
				k, strings.Join(leverKeys, ", "))
		}
		return req, nil
	}
	var te *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &te):
		return req, fmt.Errorf("%s: want a %s, got a %s", te.Field, jsonType(te.Type.String()), te.Value)
	case errors.As(err, &mbe):
		return req, fmt.Errorf("request body larger than %d bytes", mbe.Limit)
	case errors.Is(err, io.EOF):
		return req, errors.New(`empty body; send {"preset": "NAME", "levers": {...}}`)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return req, fmt.Errorf("unknown setting %s; settings are preset, levers (%s), speed and agents",
			name, strings.Join(leverKeys, ", "))
	}
	return req, fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonType names a Go type as the JSON value it decodes from.
func jsonType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "float"), strings.HasPrefix(goType, "*float"):
		return "number"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "*int"):
		return "whole number"
	case strings.HasPrefix(goType, "string"):
		return "string"
	}
	return "JSON object"
}

// check returns every problem of the request, each naming the setting, its
// value and what would be valid.
func (s *Server) check(req *runRequest) (*preset, []string) {
	var probs []string
	p := s.preset(req.Preset)
	if p == nil {
		if req.Preset == "" {
			probs = append(probs, "preset: missing; presets are "+s.presetNames())
		} else {
			probs = append(probs, fmt.Sprintf("preset %q: not a preset; presets are %s", clip(req.Preset, 40), s.presetNames()))
		}
	} else {
		probs = append(probs, req.Levers.check(p.Levers, p.Name)...)
	}
	if v := req.Speed; v != nil && !(*v >= MinSpeed && *v <= MaxSpeed) {
		probs = append(probs, fmt.Sprintf("speed = %s: must be within [%s, %s] simulated years a second",
			trimFloat(*v), trimFloat(MinSpeed), trimFloat(MaxSpeed)))
	}
	if n := req.Agents; n != nil && (*n < MinAgents || *n > s.cfg.MaxAgents) {
		probs = append(probs, fmt.Sprintf("agents = %d: must be within [%d, %d]", *n, MinAgents, s.cfg.MaxAgents))
	}
	return p, probs
}

// create answers POST /api/runs: it checks the settings, takes a slot and
// starts the run.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	req, err := decodeRequest(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid request: "+err.Error(), err.Error())
		return
	}
	p, probs := s.check(&req)
	if len(probs) > 0 {
		writeError(w, http.StatusBadRequest, "invalid settings: "+strings.Join(probs, "; "), probs...)
		return
	}
	sc, err := scenarios.LoadShipped(p.Name)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "loading preset "+p.Name+": "+err.Error())
		return
	}
	req.Levers.apply(sc)
	sc.Replicates = 1
	sc.Agents = p.Agents
	if req.Agents != nil {
		sc.Agents = *req.Agents
	}
	if err := scenarios.Validate(sc); err != nil {
		// The levers' ranges keep presets valid; say what went wrong if not.
		writeError(w, http.StatusBadRequest, "these settings make preset "+p.Name+" invalid: "+err.Error(), err.Error())
		return
	}
	speed := float64(DefaultSpeed)
	if req.Speed != nil {
		speed = *req.Speed
	}

	client := clientAddr(r)
	s.mu.Lock()
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		writeError(w, http.StatusServiceUnavailable, "the server is shutting down")
		return
	}
	if held := s.clients[client]; held >= s.cfg.RunsPerClient {
		s.mu.Unlock()
		writeError(w, http.StatusTooManyRequests,
			fmt.Sprintf("too many runs: %s holds %d running simulations, and one computer may hold %d at once; "+
				"stop one, or close its page (it then ends within %v)", client, held, s.cfg.RunsPerClient, s.cfg.Abandon))
		return
	}
	if s.active >= s.cfg.MaxRuns {
		s.mu.Unlock()
		w.Header().Set("Retry-After", "60")
		writeError(w, http.StatusServiceUnavailable,
			fmt.Sprintf("busy: %d simulations are running; try again in a minute", s.cfg.MaxRuns))
		return
	}
	s.active++
	s.clients[client]++
	s.wg.Add(1) // before Close can Wait: Close cancels s.ctx under no lock, then waits
	s.mu.Unlock()

	e, kind, fallback, err := newEngine(sc, s.cfg.Engine)
	var rn *run
	if err == nil {
		rn, err = newRun(newID(), client, p, sc, e, req.Levers, speed)
	}
	if err != nil {
		s.release(client)
		s.wg.Done()
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	ctx, cancel := context.WithCancelCause(s.ctx)
	rn.cancel = cancel
	rn.engine, rn.fallback = kind, fallback
	s.mu.Lock()
	s.sweepLocked(time.Now())
	s.runs[rn.id] = rn
	running := s.active
	s.mu.Unlock()
	go s.loop(ctx, rn, e)
	s.cfg.Logf("run %s started: %s, %s, %d agents, %s engine, for %s; %d running", rn.id[:8], p.Name, rn.settings, sc.Agents, kind, client, running)
	if fallback != "" {
		s.cfg.Logf("run %s: on the step engine: %s", rn.id[:8], fallback)
	}
	writeJSON(w, http.StatusCreated, rn.info())
}

// newEngine returns the engine of replicate 0 of sc, of the given kind, and
// the kind it is. When the event engine refuses sc (sim.EventSupport), it
// returns the step engine instead, with the refusal's text as fallback: a
// lever the event engine does not simulate yet must not break the
// classroom.
func newEngine(sc *model.Scenario, kind sim.EngineKind) (e *sim.Engine, got sim.EngineKind, fallback string, err error) {
	e, err = sim.NewKind(sc, 0, 1, kind)
	if errors.Is(err, sim.ErrEventUnsupported) {
		return sim.New(sc, 0, 1), sim.EngineStep, err.Error(), nil
	}
	if err != nil {
		return nil, kind, "", fmt.Errorf("live: %w", err)
	}
	return e, kind, "", nil
}

// newID returns a random run id, 32 hex digits.
func newID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// sweepLocked forgets runs that ended more than Keep ago, and the oldest
// ended runs beyond MaxKept. s.mu must be held.
func (s *Server) sweepLocked(now time.Time) {
	var ended []*run
	for id, rn := range s.runs {
		end, ok := rn.endedAt()
		switch {
		case !ok:
		case now.Sub(end) > s.cfg.Keep:
			delete(s.runs, id)
		default:
			ended = append(ended, rn)
		}
	}
	if extra := len(ended) - s.cfg.MaxKept; extra > 0 {
		slices.SortFunc(ended, func(a, b *run) int {
			ea, _ := a.endedAt()
			eb, _ := b.endedAt()
			return ea.Compare(eb)
		})
		for _, rn := range ended[:extra] {
			delete(s.runs, rn.id)
		}
	}
}

// release frees the slot of a run of client that has ended.
func (s *Server) release(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.clients[client]--; s.clients[client] <= 0 {
		delete(s.clients, client)
	}
}

// info answers GET /api/runs/{id}.
func (s *Server) info(w http.ResponseWriter, r *http.Request, rn *run) {
	writeJSON(w, http.StatusOK, rn.info())
}

// pause, resume and stop answer POST /api/runs/{id}/pause, resume and stop.
func (s *Server) pause(w http.ResponseWriter, r *http.Request, rn *run) {
	s.control(w, rn, rn.pause)
}

func (s *Server) resume(w http.ResponseWriter, r *http.Request, rn *run) {
	s.control(w, rn, rn.resume)
}

func (s *Server) control(w http.ResponseWriter, rn *run, f func() error) {
	if err := f(); err != nil {
		writeError(w, http.StatusConflict, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rn.info())
}

func (s *Server) stop(w http.ResponseWriter, r *http.Request, rn *run) {
	rn.cancel(errStopped)
	select {
	case <-rn.done:
	case <-time.After(stopWait):
	}
	writeJSON(w, http.StatusOK, rn.info())
}

// setSpeed answers POST /api/runs/{id}/speed.
func (s *Server) setSpeed(w http.ResponseWriter, r *http.Request, rn *run) {
	var body struct {
		Speed *float64 `json:"speed"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.Speed == nil {
		writeError(w, http.StatusBadRequest, `invalid request: send {"speed": N}, N simulated years a second`)
		return
	}
	if v := *body.Speed; !(v >= MinSpeed && v <= MaxSpeed) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("speed = %s: must be within [%s, %s] simulated years a second",
			trimFloat(v), trimFloat(MinSpeed), trimFloat(MaxSpeed)))
		return
	}
	s.control(w, rn, func() error { return rn.setSpeed(*body.Speed) })
}
