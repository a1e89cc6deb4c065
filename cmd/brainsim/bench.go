package main

import (
	"cmp"
	"context"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// benchCmd is 'brainsim bench': it runs the reference scenario
// (scenarios/bench.toml, embedded) with 1, 2, ... W workers and prints the
// speed of each, the peak heap per agent, and the speed-up over one worker.
// Its last line is "agent-steps/s: N" for the largest worker count.
func benchCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("bench [--agents N] [--years Y] [--workers W] [--scenario FILE]", "measure the engine's speed on the reference scenario")
	fs := cmd.Flags()
	agentsN := fs.Int("agents", 1_000_000, "agents at the start")
	years := fs.Int("years", 10, "simulated years")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "largest worker count; every count from 1 is measured")
	file := fs.String("scenario", "", "scenario `file` to run instead of the embedded bench.toml")
	rounds := fs.Int("rounds", 3, "measure each worker count this many times, interleaved, and report the median")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) != 0 {
			return usagef("bench takes no arguments, got %q", pos)
		}
		if *workers < 1 {
			return usagef("--workers %d: must be >= 1", *workers)
		}
		if *rounds < 1 {
			return usagef("--rounds %d: must be >= 1", *rounds)
		}
		overrides := []string{"agents=" + strconv.Itoa(*agentsN), "years=" + strconv.Itoa(*years), "replicates=1"}
		var sc *model.Scenario
		if *file != "" {
			sc, err = loadScenario(*file, overrides...)
		} else {
			sc, err = scenarios.LoadShipped("bench", overrides...)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "bench: %s, %d agents at the start, %d years of %d steps, %s, GOMAXPROCS %d, median of %d rounds\n",
			sc.Name, sc.Agents, sc.Years, sc.StepsPerYear, runtime.Version(), runtime.GOMAXPROCS(0), *rounds)
		// Rounds interleave the worker counts, so that a slow spell of a shared
		// machine falls on all of them rather than on one, and the median of each
		// count is compared with the others.
		results := make([][]benchResult, *workers)
		for range *rounds {
			for w := 1; w <= *workers; w++ {
				r, err := measure(ctx, sc, w)
				if err != nil {
					return err
				}
				results[w-1] = append(results[w-1], r)
			}
		}
		fmt.Fprintf(stdout, "%8s %14s %14s %12s %16s %9s\n", "workers", "agent-steps", "agent-steps/s", "ns/step", "peak heap/agent", "speed-up")
		var first, last float64
		for w := 1; w <= *workers; w++ {
			r := median(results[w-1])
			if w == 1 {
				first = r.rate
			}
			last = r.rate
			fmt.Fprintf(stdout, "%8d %14d %14.4g %12.2f %14.1f B %8.2fx\n",
				w, r.agentSteps, r.rate, 1e9/r.rate, r.peakPerAgent, r.rate/first)
		}
		fmt.Fprintf(stdout, "agent-steps/s: %.0f\n", last)
		return nil
	}
	return cmd
}

// benchResult is one measured run.
type benchResult struct {
	agentSteps   int64
	rate         float64 // agent-steps per second
	peakPerAgent float64 // peak live heap in bytes per initial agent
}

// measure runs one replicate of sc with w workers. Agent-steps count the
// agent slots stepped (the gone included until the yearly compaction). The
// heap is sampled at the end of every year, after a garbage collection
// before the engine is built.
func measure(ctx context.Context, sc *model.Scenario, w int) (benchResult, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	e := sim.New(sc, 0, w)
	peak := uint64(0)
	var r benchResult
	var elapsed time.Duration
	for !e.Done() {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		n := e.Agents()
		start := time.Now()
		e.Step()
		elapsed += time.Since(start)
		r.agentSteps += int64(n)
		if e.StepsDone()%sc.StepsPerYear == 0 || e.Done() {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		}
	}
	r.rate = float64(r.agentSteps) / elapsed.Seconds()
	r.peakPerAgent = float64(peak) / float64(sc.Agents)
	return r, nil
}

// median returns the result of median speed (the lower middle for an even
// count), with the largest peak heap of all.
func median(rs []benchResult) benchResult {
	sorted := slices.SortedFunc(slices.Values(rs), func(a, b benchResult) int { return cmp.Compare(a.rate, b.rate) })
	m := sorted[(len(sorted)-1)/2]
	for _, r := range rs {
		m.peakPerAgent = max(m.peakPerAgent, r.peakPerAgent)
	}
	return m
}
