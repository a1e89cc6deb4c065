package model

import (
	"errors"
	"strconv"
)

// RecruitmentCap is an ethical-recruitment restriction (the WHO Global Code
// of Practice on the International Recruitment of Health Personnel). With
// Restricts = RestrictAdmissions, the zero value, each covered destination
// admits at most Quota persons a year from the origin, for each covered
// sector (all sectors together when the policy names none): a hard quota.
// With Restricts = RestrictActive, the Code's own rule, only the actively
// recruited part of the arrivals is cut: a share ActiveShare x Cut of the
// applicants to a covered destination is turned away and chooses again among
// the other destinations (docs/ODD.md 7.4), individual applications staying
// open. Either is in force only while the origin's health-worker density is
// below SafeguardDensity, when that is set.
type RecruitmentCap struct {
	Quota float64 `toml:"quota"` // persons a year; >= 0; 0 closes the door; restricts = "admissions" only
	// Restricts is what the policy limits; the zero value caps all
	// admissions at Quota, as before issue 13.
	Restricts RecruitmentScope `toml:"restricts"`
	// ActiveShare is the share of the arrivals at a covered destination who
	// are actively recruited (by employers or agencies), within (0, 1],
	// restricts = "active" only. No source in ../shared gives it: assumed
	// per scenario.
	ActiveShare float64 `toml:"active_share"`
	// Cut is the share of active recruitment the policy stops, within
	// (0, 1]; 1 is the Code's ban on active recruitment. restricts =
	// "active" only.
	Cut float64 `toml:"cut"`
	// SafeguardDensity is the health-worker density (doctors, nurses and
	// midwives, the scenario's health sectors, per 10,000 population) below
	// which the policy is in force; 0 (the default) = always in force while
	// active. The WHO 2023 health workforce support and safeguards list uses
	// 49 per 10,000 (../shared/data/README.md; the SDG index threshold is
	// 44.5). Judged every step from the previous step's density.
	SafeguardDensity float64 `toml:"safeguard_density"`
}

// Kind returns KindRecruitmentCap.
func (*RecruitmentCap) Kind() Kind { return KindRecruitmentCap }

// MaxDensity bounds SafeguardDensity, per 10,000: every person a health
// worker.
const MaxDensity = 10_000

// Validate checks the quota, the shares and the threshold, and that the keys
// of one scope are not set with the other.
func (l *RecruitmentCap) Validate() []Problem {
	var ps problems
	ps.nonNegative("quota", l.Quota)
	ps.check("safeguard_density", l.SafeguardDensity, l.SafeguardDensity >= 0 && l.SafeguardDensity <= MaxDensity,
		"must be within [0, 10000] per 10,000 population (0 = always in force)")
	if l.Restricts == RestrictActive {
		const want = `must be within (0, 1] with restricts = "active"`
		ps.check("active_share", l.ActiveShare, l.ActiveShare > 0 && l.ActiveShare <= 1, want)
		ps.check("cut", l.Cut, l.Cut > 0 && l.Cut <= 1, want)
		ps.check("quota", l.Quota, l.Quota == 0, `must be 0 or left out with restricts = "active" (it turns away the actively recruited; it sets no quota)`)
	} else {
		const want = `must be 0 or left out unless restricts = "active"`
		ps.check("active_share", l.ActiveShare, l.ActiveShare == 0, want)
		ps.check("cut", l.Cut, l.Cut == 0, want)
	}
	return ps
}

// RecruitmentScope says what a recruitment restriction limits. The zero
// value, RestrictAdmissions, caps all admissions.
type RecruitmentScope uint8

const (
	RestrictAdmissions RecruitmentScope = iota // every admission, at RecruitmentCap.Quota ("admissions", or left out)
	RestrictActive                             // active recruitment only, with diversion ("active")
)

var recruitmentScopeNames = [...]string{"admissions", "active"}

// String returns the name files use, e.g. "active".
func (r RecruitmentScope) String() string {
	if int(r) < len(recruitmentScopeNames) {
		return recruitmentScopeNames[r]
	}
	return "RecruitmentScope(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText returns the name files use.
func (r RecruitmentScope) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a name; "" is RestrictAdmissions, as a key left out.
func (r *RecruitmentScope) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*r = RestrictAdmissions
		return nil
	}
	for i, n := range recruitmentScopeNames {
		if n == string(text) {
			*r = RecruitmentScope(i)
			return nil
		}
	}
	return errors.New(`must be "admissions" or "active" (left out: "admissions")`)
}
