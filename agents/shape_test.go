package agents

import "testing"

func TestShapeText(t *testing.T) {
	for _, tt := range []struct {
		text    string
		want    Shape
		wantErr bool
	}{
		{"", ShapeNone, false},
		{"none", ShapeNone, false},
		{"uniform", ShapeUniform, false},
		{"normal", ShapeNormal, false},
		{"lognormal", ShapeLognormal, false},
		{"beta", ShapeBeta, false},
		{"triangular", ShapeTriangular, false},
		{"gamma", ShapeNone, true},
	} {
		t.Run(tt.text, func(t *testing.T) {
			var s Shape
			err := s.UnmarshalText([]byte(tt.text))
			if (err != nil) != tt.wantErr || s != tt.want {
				t.Errorf("UnmarshalText(%q) = %v, %v; want %v, error %v", tt.text, s, err, tt.want, tt.wantErr)
			}
			if !tt.wantErr && tt.text != "" {
				if b, _ := s.MarshalText(); string(b) != tt.text {
					t.Errorf("MarshalText(%v) = %q; want %q", s, b, tt.text)
				}
			}
		})
	}
}

// TestParseShape checks that each kind of key reads the shapes it allows,
// and that the error lists them as the files' messages always did.
func TestParseShape(t *testing.T) {
	for _, tt := range []struct {
		name    string
		allowed []Shape
		want    Shape
		wantErr string
	}{
		{"normal", PriorShapes[:], ShapeNormal, ""},
		{"triangular", PriorShapes[:], ShapeTriangular, ""},
		{"", PriorShapes[:], ShapeNone, `must be "uniform", "normal", "lognormal", "beta" or "triangular"`},
		{"none", PriorShapes[:], ShapeNone, `must be "uniform", "normal", "lognormal", "beta" or "triangular"`},
		{"", DrawShapes[:], ShapeNone, ""},
		{"lognormal", DrawShapes[:], ShapeLognormal, ""},
		{"normal", DrawShapes[:], ShapeNone, `must be "none", "uniform" or "lognormal"`},
		{"x", []Shape{ShapeBeta}, ShapeNone, `must be "beta"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseShape(tt.name, tt.allowed...)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if got != tt.want || msg != tt.wantErr {
				t.Errorf("ParseShape(%q, %v) = %v, %q; want %v, %q", tt.name, tt.allowed, got, msg, tt.want, tt.wantErr)
			}
		})
	}
}
