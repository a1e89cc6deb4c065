package scenarios

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
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

// presets are the shipped scenarios of real countries (docs/scenarios.md):
// each cites both the seed papers and the data sets of ../shared.
var presets = []string{"ghana", "moldova", "pacific", "philippines"}

// withoutPolicies are the shipped scenarios that switch no policy on.
var withoutPolicies = []string{"baseline", "classroom"}

// citation matches a source file cited in a comment, relative to ../shared.
var citation = regexp.MustCompile(`\b(seeds|data)/[A-Za-z0-9_.\-]+\.(txt|csv|md)\b`)

// TestShippedSources checks that every shipped scenario says where its
// figures come from: its comments cite the sources in ../shared (seeds/,
// data/) or mark figures as assumed; the country presets cite both the
// seeds and the data; and every cited file exists, when ../shared is there
// to look in.
func TestShippedSources(t *testing.T) {
	shared := filepath.Join("..", "..", "shared")
	_, err := os.Stat(shared)
	haveShared := err == nil
	for _, name := range Shipped() {
		t.Run(name, func(t *testing.T) {
			data, err := ShippedFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var comments strings.Builder
			for line := range strings.Lines(string(data)) {
				if _, c, ok := strings.Cut(line, "#"); ok {
					comments.WriteString(c)
				}
			}
			text := comments.String()
			if !strings.Contains(text, "seeds/") && !strings.Contains(text, "data/") && !strings.Contains(text, "assumed") {
				t.Errorf("%s.toml: no comment cites seeds/ or data/ or marks a figure assumed", name)
			}
			if slices.Contains(presets, name) {
				for _, dir := range []string{"seeds/", "data/"} {
					if !strings.Contains(text, dir) {
						t.Errorf("%s.toml: cites nothing in %s", name, dir)
					}
				}
			}
			if !haveShared {
				return
			}
			for _, path := range citation.FindAllString(text, -1) {
				if _, err := os.Stat(filepath.Join(shared, path)); err != nil {
					t.Errorf("%s.toml cites %s, which is not in %s", name, path, shared)
				}
			}
		})
	}
}

// TestShippedPolicies checks that the shipped scenarios other than the
// baseline and the classroom switch on at least one policy, and that every
// policy names sectors and destinations of its scenario and is in force for
// at least one year of the horizon.
func TestShippedPolicies(t *testing.T) {
	for _, name := range Shipped() {
		t.Run(name, func(t *testing.T) {
			s, err := LoadShipped(name)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(withoutPolicies, name) && len(s.Policies) == 0 {
				t.Errorf("%s: no [[policy]]; a shipped preset shows at least one", name)
			}
			first, last := s.StartYear, s.StartYear+s.Years-1
			for i, p := range s.Policies {
				for _, sec := range p.Sectors {
					if s.SectorIndex(sec) < 0 {
						t.Errorf("%s: policy[%d] names sector %q, which the scenario lacks", name, i, sec)
					}
				}
				for _, d := range p.Destinations {
					if !slices.ContainsFunc(s.Destinations, func(x model.Destination) bool { return x.Name == d }) {
						t.Errorf("%s: policy[%d] names destination %q, which the scenario lacks", name, i, d)
					}
				}
				if !slices.ContainsFunc(yearsOf(first, last), p.Active) {
					t.Errorf("%s: policy[%d] (%s, %d-%d) is never active in %d-%d", name, i, p.Kind(), p.StartYear, p.EndYear, first, last)
				}
			}
		})
	}
}

// yearsOf returns the calendar years from first to last.
func yearsOf(first, last int) []int {
	var ys []int
	for y := first; y <= last; y++ {
		ys = append(ys, y)
	}
	return ys
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	local := filepath.Join(dir, "ghana")
	if err := os.WriteFile(local, []byte(strings.Replace(string(mustShipped(t, "classroom")), `name = "classroom"`, `name = "local"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		arg, wantName, wantErr string
	}{
		{"ghana", "ghana", ""},
		{"classroom", "classroom", ""},
		{"testdata/valid.toml", "", ""},
		{local, "local", ""}, // a path wins over the name ghana
		{"ghanna", "", `not a shipped scenario; did you mean "ghana"?`},
		{"nope.toml", "", "cannot read the file: no such file"},
	} {
		t.Run(tt.arg, func(t *testing.T) {
			sc, err := Open(tt.arg)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Open(%q) error %v; want %q", tt.arg, err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("Open(%q): %v", tt.arg, err)
			case tt.wantName != "" && sc.Name != tt.wantName:
				t.Errorf("Open(%q) gives scenario %q; want %q", tt.arg, sc.Name, tt.wantName)
			}
		})
	}
}

func mustShipped(t *testing.T, name string) []byte {
	t.Helper()
	data, err := ShippedFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestShippedExperiments(t *testing.T) {
	t.Parallel()
	names := ShippedExperiments()
	for _, want := range []string{"baseline_sweep", "calibrate", "sobol"} {
		if !slices.Contains(names, want) {
			t.Errorf("ShippedExperiments() = %q; want it to contain %s", names, want)
		}
	}
	for _, n := range names {
		data, err := ShippedExperimentFile(n)
		if err != nil {
			t.Errorf("ShippedExperimentFile(%s): %v", n, err)
		}
		if Description(data) == "" {
			t.Errorf("%s has no description", n)
		}
	}
	if _, err := ShippedExperimentFile("nope"); err == nil || !strings.Contains(err.Error(), "baseline_sweep") {
		t.Errorf("ShippedExperimentFile(nope) = %v; want an error listing the shipped ones", err)
	}
}

func TestDescription(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, text, want string
	}{
		{"one line", `description = "A country."`, "A country."},
		{"first line", "description = \"\"\"\nFirst.\nSecond.\"\"\"", "First."},
		{"none", `name = "x"`, ""},
		{"bad TOML", `description = `, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Description([]byte(tt.text)); got != tt.want {
				t.Errorf("Description(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}
