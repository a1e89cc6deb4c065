package model

// RemittanceFeeCut lowers the corridor fee of the covered destinations to
// Fee (never raises it). With CostPerPoint > 0 the public pays CostPerPoint
// per percentage point cut per USD 1,000 sent (a subsidy); with 0 the cut is
// free (regulation).
type RemittanceFeeCut struct {
	Fee          float64 `toml:"fee"`            // share of the amount sent; in [0, 1]
	CostPerPoint float64 `toml:"cost_per_point"` // USD per point per USD 1,000 sent; >= 0
}

// Kind returns KindRemittanceFeeCut.
func (*RemittanceFeeCut) Kind() Kind { return KindRemittanceFeeCut }

// Validate checks every parameter's range.
func (l *RemittanceFeeCut) Validate() []Problem {
	var ps problems
	ps.share("fee", l.Fee)
	ps.nonNegative("cost_per_point", l.CostPerPoint)
	return ps
}
