package sim

import (
	"fmt"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios"
)

// benchScenario loads the shipped reference scenario of `brainsim bench`.
func benchScenario(b *testing.B, agents, years int) *model.Scenario {
	b.Helper()
	sc, err := scenarios.Load("../scenarios/bench.toml")
	if err != nil {
		b.Fatal(err)
	}
	sc.Agents, sc.Years = agents, years
	return sc
}

// BenchmarkRun steps the reference scenario through whole years, the yearly
// phases (quotas, cohort entry) included, and reports agent-steps/s.
func BenchmarkRun(b *testing.B) {
	sc := benchScenario(b, 1_000_000, 1000)
	e := New(sc, 0, 2)
	b.ReportAllocs()
	agentSteps := 0
	for b.Loop() {
		agentSteps += e.Agents()
		e.Step()
	}
	b.ReportMetric(float64(agentSteps)/b.Elapsed().Seconds(), "agent-steps/s")
}

// BenchmarkPhases times each phase of a step on the reference scenario at
// 1,000,000 agents: the conditions, the parallel decisions (2 workers), the
// settlement and the yearly phases (quotas and cohort entry).
func BenchmarkPhases(b *testing.B) {
	sc := benchScenario(b, 1_000_000, 1000)
	e := New(sc, 0, 2)
	for range 13 { // a year and a step: scratch buffers warm, quotas set
		e.Step()
	}
	nb := func() int { return (e.pop.len() + blockSize - 1) / blockSize }
	key := stepKey(e.repKey, e.step)
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.N)*float64(e.Agents())/b.Elapsed().Seconds(), "agent-steps/s")
	}
	b.Run("conditions", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e.computeConditions()
		}
	})
	b.Run("decide", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			// Decisions age the population: step a copy's worth of slots
			// and keep the measurement to the loop itself.
			e.parallel(nb(), func(i int) {
				lo := i * blockSize
				e.decide(e.blocks[i], lo, min(lo+blockSize, e.pop.len()), key)
			})
		}
		report(b)
	})
	b.Run("settle", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e.settle(nb(), key)
		}
	})
	b.Run("record", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e.record()
		}
	})
	b.Run("newYear", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e.newYear()
		}
		report(b)
	})
}

// BenchmarkDecide times the parallel phase alone with 1 and 2 workers on the
// reference scenario at 1,000,000 agents: the ratio of the two is the
// scaling of the decisions, apart from the sequential phases.
func BenchmarkDecide(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			sc := benchScenario(b, 1_000_000, 1000)
			e := New(sc, 0, w)
			for range 13 {
				e.Step()
			}
			nb := (e.pop.len() + blockSize - 1) / blockSize
			key := stepKey(e.repKey, e.step)
			for b.Loop() {
				e.parallel(nb, func(i int) {
					lo := i * blockSize
					e.decide(e.blocks[i], lo, min(lo+blockSize, e.pop.len()), key)
				})
			}
			b.ReportMetric(float64(b.N)*float64(e.Agents())/b.Elapsed().Seconds(), "agent-steps/s")
		})
	}
}
