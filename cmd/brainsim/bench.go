package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"math"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// benchCmd is 'brainsim bench': it runs the reference scenario
// (scenarios/bench.toml, embedded) with each engine asked for and 1, 2, ...
// W workers, and prints, side by side, the speed of each in person-steps
// and events, the peak heap per person, the speed-up over one worker and
// the ratio of the event engine's speed to the step engine's. Its last
// line is "agent-steps/s: N", the step engine's speed at the largest
// worker count (the event engine's when only it is measured).
//
// --agents and --years take lists separated by commas, so that one run
// compares the cost per person-step across sizes (issue 16: within 15%
// from 1 M to 10 M persons and from 10 to 50 years). The first of each is
// the reference size; each further agents count is measured at the first
// years, and each further years at the first agents count (benchPlan), not
// the full cross product, whose largest corner would take many minutes.
// With several sizes, bench prints a table for each, then the cost per
// person-step of each size over the reference's, engine by engine and
// worker count by worker count; the last lines stay those of the
// reference size. A single size prints what it always did.
func benchCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("bench [--agents N[,N...]] [--years Y[,Y...]] [--workers W] [--engine step,event] [--scenario FILE]", "measure the engines' speed on the reference scenario")
	fs := cmd.Flags()
	agentsFlag := fs.String("agents", "1000000", "agents at the start; a list `N,...` separated by commas also measures each further count at the first --years, in the same rounds")
	yearsFlag := fs.String("years", "10", "simulated years; a list `Y,...` separated by commas also measures each further length at the first --agents, in the same rounds")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "largest worker count; every count from 1 is measured")
	file := fs.String("scenario", "", "scenario `file` to run instead of the embedded bench.toml")
	rounds := fs.Int("rounds", 3, "measure each size, engine and worker count this many times, interleaved, and report the median")
	engines := fs.String("engine", "", "`engines` to measure, separated by commas: step, event or step,event (default: both if the event engine simulates the scenario, else step)")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) != 0 {
			return usagef("bench takes no arguments, got %q", pos)
		}
		agentsN, err := parseCounts("agents", *agentsFlag)
		if err != nil {
			return err
		}
		yearsN, err := parseCounts("years", *yearsFlag)
		if err != nil {
			return err
		}
		if *workers < 1 {
			return usagef("--workers %d: must be >= 1", *workers)
		}
		if *rounds < 1 {
			return usagef("--rounds %d: must be >= 1", *rounds)
		}
		kinds, err := parseEngines(*engines)
		if err != nil {
			return err
		}
		sizes := benchPlan(agentsN, yearsN)
		scs := make([]*model.Scenario, len(sizes))
		for i, size := range sizes {
			overrides := []string{"agents=" + strconv.Itoa(size.agents), "years=" + strconv.Itoa(size.years), "replicates=1"}
			if *file != "" {
				scs[i], err = loadScenario(*file, overrides...)
			} else {
				scs[i], err = scenarios.LoadShipped("bench", overrides...)
			}
			if err != nil {
				return err
			}
		}
		sc := scs[0] // the reference size
		refusal := sim.EventSupport(sc)
		if kinds == nil { // the default
			kinds = []sim.EngineKind{sim.EngineStep}
			if refusal == nil {
				kinds = append(kinds, sim.EngineEvent)
			}
		}
		if len(sizes) == 1 {
			fmt.Fprintf(stdout, "bench: %s, %d agents at the start, %d years of %d steps, %s, GOMAXPROCS %d, median of %d rounds\n",
				sc.Name, sc.Agents, sc.Years, sc.StepsPerYear, runtime.Version(), runtime.GOMAXPROCS(0), *rounds)
		} else {
			fmt.Fprintf(stdout, "bench: %s, %d sizes (%s), years of %d steps, %s, GOMAXPROCS %d, median of %d rounds\n",
				sc.Name, len(sizes), describeSizes(sizes), sc.StepsPerYear, runtime.Version(), runtime.GOMAXPROCS(0), *rounds)
		}
		if refusal != nil && slices.Contains(kinds, sim.EngineEvent) {
			fmt.Fprintf(stdout, "event engine refused: %v\n", refusal)
			kinds = slices.DeleteFunc(kinds, func(k sim.EngineKind) bool { return k == sim.EngineEvent })
			if len(kinds) == 0 {
				kinds = []sim.EngineKind{sim.EngineStep}
			}
			fmt.Fprintln(stdout, "measuring the step engine alone")
		}
		// Rounds interleave the sizes, engines and worker counts, so that a
		// slow spell of a shared machine (whose speed may move by a third
		// within minutes) falls on all of them rather than on one, and the
		// median of each is compared with the others: measured in separate
		// runs minutes apart, the ratio of two sizes' costs would be mostly
		// the machine's drift.
		results := make([][][][]benchResult, len(sizes)) // by size, engine, workers-1, round
		for s := range sizes {
			results[s] = make([][][]benchResult, len(kinds))
			for i := range kinds {
				results[s][i] = make([][]benchResult, *workers)
			}
		}
		for range *rounds {
			for s, sc := range scs {
				for w := 1; w <= *workers; w++ {
					for i, k := range kinds {
						r, err := measure(ctx, sc, k, w)
						if err != nil {
							return err
						}
						results[s][i][w-1] = append(results[s][i][w-1], r)
					}
				}
			}
		}
		rows := make([][]benchRow, len(sizes))
		for s, sc := range scs {
			window := sc.Steps()
			if sc.Years > 1 {
				window -= sc.StepsPerYear
			}
			rows[s] = benchRows(kinds, results[s], int64(sc.Agents)*int64(window))
		}
		return writeBenchSizes(stdout, sizes, rows)
	}
	return cmd
}

