package agents

import "testing"

func TestState(t *testing.T) {
	for _, tt := range []struct {
		s          State
		wantAtHome bool
		wantString string
	}{
		{Gone, false, "gone"},
		{Student, false, "student"},
		{Worker, true, "worker at home"},
		{Emigrant, false, "emigrant"},
		{Returnee, true, "returnee"},
		{State(9), false, "State(9)"},
	} {
		t.Run(tt.wantString, func(t *testing.T) {
			if got := tt.s.AtHome(); got != tt.wantAtHome {
				t.Errorf("State(%d).AtHome() = %v; want %v", uint8(tt.s), got, tt.wantAtHome)
			}
			if got := tt.s.String(); got != tt.wantString {
				t.Errorf("State(%d).String() = %q; want %q", uint8(tt.s), got, tt.wantString)
			}
		})
	}
}

func TestStateZeroValueIsGone(t *testing.T) {
	var s State
	if s != Gone {
		t.Errorf("zero State = %v; want %v", s, Gone)
	}
}
