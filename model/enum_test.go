package model

import (
	"encoding"
	"fmt"
	"testing"
)

// textCase is one case of an enum's text form: text read by UnmarshalText,
// the value it gives, and whether it is accepted.
type textCase[T any] struct {
	text string
	want T
	ok   bool
}

// checkText reads every case's text and writes each accepted value back:
// a non-empty text must round-trip; "" is the zero value's default.
func checkText[T comparable, P interface {
	*T
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}](t *testing.T, cases []textCase[T]) {
	t.Helper()
	for _, tt := range cases {
		var got T
		err := P(&got).UnmarshalText([]byte(tt.text))
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, ok %v", tt.text, fmt.Sprint(got), err, fmt.Sprint(tt.want), tt.ok)
		}
		if tt.ok && tt.text != "" {
			if b, _ := P(&got).MarshalText(); string(b) != tt.text {
				t.Errorf("MarshalText(%v) = %q; want %q", fmt.Sprint(got), b, tt.text)
			}
		}
	}
}

func TestEnumText(t *testing.T) {
	t.Run("Eligibility", func(t *testing.T) {
		checkText(t, []textCase[Eligibility]{
			{"", EligibleAll, true}, {"all", EligibleAll, true}, {"public", EligiblePublic, true},
			{"returnees", EligibleReturnees, true}, {"returnee", 0, false}, {"ALL", 0, false},
		})
	})
	t.Run("Payer", func(t *testing.T) {
		checkText(t, []textCase[Payer]{
			{"", PaidByDestination, true}, {"destination", PaidByDestination, true},
			{"origin", PaidByOrigin, true}, {"both", 0, false},
		})
	})
	t.Run("Unemployment", func(t *testing.T) {
		checkText(t, []textCase[Unemployment]{
			{"", UnemploymentShared, true}, {"shared", UnemploymentShared, true},
			{"unemployed", UnemploymentBenefit, true}, {"untrained", UnemploymentUntrained, true},
			{"other_sector", UnemploymentOtherSector, true}, {"other", 0, false}, {"Untrained", 0, false},
		})
	})
	t.Run("Enforcement", func(t *testing.T) {
		checkText(t, []textCase[Enforcement]{
			{"", EnforceVisaEnd, true}, {"visa_end", EnforceVisaEnd, true},
			{"bond", EnforceBond, true}, {"visa", 0, false}, {"Bond", 0, false},
		})
	})
	t.Run("RecruitmentScope", func(t *testing.T) {
		checkText(t, []textCase[RecruitmentScope]{
			{"", RestrictAdmissions, true}, {"admissions", RestrictAdmissions, true},
			{"active", RestrictActive, true}, {"Active", 0, false}, {"all", 0, false},
		})
	})
	t.Run("Intake", func(t *testing.T) {
		checkText(t, []textCase[Intake]{
			{"", IntakeSpread, true}, {"spread", IntakeSpread, true}, {"yearly", IntakeYearly, true}, {"monthly", 0, false}, {"Yearly", 0, false},
		})
		if s := Intake(7).String(); s != "Intake(7)" {
			t.Errorf("Intake(7).String() = %q", s)
		}
	})
}
