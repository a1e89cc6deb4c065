package sim

import (
	"math"

	"github.com/brainsim/brainsim/model"
)

// The watch of the cap. A person at home whose skill is below the cap grows
// with the index G of its sector (homeSkill) and is in the uncapped sums
// (normSum, rawUnc, the returnees' sums of event_topup.go and
// event_benefit.go), which take its skill as s G(n) / G(t); the step at
// which that skill reaches the cap must touch it, so that from that step it
// is in the stored sums at the cap. Since its skill after any touch is s
// G(n) / G(t), the level of G at which it reaches the cap, cap G(t) / s,
// does not change while it stays at home: it is a threshold on the index,
// known at the person's touch, though the step at which the index reaches it
// is not (the index follows the assignments' transfer). So each shard keeps,
// for each sector, a queue of its persons at home by that threshold (a
// sorted run and a heap of the newly entered: event_capqueue.go), and at
// every step the persons whose threshold the index has passed are touched
// (capTouch), and only they: one touch a person, at the step it is capped.
// Before this watch a person was woken no later than the first step its
// skill could reach the cap at a bound of the growth factor: with the
// growth below its bound these checks came closer and closer as the skill
// neared the cap, two no-op wakes for every event after 20 years of bench.
//
// An entry is not taken out when its person changes otherwise (leaves home,
// dies): it is checked when its key is reached, and the queue is compacted
// when it has grown by half since its last compaction. A person at home
// below the cap always has its own entry, the one it was entered with when
// it came home (or after its last touch by the watch), whose key is the
// person's key now up to the rounding of the stored skill (ownKey); an
// entry of an earlier stay, or of the slot's earlier person, may look live
// but is not its own, and is dropped.

// capWatch is an entry of the watch: the person in slot must be touched once
// the growth index of its sector reaches key.
type capWatch struct {
	key  float32 // a level of G at or below the one at which the person's skill is capped (rounded down)
	slot int32
}

// capSlack is the relative margin by which a key is set below the level of
// the index at which the skill reaches the cap: it covers the rounding of
// the stored skill to float32 at each touch (2^-24 relative each, so that a
// key stays below its threshold over 1,600 touches, more than the steps of
// a working life), and of the key itself.
// An entry reached early is checked and entered again, at a cost of a few
// loads: the margin costs nothing measurable.
const capSlack = 1e-4

// ownKey tells whether an entry of key w is the own entry of a person whose
// key is now k: equal within capSlack, which covers the drift of the stored
// skill's rounding at its touches since it was entered. An entry of an
// earlier stay or person that passes (a key within 0.01% by chance) is at
// most k (1 + capSlack) <= threshold (1 - capSlack^2): below its threshold,
// a harmless second entry.
func ownKey(w, k float32) bool {
	return math.Abs(float64(w)-float64(k)) <= capSlack*float64(k)
}

// capCompactMin is the growth of a queue, in entries, below which it is not
// compacted: a small queue is not filtered for a few stale entries.
const capCompactMin = 256

// startCap sets up the watch of the cap, in the sectors whose skill at home
// can grow: with its own growth (skill.growth_home > 0) or a temporary-return
// programme covering the sector that transfers skill. Elsewhere the index
// never moves and the watch is not kept.
func (e *Engine) startCap() {
	ev, mx := e.ev, e.sc.Skill.Max
	if mx <= 0 {
		ev.capLevel = math.Inf(1)
		return
	}
	// The level below which a skill is uncapped: the cap, or the float32
	// to which the cap rounds when that is below it. A skill at float32(mx)
	// stays there (homeSkill returns it for any growth), so that it is in
	// the stored sums, not in the uncapped ones growing with the index.
	ev.capVal = float32(mx)
	ev.capLevel = min(mx, float64(ev.capVal))
	ev.watchOn = make([]bool, e.nS)
	on := false
	for s := range e.nS {
		ev.watchOn[s] = e.sc.Skill.GrowthHome > 0
		for k, p := range e.sc.Policies {
			if l, ok := p.Lever.(*model.TemporaryReturn); ok && l.SkillTransfer > 0 && e.pols[k].sectors[s] {
				ev.watchOn[s] = true
			}
		}
		on = on || ev.watchOn[s]
	}
	if !on {
		ev.watchOn = nil
	}
}

