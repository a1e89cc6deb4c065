package sim

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"brainsim/model"
	"brainsim/results"
)

// Options tune how Run uses the machine; none of them changes the results.
type Options struct {
	// Workers is the number of goroutines in all, shared between concurrent
	// replicates and the blocks inside a step; 0 means GOMAXPROCS.
	Workers int
	// Progress, if not nil, is called after every simulated year of every
	// replicate with the steps done and the steps in all, over all
	// replicates. It is called from several goroutines at once.
	Progress func(done, total int)
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
// error if ctx is cancelled before the end.
func Run(ctx context.Context, sc *model.Scenario, opt Options) (*results.Timeseries, error) {
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
	)
	EachReplicate(ctx, reps, opt.Workers, func(r, inner int) {
		e := New(sc, r, inner)
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
		mu.Lock()
		ts.Values[r] = rows
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
	return ts, nil
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
