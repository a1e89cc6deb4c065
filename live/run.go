package live

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sim"
)

// keptMetrics are the metrics a run keeps for each step: what the page
// draws and the CSV holds. Keeping a few, not all, bounds a run's memory to
// steps × (1 + len(keptMetrics)) numbers. Every engine records them all.
var keptMetrics = []string{
	results.SkilledHome, results.WorkersHome, results.Emigrants, results.Returnees, results.Students,
	results.EmigrationRate, results.HealthWorkersPer10k,
	results.Enrolments, results.Graduates, results.Emigrations, results.Returns,
	results.Remittances, results.CorridorFees, results.TemporaryFTE, results.PolicyCost,
}

// The states of a run.
const (
	stateRunning  = "running"
	statePaused   = "paused"
	stateFinished = "finished" // reached its horizon
	stateStopped  = "stopped"  // ended early; reason says why
)

// run is one simulation on the page: its settings, the rows recorded so
// far and its state. The engine itself belongs to the goroutine stepping it.
type run struct {
	id       string
	client   string // address of the client that started it, holding its slot
	preset   string
	settings string // the levers moved, e.g. "top-up 30%"
	levers   Levers
	agents   int
	start    int // calendar year at step 0
	spy      int // steps a year
	steps    int // steps to the horizon
	metrics  []results.Metric
	engine   sim.EngineKind // the engine that advances it
	fallback string         // why it is on the step engine though the event engine was asked for; "" if it is not
	idx      []int          // [kept metric] index in the engine's row
	cancel   context.CancelCauseFunc
	done     chan struct{} // closed when the run has ended

	mu       sync.Mutex
	state    string
	reason   string    // why it stopped, if it did
	data     []float64 // steps rows of len(idx) values; the first n are recorded
	n        int
	speed    float64       // simulated years a second
	changed  chan struct{} // closed and replaced when n, state or speed change
	wake     chan struct{} // tells the stepping goroutine that state or speed changed
	watchers int           // event streams open
	watched  time.Time     // when the last stream closed, or the run started
	paused   time.Time     // when it was paused
	ended    time.Time     // when it finished or stopped
}

// newRun returns the run of engine e, of scenario sc made from preset p
// with levers lv, holding a slot of client. It returns an error naming a kept metric e does not
// record.
func newRun(id, client string, p *preset, sc *model.Scenario, e *sim.Engine, lv Levers, speed float64) (*run, error) {
	rn := &run{
		id:       id,
		client:   client,
		preset:   p.Name,
		settings: lv.describe(p.Levers),
		levers:   lv,
		agents:   sc.Agents,
		start:    sc.StartYear,
		spy:      sc.StepsPerYear,
		steps:    sc.Steps(),
		done:     make(chan struct{}),
		state:    stateRunning,
		speed:    speed,
		changed:  make(chan struct{}),
		wake:     make(chan struct{}, 1),
		watched:  time.Now(),
	}
	all := e.Metrics()
	for _, name := range keptMetrics {
		i := results.MetricIndex(all, name)
		if i < 0 {
			_, err := results.Lookup(all, name)
			return nil, fmt.Errorf("live: %w", err)
		}
		rn.idx = append(rn.idx, i)
		rn.metrics = append(rn.metrics, all[i])
	}
	rn.data = make([]float64, rn.steps*len(rn.idx))
	return rn, nil
}

// year returns the calendar year at the end of step i (0-based).
func (rn *run) year(i int) float64 { return float64(rn.start) + float64(i+1)/float64(rn.spy) }

// notifyLocked wakes the event streams. rn.mu must be held.
func (rn *run) notifyLocked() {
	close(rn.changed)
	rn.changed = make(chan struct{})
}

// poke wakes the stepping goroutine if it sleeps.
func (rn *run) poke() {
	select {
	case rn.wake <- struct{}{}:
	default:
	}
}

// record appends the kept metrics of the engine's row after a step.
func (rn *run) record(row []float64) {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	w := len(rn.idx)
	dst := rn.data[rn.n*w : (rn.n+1)*w]
	for k, i := range rn.idx {
		dst[k] = row[i]
	}
	rn.n++
	rn.notifyLocked()
}

// overLocked reports whether the run has ended. rn.mu must be held.
func (rn *run) overLocked() bool { return rn.state == stateFinished || rn.state == stateStopped }

// endedAt returns when the run ended, and false if it has not.
func (rn *run) endedAt() (time.Time, bool) {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	return rn.ended, rn.overLocked()
}

func (rn *run) pause() error {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	switch rn.state {
	case stateRunning:
		rn.state, rn.paused = statePaused, time.Now()
		rn.notifyLocked()
		rn.poke()
	case stateFinished, stateStopped:
		return fmt.Errorf("run %s has %s: press Run to start a new one", rn.id, rn.state)
	}
	return nil
}

func (rn *run) resume() error {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	switch rn.state {
	case statePaused:
		rn.state = stateRunning
		rn.notifyLocked()
		rn.poke()
	case stateFinished, stateStopped:
		return fmt.Errorf("run %s has %s: press Run to start a new one", rn.id, rn.state)
	}
	return nil
}

func (rn *run) setSpeed(v float64) error {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if rn.overLocked() {
		return fmt.Errorf("run %s has %s: press Run to start a new one", rn.id, rn.state)
	}
	rn.speed = v
	rn.notifyLocked()
	rn.poke()
	return nil
}

