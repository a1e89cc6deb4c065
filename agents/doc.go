// Package agents holds the persons of brainsim and their decision rules.
//
// A person is a student, a worker at home, an emigrant (a worker abroad, part
// of the diaspora) or a returnee; persons leave the model at retirement or
// death. Each decision rule is a pure function: its inputs are the person's
// attributes, the read-only conditions of the previous step and uniform draws;
// its output is a typed choice. Rules do no I/O, read no globals and allocate
// nothing, so the engine can call them from any goroutine in its hot loop.
//
// The parameter types (TrainingParams, EmigrationParams, ...) carry TOML tags:
// a scenario file sets them directly, and every number a rule uses comes from
// them. The functional forms and their sources are described in docs/ODD.md.
package agents
