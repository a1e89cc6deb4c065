//go:build !race

package sim

// raceEnabled reports whether the tests run under the race detector, which
// makes the engine about ten times slower: the largest statistical tests
// then run a smaller version.
const raceEnabled = false
