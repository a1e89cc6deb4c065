package model

import "math"

// Problem is a parameter that the model cannot simulate: the key of the
// field as the scenario file names it (relative to the table it is in, e.g.
// "top_up" in a policy block), its value, and what would be valid.
type Problem struct {
	Key   string
	Value any // the field's value: a float64, an int or a string
	Msg   string
}

// problems collects the problems of one table; the zero value is ready.
type problems []Problem

// check adds x at key unless ok, with want saying what would be valid. NaN
// and infinities are left to the caller, which checks every number for them.
func (ps *problems) check(key string, x float64, ok bool, want string) {
	if !math.IsNaN(x) && !math.IsInf(x, 0) && !ok {
		*ps = append(*ps, Problem{Key: key, Value: x, Msg: want})
	}
}

func (ps *problems) nonNegative(key string, x float64) { ps.check(key, x, x >= 0, "must be >= 0") }

// share checks a probability or a share.
func (ps *problems) share(key string, x float64) {
	ps.check(key, x, x >= 0 && x <= 1, "must be within [0, 1]")
}

// change checks a relative change: a fall of 100% or more would leave nothing.
func (ps *problems) change(key string, x float64) {
	ps.check(key, x, x > -1, "must be > -1 (-0.2 is a fall of 20%)")
}

// MaxMonths bounds every duration of a policy in months: 1,440 months, 120
// years, longer than any career, so that a duration counted in steps fits
// the engine's 16-bit counters at any step length.
const MaxMonths = 1440

// months checks a duration in months: within [0, MaxMonths], or (0,
// MaxMonths] when it must last.
func (ps *problems) months(key string, x float64, mustLast bool) {
	if mustLast {
		ps.check(key, x, x > 0 && x <= MaxMonths, "must be within (0, 1440] (120 years)")
		return
	}
	ps.check(key, x, x >= 0 && x <= MaxMonths, "must be within [0, 1440] (120 years)")
}
