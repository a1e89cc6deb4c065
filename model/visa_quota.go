package model

// VisaQuota is a destination's yearly admissions: each covered destination
// admits at most Quota persons a year from the origin, for each covered
// sector (all sectors together when the policy names none).
type VisaQuota struct {
	Quota float64 `toml:"quota"` // persons a year; >= 0; 0 closes the door
}

// Kind returns KindVisaQuota.
func (*VisaQuota) Kind() Kind { return KindVisaQuota }

// Validate checks that the quota is not negative.
func (l *VisaQuota) Validate() []Problem {
	var ps problems
	ps.nonNegative("quota", l.Quota)
	return ps
}
