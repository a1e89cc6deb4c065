package sim

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// Options tune how Run uses the machine and what RunWith records besides the
// timeseries; none of them but Engine changes the results.
type Options struct {
	// Workers is the number of goroutines in all, shared between concurrent
	// replicates and the blocks inside a step; 0 means GOMAXPROCS.
	Workers int
	// Progress, if not nil, is called after every simulated year of every
	// replicate with the steps done and the steps in all, over all
	// replicates. It is called from several goroutines at once.
	Progress func(done, total int)

	// Trace is the number of agents per replicate whose life histories
	// RunWith records (Output.Trace): a simple random sample, of exactly
	// that many, of everyone ever in the model, the initial population and
	// later entrants alike (everyone if fewer ever live), chosen by a hash
	// of (seed, replicate, agent id); see trace.go. 0 traces nobody.
	// Run ignores it.
	Trace int
	// Snapshots are calendar years at whose end RunWith records every
	// agent's state (Output.Snapshots): the state after step
	// (year-StartYear+1)*StepsPerYear, the timeseries row whose year reads
	// year+1. Each must be within [StartYear, StartYear+Years-1]; repeats
	// are ignored. Run ignores them.
	Snapshots []int
	// Engine chooses the engine (engine_kind.go): the step engine (the
	// zero value) or the event engine. The two agree in distribution, not
	// draw for draw, so, unlike the fields above, it changes the bytes of
	// the results; each is deterministic for any number of workers.
	Engine EngineKind
	// Paired makes the event engine draw its candidates from sets that
	// two scenarios share (event_cand.go): common random numbers for
	// comparing scenarios (brainsim compare), at some cost of speed
	// (docs/PERFORMANCE.md). The step engine's draws are always shared.
	// It changes the bytes of the event engine's results, not their law.
	Paired bool
}

// Output is what RunWith records: the timeseries, and the agent traces and
// snapshots asked for in Options.
type Output struct {
	Timeseries *results.Timeseries
	// Trace holds the transitions of the traced agents, by replicate, agent
	// and step (a person's events within a step in the order they
	// happened); nil when Options.Trace is 0.
	Trace []results.Transition
	// Snapshots holds every agent's state at the end of each year of
	// Options.Snapshots, by replicate, year and agent; nil when none is
	// asked for.
	Snapshots []results.AgentState
	// Events is the number of candidate events the event engine processed
	// over all replicates (accepted or thinned away); 0 for the step
	// engine. Benchmarks divide by it for the cost of an event.
	Events int64
}

