package scenarios

import (
	"strings"
	"testing"
)

// TestBounds holds the limits that keep the engine's counters and numbers
// in range (issue 11): each value at its bound is accepted, and just past
// it refused with a message naming the key, where the engine before these
// bounds crashed, ran out of memory or wrapped a 16-bit step count and
// silently gave wrong numbers.
func TestBounds(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		set        []string
		want       string // "" = valid
	}{
		{"retirement at the bound, daily steps", "baseline", []string{"steps_per_year=365", "demography.retirement_age=120"}, ""},
		{"retirement past the bound", "baseline", []string{"steps_per_year=365", "demography.retirement_age=180"},
			"demography.retirement_age = 180: must be within (demography.entry_age, 120]"},
		{"retirement 1e300", "baseline", []string{"demography.retirement_age=1e300"},
			"demography.retirement_age = 1e+300: must be at most 1e+12 in size"},
		{"entry at 120", "baseline", []string{"demography.entry_age=120"}, "demography.entry_age = 120: must be within (0, 120) years"},
		{"months at the bound", "ghana", []string{"policy.mida_ghana_health.months=1440"}, ""},
		{"months that wrapped", "ghana", []string{"policy.mida_ghana_health.months=65539"},
			"policy[1].months = 65539: must be within (0, 1440]"},
		{"bond past the bound", "baseline", []string{`policy=[{kind="bonding", months=1441}]`},
			"policy[0].months = 1441: must be within [0, 1440]"},
		{"persons 1e308", "baseline", []string{"sector.doctor.workers=1e308"},
			"sector[0].workers = 1e+308: must be at most 1e+12 in size"},
		{"persons at the magnitude bound", "baseline", []string{"sector.doctor.workers=1e12"}, ""},
		{"growth that compounds past any population", "baseline", []string{"origin.cohort_growth=1.5"},
			"origin.cohort_growth = 1.5: must be within (-1, 1]"},
		{"start year", "baseline", []string{"start_year=10000"}, "start_year = 10000: must be within [1, 9999]"},
		{"policy year", "baseline", []string{`policy=[{kind="scholarship", end_year=10000}]`},
			"policy[0].end_year = 10000: must be a calendar year <= 9999"},
		{"horizon and daily steps", "baseline", []string{"years=200", "steps_per_year=365"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.file+".toml", tt.set...)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("valid at the bound, but: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v; want one with %q", err, tt.want)
			}
		})
	}
}
