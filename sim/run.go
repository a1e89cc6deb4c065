package sim

import (
	"context"
	"runtime"
	"sync"

	"brainsim/output"
	"brainsim/scenarios"
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

// Run runs every replicate of the scenario to its horizon and returns their
// records. Replicates run concurrently: with at least as many replicates as
// workers, each replicate runs on one goroutine; with fewer, the workers are
// shared out among them for the blocks of each step. It returns ctx's error if
// ctx is cancelled before the end.
func Run(ctx context.Context, sc *scenarios.Scenario, opt Options) (*output.Timeseries, error) {
	w := opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	reps := sc.Replicates
	concurrent := min(w, reps)
	inner := max(1, w/concurrent)
	steps := sc.Steps()
	ts := &output.Timeseries{
		Step:   make([]int, steps),
		Year:   make([]float64, steps),
		Values: make([][][]float64, reps),
	}
	for i := range steps {
		ts.Step[i] = i + 1
		ts.Year[i] = float64(sc.StartYear) + float64(i+1)/float64(sc.StepsPerYear)
	}

	var (
		mu      sync.Mutex
		done    int
		next    int
		firstMs []output.Metric
	)
	var wg sync.WaitGroup
	for range concurrent {
		wg.Go(func() {
			for ctx.Err() == nil {
				mu.Lock()
				r := next
				next++
				mu.Unlock()
				if r >= reps {
					return
				}
				e := New(sc, r, inner)
				rows := make([][]float64, steps)
				flat := make([]float64, steps*len(e.metrics))
				for i := range steps {
					e.Step()
					rows[i] = flat[i*len(e.metrics) : (i+1)*len(e.metrics) : (i+1)*len(e.metrics)]
					copy(rows[i], e.Row())
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
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ts.Metrics = firstMs
	return ts, nil
}
