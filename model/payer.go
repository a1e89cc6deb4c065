package model

import (
	"errors"
	"strconv"
)

// Payer says who pays for the seats of a training partnership or for
// portable benefits. The zero value, PaidByDestination, costs the origin
// nothing.
type Payer uint8

const (
	PaidByDestination Payer = iota // the partner destination pays ("destination", or left out)
	PaidByOrigin                   // the origin's budget pays ("origin")
)

var payerNames = [...]string{"destination", "origin"}

// String returns the name files use.
func (p Payer) String() string {
	if int(p) < len(payerNames) {
		return payerNames[p]
	}
	return "Payer(" + strconv.Itoa(int(p)) + ")"
}

// MarshalText returns the name files use.
func (p Payer) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a name; "" is PaidByDestination, as a key left out.
func (p *Payer) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = PaidByDestination
		return nil
	}
	for i, n := range payerNames {
		if n == string(text) {
			*p = Payer(i)
			return nil
		}
	}
	return errors.New(`must be "destination" or "origin" (left out: "destination")`)
}
