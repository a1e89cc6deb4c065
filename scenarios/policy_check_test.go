package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestPolicyBlockKeys checks that a block of each kind reads the common
// keys and exactly the fields of its lever, and that no lever field hides a
// common key.
func TestPolicyBlockKeys(t *testing.T) {
	common := keysOf(commonBlockType)
	for _, k := range model.Kinds() {
		l := k.NewLever()
		if l == nil || l.Kind() != k {
			t.Fatalf("kind %v: NewLever gives %T", k, l)
		}
		own := keysOf(reflect.TypeOf(l).Elem())
		for _, key := range own {
			if slices.Contains(common, key) {
				t.Errorf("kind %v: lever key %q is also a common key", k, key)
			}
		}
		want := append(slices.Clone(common), own...)
		slices.Sort(want)
		if got := keysOf(blockTypes[k]); !slices.Equal(got, want) {
			t.Errorf("kind %v: block keys %v; want %v", k, got, want)
		}
	}
}

func TestValidatePolicies(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"unknown kind", edit{210, `kind = "scholarship"`, `kind = "scholarshp"`},
			`scenarios: valid.toml:210: policy[7].kind = "scholarshp": not a kind of policy; did you mean "scholarship"?`},
		{"no kind", edit{210, `kind = "scholarship"`, ""},
			`scenarios: valid.toml:209: policy[7].kind = "": must name the kind of policy: ` + quoteList(model.KindNames())},
		{"end before start", edit{161, "end_year = 2035", "end_year = 2026"},
			"scenarios: valid.toml:161: policy[0].end_year = 2026: must be >= start_year (2027), or 0 for the horizon"},
		{"negative start", edit{160, "start_year = 2027", "start_year = -1"},
			"scenarios: valid.toml:160: policy[0].start_year = -1: must be >= 0, 0 for the start"},
		{"unknown sector", edit{162, `sectors = ["nurse"]`, `sectors = ["nures"]`},
			`scenarios: valid.toml:162: policy[0].sectors[0] = "nures": not a sector; did you mean "nurse"?`},
		{"unknown destination", edit{190, `destinations = ["Germany"]`, `destinations = ["Germny"]`},
			`scenarios: valid.toml:190: policy[4].destinations[0] = "Germny": not a destination; did you mean "Germany"?`},
		{"duplicate name", edit{211, "amount = 500.0", "amount = 500.0\nname = \"top-up for nurses\""},
			`scenarios: valid.toml:212: policy[7].name = "top-up for nurses": must be unique; policy[0] is also named "top-up for nurses"`},
		{"name taken from a default", edit{225, "recognition = 0.9", "recognition = 0.9\nname = \"scholarship\""},
			`scenarios: valid.toml:226: policy[10].name = "scholarship": must be unique; policy[7] is also named "scholarship"`},
		{"default name taken", edit{159, `name = "top-up for nurses"`, `name = "scholarship"`},
			`scenarios: valid.toml:209: policy[7]: its default name "scholarship" is taken by policy[0]; give it a name`},
		{"eligible", edit{165, `eligible = "returnees"`, `eligible = "returnee"`},
			`scenarios: valid.toml:165: policy[0].eligible = "returnee": must be "all", "public" or "returnees" (left out: "all")`},
		{"paid_by", edit{199, `paid_by = "destination"`, `paid_by = "both"`},
			`scenarios: valid.toml:199: policy[5].paid_by = "both": must be "destination" or "origin" (left out: "destination")`},
		{"an assignment lasts", edit{172, "months = 6.0", "months = 0.0"},
			"scenarios: valid.toml:172: policy[1].months = 0: must be within (0, 1440] (120 years)"},
		{"a change of -100%", edit{236, "wage_abroad_change = -0.2", "wage_abroad_change = -1.0"},
			"scenarios: valid.toml:236: policy[12].wage_abroad_change = -1: must be > -1 (-0.2 is a fall of 20%)"},
		{"wage_home_change", edit{237, "wage_home_change = -0.1", "wage_home_change = -1.5"},
			"scenarios: valid.toml:237: policy[12].wage_home_change = -1.5: must be > -1 (-0.2 is a fall of 20%)"},
		{"demand_change", edit{238, "demand_change = 0.5", "demand_change = -1.0"},
			"scenarios: valid.toml:238: policy[12].demand_change = -1: must be > -1 (-0.2 is a fall of 20%)"},
		{"finite", edit{229, "return_effect = 0.3", "return_effect = nan"},
			"scenarios: valid.toml:229: policy[11].return_effect = nan: must be a finite number"},
	})
}

