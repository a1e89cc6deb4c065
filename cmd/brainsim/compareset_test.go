package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestCompareNamedSet checks that --set NAME:key=value applies to the
// scenario named NAME only, where a plain --set of the same key fails on
// the baseline, which has no policy.
func TestCompareNamedSet(t *testing.T) {
	t.Parallel()
	topup := writeTopup(t, t.TempDir(), "nurse_topup")
	paths := []string{visBaseline, topup}
	scs, _, err := loadCompared(paths, []string{"agents=3000", "nurse_topup:policy[0].top_up=0.5"}, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := scs[1].Overrides; !slices.Contains(got, "policy[0].top_up=0.5") {
		t.Errorf("nurse_topup overrides %q; want policy[0].top_up=0.5 among them", got)
	}
	if got := scs[0].Overrides; slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "top_up") }) {
		t.Errorf("baseline overrides %q; want no top_up", got)
	}
	if _, _, err := loadCompared(paths, []string{"policy[0].top_up=0.5"}, "", "", ""); err == nil {
		t.Errorf("plain --set policy[0].top_up=0.5 loaded; want the baseline, which has no policy, to refuse it")
	}

	for _, tt := range []struct {
		name string
		sets []string
		want string
	}{
		{"unknown name", []string{"nurse_topu:agents=3000"}, `--set nurse_topu:agents=3000: no scenario compared is named "nurse_topu"; did you mean "nurse_topup"?`},
		{"bad key of one", []string{"nurse_topup:agnets=3000"}, `did you mean "agents"?`},
	} {
		code, _, stderr := brainsim(t, append([]string{"compare", visBaseline, topup, "--out", t.TempDir(), "--quiet"},
			append([]string{"--set"}, tt.sets...)...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit status %d, stderr %q; want 2 and %q", tt.name, code, stderr, tt.want)
		}
	}
}

func TestSplitSets(t *testing.T) {
	all, named := splitSets([]string{"agents=3000", "b:policy[0].top_up=0.5", "name=a:b", "a:x.y=c:d"})
	if want := []string{"agents=3000", "name=a:b"}; !slices.Equal(all, want) {
		t.Errorf("sets for all = %q; want %q", all, want)
	}
	if want := []namedSet{{"b", "policy[0].top_up=0.5"}, {"a", "x.y=c:d"}}; !slices.Equal(named, want) {
		t.Errorf("named sets = %q; want %q", named, want)
	}
}

func TestWarnDifferences(t *testing.T) {
	base := &model.Scenario{Name: "a", StartYear: 2025, Years: 10,
		Sectors:      []model.Sector{{Name: "doctor"}, {Name: "nurse"}},
		Destinations: []model.Destination{{Name: "UK"}}}
	same := &model.Scenario{Name: "b", StartYear: 2025, Years: 10,
		Sectors:      []model.Sector{{Name: "nurse"}, {Name: "doctor"}},
		Destinations: []model.Destination{{Name: "UK"}},
		Policies:     []model.Policy{{Name: "inside", StartYear: 2030}, {Name: "ends_at_start", EndYear: 2025}}}
	other := &model.Scenario{Name: "c", StartYear: 2025, Years: 10,
		Sectors:      []model.Sector{{Name: "nurse"}, {Name: "pharmacist"}},
		Destinations: []model.Destination{{Name: "UK"}, {Name: "Canada"}},
		Policies:     []model.Policy{{Name: "late", StartYear: 2035}, {Name: "early", StartYear: 2010, EndYear: 2024}}}
	var w bytes.Buffer
	warnDifferences(&w, []*model.Scenario{base, same, other}, []string{"a", "b", "c"}, 0)
	want := `brainsim: warning: c and the baseline a differ in sectors (only the baseline has "doctor"; only this one has "pharmacist"): their indicators do not count the same occupations
brainsim: warning: c and the baseline a differ in destinations (only this one has "Canada"): their indicators do not count the same countries
brainsim: warning: c: policy late is active from 2035 to the horizon, wholly outside the run (2025 to 2034): it never acts
brainsim: warning: c: policy early is active from 2010 to 2024, wholly outside the run (2025 to 2034): it never acts
`
	if got := w.String(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}
