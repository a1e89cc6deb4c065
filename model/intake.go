package model

import (
	"errors"
	"strconv"
)

// Intake says when the youth cohort enters training over a year. The zero
// value, IntakeYearly, is the behaviour before the key existed.
type Intake uint8

const (
	// IntakeYearly: the whole cohort chooses at the first step of each year
	// and the year's seats are offered then ("yearly", or left out), as in
	// an academic year with one intake.
	IntakeYearly Intake = iota
	// IntakeSpread: the cohort enters in equal parts at every step of the
	// year, with the year's seats spread the same way ("spread"): a steady
	// inflow, for programmes with rolling or several intakes a year.
	IntakeSpread
)

var intakeNames = [...]string{"yearly", "spread"}

// String returns the name files use, e.g. "spread".
func (i Intake) String() string {
	if int(i) < len(intakeNames) {
		return intakeNames[i]
	}
	return "Intake(" + strconv.Itoa(int(i)) + ")"
}

// MarshalText returns the name files use.
func (i Intake) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText reads a name; "" is IntakeYearly, as a key left out.
func (i *Intake) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*i = IntakeYearly
		return nil
	}
	for k, n := range intakeNames {
		if n == string(text) {
			*i = Intake(k)
			return nil
		}
	}
	return errors.New(`must be "yearly" or "spread" (left out: "yearly")`)
}
