package sim

import (
	"cmp"
	"slices"
)

// capQueue holds the entries of the watch of the cap (event_cap.go) of one
// shard and sector, by key: a run sorted by key, taken from its head, and a
// heap of the entries pushed since the run was made, merged into a new run
// at each compaction (compactCap). The entries due in a step are the lowest
// keys, and with the index rising they are taken from the run in order, a
// load each: a binary heap of them all took log2 of its size in cache misses
// a pop, 7-13% of a step in bench's late years, and a third of a second's
// pops when a cohort of the same skill reached the cap in one step. The
// persons who came home since the last compaction, a few percent of the
// entries, are in the heap.
//
// The zero value is an empty queue.
type capQueue struct {
	run  []capWatch // sorted by key, then slot; run[head:] are in the queue
	head int
	heap []capWatch // a min-heap by key with capArity children a node
	kept int        // entries after the last compaction
}

// capArity is the number of children of a node of the heap: with 4, a pop
// goes down half the levels of a binary heap, and a node's children are 32
// bytes side by side.
const capArity = 4

// len returns the number of entries in the queue.
func (q *capQueue) len() int { return len(q.run) - q.head + len(q.heap) }

// room returns the entries the queue's arrays can hold.
func (q *capQueue) room() int { return cap(q.run) + cap(q.heap) }

// popDue takes the entry of lowest key out of the queue if its key is at
// most g; the run's first on a tie with the heap's.
func (q *capQueue) popDue(g float64) (capWatch, bool) {
	fromRun := q.head < len(q.run) && (len(q.heap) == 0 || q.run[q.head].key <= q.heap[0].key)
	switch {
	case fromRun && float64(q.run[q.head].key) <= g:
		w := q.run[q.head]
		q.head++
		return w, true
	case !fromRun && len(q.heap) > 0 && float64(q.heap[0].key) <= g:
		return q.popHeap(), true
	}
	return capWatch{}, false
}

// grow makes room for one more entry in the heap's array. It grows by an
// eighth, not by doubling as append does: the watch's entries are a tenth
// of the engine's memory at bench's peak (8 bytes for most persons at home),
// and the slack of doubling took the live heap above 64 bytes a person.
func (q *capQueue) grow() {
	if n := len(q.heap); n == cap(q.heap) {
		q.heap = slices.Grow(q.heap, n/8+capCompactMin)
	}
}

// add appends w to the heap's array without ordering it: for the filling of
// the whole watch at the start (eventInit), which sorts it at its end
// (rebuild).
func (q *capQueue) add(w capWatch) {
	q.grow()
	q.heap = append(q.heap, w)
}

// push adds w to the heap.
func (q *capQueue) push(w capWatch) {
	q.add(w)
	h, j := q.heap, len(q.heap)-1
	for j > 0 {
		up := (j - 1) / capArity
		if !(h[j].key < h[up].key) {
			break
		}
		h[j], h[up] = h[up], h[j]
		j = up
	}
}

// popHeap takes the entry of lowest key out of the heap, which is not empty.
func (q *capQueue) popHeap() capWatch {
	h := q.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	q.heap = h[:n]
	q.down(0)
	return top
}

// down moves entry j of the heap down to its place.
func (q *capQueue) down(j int) {
	h, n := q.heap, len(q.heap)
	for {
		l := capArity*j + 1
		if l >= n {
			return
		}
		m := l
		for c := l + 1; c < min(l+capArity, n); c++ {
			if h[c].key < h[m].key {
				m = c
			}
		}
		if !(h[m].key < h[j].key) {
			return
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
}

// rebuild keeps the entries for which keep is true, in a new run sorted by
// key, then slot, with an eighth of room; the heap is emptied and its array
// let go.
func (q *capQueue) rebuild(keep func(capWatch) bool) {
	run := slices.DeleteFunc(q.run[q.head:], func(w capWatch) bool { return !keep(w) })
	heap := slices.DeleteFunc(q.heap, func(w capWatch) bool { return !keep(w) })
	slices.SortFunc(heap, compareWatch)
	n := len(run) + len(heap)
	out := make([]capWatch, 0, n+n/8+capCompactMin)
	for len(run) > 0 && len(heap) > 0 {
		if compareWatch(run[0], heap[0]) <= 0 {
			out, run = append(out, run[0]), run[1:]
		} else {
			out, heap = append(out, heap[0]), heap[1:]
		}
	}
	out = append(append(out, run...), heap...)
	q.run, q.head, q.heap, q.kept = out, 0, nil, len(out)
}

// compareWatch orders entries by key, then slot.
func compareWatch(a, b capWatch) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.slot, b.slot)
}

// entries calls f with each entry of the queue, the run's then the heap's.
func (q *capQueue) entries(f func(capWatch)) {
	for _, w := range q.run[q.head:] {
		f(w)
	}
	for _, w := range q.heap {
		f(w)
	}
}