func TestValidatePolicyRanges(t *testing.T) {
	var cases []rangeCase
	for _, c := range []struct {
		line      int
		old, path string
		want      string
	}{
		{163, "budget = 5e7", "policy[0].budget", "must be >= 0"},
		{164, "top_up = 0.3", "policy[0].top_up", "must be >= 0"},
		{171, "assignments = 100.0", "policy[1].assignments", "must be >= 0"},
		{173, "acceptance = 0.3", "policy[1].acceptance", "must be within [0, 1]"},
		{174, "skill_transfer = 0.05", "policy[1].skill_transfer", "must be >= 0"},
		{175, "cost_per_assignment = 15_000.0", "policy[1].cost_per_assignment", "must be >= 0"},
		{179, "grant = 10_000.0", "policy[2].grant", "must be >= 0"},
		{180, "grant_effect = 0.5", "policy[2].grant_effect", "must be >= 0"},
		{186, "quota = 500.0", "policy[3].quota", "must be >= 0"},
		{197, "seats = 200.0", "policy[5].seats", "must be >= 0"},
		{198, "away_share = 0.5", "policy[5].away_share", "must be within [0, 1]"},
		{200, "cost_per_seat = 3_000.0", "policy[5].cost_per_seat", "must be >= 0"},
		{205, "months = 36.0", "policy[6].months", "must be within [0, 1440] (120 years)"},
		{206, "buyout = 20_000.0", "policy[6].buyout", "must be >= 0"},
		{207, "buyout_rate = 0.2", "policy[6].buyout_rate", "must be within [0, 1]"},
		{211, "amount = 500.0", "policy[7].amount", "must be >= 0"},
		{215, "fee = 0.03", "policy[8].fee", "must be within [0, 1]"},
		{216, "cost_per_point = 2.0", "policy[8].cost_per_point", "must be >= 0"},
		{220, "collective_share = 0.05", "policy[9].collective_share", "must be within [0, 1]"},
		{221, "match = 3.0", "policy[9].match", "must be >= 0"},
		{225, "recognition = 0.9", "policy[10].recognition", "must be within [0, 1]"},
	} {
		k, _, _ := strings.Cut(c.old, " = ")
		cases = append(cases, rangeCase{c.path, edit{c.line, c.old, k + " = -1.0"},
			fmt.Sprintf("scenarios: valid.toml:%d: %s = -1: %s", c.line, c.path, c.want)})
	}
	runRangeCases(t, cases)
}

// TestPolicyKeyOfAnotherKind checks that a key another kind reads is an
// unknown key in a block, in the file and in an override. (Built in code,
// such a key cannot be set: the lever's type has no field for it.)
func TestPolicyKeyOfAnotherKind(t *testing.T) {
	const unknown = `in policy of kind "scholarship"; `
	for _, tt := range []struct {
		name string
		e    edit
		set  []string
		want string
	}{
		{"in the file", edit{211, "amount = 500.0", "seats = 500.0"}, nil,
			`scenarios: valid.toml:211: unknown key "seats" ` + unknown},
		{"set to zero", edit{211, "amount = 500.0", "amount = 500.0\npaid_by = \"\""}, nil,
			`scenarios: valid.toml:212: unknown key "paid_by" ` + unknown},
		{"by an override", edit{211, "amount = 500.0", "amount = 500.0"}, []string{"policy[7].grant=5"},
			`scenarios: --set policy[7].grant=5: unknown key "grant" ` + unknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.e), tt.set...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want it to contain %q", err, tt.want)
			}
		})
	}
}
