package sim

import (
	"slices"
	"testing"
)

// TestCapQueue: entries come out of the queue in order of key whatever
// mix of run and heap holds them (pushes between rebuilds, pops between
// pushes), and only those at or below the level; a rebuild keeps exactly
// the entries its filter keeps, in one sorted run.
func TestCapQueue(t *testing.T) {
	r := newStream(7, 8, 9)
	var q capQueue
	var want []capWatch // the entries in the queue, kept by the test
	slot := int32(0)
	pushN := func(n int, lo float64) {
		for range n {
			w := capWatch{key: float32(lo + r.float()), slot: slot}
			slot++
			q.push(w)
			want = append(want, w)
		}
	}
	for round := range 20 {
		g := float64(round) * 0.5
		pushN(300, g) // keys in [g, g + 1): some due at g + 0.5
		if round%3 == 0 {
			keep := func(w capWatch) bool { return w.slot%5 != 0 }
			q.rebuild(keep)
			want = slices.DeleteFunc(want, func(w capWatch) bool { return !keep(w) })
			if len(q.heap) != 0 || q.len() != len(want) || !slices.IsSortedFunc(q.run, compareWatch) {
				t.Fatalf("round %d: rebuild left %d in the heap, %d entries (want %d), sorted %v",
					round, len(q.heap), q.len(), len(want), slices.IsSortedFunc(q.run, compareWatch))
			}
		}
		level := g + 0.5
		var got []capWatch
		for {
			w, ok := q.popDue(level)
			if !ok {
				break
			}
			got = append(got, w)
		}
		if !slices.IsSortedFunc(got, func(a, b capWatch) int { return compareWatch(capWatch{key: a.key}, capWatch{key: b.key}) }) {
			t.Fatalf("round %d: popped out of order of key", round)
		}
		var due []capWatch
		want = slices.DeleteFunc(want, func(w capWatch) bool {
			if float64(w.key) <= level {
				due = append(due, w)
				return true
			}
			return false
		})
		slices.SortFunc(got, compareWatch)
		slices.SortFunc(due, compareWatch)
		if !slices.Equal(got, due) {
			t.Fatalf("round %d: popped %d entries, want the %d at or below %v", round, len(got), len(due), level)
		}
		if q.len() != len(want) {
			t.Fatalf("round %d: %d left, want %d", round, q.len(), len(want))
		}
	}
}
