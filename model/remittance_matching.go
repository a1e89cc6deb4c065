package model

// RemittanceMatching is a public match of collective remittances (Mexico's
// 3x1): households put CollectiveShare of the remittances they receive into
// collective projects (schools, clinics), which public money matches Match
// to one.
type RemittanceMatching struct {
	CollectiveShare float64 `toml:"collective_share"` // share of remittances received; in [0, 1]
	Match           float64 `toml:"match"`            // public USD per collective USD; >= 0; 3 for 3x1
}

// Kind returns KindRemittanceMatching.
func (*RemittanceMatching) Kind() Kind { return KindRemittanceMatching }

// Validate checks every parameter's range.
func (l *RemittanceMatching) Validate() []Problem {
	var ps problems
	ps.share("collective_share", l.CollectiveShare)
	ps.nonNegative("match", l.Match)
	return ps
}