// watch counts an event stream opened on the run; it reports false if max
// are open already.
func (rn *run) watch(max int) bool {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if rn.watchers >= max {
		return false
	}
	rn.watchers++
	return true
}

// unwatch counts an event stream closed.
func (rn *run) unwatch() {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	rn.watchers--
	rn.watched = time.Now()
}

// runInfo is the JSON description of a run.
type runInfo struct {
	ID           string   `json:"id"`
	Preset       string   `json:"preset"`
	Settings     string   `json:"settings"` // levers moved from the preset's values, in words
	Levers       Levers   `json:"levers"`   // as asked; null = the lever's default
	Agents       int      `json:"agents"`
	StartYear    int      `json:"start_year"`
	StepsPerYear int      `json:"steps_per_year"`
	Steps        int      `json:"steps"`   // to the horizon
	Columns      []string `json:"columns"` // of each row: "year", then metric names
	Units        []string `json:"units"`   // of each column
	State        string   `json:"state"`   // running, paused, finished or stopped
	Reason       string   `json:"reason,omitempty"`
	Step         int      `json:"step"`  // steps done
	Speed        float64  `json:"speed"` // simulated years a second
	// Engine is the engine that advances the run: "step" or "event"
	// (Config.Engine).
	Engine sim.EngineKind `json:"engine"`
	// EngineFallback, if not "", is why the run is on the step engine
	// though the server was started with the event engine: the event
	// engine's refusal of the preset or of a lever.
	EngineFallback string   `json:"engine_fallback,omitempty"`
	Links          runLinks `json:"links"`
}

type runLinks struct {
	Events string `json:"events"`
	CSV    string `json:"csv"`
	PNG    string `json:"png"`
}

func (rn *run) info() runInfo {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	cols := []string{"year"}
	units := []string{"year"}
	for _, m := range rn.metrics {
		cols = append(cols, m.Name)
		units = append(units, m.Unit)
	}
	base := "/api/runs/" + rn.id
	return runInfo{
		ID: rn.id, Preset: rn.preset, Settings: rn.settings, Levers: rn.levers, Agents: rn.agents,
		StartYear: rn.start, StepsPerYear: rn.spy, Steps: rn.steps, Columns: cols, Units: units,
		State: rn.state, Reason: rn.reason, Step: rn.n, Speed: rn.speed, Engine: rn.engine, EngineFallback: rn.fallback,
		Links: runLinks{Events: base + "/events", CSV: base + "/csv", PNG: base + "/png"},
	}
}

// loop steps the engine to the horizon at the run's pace, and ends the run
// when it gets there, when ctx is cancelled (stop, or the server closing),
// when no page has watched it for Abandon or when it has been paused for
// Idle.
func (s *Server) loop(ctx context.Context, rn *run, e *sim.Engine) {
	defer s.wg.Done()
	state, reason := stateFinished, ""
	defer func() {
		s.release(rn.client)
		rn.mu.Lock()
		rn.state, rn.reason, rn.ended = state, reason, time.Now()
		rn.notifyLocked()
		rn.mu.Unlock()
		close(rn.done)
		why := ""
		if reason != "" {
			why = ": " + reason
		}
		s.cfg.Logf("run %s %s at step %d of %d%s", rn.id[:8], state, rn.n, rn.steps, why)
	}()
	next := time.Now()
	for !e.Done() {
		if reason = s.waitRunning(ctx, rn); reason != "" {
			state = stateStopped
			return
		}
		select {
		case s.cpu <- struct{}{}:
		case <-ctx.Done():
			state, reason = stateStopped, context.Cause(ctx).Error()
			return
		}
		e.Step()
		<-s.cpu
		rn.record(e.Row())

		rn.mu.Lock()
		interval := time.Duration(float64(time.Second) / (rn.speed * float64(rn.spy)))
		rn.mu.Unlock()
		now := time.Now()
		// Behind by more than a step (a slow machine): go on from now,
		// rather than rushing to catch up.
		next = next.Add(interval)
		if lag := now.Add(-interval); next.Before(lag) {
			next = lag
		}
		if wait := next.Sub(now); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-rn.wake: // paused or a new speed: look again
				next = time.Now()
			case <-ctx.Done():
			}
			t.Stop()
		}
	}
}

// waitRunning returns when the run may take its next step, with "", or
// with the reason it must stop.
func (s *Server) waitRunning(ctx context.Context, rn *run) string {
	for {
		if ctx.Err() != nil {
			return context.Cause(ctx).Error()
		}
		rn.mu.Lock()
		state, watchers := rn.state, rn.watchers
		unwatched, paused := time.Since(rn.watched), time.Since(rn.paused)
		rn.mu.Unlock()
		switch {
		case watchers == 0 && unwatched > s.cfg.Abandon:
			return fmt.Sprintf("no page watched it for %v", s.cfg.Abandon)
		case state == statePaused && paused > s.cfg.Idle:
			return fmt.Sprintf("paused for more than %v", s.cfg.Idle)
		case state == stateRunning:
			return ""
		}
		t := time.NewTimer(min(checkEvery, s.cfg.Abandon/2))
		select {
		case <-t.C:
		case <-rn.wake:
		case <-ctx.Done():
		}
		t.Stop()
	}
}
