package model

import "testing"

func TestIntakeText(t *testing.T) {
	for _, tt := range []struct {
		name    string
		text    string
		want    Intake
		wantErr bool
	}{
		{"left out is spread", "", IntakeSpread, false},
		{"spread", "spread", IntakeSpread, false},
		{"yearly", "yearly", IntakeYearly, false},
		{"unknown", "monthly", 0, true},
		{"case matters", "Yearly", 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got Intake
			err := got.UnmarshalText([]byte(tt.text))
			if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
				t.Fatalf("UnmarshalText(%q) = %v, %v; want %v, error %v", tt.text, got, err, tt.want, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if b, _ := got.MarshalText(); tt.text != "" && string(b) != tt.text {
				t.Errorf("MarshalText() = %q; want %q", b, tt.text)
			}
		})
	}
	if s := Intake(7).String(); s != "Intake(7)" {
		t.Errorf("Intake(7).String() = %q", s)
	}
}