// benchSize is one size bench measures: the agents at the start and the
// simulated years.
type benchSize struct{ agents, years int }

// benchPlan returns the sizes to measure for --agents and --years (each
// non-empty): the reference (the first of each), then each further agents
// count at the first years, then each further years at the first agents
// count. One thing varies at a time, not the full cross product: the cost
// per person-step is compared along each, and the largest corner (10 M
// agents for 50 years) would take many minutes with the step engine.
func benchPlan(agents, years []int) []benchSize {
	sizes := []benchSize{{agents[0], years[0]}}
	for _, a := range agents[1:] {
		sizes = append(sizes, benchSize{a, years[0]})
	}
	for _, y := range years[1:] {
		sizes = append(sizes, benchSize{agents[0], y})
	}
	return sizes
}

// describeSizes lists sizes for bench's first line.
func describeSizes(sizes []benchSize) string {
	var parts []string
	for _, s := range sizes {
		parts = append(parts, fmt.Sprintf("%d agents x %d years", s.agents, s.years))
	}
	return strings.Join(parts, ", ")
}

// label names s in the ratio section by what differs from the reference
// ref: "10000000 agents", "50 years", or both.
func (s benchSize) label(ref benchSize) string {
	switch {
	case s.years == ref.years:
		return fmt.Sprintf("%d agents", s.agents)
	case s.agents == ref.agents:
		return fmt.Sprintf("%d years", s.years)
	}
	return fmt.Sprintf("%d agents %d years", s.agents, s.years)
}

