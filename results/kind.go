package results

import "fmt"

// Kind tells how a metric's value at a step is read from the engine.
type Kind uint8

const (
	// Stock is a level read after the step, e.g. the persons working at
	// home. It is the zero Kind.
	Stock Kind = iota
	// Flow is a count or amount summed over the trailing year (the last
	// steps-per-year steps), e.g. emigrations per year. In the rows of the
	// first, partial year it covers less than a year.
	Flow
)

// String returns "stock" or "flow", or "Kind(n)" for an unknown value.
func (k Kind) String() string {
	switch k {
	case Stock:
		return "stock"
	case Flow:
		return "flow"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText encodes k as "stock" or "flow". It returns an error for an
// unknown Kind.
func (k Kind) MarshalText() ([]byte, error) {
	if k > Flow {
		return nil, fmt.Errorf("results: unknown metric kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes "stock" or "flow" into k. It returns an error for
// any other text and leaves k as it was.
func (k *Kind) UnmarshalText(text []byte) error {
	switch string(text) {
	case "stock":
		*k = Stock
	case "flow":
		*k = Flow
	default:
		return fmt.Errorf("results: unknown metric kind %q; want \"stock\" or \"flow\"", text)
	}
	return nil
}
