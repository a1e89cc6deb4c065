package model

import (
	"errors"
	"strconv"
)

// Unemployment says what trained persons at home without a funded post earn
// (docs/ODD.md, section 7.2b). The zero value, UnemploymentShared, keeps the
// rule of brainsim 0.2: nobody is unemployed in person, and every trained
// person at home earns the wage times the share employed.
type Unemployment uint8

const (
	UnemploymentShared      Unemployment = iota // everyone earns the wage x the share employed ("shared", or left out)
	UnemploymentBenefit                         // the unemployed earn Sector.UnemploymentIncome ("unemployed")
	UnemploymentUntrained                       // the unemployed take untrained work at origin.wage_untrained ("untrained")
	UnemploymentOtherSector                     // the unemployed work in Sector.OtherSector at its wage ("other_sector")
)

var unemploymentNames = [...]string{"shared", "unemployed", "untrained", "other_sector"}

// String returns the name files use, e.g. "untrained".
func (u Unemployment) String() string {
	if int(u) < len(unemploymentNames) {
		return unemploymentNames[u]
	}
	return "Unemployment(" + strconv.Itoa(int(u)) + ")"
}

// MarshalText returns the name files use.
func (u Unemployment) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText reads a name; "" is UnemploymentShared, as a key left out.
func (u *Unemployment) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*u = UnemploymentShared
		return nil
	}
	for i, n := range unemploymentNames {
		if n == string(text) {
			*u = Unemployment(i)
			return nil
		}
	}
	return errors.New(`must be "shared", "unemployed", "untrained" or "other_sector" (left out: "shared")`)
}

// InPerson reports whether persons without a post are unemployed one by one
// (a state of the person) rather than sharing the shortfall of posts.
func (u Unemployment) InPerson() bool { return u != UnemploymentShared }