// parseCounts reads a list of bench's --agents or --years (named by flag):
// whole numbers >= 1 separated by commas, each once.
func parseCounts(flag, s string) ([]int, error) {
	var ns []int
	for f := range strings.SplitSeq(s, ",") {
		item := strings.TrimSpace(f)
		if item == "" {
			return nil, usagef("--%s %q: an empty item; want whole numbers >= 1 separated by commas", flag, s)
		}
		n, err := strconv.Atoi(item)
		if err != nil {
			return nil, usagef("--%s %q: %q is not a whole number", flag, s, item)
		}
		if n < 1 {
			return nil, usagef("--%s %q: %d must be >= 1", flag, s, n)
		}
		if slices.Contains(ns, n) {
			return nil, usagef("--%s %q: %d given twice", flag, s, n)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// parseEngines reads bench's --engine: engine names separated by commas,
// each once. "" returns nil, the default.
func parseEngines(s string) ([]sim.EngineKind, error) {
	if s == "" {
		return nil, nil
	}
	var kinds []sim.EngineKind
	for f := range strings.SplitSeq(s, ",") {
		var k sim.EngineKind
		name := strings.TrimSpace(f)
		if name == "" {
			return nil, usagef("--engine %q: an empty name; want step, event or step,event", s)
		}
		if err := k.UnmarshalText([]byte(name)); err != nil {
			return nil, usagef("--engine %q: %q %v", s, name, err)
		}
		if slices.Contains(kinds, k) {
			return nil, usagef("--engine %q: %s given twice", s, k)
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

// benchResult is one measured run.
type benchResult struct {
	personSteps  int64   // person slots the step engine steps after the first year; 0 for the event engine (benchRows fills it in)
	events       int64   // candidate events of the event engine over the whole run; 0 for the step engine
	seconds      float64 // wall time after the first year (the whole run for a run of one year)
	total        float64 // wall time of the whole replicate, the population's construction included
	peakPerAgent float64 // peak heap in bytes per initial agent, garbage not yet collected included
	// livePerAgent is the peak of the heap the garbage collector found
	// live (runtime/metrics /gc/heap/live:bytes, sampled as peakPerAgent),
	// bytes per initial agent: what the engine holds, the figure of the
	// issue's 64-byte target, where peakPerAgent also counts the garbage
	// that GOGC lets pile up between collections.
	livePerAgent float64
}

// benchRow is one line of the table: an engine at a worker count.
type benchRow struct {
	engine  sim.EngineKind
	workers int
	benchResult
	estimated bool    // personSteps is agents x steps, the step engine not being measured
	speedUp   float64 // over one worker of the same engine
	ratio     float64 // person-steps/s over the step engine's at the same workers; NaN if not measured
}

func (r benchRow) rate() float64 { return float64(r.personSteps) / r.seconds }

// benchRows takes the median of each engine and worker count's rounds.
// Both engines simulate the same person-steps, the model being the same:
// the event engine's are the step engine's count (the slots it steps after
// the first year, by the same scenario and replicate), or estimate =
// agents x those steps if the step engine was not measured.
func benchRows(kinds []sim.EngineKind, res [][][]benchResult, estimate int64) []benchRow {
	var stepSteps int64
	var stepRate []float64
	if i := slices.Index(kinds, sim.EngineStep); i >= 0 {
		for _, rs := range res[i] {
			m := median(rs)
			stepSteps = m.personSteps
			stepRate = append(stepRate, float64(m.personSteps)/m.seconds)
		}
	}
	var rows []benchRow
	for i, k := range kinds {
		var first float64
		for w, rs := range res[i] {
			r := benchRow{engine: k, workers: w + 1, benchResult: median(rs), ratio: math.NaN()}
			if k != sim.EngineStep {
				r.personSteps, r.estimated = stepSteps, stepSteps == 0
				if r.estimated {
					r.personSteps = estimate
				}
			}
			if w == 0 {
				first = r.rate()
			}
			r.speedUp = r.rate() / first
			if stepRate != nil {
				r.ratio = r.rate() / stepRate[w]
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// writeBench prints the table of rows and the closing lines: the output
// of a bench of one size.
func writeBench(w io.Writer, rows []benchRow) error {
	estimated, err := writeBenchTable(w, rows)
	if err != nil {
		return err
	}
	if estimated {
		writeEstimatedNote(w)
	}
	return writeBenchClosing(w, rows)
}

// writeBenchSizes prints the output of bench for the sizes measured, the
// reference first, and their rows: for one size, writeBench's; for several,
// a table for each size under a line naming it, the cost per person-step
// of each further size over the reference's (writeBenchRatios), and the
// closing lines of the reference size, which readers of the last lines
// take as the speed.
func writeBenchSizes(w io.Writer, sizes []benchSize, rows [][]benchRow) error {
	if len(sizes) == 1 {
		return writeBench(w, rows[0])
	}
	estimated := false
	for i, s := range sizes {
		fmt.Fprintf(w, "size: %d agents, %d years\n", s.agents, s.years)
		e, err := writeBenchTable(w, rows[i])
		if err != nil {
			return err
		}
		estimated = estimated || e
	}
	if estimated {
		writeEstimatedNote(w)
	}
	if err := writeBenchRatios(w, sizes, rows); err != nil {
		return err
	}
	return writeBenchClosing(w, rows[0])
}

// writeBenchTable prints the table of rows, and reports whether a row's
// person-steps are estimated.
func writeBenchTable(w io.Writer, rows []benchRow) (estimated bool, err error) {
	fmt.Fprintf(w, "%6s %7s %14s %14s %12s %11s %9s %14s %15s %15s %9s %10s %8s\n",
		"engine", "workers", "person-steps", "person-steps/s", "events", "events/s", "ns/event", "ns/person-step", "peak B/person", "live B/person", "speed-up", "event/step", "run s")
	dash := func(v float64, f string) string {
		if v == 0 || math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf(f, v)
	}
	for _, r := range rows {
		steps := strconv.FormatInt(r.personSteps, 10)
		if r.estimated {
			steps, estimated = "~"+steps, true
		}
		ev, evRate, nsEvent := "-", "-", "-"
		if r.events > 0 {
			ev = strconv.FormatInt(r.events, 10)
			evRate = fmt.Sprintf("%.4g", float64(r.events)/r.total)
			nsEvent = fmt.Sprintf("%.2f", 1e9*r.total/float64(r.events))
		}
		ratio := "-"
		if r.engine != sim.EngineStep {
			ratio = dash(r.ratio, "%.2fx")
		}
		_, err := fmt.Fprintf(w, "%6s %7d %14s %14.4g %12s %11s %9s %14.2f %13.1f B %13.1f B %8.2fx %10s %8.3f\n",
			r.engine, r.workers, steps, r.rate(), ev, evRate, nsEvent, 1e9/r.rate(), r.peakPerAgent, r.livePerAgent, r.speedUp, ratio, r.total)
		if err != nil {
			return estimated, err
		}
	}
	return estimated, nil
}

// writeEstimatedNote explains the "~" of estimated person-steps.
func writeEstimatedNote(w io.Writer) {
	fmt.Fprintln(w, "~ person-steps of the event engine estimated as agents x steps (the step engine was not measured)")
}

// writeBenchClosing prints the closing lines of rows: the event engine's
// person-steps/s at its largest worker count, if measured, then
// "agent-steps/s: N", the step engine's (the event engine's when only it
// was measured).
func writeBenchClosing(w io.Writer, rows []benchRow) error {
	last := map[sim.EngineKind]float64{}
	for _, r := range rows {
		last[r.engine] = r.rate()
	}
	if v, ok := last[sim.EngineEvent]; ok {
		fmt.Fprintf(w, "event person-steps/s: %.0f\n", v)
	}
	v, ok := last[sim.EngineStep]
	if !ok {
		v = last[sim.EngineEvent]
	}
	_, err := fmt.Fprintf(w, "agent-steps/s: %.0f\n", v)
	return err
}

// writeBenchRatios prints the cost per person-step (ns/person-step) of
// each further size over the reference's (sizes[0], whose rows are
// rows[0]), a line for each engine and worker count of the reference and
// a column for each further size: above 1x, a person-step costs more at
// that size. A size without the engine and worker count, or without a
// speed, shows "-".
func writeBenchRatios(w io.Writer, sizes []benchSize, rows [][]benchRow) error {
	ref := sizes[0]
	fmt.Fprintf(w, "cost per person-step relative to %d agents, %d years\n", ref.agents, ref.years)
	width := 1
	for _, r := range rows[0] {
		width = max(width, len(strconv.Itoa(r.workers)))
	}
	for _, r := range rows[0] {
		unit := "workers:"
		if r.workers == 1 {
			unit = "worker:"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%6s %*d %-8s", r.engine, width, r.workers, unit)
		for i, s := range sizes[1:] {
			ratio := "-"
			j := slices.IndexFunc(rows[i+1], func(o benchRow) bool { return o.engine == r.engine && o.workers == r.workers })
			if j >= 0 {
				// ns/person-step at size s over the reference's: the
				// inverse ratio of the speeds.
				if v := r.rate() / rows[i+1][j].rate(); v > 0 && !math.IsInf(v, 0) {
					ratio = fmt.Sprintf("%.2fx", v)
				}
			}
			fmt.Fprintf(&b, "   %s %6s", s.label(ref), ratio)
		}
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// measure runs one replicate of sc with the engine kind and w workers. The
// speed is measured after the first year, from the end of year 1 to the
// end of the run, the same window for both engines: the event engine is
// measured through sim.RunWith, which does not separate the population's
// construction (and the first scheduling of its calendar) from the
// stepping, and the targets are a cost per person-step. The whole
// replicate's time is kept as well (total). The step engine's person-steps
// count the agent slots stepped (the gone included until their slot is
// reused). The heap is sampled at the end of every year, after a garbage
// collection before the engine is built; at the end of the last year a
// collection is forced before the live heap is read (its time taken out of
// the run's): the live heap is the one the last collection found, and an
// engine that makes little garbage (the step engine) may see none after
// its population is built, which read 15.8 bytes a person for 22.
func measure(ctx context.Context, sc *model.Scenario, kind sim.EngineKind, w int) (benchResult, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	peak := uint64(0)
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	liveBase, livePeak := live[0].Value.Uint64(), uint64(0)
	var (
		mu    sync.Mutex    // Progress may be called from several goroutines
		year1 time.Time     // end of the first year
		steps int64         // person-steps counted (step engine)
		ps1   int64         // person-steps of the first year
		gc    time.Duration // the collection forced at the end of the last year
	)
	sample := func(done int) {
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		if done == sc.StepsPerYear && sc.Years > 1 {
			year1, ps1 = now, steps
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		if done == sc.Steps() {
			runtime.GC()
			gc = time.Since(now)
		}
		metrics.Read(live)
		v := live[0].Value.Uint64()
		livePeak = max(livePeak, v-min(liveBase, v))
	}
	var r benchResult
	start := time.Now()
	switch kind {
	case sim.EngineStep:
		e := sim.New(sc, 0, w)
		for !e.Done() {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			steps += int64(e.Agents())
			e.Step()
			if e.StepsDone()%sc.StepsPerYear == 0 || e.Done() {
				sample(e.StepsDone())
			}
		}
	default:
		// Progress is called after every simulated year with the steps
		// done (of the one replicate).
		out, err := sim.RunWith(ctx, sc, sim.Options{Workers: w, Engine: kind, Progress: func(done, _ int) { sample(done) }})
		if err != nil {
			if errors.Is(err, sim.ErrEventUnsupported) {
				return r, fmt.Errorf("bench: %w", err)
			}
			return r, err
		}
		r.events = out.Events
	}
	end := time.Now().Add(-gc)
	if year1.IsZero() {
		year1 = start
	}
	r.total, r.seconds, r.personSteps = end.Sub(start).Seconds(), end.Sub(year1).Seconds(), steps-ps1
	r.peakPerAgent = float64(peak) / float64(sc.Agents)
	r.livePerAgent = float64(livePeak) / float64(sc.Agents)
	return r, nil
}

// median returns the result of median time (the lower middle for an even
// count), with the largest peak and live heaps of all.
func median(rs []benchResult) benchResult {
	sorted := slices.SortedFunc(slices.Values(rs), func(a, b benchResult) int { return cmp.Compare(b.seconds, a.seconds) })
	m := sorted[(len(sorted)-1)/2]
	for _, r := range rs {
		m.peakPerAgent = max(m.peakPerAgent, r.peakPerAgent)
		m.livePerAgent = max(m.livePerAgent, r.livePerAgent)
	}
	return m
}
