package sim

import (
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// loadSmall loads testdata/small.toml: sectors nurse and engineer,
// destinations Abroad and Elsewhere, policies topup and bond.
func loadSmall(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenarios.Load("testdata/small.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestMetrics checks the metrics of a scenario with two sectors, two
// destinations and two policies against names and fields written out
// here, independently of buildMetrics and of results' constants, and that
// an engine records one value per metric.
func TestMetrics(t *testing.T) {
	sc := loadSmall(t)
	// What the test file says, checked first so that the rest tests
	// buildMetrics, not the scenario.
	const (
		nSectors, nDestinations, nPolicies = 2, 2, 2
		totals                             = 31    // with the fiscal accounts and unemployed
		perSector, perDestination          = 17, 3 // with the fiscal accounts, unemployed and wage_home; posts only where a sector has posts
		// Workers, emigrants, returnees and emigrations by 2 sexes and
		// by the 5 age bands that ages 18 to 65 reach.
		bySexAndAge = 4 * (2 + 5)
	)
	if len(sc.Sectors) != nSectors || len(sc.Destinations) != nDestinations || len(sc.Policies) != nPolicies {
		t.Fatalf("small.toml has %d sectors, %d destinations, %d policies; want 2 of each", len(sc.Sectors), len(sc.Destinations), len(sc.Policies))
	}

	ms := Metrics(sc)
	byName := map[string]results.Metric{}
	for _, m := range ms {
		if _, dup := byName[m.Name]; dup {
			t.Errorf("metric %q listed twice", m.Name)
		}
		byName[m.Name] = m
	}
	if want := totals + nPolicies + nSectors*perSector + nDestinations*perDestination + bySexAndAge; len(ms) != want {
		t.Errorf("Metrics(sc) has %d metrics; want %d", len(ms), want)
	}

	type want struct {
		name, base, sector, destination, policy string
	}
	var wants []want
	for _, sec := range []string{"nurse", "engineer"} {
		for _, base := range []string{"students", "workers_home", "emigrants", "returnees", "skilled_home", "emigration_rate",
			"enrolments", "graduates", "emigrations", "returns", "temporary_fte", "unemployed", "wage_home",
			"training_spend", "wage_bill", "tax_revenue", "training_lost_abroad"} {
			wants = append(wants, want{name: base + "." + sec, base: base, sector: sec})
		}
	}
	for _, dst := range []string{"Abroad", "Elsewhere"} {
		for _, base := range []string{"diaspora", "arrivals", "remittances"} {
			wants = append(wants, want{name: base + "." + dst, base: base, destination: dst})
		}
	}
	for _, pol := range []string{"topup", "bond"} {
		wants = append(wants, want{name: "policy_cost." + pol, base: "policy_cost", policy: pol})
	}
	for _, name := range []string{"students", "skilled_home", "emigration_rate", "health_workers_per_10k", "policy_cost",
		"training_spend", "wage_bill", "tax_revenue", "training_lost_abroad", "fiscal_balance", "unemployed"} {
		wants = append(wants, want{name: name, base: name})
	}
	for _, w := range wants {
		t.Run(w.name, func(t *testing.T) {
			m, ok := byName[w.name]
			if !ok {
				t.Fatalf("no metric %q", w.name)
			}
			got := want{m.Name, m.Base, m.Sector, m.Destination, m.Policy}
			if got != w {
				t.Errorf("metric %q has (name, base, sector, destination, policy) %q; want %q", w.name, got, w)
			}
			if m.Unit == "" || m.Description == "" {
				t.Errorf("metric %q has unit %q and description %q; want both", w.name, m.Unit, m.Description)
			}
		})
	}

	for _, tt := range []struct {
		name   string
		kind   results.Kind
		signed bool
	}{
		{"workers_home", results.Stock, false},
		{"emigration_rate.nurse", results.Stock, false},
		{"diaspora.Abroad", results.Stock, false},
		{"emigrations", results.Flow, false},
		{"enrolments.engineer", results.Flow, false},
		{"arrivals.Elsewhere", results.Flow, false},
		{"remittances", results.Flow, false},
		{"policy_cost", results.Flow, true},
		{"policy_cost.bond", results.Flow, true},
		{"training_spend", results.Flow, false},
		{"wage_bill.nurse", results.Flow, false},
		{"tax_revenue", results.Flow, false},
		{"training_lost_abroad.engineer", results.Flow, false},
		{"fiscal_balance", results.Flow, true},
	} {
		t.Run("kind of "+tt.name, func(t *testing.T) {
			m := byName[tt.name]
			if m.Kind != tt.kind || m.Signed != tt.signed {
				t.Errorf("%s: Kind %v, Signed %v; want %v, %v", tt.name, m.Kind, m.Signed, tt.kind, tt.signed)
			}
		})
	}

	e := New(sc, 0, 1)
	e.Step()
	if got := len(e.Row()); got != len(ms) {
		t.Errorf("an engine's row has %d values; Metrics(sc) lists %d", got, len(ms))
	}
	if got := e.Metrics(); len(got) != len(ms) {
		t.Errorf("the engine records %d metrics; Metrics(sc) lists %d", len(got), len(ms))
	} else {
		for i := range got {
			if got[i] != ms[i] {
				t.Errorf("engine metric %d = %+v; Metrics(sc) gives %+v", i, got[i], ms[i])
			}
		}
	}
}
