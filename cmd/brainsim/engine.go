package main

import (
	"github.com/spf13/pflag"

	"github.com/brainsim/brainsim/sim"
)

// defaultEngine is the engine of run, compare, sweep and calibrate when
// --engine is left out. The step engine stays the default until the event
// engine meets the acceptance of issue 16 (equivalence in CI, the speed
// targets of docs/PERFORMANCE.md); then this line becomes sim.EngineEvent,
// and experiment.engineArg (the Slurm scripts of a sweep) writes --engine
// step rather than nothing for the step engine.
const defaultEngine = sim.EngineStep

// engineFlag is --engine: a sim.EngineKind read by its UnmarshalText, so
// that a wrong name is refused with the list of the valid ones.
type engineFlag struct{ kind sim.EngineKind }

func (f *engineFlag) String() string { return f.kind.String() }

func (f *engineFlag) Set(v string) error { return f.kind.UnmarshalText([]byte(v)) }

func (f *engineFlag) Type() string { return "engine" }

// register defines --engine on fs, set to defaultEngine.
func (f *engineFlag) register(fs *pflag.FlagSet) {
	f.kind = defaultEngine
	fs.Var(f, "engine", "`engine` that advances the replicates: step (every person every step, the reference) or event (persons at their events only; issue 16); the two agree in distribution, not draw for draw")
}
