package model

import "testing"

func TestPolicyName(t *testing.T) {
	s := &Scenario{Policies: []Policy{
		{Lever: &WageTopUp{}},
		{Name: "mida", Lever: &TemporaryReturn{Months: 6}},
		{Lever: &WageTopUp{}},
		{Lever: &Bonding{}},
		{Lever: &WageTopUp{}},
		{},
	}}
	want := []string{"wage_top_up", "mida", "wage_top_up_2", "bonding", "wage_top_up_3", ""}
	for i, w := range want {
		if got := s.PolicyName(i); got != w {
			t.Errorf("PolicyName(%d) = %q; want %q", i, got, w)
		}
	}
}

func TestPolicyWindowAndScope(t *testing.T) {
	p := Policy{StartYear: 2027, EndYear: 2029, Sectors: []string{"nurse"}}
	for y, want := range map[int]bool{2026: false, 2027: true, 2029: true, 2030: false} {
		if p.Active(y) != want {
			t.Errorf("Active(%d) = %v; want %v", y, !want, want)
		}
	}
	if open := (Policy{}); !open.Active(1900) || !open.Active(2200) {
		t.Error("a policy without a window is not always active")
	}
	if !p.AppliesToSector("nurse") || p.AppliesToSector("doctor") || !p.AppliesToDestination("UK") {
		t.Error("scope: sectors listed, destinations all")
	}
}
