package results

import "testing"

func TestDimensionedNames(t *testing.T) {
	for _, tt := range []struct {
		name string
		got  string
		want string
	}{
		{"by sector", BySector(WorkersHome, "nurse"), "workers_home.nurse"},
		{"by destination", ByDestination(Diaspora, "uk"), "diaspora.uk"},
		{"by policy", ByPolicy(PolicyCost, "bonding"), "policy_cost.bonding"},
		{"remittances by destination", ByDestination(Remittances, "gulf"), "remittances.gulf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q; want %q", tt.got, tt.want)
			}
		})
	}
}
