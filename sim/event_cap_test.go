package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// capAbove returns bench.toml with a cap of 1.1, which float32 rounds up
// (1.10000002), and growth at home of 2% a year: the stored skill at the cap
// is above the cap, the other side of benchCapped's 1.04 (rounded down).
func capAbove(t testing.TB, agents, years int) *model.Scenario {
	sc := benchWhole(t, agents, years, 1)
	sc.Name = "bench cap above"
	sc.Skill.Max = 1.1
	sc.Skill.GrowthHome = 0.02
	return sc
}

// TestEventCapWatch checks the watch of the cap after every step, over
// several shards: no person at home is left in the uncapped sums with a
// skill at the cap (the sums of skill at home would be wrong from that
// step), every person at home below the cap has its own entry (ownKey),
// whose key is at or below the level of the index at which it reaches the
// cap, no heap holds
// more than twice its live entries (plus capCompactMin), no wake was spent
// on the cap (no no-op wakes: the runs are shorter than the ring), and the
// watch touched each stint at home below the cap at most once (bench: some
// 90% of them in 8 years, at a cap of 1.04 or 1.1).
func TestEventCapWatch(t *testing.T) {
	testShard = blockSize
	t.Cleanup(func() { testShard = 0 })
	for _, c := range []struct {
		sc      *model.Scenario
		touches bool // some skill at home reaches the cap
	}{
		{benchCapped(t, 3*blockSize+123, 8, 1), true},
		{capAbove(t, 3*blockSize+123, 8), true},
		// Ghana's assignments transfer skill, too slowly to reach the cap
		// of 1.5 in these years: the watch is kept, and touches no one.
		{ghanaFrom(t, 3*blockSize+123, 8, 1), false},
	} {
		sc := c.sc
		t.Run(sc.Name, func(t *testing.T) {
			e := newEvent(sc, 0, 2)
			p := &e.pop
			below := map[uint32]bool{} // ids at home below the cap after the last step
			stints := 0
			for range sc.Steps() {
				e.Step()
				ev, n := e.ev, e.step-1
				if ev.watchOn == nil {
					t.Fatal("no watch: the scenario does not test it")
				}
				keys := map[int][]float32{}
				for h := range ev.watch {
					ev.watch[h].entries(func(w capWatch) {
						keys[int(w.slot)] = append(keys[int(w.slot)], w.key)
					})
					if q := &ev.watch[h]; q.len() > 2*q.kept+capCompactMin {
						t.Fatalf("step %d: queue %d holds %d entries, %d at its last compaction", n, h, q.len(), q.kept)
					}
				}
				now := map[uint32]bool{}
				for i := range p.rec {
					st := p.rec[i].state
					if !st.AtHome() {
						continue
					}
					s, sk, tc := int(p.rec[i].sector), p.skill[i], int(ev.slot[i].touched)
					x := e.homeSkill(sk, s, tc, n)
					if !e.uncapped(st, sk) {
						if x != sk {
							t.Fatalf("step %d: slot %d at home at %v after step %d, %v now: not touched", n, i, sk, tc, x)
						}
						continue
					}
					if !(float64(x) < ev.capLevel) {
						t.Fatalf("step %d: slot %d at home at %v after step %d, at the cap (%v) now, still in the uncapped sums", n, i, sk, tc, x)
					}
					// Its own entry (ownKey), at or below the level at
					// which it reaches the cap: entries not its own are
					// dropped when reached.
					reach := ev.capLevel / float64(sk) * e.gIndex(tc, s)
					k, _ := e.capKey(sk, s, tc)
					own := false
					for _, w := range keys[i] {
						own = own || ownKey(w, k) && float64(w) <= reach
					}
					if !own {
						t.Fatalf("step %d: slot %d below the cap, key %v, reaching it at G = %v, has entries %v, none its own", n, i, k, reach, keys[i])
					}
					now[p.id[i]] = true
					if !below[p.id[i]] {
						stints++
					}
				}
				below = now
			}
			ev := e.ev
			if ev.noops != 0 {
				t.Errorf("%d no-op wakes in %d steps, shorter than the ring", ev.noops, sc.Steps())
			}
			if ev.caps > int64(stints) || c.touches != (ev.caps > 0) {
				t.Errorf("%d touches by the watch for %d stints at home below the cap: want at most one each, and some: %v", ev.caps, stints, c.touches)
			}
			t.Logf("%d touches by the watch, %d stints below the cap, %d events", ev.caps, stints, ev.events)
		})
	}
}

// TestDown32: the largest float32 at or below x.
func TestDown32(t *testing.T) {
	for _, x := range []float64{0, 1, 1.04, 1.1, 1.5, 7.78030123456, math.Inf(1)} {
		f := down32(x)
		if float64(f) > x {
			t.Errorf("down32(%v) = %v, above", x, f)
		}
		if up := math.Nextafter32(f, float32(math.Inf(1))); !math.IsInf(x, 1) && float64(up) <= x {
			t.Errorf("down32(%v) = %v: %v is at or below it too", x, f, up)
		}
	}
}

// TestCompactCap: a compaction keeps one entry a person, its own (the key
// it has now: an earlier stay's, or the slot's earlier person's, is
// dropped), drops the stale ones (a slot whose person left home), and
// leaves one sorted run.
func TestCompactCap(t *testing.T) {
	e := newEvent(benchCapped(t, 3000, 1, 1), 0, 1)
	for range 3 {
		e.Step()
	}
	ev, p := e.ev, &e.pop
	h := &ev.watch[0]
	e.compactCap(h, 0)
	live := h.len() // with no stale entry
	if live < 10 {
		t.Fatalf("%d entries: the test shows nothing", live)
	}
	w := h.run[len(h.run)-1]
	h.push(capWatch{key: w.key * 2, slot: w.slot}) // not its own: above
	h.push(capWatch{key: w.key / 2, slot: w.slot}) // not its own: below
	h.push(w)                                      // its own, twice
	gone := -1                                     // a slot not at home, entered as if it were
	for i := range p.rec {
		st := p.rec[i].state
		if !st.AtHome() {
			gone = i
			break
		}
	}
	h.push(capWatch{key: 1, slot: int32(gone)})
	e.compactCap(h, 0)
	if h.len() != live || h.kept != live || len(h.heap) != 0 {
		t.Fatalf("%d entries after the compaction (kept %d, %d in the heap), want %d in the run", h.len(), h.kept, len(h.heap), live)
	}
	for j, x := range h.run {
		if x.slot == w.slot && x.key != w.key {
			t.Errorf("slot %d kept at key %v, want its own %v", x.slot, x.key, w.key)
		}
		if x.slot == int32(gone) {
			t.Errorf("slot %d, not at home, kept", gone)
		}
		if j > 0 && compareWatch(h.run[j-1], x) > 0 {
			t.Fatalf("entry %d below the one before: not sorted", j)
		}
	}
}
