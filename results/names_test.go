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
		{"by sex, female", BySex(WorkersHome, Female), "workers_home.female"},
		{"by sex, male", BySex(Emigrations, Male), "emigrations.male"},
		{"age band", AgeBand(25, 35), "age_25_34"},
		{"open age band", AgeBand(65, 0), "age_65_plus"},
		{"youngest age band", AgeBand(0, 15), "age_under_15"},
		{"by age band", ByAgeBand(Emigrants, AgeBand(15, 25)), "emigrants.age_15_24"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q; want %q", tt.got, tt.want)
			}
		})
	}
}
