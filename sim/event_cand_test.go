package sim

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/results"
)

// TestCandLevelOf checks the levels of the candidate probabilities: q_L
// holds q and the next level does not, a level's own q maps to it, and the
// grid's ratio is 2^(1/candGrid), the most a candidate set rounds a bound
// up.
func TestCandLevelOf(t *testing.T) {
	for _, q := range []float64{1, 0.999, 0.5, 0.25000001, 0.1, 0.0123, 1e-3, 3.3e-5, 1e-9, 1e-15} {
		l := candLevelOf(q)
		if l == candNever || candTab[l].q < q || l+1 < candLevels && candTab[l+1].q >= q {
			t.Errorf("candLevelOf(%g) = %d: q_L %g, q_L+1 %g", q, l, candTab[l].q, candTab[min(l+1, candLevels-1)].q)
		}
		if r := candTab[l].q / q; r > math.Exp2(1.0/candGrid)*(1+1e-7) {
			t.Errorf("q %g rounded up by %g", q, r)
		}
	}
	for l := range candLevels {
		if got := candLevelOf(candTab[l].q); got != l {
			t.Fatalf("candLevelOf(q_%d) = %d", l, got)
		}
	}
	if candLevelOf(0) != candNever || candLevelOf(-1) != candNever || candLevelOf(1e-30) != candNever {
		t.Error("a zero or negligible probability has a level")
	}
}

// TestCandSetLaw checks that a candidate set is a Bernoulli process at its
// level's probability: over 4,000 persons and 2,048 steps, the share of
// candidate steps is q within 4 standard errors, so is the share of steps
// after a candidate step (independence of neighbours, across the windows'
// edges), and nextCand from any step gives the set's next step (walking
// the set from every step or from its own steps agrees).
func TestCandSetLaw(t *testing.T) {
	ev := &eventState{candKey: [2]uint64{0x1234567, 0x89abcdef}}
	const persons, steps = 4000, 2048
	for _, q := range []float64{0.5, 0.05, 0.004} {
		l := candLevelOf(q)
		lq := candTab[l].q
		var n, hits, afterHit, pairs int
		for id := range uint32(persons) {
			prev := -10
			in := make([]bool, steps)
			for c := ev.nextCand(id, candEvent, l, -1, steps-1); c < steps; c = ev.nextCand(id, candEvent, l, c, steps-1) {
				in[c] = true
			}
			for s := range steps {
				// nextCand from step s-1 lands on s exactly when s is in the set.
				if got := ev.nextCand(id, candEvent, l, s-1, steps-1) == s; got != in[s] {
					t.Fatalf("q %g, person %d, step %d: nextCand from %d says %v, the walk %v", q, id, s, s-1, got, in[s])
				}
				if s > 300 { // the check above is slow; the law uses every step
					break
				}
			}
			for s, v := range in {
				n++
				if v {
					hits++
					if s == prev+1 {
						pairs++
					}
					prev = s
				}
				if s > 0 && in[s-1] {
					afterHit++
				}
			}
		}
		se := math.Sqrt(lq * (1 - lq) / float64(n))
		if got := float64(hits) / float64(n); math.Abs(got-lq) > 4*se {
			t.Errorf("q_L %g: share of candidate steps %g, 4 se %g", lq, got, 4*se)
		}
		cond := float64(pairs) / float64(afterHit)
		seC := math.Sqrt(lq * (1 - lq) / float64(afterHit))
		if math.Abs(cond-lq) > 4*seC {
			t.Errorf("q_L %g: share after a candidate %g, 4 se %g", lq, cond, 4*seC)
		}
	}
}

// TestCandNested checks the sets of an octave: the set of a level is in the
// set of a level of larger q (a smaller L) with the same uniform at each of
// its steps, the uniform is below the level's q, and its mean is q/2 within 4
// standard errors (uniform below q); sets of two octaves share no key.
func TestCandNested(t *testing.T) {
	ev := &eventState{candKey: [2]uint64{0x5151, 0x7373}}
	const persons, steps = 2000, 1024
	for _, lo := range []int{3*candGrid + 1, 5*candGrid + 4} {
		hi := lo + 2 // same octave
		var sum, n float64
		for id := range uint32(persons) {
			for c, u := ev.candAfter(id, candEvent, hi, -1, steps-1); c < steps; c, u = ev.candAfter(id, candEvent, hi, c, steps-1) {
				if u >= candTab[hi].q {
					t.Fatalf("level %d: uniform %g above q %g", hi, u, candTab[hi].q)
				}
				sum += u
				n++
				// Level lo (larger q) has the step, with the same uniform.
				m, v := ev.candAfter(id, candEvent, lo, c-1, steps-1)
				if m != c || v != u {
					t.Fatalf("step %d of level %d (uniform %g): level %d's next is %d (uniform %g)", c, hi, u, lo, m, v)
				}
			}
		}
		q := candTab[hi].q
		if mean, se := sum/n, q/math.Sqrt(12*n); math.Abs(mean-q/2) > 4*se {
			t.Errorf("level %d: mean uniform %g, want %g within %g", hi, mean, q/2, 4*se)
		}
	}
}

