package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/model"
)

func TestOverrides(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  []string
		get  func(s *model.Scenario) any
		want any
	}{
		{"top level integer", []string{"years=5"}, func(s *model.Scenario) any { return s.Years }, 5},
		{"underscores", []string{"agents=1_000"}, func(s *model.Scenario) any { return s.Agents }, 1000},
		{"unsigned", []string{"seed=7"}, func(s *model.Scenario) any { return s.Seed }, uint64(7)},
		{"integer for a float", []string{"origin.population=5000000"}, func(s *model.Scenario) any { return s.Origin.Population }, 5e6},
		{"by index", []string{"sector[1].wage_home=15000"}, func(s *model.Scenario) any { return s.Sectors[1].WageHome }, 15000.0},
		{"by name", []string{"sector.nurse.wage_home=15000"}, func(s *model.Scenario) any { return s.Sectors[1].WageHome }, 15000.0},
		{"destination by name", []string{"destination.UK.fee=0.1"}, func(s *model.Scenario) any { return s.Destinations[0].Fee }, 0.1},
		{"quoted name", []string{`destination."Germany".fee=0.1`}, func(s *model.Scenario) any { return s.Destinations[1].Fee }, 0.1},
		{"spaces around", []string{"destination.UK.fee = 0.1"}, func(s *model.Scenario) any { return s.Destinations[0].Fee }, 0.1},
		{"boolean", []string{"sector.doctor.public_training=false"}, func(s *model.Scenario) any { return s.Sectors[0].PublicTraining }, false},
		{"bare word is a string", []string{"origin.name=Togo"}, func(s *model.Scenario) any { return s.Origin.Name }, "Togo"},
		{"quoted string", []string{`name="my run"`}, func(s *model.Scenario) any { return s.Name }, "my run"},
		{"empty string", []string{"description="}, func(s *model.Scenario) any { return s.Description }, ""},
		{"map entry", []string{"destination.Germany.wage.nurse=50000"}, func(s *model.Scenario) any { return s.Destinations[1].Wage["nurse"] }, 50000.0},
		{"new map entry", []string{"destination.Germany.sector_quota.nurse=10"},
			func(s *model.Scenario) any { return s.Destinations[1].SectorQuota }, map[string]float64{"doctor": 500, "nurse": 10}},
		{"new map entry by index", []string{"destination[0].diaspora.doctor=0"},
			func(s *model.Scenario) any { return s.Destinations[0].Diaspora }, map[string]float64{"doctor": 0, "nurse": 8000}},
		{"optional value", []string{"destination.Germany.quota=0"}, func(s *model.Scenario) any { return *s.Destinations[1].Quota }, 0.0},
		{"whole table", []string{"destination.UK.wage={doctor = 1e5}"},
			func(s *model.Scenario) any { return s.Destinations[0].Wage }, map[string]float64{"doctor": 1e5}},
		{"whole element", []string{`destination[1]={name = "Germany", wage = {doctor = 9e4}}`},
			func(s *model.Scenario) any { return fmt.Sprint(s.Destinations[1].Wage, s.Destinations[1].Fee) }, "map[doctor:90000] 0"},
		{"whole array", []string{`destination=[{name = "UK", wage = {nurse = 9e4}}, {name = "Germany", wage = {nurse = 1e5}}]`},
			func(s *model.Scenario) any { return fmt.Sprint(s.Destinations[0].Wage, s.Destinations[0].Fee) }, "map[nurse:90000] 0"},
		{"empty array", []string{"policy=[]"}, func(s *model.Scenario) any { return len(s.Policies) }, 0},
		{"later wins", []string{"years=5", "years=6"}, func(s *model.Scenario) any { return s.Years }, 6},
		{"element renamed then picked by its new name", []string{"policy=[]", "destination.UK.name=Britain", "destination.Britain.fee=0.2"},
			func(s *model.Scenario) any { return s.Destinations[0].Name + " " + fmtFloat(s.Destinations[0].Fee) }, "Britain 0.2"},
		{"recorded", []string{"years=5", "sector.nurse.wage_home=15000"}, func(s *model.Scenario) any { return s.Overrides },
			[]string{"years=5", "sector.nurse.wage_home=15000"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(validFile, tt.set...)
			if err != nil {
				t.Fatalf("Load(%q): %v", tt.set, err)
			}
			if got := tt.get(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Load(%q) gives %v; want %v", tt.set, got, tt.want)
			}
		})
	}
}

