package results

import (
	"strings"
	"testing"
)

func TestMetricBaseAndTotal(t *testing.T) {
	for _, tt := range []struct {
		name  string
		m     Metric
		base  string
		total bool
	}{
		{"zero Base means Name", Metric{Name: Students}, Students, true},
		{"total with Base", Metric{Name: PolicyCost, Base: PolicyCost, Signed: true, Kind: Flow}, PolicyCost, true},
		{"by sector", Metric{Name: "workers_home.nurse", Base: WorkersHome, Sector: "nurse"}, WorkersHome, false},
		{"by destination", Metric{Name: "diaspora.uk", Base: Diaspora, Destination: "uk"}, Diaspora, false},
		{"by policy", Metric{Name: "policy_cost.bond", Base: PolicyCost, Policy: "bond"}, PolicyCost, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.BaseName(); got != tt.base {
				t.Errorf("BaseName() = %q; want %q", got, tt.base)
			}
			if got := tt.m.Total(); got != tt.total {
				t.Errorf("Total() = %v; want %v", got, tt.total)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	ms := sample().Metrics
	for _, tt := range []struct {
		name    string
		metric  string
		wantErr bool
	}{
		{"present", "emigration_rate", false},
		{"absent", "emigration_rates", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Lookup(ms, tt.metric)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Lookup(%q) error = %v; want error %v", tt.metric, err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.metric) {
				t.Errorf("Lookup(%q) error %q does not name the metric", tt.metric, err)
			}
			if err == nil && m.Name != tt.metric {
				t.Errorf("Lookup(%q) = %+v", tt.metric, m)
			}
			if got := Has(ms, tt.metric); got != !tt.wantErr {
				t.Errorf("Has(%q) = %v; want %v", tt.metric, got, !tt.wantErr)
			}
		})
	}
}

func TestTotalWithSexAndAge(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    Metric
		want bool
	}{
		{"total", Metric{Name: WorkersHome}, true},
		{"by sex", Metric{Name: BySex(WorkersHome, Female), Base: WorkersHome, Sex: Female}, false},
		{"by age band", Metric{Name: ByAgeBand(WorkersHome, "age_25_34"), Base: WorkersHome, AgeBand: "age_25_34"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Total(); got != tt.want {
				t.Errorf("%s: Total() = %v; want %v", tt.m.Name, got, tt.want)
			}
		})
	}
}