// TestEventPaired checks the event engine with Options.Paired: the same
// bytes for 1, 2 and 7 workers (small shards), the step engine's law on
// Ghana and Moldova with their policies (the equivalence harness, at the
// sizes of TestEventEquivalence), and common random numbers: comparing
// Ghana with and without MIDA (30 assignments a year, a small programme),
// the standard deviation over replicates of the paired difference in
// emigrants after 10 years is at most pairedSDMax times the step engine's,
// and the unpaired event engine's is at least unpairedSDMin times it.
// Measured at 30,000 agents, 40 replicates: step 2.2, unpaired 59, paired
// 3.7 (docs/PERFORMANCE.md); the bands leave room for 20 replicates at this
// size.
func TestEventPaired(t *testing.T) {
	const (
		pairedSDMax   = 4
		unpairedSDMin = 6
	)
	t.Run("deterministic", func(t *testing.T) {
		smallShards(t)
		sc := ghanaFrom(t, 3*blockSize+123, 4, 2)
		var want []byte
		for _, w := range []int{1, 2, 7} {
			out, err := RunWith(t.Context(), sc, Options{Workers: w, Engine: EngineEvent, Paired: true})
			if err != nil {
				t.Fatal(err)
			}
			got := csvBytes(t, out.Timeseries)
			if want == nil {
				want = got
			} else if !bytes.Equal(got, want) {
				t.Errorf("workers=%d: timeseries differ from workers=1", w)
			}
		}
	})
	agents, years := equivSize()
	for _, name := range []string{"ghana", "moldova"} {
		t.Run("equivalence/"+name, func(t *testing.T) {
			sc := shippedSized(t, name, agents, 30, equivReplicates)
			if years > 0 {
				sc.Years = years
			}
			step, err := Run(t.Context(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Run(t.Context(), sc, Options{Engine: EngineEvent, Paired: true})
			if err != nil {
				t.Fatal(err)
			}
			checkEquivalent(t, sc, step, ev)
		})
	}
	t.Run("common random numbers", func(t *testing.T) {
		if raceEnabled || testing.Short() {
			t.Skip("20 replicates of Ghana at 10,000 agents, 4 runs")
		}
		with := shippedSized(t, "ghana", 10000, 10, 20)
		without := *with
		without.Policies = nil
		for k, p := range with.Policies {
			if with.PolicyName(k) != "mida_ghana_health" {
				without.Policies = append(without.Policies, p)
			}
		}
		if len(without.Policies) != len(with.Policies)-1 {
			t.Fatal("ghana has no policy mida_ghana_health")
		}
		sd := func(opt Options) float64 {
			a, err := Run(t.Context(), with, opt)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Run(t.Context(), &without, opt)
			if err != nil {
				t.Fatal(err)
			}
			m := slices.IndexFunc(a.Metrics, func(m results.Metric) bool { return m.Name == string(results.Emigrants) })
			i := 10*with.StepsPerYear - 1
			d := make([]float64, len(a.Values))
			for r := range d {
				d[r] = a.Values[r][i][m] - b.Values[r][i][m]
			}
			_, v := meanVar(d)
			return math.Sqrt(v)
		}
		step := sd(Options{})
		paired := sd(Options{Engine: EngineEvent, Paired: true})
		unpaired := sd(Options{Engine: EngineEvent})
		t.Logf("sd of the paired difference in emigrants at year 10: step %.2f, paired %.2f, unpaired %.2f", step, paired, unpaired)
		if paired > pairedSDMax*step {
			t.Errorf("paired: %.2f, above %d times the step engine's %.2f", paired, pairedSDMax, step)
		}
		if unpaired < unpairedSDMin*step {
			t.Errorf("unpaired: %.2f, below %d times the step engine's %.2f: the test has no power", unpaired, unpairedSDMin, step)
		}
	})
}

// BenchmarkEventPaired steps bench.toml at a million agents with the event
// engine unpaired and paired (Options.Paired), one worker, so that the cost
// of the candidate sets compares as a ratio in one run.
func BenchmarkEventPaired(b *testing.B) {
	sc := benchWhole(b, 1_000_000, 200, 1)
	for _, paired := range []bool{false, true} {
		b.Run(fmt.Sprintf("paired=%v", paired), func(b *testing.B) {
			e := New(sc, 0, 1)
			e.startEvents()
			e.ev.paired = paired
			e.Step()
			agentSteps, events := 0, e.ev.events
			for b.Loop() {
				agentSteps += e.Agents()
				e.Step()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(agentSteps), "ns/agent-step")
			b.ReportMetric(float64(e.ev.events-events)/float64(agentSteps), "events/agent-step")
		})
	}
}