// EachReplicate calls f for every replicate 0..n-1, concurrently: with at
// least as many replicates as workers (0 means GOMAXPROCS), each call runs on
// one goroutine and gets inner = 1; with fewer, the workers are shared out
// and inner is how many each call's engine may use inside a step. It stops
// handing out replicates once ctx is cancelled, and returns when every call
// it made has returned. Which goroutine runs which replicate does not change
// any result, since an engine's draws depend only on (seed, replicate).
func EachReplicate(ctx context.Context, n, workers int, f func(r, inner int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if n <= 0 {
		return
	}
	concurrent := min(workers, n)
	inner := max(1, workers/concurrent)
	var (
		mu   sync.Mutex
		next int
		wg   sync.WaitGroup
	)
	for range concurrent {
		wg.Go(func() {
			for ctx.Err() == nil {
				mu.Lock()
				r := next
				next++
				mu.Unlock()
				if r >= n {
					return
				}
				f(r, inner)
			}
		})
	}
	wg.Wait()
}

// Run runs every replicate of the scenario to its horizon and returns their
// records. Replicates run concurrently (EachReplicate). It returns ctx's
// error if ctx is cancelled before the end. It records no trace or
// snapshot: see RunWith.
func Run(ctx context.Context, sc *model.Scenario, opt Options) (*results.Timeseries, error) {
	opt.Trace, opt.Snapshots = 0, nil
	out, err := RunWith(ctx, sc, opt)
	if err != nil {
		return nil, err
	}
	return out.Timeseries, nil
}

// RunWith is Run that also records the agent traces and snapshots asked for
// in opt. Neither changes the timeseries, and both are the same for any
// number of workers. It returns an error if opt.Trace is negative or a
// snapshot year is outside the run.
func RunWith(ctx context.Context, sc *model.Scenario, opt Options) (*Output, error) {
	if opt.Trace < 0 {
		return nil, fmt.Errorf("sim: trace of %d agents: must be >= 0", opt.Trace)
	}
	if opt.Engine == EngineEvent {
		if err := EventSupport(sc); err != nil {
			return nil, err
		}
	}
	snapYears, err := snapshotYears(sc, opt.Snapshots)
	if err != nil {
		return nil, err
	}
	reps := sc.Replicates
	steps := sc.Steps()
	ts := &results.Timeseries{
		Step:   make([]int, steps),
		Year:   make([]float64, steps),
		Values: make([][][]float64, reps),
	}
	for i := range steps {
		ts.Step[i] = i + 1
		ts.Year[i] = float64(sc.StartYear) + float64(i+1)/float64(sc.StepsPerYear)
	}
	var (
		mu       sync.Mutex
		done     int
		firstMs  []results.Metric
		overflow *OverflowError // the first in replicate order
		traces   = make([][]results.Transition, reps)
		snaps    = make([][]results.AgentState, reps)
		events   int64 // wakes of the event engine, over replicates
	)
	EachReplicate(ctx, reps, opt.Workers, func(r, inner int) {
		e := New(sc, r, inner)
		if opt.Engine == EngineEvent {
			e.startEvents()
			if opt.Paired {
				e.Pair()
			}
		}
		if opt.Trace > 0 {
			e.startTrace(opt.Trace)
		}
		var snap []results.AgentState
		rows := make([][]float64, steps)
		flat := make([]float64, steps*len(e.metrics))
		for i := range steps {
			e.Step()
			rows[i] = flat[i*len(e.metrics) : (i+1)*len(e.metrics) : (i+1)*len(e.metrics)]
			copy(rows[i], e.Row())
			if m := firstInf(rows[i]); m >= 0 {
				mu.Lock()
				if overflow == nil || r < overflow.Replicate {
					overflow = &OverflowError{Replicate: r, Step: i + 1, Year: ts.Year[i], Metric: e.Metrics()[m].Name, Value: rows[i][m]}
				}
				mu.Unlock()
				return
			}
			if (i+1)%sc.StepsPerYear == 0 && len(snapYears) > 0 {
				if y := sc.StartYear + (i+1)/sc.StepsPerYear - 1; slices.Contains(snapYears, y) {
					if e.ev != nil {
						e.syncEvents()
					}
					snap = append(snap, e.snapshot(y)...)
				}
			}
			if (i+1)%sc.StepsPerYear == 0 || i == steps-1 {
				if ctx.Err() != nil {
					return
				}
				if opt.Progress != nil {
					mu.Lock()
					done += min(sc.StepsPerYear, (i+1)-(i/sc.StepsPerYear)*sc.StepsPerYear)
					d := done
					mu.Unlock()
					opt.Progress(d, steps*reps)
				}
			}
		}
		var trace []results.Transition
		if e.tr != nil {
			trace = e.transitions()
		}
		mu.Lock()
		if e.ev != nil {
			events += e.ev.events
		}
		ts.Values[r] = rows
		traces[r], snaps[r] = trace, snap
		if firstMs == nil {
			firstMs = e.Metrics()
		}
		mu.Unlock()
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if overflow != nil {
		return nil, overflow
	}
	ts.Metrics = firstMs
	out := &Output{Timeseries: ts, Events: events}
	if opt.Trace > 0 {
		out.Trace = slices.Concat(traces...)
	}
	if len(snapYears) > 0 {
		out.Snapshots = slices.Concat(snaps...)
	}
	return out, nil
}

// snapshotYears returns the years asked for, sorted and without repeats, or
// an error for a year outside the run.
func snapshotYears(sc *model.Scenario, asked []int) ([]int, error) {
	last := sc.StartYear + sc.Years - 1
	for _, y := range asked {
		if y < sc.StartYear || y > last {
			return nil, fmt.Errorf("sim: snapshot year %d: outside the run, %d to %d", y, sc.StartYear, last)
		}
	}
	years := slices.Clone(asked)
	slices.Sort(years)
	return slices.Compact(years), nil
}

// OverflowError reports a metric that became infinite: a run failure, since
// an infinite figure would be written as a number. The bounds of
// scenarios.Validate make it unreachable for a valid scenario; it is the
// engine's last line of defence. NaN is not an overflow: it marks a ratio
// with nobody to count (an emigration rate without any skilled person).
type OverflowError struct {
	Replicate, Step int
	Year            float64 // calendar year at the end of the step
	Metric          string
	Value           float64 // +Inf or -Inf
}

func (e *OverflowError) Error() string {
	return fmt.Sprintf("sim: replicate %d, step %d (year %.2f): metric %s is %v; a number of the scenario is too large for the model",
		e.Replicate, e.Step, e.Year, e.Metric, e.Value)
}

// firstInf returns the index of the first infinite value of row, or -1.
func firstInf(row []float64) int {
	for m, v := range row {
		if math.IsInf(v, 0) {
			return m
		}
	}
	return -1
}
