// Package sim holds the brainsim engine: it steps a population of persons,
// stored as compact arrays, through the life cycle of package agents, in
// parallel over fixed blocks of agents, and records the outcomes of every
// step.
//
// Results depend only on the scenario, the seed and the replicate number:
// every random draw is keyed by (seed, replicate, agent, step, purpose), so it
// is the same whichever goroutine steps the agent; per-block partial sums are
// reduced in block order; and capacity-limited choices (training seats, visa
// quotas) are settled after the parallel phase by a seeded lottery that
// respects each limit exactly. The same scenario and seed therefore give the
// same bytes for any number of workers.
package sim
