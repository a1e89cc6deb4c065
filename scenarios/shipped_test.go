package scenarios

import (
	"strings"
	"testing"
)

// TestShipped checks that every shipped scenario loads and is valid.
func TestShipped(t *testing.T) {
	names := Shipped()
	if len(names) == 0 {
		t.Fatal("Shipped() is empty")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s, err := LoadShipped(name)
			if err != nil {
				t.Fatalf("LoadShipped(%q):\n%v", name, err)
			}
			if s.Path != name+".toml" {
				t.Errorf("Path = %q; want %q", s.Path, name+".toml")
			}
		})
	}
}

func TestLoadShipped(t *testing.T) {
	s, err := LoadShipped("baseline", "years=5")
	if err != nil {
		t.Fatal(err)
	}
	if s.Years != 5 {
		t.Errorf("Years = %d; want 5", s.Years)
	}
	const want = `scenarios: no shipped scenario "baselin"`
	if _, err := LoadShipped("baselin"); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("LoadShipped(%q) = %v; want prefix %q", "baselin", err, want)
	}
	_, err = LoadShipped("baseline", "years=0")
	wantProblems(t, err, "scenarios: --set years=0: years = 0: must be within [1, 200]")
}
