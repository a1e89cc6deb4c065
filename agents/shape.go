package agents

import (
	"errors"
	"strconv"
	"strings"
)

// Shape is the family of a distribution: of a per-youth draw (ability, the
// personal cost of training, means: none, uniform or lognormal), of a
// scenario key's prior (model.Prior) and of a calibrated parameter's prior
// (uniform, normal, lognormal, beta or triangular). It lives here, the
// package every other may import, so that one enum serves the three. The
// zero value, ShapeNone, is no distribution: the neutral draw, or a key
// with a plain value.
type Shape uint8

const (
	ShapeNone       Shape = iota // no distribution ("none", or left out)
	ShapeUniform                 // uniform on [min, max] ("uniform")
	ShapeNormal                  // normal(mean, sd), truncated to [min, max] ("normal")
	ShapeLognormal               // lognormal with a median and the sd of the log (sdlog, sigma) ("lognormal")
	ShapeBeta                    // beta(alpha, beta) scaled to [min, max] ("beta")
	ShapeTriangular              // triangular on [min, max] with a mode ("triangular")
)

var shapeNames = [...]string{"none", "uniform", "normal", "lognormal", "beta", "triangular"}

// PriorShapes are the shapes a prior may have, in the order messages list
// them.
var PriorShapes = [...]Shape{ShapeUniform, ShapeNormal, ShapeLognormal, ShapeBeta, ShapeTriangular}

// DrawShapes are the shapes of a per-youth draw.
var DrawShapes = [...]Shape{ShapeNone, ShapeUniform, ShapeLognormal}

// String returns the name files use, e.g. "normal".
func (s Shape) String() string {
	if int(s) < len(shapeNames) {
		return shapeNames[s]
	}
	return "Shape(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText returns the name files use.
func (s Shape) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the name of any shape; "" is ShapeNone, as a key
// left out. Which shapes a key allows is checked where it is read: by
// ParseShape, or by the scenario's validation for a per-youth draw.
func (s *Shape) UnmarshalText(text []byte) error {
	i, err := enumIndex(text, shapeNames[:], `must be "none" (or left out), "uniform" or "lognormal" for a per-youth draw; "uniform", "normal", "lognormal", "beta" or "triangular" for a prior`)
	*s = Shape(i)
	return err
}

// ParseShape returns the shape named name if it is one of allowed, else an
// error listing them, e.g. `must be "uniform" or "normal"`. "" is a name
// like any other: ShapeNone's only if ShapeNone is allowed.
func ParseShape(name string, allowed ...Shape) (Shape, error) {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if name == a.String() || name == "" && a == ShapeNone {
			return a, nil
		}
		names[i] = a.String()
	}
	return ShapeNone, errors.New(shapeList(names...))
}

// shapeList returns the message that a value must be one of names:
// `must be "a", "b" or "c"`.
func shapeList(names ...string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) < 2 {
		return "must be " + strings.Join(q, "")
	}
	return "must be " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
