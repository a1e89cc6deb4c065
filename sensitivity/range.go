package sensitivity

// Range is the interval a parameter is sampled from.
type Range struct {
	Name string  // parameter name, e.g. "wage_gap_elasticity"; used to label indices
	Min  float64 // lower bound, in the parameter's own unit
	Max  float64 // upper bound, in the parameter's own unit; Max == Min fixes the parameter
}

// Scale maps u in [0, 1] linearly onto the range: 0 gives Min and 1 gives Max.
// Values of u outside [0, 1] are extrapolated, not clamped.
func (r Range) Scale(u float64) float64 {
	return r.Min + u*(r.Max-r.Min)
}
