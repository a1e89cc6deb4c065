package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/sim"
)

// defaultEngine is the engine of run, compare, sweep, calibrate and serve
// when --engine is left out: the event engine (issue 16), which simulates
// the model of the step engine in distribution (sim.TestEventEquivalence)
// at a fraction of its cost (docs/PERFORMANCE.md). The step engine stays
// the reference, --engine step; the Slurm scripts of a sweep name the
// engine explicitly (experiment.engineArg), so that a job array runs the
// engine of the sweep whatever a later binary's default.
const defaultEngine = sim.EngineEvent

// pairedEngine is the default engine of the commands whose results are
// differences between runs that share their random numbers: compare (a
// programme against the baseline) and calibrate --method nelder-mead (an
// objective that moves with the parameters alone). The step engine's draws
// are keyed by person and step, so two scenarios' replicates differ only
// where the scenarios do. The event engine's candidates follow its bounds;
// compare runs it with sim.Options.Paired, candidate sets that scenarios
// share. Comparing Ghana with and without MIDA (30 assignments a year; 40
// replicates of 30,000 agents), the standard deviation of its paired
// differences was 1.0 to 1.9 times the step engine's for the stocks, flows
// and costs at years 5 to 30, but 5.9 times for the emigrant doctors at
// year 5, while it ran 1.55 times as fast at that size: the step engine
// gives a comparison of this size the tighter intervals for its time
// (docs/PERFORMANCE.md, "Common random numbers").
const pairedEngine = sim.EngineStep

// engineFlag is --engine: a sim.EngineKind read by its UnmarshalText, so
// that a wrong name is refused with the list of the valid ones. set records
// that the flag was given: only the default gives way to the step engine
// when the event engine refuses a scenario (resolve).
type engineFlag struct {
	kind sim.EngineKind
	set  bool
}

func (f *engineFlag) String() string { return f.kind.String() }

func (f *engineFlag) Set(v string) error {
	f.set = true
	return f.kind.UnmarshalText([]byte(v))
}

func (f *engineFlag) Type() string { return "engine" }

// register defines --engine on fs, set to defaultEngine.
func (f *engineFlag) register(fs *pflag.FlagSet) {
	f.kind = defaultEngine
	fs.Var(f, "engine", "`engine` that advances the replicates: event (persons at their events only; issue 16) or step (every person every step, the reference); the two agree in distribution, not draw for draw. Left out: step for compare and calibrate --method nelder-mead, whose paired differences need the step engine's common random numbers; otherwise event, or step for a scenario the event engine does not simulate yet (a note says which part)")
}

// resolve settles the engine for the scenarios scs (nil ones are skipped):
// with --engine left out, the step engine when the event engine refuses one
// of them (sim.EventSupport), with a note on w naming the part it does not
// simulate; a refusal with --engine event given stays an error, met when the
// run starts.
func (f *engineFlag) resolve(w io.Writer, scs ...*model.Scenario) {
	if !f.mayFallBack() {
		return
	}
	for _, sc := range scs {
		if sc == nil {
			continue
		}
		err := sim.EventSupport(sc)
		if errors.Is(err, sim.ErrEventUnsupported) {
			f.kind = sim.EngineStep
			fmt.Fprintf(w, "brainsim: note: %s: running the step engine (--engine step)\n", describeRefusal(err))
			return
		}
	}
}

// paired makes pairedEngine the engine when --engine was left out: for
// compare and calibrate --method nelder-mead.
func (f *engineFlag) paired() {
	if !f.set {
		f.kind = pairedEngine
	}
}

// mayFallBack tells whether resolve may choose the step engine: --engine
// was left out and the default is the event engine. Callers that must build
// many scenarios to check them (a sweep's points) ask first.
func (f *engineFlag) mayFallBack() bool { return !f.set && f.kind == sim.EngineEvent }

// describeRefusal is the part of a refusal that names what the event engine
// does not simulate, without the advice to use the step engine.
func describeRefusal(err error) string {
	msg := strings.TrimPrefix(err.Error(), "sim: the event engine: ")
	return strings.TrimSuffix(msg, ": "+sim.ErrEventUnsupported.Error()) + ": not simulated by the event engine yet"
}
