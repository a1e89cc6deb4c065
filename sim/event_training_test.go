package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// Tests of the event engine's port of training_abroad (event_training.go).

const (
	// evTrainFrom is the first year of the runs on ghana: the UK MTI, its
	// training_abroad policy, starts in 2009 (scenarios/ghana.toml), so a
	// window from 2008 has a year before it, and its first trainees (24
	// months) come back at the end of 2010.
	evTrainFrom = 2008
	// evTrainPlaces are the places a year of the varied programme
	// (ghanaVaried), persons: 15 times ghana's 20 (assumed), so that at
	// 3,000 agents (about 10 persons each) some 30 agents a year are sent,
	// enough to exercise every branch of the choice at the end.
	evTrainPlaces = 300
	evTrainMonths = 18     // the varied programme's length, months: ends within the year after, trainees abroad at every year's end (assumed)
	evTrainBuyout = 20_000 // USD an obliged trainee pays to stay (assumed)
	evTrainCost   = 10_000 // USD a trainee-year paid by the origin (assumed)
)

// ghanaFrom returns ghana.toml with all its policies, agents agents and
// reps replicates over years years from evTrainFrom.
func ghanaFrom(t testing.TB, agentsN, years, reps int) *model.Scenario {
	sc, err := scenarios.LoadShipped("ghana")
	if err != nil {
		t.Fatal(err)
	}
	sc.StartYear, sc.Years, sc.Agents, sc.Replicates = evTrainFrom, years, agentsN, reps
	sc.Name = "ghana from 2008"
	return sc
}

// ghanaVaried returns ghanaFrom with its MTI made to use every part of the
// lever: more places, half the trainees obliged under a bond they may buy
// out, half of the free staying, and the places paid by the origin.
func ghanaVaried(t testing.TB, agentsN, years, reps int) *model.Scenario {
	sc := ghanaFrom(t, agentsN, years, reps)
	sc.Name = "ghana from 2008, MTI varied"
	for k, p := range sc.Policies {
		if l, ok := p.Lever.(*model.TrainingAbroad); ok {
			v := *l
			v.Places, v.Months, v.Obliged = evTrainPlaces, evTrainMonths, 0.5
			v.Enforcement, v.Buyout, v.StayShare = model.EnforceBond, evTrainBuyout, 0.5
			v.PaidBy, v.CostPerPlace = model.PaidByOrigin, evTrainCost
			sc.Policies[k].Lever = &v
		}
	}
	return sc
}

// TestEventTrainingExercised checks that the runs on which
// TestEventStockFlow, TestEventBoundsHold and TestEventDeterministic check
// the port exercise the lever: trainees leave in 2009 and come home in 2010.
func TestEventTrainingExercised(t *testing.T) {
	for _, sc := range []*model.Scenario{ghanaFrom(t, 3000, 4, 1), ghanaVaried(t, 3000, 4, 1)} {
		t.Run(sc.Name, func(t *testing.T) {
			out, err := RunWith(t.Context(), sc, Options{Engine: EngineEvent})
			if err != nil {
				t.Fatal(err)
			}
			ts := out.Timeseries
			left := sum(at(t, ts, results.TraineeDepartures, evTrainFrom+1))
			back := sum(at(t, ts, results.TraineeReturns, evTrainFrom+2))
			t.Logf("departures in 2009 %.0f, returns in 2010 %.0f persons", left, back)
			if left <= 0 || back <= 0 {
				t.Errorf("departures %v, returns %v: the lever was not exercised", left, back)
			}
		})
	}
}

// TestEventTrainingDeterministic: ghana with the varied MTI gives the same
// bytes for 1, 2 and 7 workers, over several shards.
func TestEventTrainingDeterministic(t *testing.T) {
	eventDeterministic(t, ghanaVaried(t, 3*blockSize+123, 4, 2))
}

// TestEventTrainingBounds checks, every step, the trainees' calendar
// entries: a trainee has served its first step (woken at it), its training
// is not over, its bound is 0 (no hazard but death), and its next
// scheduled step is the end of its training, or its retirement if that
// comes first; and that every person alive is in exactly one bucket of the
// calendar, a trainee in that of its scheduled step (moveTrainees takes
// the persons sent out of their old buckets). TestEventBoundsHold checks
// the bounds of the others on the same runs.
func TestEventTrainingBounds(t *testing.T) {
	for _, sc := range []*model.Scenario{ghanaFrom(t, 3000, 4, 1), ghanaVaried(t, 3000, 4, 1)} {
		t.Run(sc.Name, func(t *testing.T) {
			e := newEvent(sc, 0, 1)
			trainees := 0
			for range sc.Steps() {
				e.Step()
				p, ev := &e.pop, e.ev
				in := make([]int, p.len()) // buckets holding each slot
				at := make([]int, p.len()) // the step of the last
				for sh, ring := range ev.buckets {
					for j, bk := range ring {
						for _, i := range bk {
							if int(i)/eventShard != sh {
								t.Fatalf("step %d: slot %d in the buckets of shard %d", e.step, i, sh)
							}
							in[i]++
							at[i] = e.step + (j-e.step%eventRing+eventRing)%eventRing
						}
					}
				}
				for i := range p.rec {
					st := p.rec[i].state
					if (st == agents.Gone) != (in[i] == 0) || in[i] > 1 {
						t.Fatalf("step %d, %v %d: in %d buckets", e.step, st, i, in[i])
					}
					if st == agents.TraineeAbroad && at[i] != min(ev.slot[i].schedAt(), ev.slot[i].deathAt()) {
						t.Fatalf("step %d, trainee %d: in the bucket of step %d, scheduled at %d, dies at %d", e.step, i, at[i], ev.slot[i].schedAt(), ev.slot[i].deathAt())
					}
				}
				for i := range p.rec {
					st := p.rec[i].state
					if st != agents.TraineeAbroad {
						continue
					}
					sl := ev.slot[i]
					end := int(sl.touched) + int(p.rec[i].timer)
					retire := int(sl.touched) + int(e.retireSteps) - int(p.rec[i].age)
					switch {
					case p.rec[i].tenure == 0:
						t.Fatalf("step %d, trainee %d: not woken at its first step abroad", e.step, i)
					case p.rec[i].timer == 0:
						t.Fatalf("step %d, trainee %d: training over, still a trainee", e.step, i)
					case sl.pMax != 0 || int(sl.cand) != neverStep:
						t.Fatalf("step %d, trainee %d: bound %v, candidate %d", e.step, i, sl.pMax, sl.cand)
					case sl.schedAt() != min(end, retire) || sl.schedAt() < e.step:
						t.Fatalf("step %d, trainee %d: scheduled at %d, training ends at %d, retires at %d", e.step, i, sl.schedAt(), end, retire)
					}
					trainees++
				}
			}
			t.Logf("%d trainee-steps checked", trainees)
			if trainees == 0 {
				t.Error("no trainee checked")
			}
		})
	}
}

