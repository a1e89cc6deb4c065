package results

import "testing"

func TestKindText(t *testing.T) {
	for _, tt := range []struct {
		name string
		k    Kind
		text string
	}{
		{"stock is the zero kind", Kind(0), "stock"},
		{"flow", Flow, "flow"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.k.String(); got != tt.text {
				t.Errorf("String() = %q; want %q", got, tt.text)
			}
			b, err := tt.k.MarshalText()
			if err != nil || string(b) != tt.text {
				t.Errorf("MarshalText() = %q, %v; want %q, nil", b, err, tt.text)
			}
			var k Kind = 7
			if err := k.UnmarshalText([]byte(tt.text)); err != nil || k != tt.k {
				t.Errorf("UnmarshalText(%q) = %v, %v; want %v, nil", tt.text, k, err, tt.k)
			}
		})
	}
}

func TestKindTextErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
	}{
		{"empty", ""},
		{"capitalised", "Flow"},
		{"unit, not kind", "persons/year"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := Flow
			if err := k.UnmarshalText([]byte(tt.text)); err == nil || k != Flow {
				t.Errorf("UnmarshalText(%q) = %v, %v; want an error and k unchanged", tt.text, k, err)
			}
		})
	}
	if b, err := Kind(2).MarshalText(); err == nil {
		t.Errorf("Kind(2).MarshalText() = %q, nil; want an error", b)
	}
	if got, want := Kind(9).String(), "Kind(9)"; got != want {
		t.Errorf("Kind(9).String() = %q; want %q", got, want)
	}
}