// TestOverridesLeaveTheRest checks that an override changes nothing else.
func TestOverridesLeaveTheRest(t *testing.T) {
	want, err := Load(validFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(validFile, "sector.nurse.wage_home=15000", "training.no_training=0.25")
	if err != nil {
		t.Fatal(err)
	}
	want.Sectors[1].WageHome = 15000
	want.Training.NoTraining = 0.25
	want.Overrides = got.Overrides
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load with overrides =\n%+v\nwant\n%+v", got, want)
	}
}

// TestOverridesCreateTables sets keys of tables the file leaves out.
func TestOverridesCreateTables(t *testing.T) {
	s, err := Load("testdata/minimal.toml", "skill.max=3", "destination.UK.diaspora.nurse=20")
	if err != nil {
		t.Fatal(err)
	}
	if s.Skill.Max != 3 || s.Skill.GrowthAbroad != Defaults().Skill.GrowthAbroad || s.Destinations[0].Diaspora["nurse"] != 20 {
		t.Errorf("Load(minimal.toml, ...) = %+v", s)
	}
}

func TestOverrideErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  []string
		want []string
	}{
		{"unknown key", []string{"destination.UK.fe=0.05"},
			[]string{`scenarios: --set destination.UK.fe=0.05: unknown key "fe" in destination; did you mean "fee"?`}},
		{"unknown key at top level", []string{"yeers=5"},
			[]string{`scenarios: --set yeers=5: unknown key "yeers" at top level; did you mean "years"?`}},
		{"unknown key in a table", []string{"emigration.basse_rate=0.1"},
			[]string{`scenarios: --set emigration.basse_rate=0.1: unknown key "basse_rate" in emigration; did you mean "base_rate"?`}},
		{"unknown key in a table value", []string{"origin={populaton = 1e6}"},
			// The table replaces origin whole: its wage is gone too.
			[]string{`scenarios: --set origin={populaton = 1e6}: unknown key "populaton" in origin; did you mean "population"?`,
				`scenarios: --set origin={populaton = 1e6}: origin.wage_untrained = 0: must be > 0`}},
		{"unknown element name", []string{"sector.nures.wage_home=1"},
			[]string{`scenarios: --set sector.nures.wage_home=1: no sector named "nures"; did you mean "nurse"?`}},
		{"unknown element name, no suggestion", []string{"destination.France.fee=0.1"},
			[]string{`scenarios: --set destination.France.fee=0.1: no destination named "France"; destination names are "UK", "Germany", "Canada"`}},
		{"index out of range", []string{"sector[3].wage_home=1"},
			[]string{`scenarios: --set sector[3].wage_home=1: sector[3] does not exist; there are 3 [[sector]], [0] to [2]`}},
		{"index on a table", []string{"origin[0].population=1"},
			[]string{`scenarios: --set origin[0].population=1: origin is not an array of tables; [0] does not apply`}},
		{"index on a map", []string{"destination.UK.wage[0]=1"},
			[]string{`scenarios: --set destination.UK.wage[0]=1: destination[0].wage is a table, not an array of tables; [0] does not apply`}},
		{"below a value", []string{"years.x=1"},
			[]string{`scenarios: --set years.x=1: years is a value; it has no keys below it`}},
		{"below a map value", []string{"destination.UK.wage.nurse.x=1"},
			[]string{`scenarios: --set destination.UK.wage.nurse.x=1: destination[0].wage.nurse is a value; it has no keys below it`}},
		{"string for a number", []string{"origin.population=lots"},
			[]string{`scenarios: --set origin.population=lots: origin.population = "lots": must be a number`}},
		{"float for an integer", []string{"years=2.5"},
			[]string{`scenarios: --set years=2.5: years = 2.5: must be an integer`}},
		{"value that is not TOML", []string{`origin.name="Ghana`},
			[]string{`scenarios: --set origin.name="Ghana: cannot read the value "Ghana: unexpected EOF; expected '"'`}},
		{"no value", []string{"years"},
			[]string{`scenarios: --set years: want key.path=value, e.g. sector[1].wage_home=12000 or destination.UK.fee=0.05`}},
		{"no key", []string{"=5"},
			[]string{`scenarios: --set =5: want key.path=value, e.g. sector[1].wage_home=12000 or destination.UK.fee=0.05`}},
		{"bad index", []string{"sector[x].name=a"},
			[]string{`scenarios: --set sector[x].name=a: bad index [x]: want a whole number >= 0`}},
		{"out of range", []string{"destination.UK.fee=1.4"},
			[]string{`scenarios: --set destination.UK.fee=1.4: destination[0].fee = 1.4: must be within [0, 1]`}},
		{"out of range below a replaced table", []string{"remittance={share = 2.0}"},
			[]string{`scenarios: --set remittance={share = 2.0}: remittance.share = 2: must be within [0, 1]`}},
		{"unknown sector in a map", []string{"destination.UK.wage.nurs=5"},
			[]string{`scenarios: --set destination.UK.wage.nurs=5: destination[0].wage.nurs: not a sector; did you mean "nurse"?`}},
		{"making lines of the file invalid", []string{"demography.retirement_age=23"}, []string{
			`scenarios: valid.toml:25: sector[0].training_years = 6: must be < 5, so that graduates start work before demography.retirement_age (23 - demography.entry_age 18)`,
		}},
		{"a later override wins", []string{"destination.UK.fee=1.4", "destination.UK.fee=0.1"}, nil},
		{"every flag reported, in order", []string{"yeers=5", "years=6", "sector.nures.wage_home=1", "destination.UK.fee=1.4", "origin.population=0"}, []string{
			`scenarios: --set yeers=5: unknown key "yeers" at top level; did you mean "years"?`,
			`scenarios: --set sector.nures.wage_home=1: no sector named "nures"; did you mean "nurse"?`,
			`scenarios: --set destination.UK.fee=1.4: destination[0].fee = 1.4: must be within [0, 1]`,
			`scenarios: --set origin.population=0: origin.population = 0: must be > 0`,
		}},
		{"every value reported, in order", []string{"destination.UK.fee=1.4", "origin.population=0", "years=0"}, []string{
			`scenarios: --set destination.UK.fee=1.4: destination[0].fee = 1.4: must be within [0, 1]`,
			`scenarios: --set origin.population=0: origin.population = 0: must be > 0`,
			`scenarios: --set years=0: years = 0: must be within [1, 200]`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("valid.toml", variant(t), tt.set...)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse(%q): %v", tt.set, err)
				}
				if !slices.Equal(s.Overrides, tt.set) {
					t.Errorf("Overrides = %q; want %q", s.Overrides, tt.set)
				}
				return
			}
			wantProblems(t, err, tt.want...)
		})
	}
}