// TestEventTrainingEquivalence compares the engines on the varied MTI,
// where the lever moves enough agents for its metrics to be tested (at
// ghana's own 20 places, TestEventEquivalence/ghana sees a trainee or two
// an agent): 30 replicates a side of 3,000 agents over 10 years from 2008,
// every metric at years 1, 5 and 10 (the trainees abroad, departures,
// returns and the programme's cost among them), with the harness's Welch
// and Kolmogorov-Smirnov tests and Holm's correction at 1% (compareRuns),
// and the stock-flow identity of every event run in whole agents.
func TestEventTrainingEquivalence(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("30 replicates of both engines")
	}
	sc := ghanaVaried(t, 3000, 10, equivReplicates)
	step, event := runBoth(t, sc)
	rep := checkEquivalent(t, sc, step, event)
	for _, name := range []string{results.TraineesAbroad, results.TraineeDepartures, results.TraineeReturns, results.PolicyCost} {
		for _, y := range []int{evTrainFrom + 1, evTrainFrom + 5} {
			ms, _ := meanVar(at(t, step, name, y))
			me, _ := meanVar(at(t, event, name, y))
			t.Logf("%-20s %d: step %10.1f event %10.1f", name, y, ms, me)
		}
	}
	if ms, _ := meanVar(at(t, step, results.TraineesAbroad, evTrainFrom+5)); ms <= 0 {
		t.Errorf("no trainees abroad in %d: the lever was not exercised", evTrainFrom+5)
	}
	for _, f := range rep.failures {
		t.Errorf("event against step: %s", f)
	}
}

// BenchmarkEventTraining measures the cost of the training lottery in the
// event engine, at a million agents on bench.toml with a training_abroad
// policy (ghana's MTI for bench's doctors to the UK) of 2,000 places a year
// or none (the lottery is then not drawn): a year of steps (year), with the
// time of its first step, which runs the lottery and moves the wakes of
// the persons sent (moveTrainees), and the mean of the others reported
// apart; the pass of moveTrainees over the buckets of every shard (drop),
// its cost when the persons sent are in every shard; and, for comparison,
// a rebuild of the whole calendar (rebuild), the other way to move them.
func BenchmarkEventTraining(b *testing.B) {
	for _, places := range []float64{0, 2_000} {
		sc := benchWhole(b, 1_000_000, 200, 1)
		sc.Policies = append(sc.Policies, model.Policy{Name: "mti", StartYear: sc.StartYear, Sectors: []string{"doctor"},
			Destinations: []string{"UK"}, Lever: &model.TrainingAbroad{Places: places, Months: 24, Obliged: 1}})
		e := New(sc, 0, 1)
		e.startEvents()
		for range e.spy + 1 {
			e.Step() // past the first lottery
		}
		for e.step%e.spy != 0 {
			e.Step()
		}
		b.Run(fmt.Sprintf("places=%v/year", places), func(b *testing.B) {
			var first, rest time.Duration
			agentSteps := 0
			for b.Loop() {
				for k := range e.spy {
					agentSteps += e.Agents()
					t0 := time.Now()
					e.Step()
					if k == 0 {
						first += time.Since(t0)
					} else {
						rest += time.Since(t0)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(agentSteps), "ns/agent-step")
			b.ReportMetric(float64(first.Nanoseconds())/float64(b.N)/1e6, "ms/lottery-step")
			b.ReportMetric(float64(rest.Nanoseconds())/float64(b.N*(e.spy-1))/1e6, "ms/other-step")
		})
		if places > 0 {
			b.Run("drop", func(b *testing.B) {
				for b.Loop() {
					for sh := range e.ev.buckets {
						e.dropSent(sh)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/drop")
			})
			b.Run("rebuild", func(b *testing.B) {
				for b.Loop() {
					e.rebuildCalendar()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/rebuild")
			})
		}
	}
}