// capKey returns the key of the watch of a person at home in sector s whose
// skill after step touched is sk, and whether it needs one: below the cap,
// the level of the index at which its skill reaches it, less capSlack;
// above the cap's fixed point (a skill above the cap from abroad or at
// entry), the index now, so that the first growth brings it to the cap.
func (e *Engine) capKey(sk float32, s, touched int) (float32, bool) {
	ev := e.ev
	if ev.watchOn == nil || !ev.watchOn[s] {
		return 0, false
	}
	g := e.gIndex(touched, s)
	switch x := float64(sk); {
	case x < ev.capLevel:
		return down32(ev.capLevel / x * g * (1 - capSlack)), true
	case sk != ev.capVal:
		return down32(g), true
	}
	return 0, false
}

// capDue tells whether a person at home whose stored skill is sk and whose
// skill now is x (homeSkill) must be touched: its skill reached the cap, or
// a skill above the cap's fixed point moved.
func (e *Engine) capDue(sk, x float32) bool {
	if float64(sk) < e.ev.capLevel {
		return !(float64(x) < e.ev.capLevel)
	}
	return x != sk
}

// down32 returns the largest float32 <= x.
func down32(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

// watchCap enters person i in the watch of its shard and sector if it is at
// home and needs one (capKey): when it enters the calendar (eventInit,
// enterShard) and when a wake brings it home, in its shard. A person at home
// is entered once a stay: its key does not change as its skill grows (up to
// the rounding of the stored skill, which capSlack covers).
func (e *Engine) watchCap(i int) {
	ev, p := e.ev, &e.pop
	if ev.watchOn == nil || !p.rec[i].state.AtHome() {
		return
	}
	s := int(p.rec[i].sector)
	k, ok := e.capKey(p.skill[i], s, int(ev.slot[i].touched))
	if !ok {
		return
	}
	h := &ev.watch[(i/ev.shard)*e.nS+s]
	if ev.capFill {
		h.add(capWatch{key: k, slot: int32(i)}) // sorted at the end of the fill
		return
	}
	h.push(capWatch{key: k, slot: int32(i)})
	if h.len() > h.kept+h.kept/2+capCompactMin {
		e.compactCap(h, s)
	}
}

// capTouches touches the persons of shard bi whose skill at home reaches the
// cap in step now (after the shard's wakes, so that a person woken in the
// step is not touched again): the entries of each sector's queue whose key
// the index has reached, checked against their person's fields; the early
// ones are entered again after the step's are done.
func (e *Engine) capTouches(b *block, bi, now int) {
	ev := e.ev
	if ev.watchOn == nil {
		return
	}
	for s := range e.nS {
		h := &ev.watch[bi*e.nS+s]
		g := e.gIndex(now, s)
		back := b.capBack[:0]
		// The entries due are taken out a batch at a time and their persons'
		// fields loaded ahead (touchAhead), as the wakes' are: a cohort of
		// the same skill reaches the cap in one step (a third of bench's
		// persons in its 177th step), and one touch after another was one
		// cache miss after another. The early entries are entered again
		// after all are taken out.
		due, keys := b.ahead[:0], b.capKeys[:0]
		for {
			due, keys = due[:0], keys[:0]
			for len(due) < touchBatch {
				w, ok := h.popDue(g)
				if !ok {
					break
				}
				due, keys = append(due, w.slot), append(keys, w.key)
			}
			if len(due) == 0 {
				break
			}
			back = e.capCheck(b, s, now, due, keys, back)
		}
		b.ahead, b.capKeys = due, keys
		for _, w := range back {
			h.push(w)
		}
		if h.len() > 2*h.kept+capCompactMin || 2*h.len()+capCompactMin < h.room() {
			// Grown with stale entries, or shrunk by the touches: the
			// persons capped leave the queue for good (their skill stays
			// at the cap), so that after some years of growth most of
			// it would be room once needed.
			e.compactCap(h, s)
		}
		b.capBack = back
	}
}

// capCheck checks the due entries (slots and keys) of the queue of sector s
// against their persons' fields, in order, and touches the persons whose
// skill reached the cap in step now; it returns back with the entries to be
// entered again appended (a person touched whose skill is not yet at the cap,
// an own entry reached early).
func (e *Engine) capCheck(b *block, s, now int, due []int32, keys []float32, back []capWatch) []capWatch {
	ev, p := e.ev, &e.pop
	b.touched += touchAhead(ev.slot, p, due)
	for j, i32 := range due {
		i := int(i32)
		if !p.rec[i].state.AtHome() || int(p.rec[i].sector) != s {
			continue // stale: gone, or left home
		}
		sk, t := p.skill[i], int(ev.slot[i].touched)
		k, ok := e.capKey(sk, s, t)
		if !ok {
			continue // stale: at the cap
		}
		if e.capDue(sk, e.homeSkill(sk, s, t, now)) {
			e.capTouch(b, i, now)
			if k, ok = e.capKey(p.skill[i], s, now); ok {
				back = append(back, capWatch{key: k, slot: int32(i)})
			}
			continue
		}
		if ownKey(keys[j], k) {
			// Early, within capSlack: entered again, to be checked at
			// the next step the index grows.
			back = append(back, capWatch{key: k, slot: int32(i)})
		}
		// Else not its own entry (ownKey): the person has that one.
	}
	return back
}

// capTouch brings the fields of person i at home up to step now, as a wake
// that finds nothing to decide does, and moves its skill from the uncapped
// sums to the stored ones; its place in the calendar is kept (its
// scheduled steps are fixed in time, its candidate stands).
func (e *Engine) capTouch(b *block, i, now int) {
	ev, p, t := e.ev, &e.pop, &b.t
	st, s := p.rec[i].state, int(p.rec[i].sector)
	flags, dest, oldSkill := p.rec[i].flags, int(p.rec[i].dest), p.skill[i]
	idx := t.fineIndex(st, s, flags, e.band(p.rec[i].age))
	sl := &ev.slot[i]
	e.joblessTouch(b, i) // event_jobless.go
	dt := now - int(sl.touched)
	p.rec[i].age += uint16(dt)
	p.rec[i].tenure += uint16(dt)
	p.skill[i] = e.homeSkill(oldSkill, s, int(sl.touched), now)
	e.addNorm(b.normDelta, st, s, oldSkill, int(sl.touched), int(p.rec[i].tenure)-dt, -1)
	sl.touch(now)
	if ev.bond != nil {
		e.bondPassed(i, dt) // event_bond.go
	}
	if p.skill[i] != oldSkill {
		t.removePerson(st, s, dest, flags, oldSkill, idx)
		t.addPerson(st, s, dest, flags, p.skill[i], idx)
	}
	e.addNorm(b.normDelta, st, s, p.skill[i], now, int(p.rec[i].tenure), 1)
	b.caps++
}

// compactCap drops the entries of queue h of sector s that are not the own
// entry of a person at home below the cap (ownKey), keeps one a person
// (a person's own entries agree: a bit a slot of the shard, the queue's
// slots being all in one shard, finds the second), and sorts the queue
// into one run.
func (e *Engine) compactCap(h *capQueue, s int) {
	p, ev := &e.pop, e.ev
	seen := make([]uint64, (ev.shard+63)/64)
	h.rebuild(func(w capWatch) bool {
		i := int(w.slot)
		if st := p.rec[i].state; !st.AtHome() || int(p.rec[i].sector) != s {
			return false
		}
		k, ok := e.capKey(p.skill[i], s, int(ev.slot[i].touched))
		if !ok || !ownKey(w.key, k) {
			return false
		}
		j := i % ev.shard
		m := uint64(1) << (j % 64)
		if seen[j/64]&m != 0 {
			return false
		}
		seen[j/64] |= m
		return true
	})
}