func TestParseOverride(t *testing.T) {
	for _, tt := range []struct {
		in    string
		segs  []pathSeg
		value string
	}{
		{"a=1", []pathSeg{{name: "a"}}, "1"},
		{"a.b=x=y", []pathSeg{{name: "a"}, {name: "b"}}, "x=y"},
		{"sector[10].name = a", []pathSeg{{name: "sector"}, {index: 10, isIndex: true}, {name: "name"}}, " a"},
		{`destination."a.b=c".fee=1`, []pathSeg{{name: "destination"}, {name: "a.b=c"}, {name: "fee"}}, "1"},
		{`destination.'x y'.fee=1`, []pathSeg{{name: "destination"}, {name: "x y"}, {name: "fee"}}, "1"},
		{"a[1][2]=3", []pathSeg{{name: "a"}, {index: 1, isIndex: true}, {index: 2, isIndex: true}}, "3"},
	} {
		segs, value, msg := parseOverride(tt.in)
		if msg != "" || !reflect.DeepEqual(segs, tt.segs) || value != tt.value {
			t.Errorf("parseOverride(%q) = %v, %q, %q; want %v, %q, \"\"", tt.in, segs, value, msg, tt.segs, tt.value)
		}
	}
	for _, in := range []string{"", "a", "a.=1", ".a=1", "a[1=2", "a[-1]=2", `"a=1`, "'a=1", `"\q"=1`, "a b=1"} {
		if segs, _, msg := parseOverride(in); msg == "" {
			t.Errorf("parseOverride(%q) = %v with no message; want one", in, segs)
		}
	}
}
