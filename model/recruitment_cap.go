package model

// RecruitmentCap is an ethical-recruitment cap (the WHO Global Code of
// Practice): each covered destination admits at most Quota persons a year
// from the origin, for each covered sector (all sectors together when the
// policy names none).
type RecruitmentCap struct {
	Quota float64 `toml:"quota"` // persons a year; >= 0; 0 closes the door
}

// Kind returns KindRecruitmentCap.
func (*RecruitmentCap) Kind() Kind { return KindRecruitmentCap }

// Validate checks that the quota is not negative.
func (l *RecruitmentCap) Validate() []Problem {
	var ps problems
	ps.nonNegative("quota", l.Quota)
	return ps
}
