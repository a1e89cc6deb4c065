package model

import (
	"errors"
	"strconv"
)

// Eligibility says which workers at home a wage top-up pays. The zero value,
// EligibleAll, pays everyone in the covered sectors.
type Eligibility uint8

const (
	EligibleAll       Eligibility = iota // workers and returnees ("all", or left out)
	EligiblePublic                       // graduates of public programmes ("public")
	EligibleReturnees                    // returnees, for WageTopUp.Months after return ("returnees")
)

var eligibilityNames = [...]string{"all", "public", "returnees"}

// String returns the name files use, e.g. "public".
func (e Eligibility) String() string {
	if int(e) < len(eligibilityNames) {
		return eligibilityNames[e]
	}
	return "Eligibility(" + strconv.Itoa(int(e)) + ")"
}

// MarshalText returns the name files use.
func (e Eligibility) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads a name; "" is EligibleAll, as a key left out.
func (e *Eligibility) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*e = EligibleAll
		return nil
	}
	for i, n := range eligibilityNames {
		if n == string(text) {
			*e = Eligibility(i)
			return nil
		}
	}
	return errors.New(`must be "all", "public" or "returnees" (left out: "all")`)
}
