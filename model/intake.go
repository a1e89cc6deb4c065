package model

import (
	"errors"
	"strconv"
)

// Intake says when the youth cohort enters training over a year. The zero
// value, IntakeSpread, is the default: a steady inflow matches how the
// scenarios state their initial students (about training_years times the
// yearly entrants, the stock of a programme fed all year round), where a
// single yearly intake would leave one cohort fewer at the start of a year.
type Intake uint8

const (
	// IntakeSpread: the cohort enters in equal parts at every step of the
	// year, with the year's seats spread the same way ("spread", or left
	// out): a steady inflow, for the many programmes and institutions of a
	// country taken together.
	IntakeSpread Intake = iota
	// IntakeYearly: the whole cohort chooses at the first step of each year
	// and the year's seats are offered then ("yearly"), as in an academic
	// year with one intake; the behaviour before the key existed.
	IntakeYearly
)

var intakeNames = [...]string{"spread", "yearly"}

// String returns the name files use, e.g. "spread".
func (i Intake) String() string {
	if int(i) < len(intakeNames) {
		return intakeNames[i]
	}
	return "Intake(" + strconv.Itoa(int(i)) + ")"
}

// MarshalText returns the name files use.
func (i Intake) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText reads a name; "" is IntakeSpread, as a key left out.
func (i *Intake) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*i = IntakeSpread
		return nil
	}
	for k, n := range intakeNames {
		if n == string(text) {
			*i = Intake(k)
			return nil
		}
	}
	return errors.New(`must be "spread" or "yearly" (left out: "spread")`)
}
