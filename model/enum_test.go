package model

import "testing"

func TestEligibilityText(t *testing.T) {
	for _, tt := range []struct {
		text string
		want Eligibility
		ok   bool
	}{
		{"", EligibleAll, true}, {"all", EligibleAll, true}, {"public", EligiblePublic, true},
		{"returnees", EligibleReturnees, true}, {"returnee", 0, false}, {"ALL", 0, false},
	} {
		var e Eligibility
		err := e.UnmarshalText([]byte(tt.text))
		if (err == nil) != tt.ok || (tt.ok && e != tt.want) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, ok %v", tt.text, e, err, tt.want, tt.ok)
		}
		if tt.ok && tt.text != "" {
			if b, _ := e.MarshalText(); string(b) != tt.text {
				t.Errorf("MarshalText(%v) = %q; want %q", e, b, tt.text)
			}
		}
	}
}

func TestPayerText(t *testing.T) {
	for _, tt := range []struct {
		text string
		want Payer
		ok   bool
	}{
		{"", PaidByDestination, true}, {"destination", PaidByDestination, true},
		{"origin", PaidByOrigin, true}, {"both", 0, false},
	} {
		var p Payer
		err := p.UnmarshalText([]byte(tt.text))
		if (err == nil) != tt.ok || (tt.ok && p != tt.want) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, ok %v", tt.text, p, err, tt.want, tt.ok)
		}
	}
}

func TestUnemploymentText(t *testing.T) {
	for _, tt := range []struct {
		text string
		want Unemployment
		ok   bool
	}{
		{"", UnemploymentShared, true}, {"shared", UnemploymentShared, true},
		{"unemployed", UnemploymentBenefit, true}, {"untrained", UnemploymentUntrained, true},
		{"other_sector", UnemploymentOtherSector, true}, {"other", 0, false}, {"Untrained", 0, false},
	} {
		var u Unemployment
		err := u.UnmarshalText([]byte(tt.text))
		if (err == nil) != tt.ok || (tt.ok && u != tt.want) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, ok %v", tt.text, u, err, tt.want, tt.ok)
		}
		if tt.ok && tt.text != "" {
			if b, _ := u.MarshalText(); string(b) != tt.text {
				t.Errorf("MarshalText(%v) = %q; want %q", u, b, tt.text)
			}
		}
	}
}

func TestEnforcementText(t *testing.T) {
	for _, tt := range []struct {
		text string
		want Enforcement
		ok   bool
	}{
		{"", EnforceVisaEnd, true}, {"visa_end", EnforceVisaEnd, true},
		{"bond", EnforceBond, true}, {"visa", 0, false}, {"Bond", 0, false},
	} {
		var e Enforcement
		err := e.UnmarshalText([]byte(tt.text))
		if (err == nil) != tt.ok || (tt.ok && e != tt.want) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, ok %v", tt.text, e, err, tt.want, tt.ok)
		}
		if tt.ok && tt.text != "" {
			if b, _ := e.MarshalText(); string(b) != tt.text {
				t.Errorf("MarshalText(%v) = %q; want %q", e, b, tt.text)
			}
		}
	}
}
