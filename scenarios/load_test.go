package scenarios

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/model"
)

func TestLoadValid(t *testing.T) {
	s, err := Load(validFile)
	if err != nil {
		t.Fatalf("Load(%s): %v", validFile, err)
	}
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"Path", s.Path, validFile},
		{"Overrides", s.Overrides, []string(nil)},
		{"Seed", s.Seed, uint64(42)},
		{"Agents", s.Agents, 20_000},
		{"Origin.Population", s.Origin.Population, 34e6},
		{"Sectors[1].Name", s.Sectors[1].Name, "nurse"},
		{"Sectors[0].PublicTraining", s.Sectors[0].PublicTraining, true},
		{"Destinations[0].Wage", s.Destinations[0].Wage, map[string]float64{"doctor": 120_000, "nurse": 45_000}},
		{"Destinations[0].Quota", *s.Destinations[0].Quota, 3000.0},
		{"Destinations[1].Quota", s.Destinations[1].Quota, (*float64)(nil)},
		{"Destinations[1].SectorQuota", s.Destinations[1].SectorQuota, map[string]float64{"doctor": 500}},
		{"Return.SavingsTarget", s.Return.SavingsTarget, 50_000.0},
		{"Demography.MortalityGrowth", s.Demography.MortalityGrowth, 0.085},
		{"Steps()", s.Steps(), 240},
	} {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %v; want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestValidFileSetsEveryKey keeps testdata/valid.toml complete as the schema
// grows, so that the tests editing it reach every key.
func TestValidFileSetsEveryKey(t *testing.T) {
	var tree map[string]any
	md, err := toml.DecodeFile(validFile, &tree)
	if err != nil {
		t.Fatal(err)
	}
	set := make(map[string]bool)
	for _, k := range md.Keys() {
		set[k.String()] = true
	}
	var walk func(t reflect.Type, level string)
	walk = func(typ reflect.Type, level string) {
		for _, f := range fieldsOf(typ) {
			k := joinLevel(level, f.name)
			if !set[k] {
				t.Errorf("%s does not set %s", validFile, k)
			}
			switch ft := deref(f.typ); {
			case ft.Kind() == reflect.Struct:
				walk(ft, k)
			case isTableArray(ft):
				walk(ft.Elem(), k)
			}
		}
	}
	walk(scenarioType, "")
}

func TestParseKeepsDefaults(t *testing.T) {
	s, err := Load("testdata/minimal.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := Defaults()
	want.Origin.Population = 1e6
	want.Origin.WageUntrained = 2000
	want.Sectors = []model.Sector{{Name: "nurse", TrainingYears: 3, WageHome: 12000, Workers: 500}}
	want.Destinations = []model.Destination{{Name: "UK", Wage: map[string]float64{"nurse": 45000}}}
	want.Path = "testdata/minimal.toml"
	want.SHA256 = s.SHA256 // checked by TestParseRecordsSHA256
	if !reflect.DeepEqual(*s, want) {
		t.Errorf("Load(minimal.toml) =\n%+v\nwant\n%+v", *s, want)
	}
}

func TestParseInline(t *testing.T) {
	s, err := Load("testdata/inline.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sectors) != 2 || s.Sectors[1].Students != 1200 || s.Destinations[0].Wage["engineer"] != 90_000 ||
		s.Destinations[0].Fee != 0.06 || s.Demography.EntryAge != 17 || s.Name != "inline" {
		t.Errorf("Load(inline.toml) = %+v", s)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/nope.toml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(nope.toml) = %v; want fs.ErrNotExist", err)
	}
	if want := "scenarios: testdata/nope.toml: cannot read the file: no such file"; err == nil || err.Error() != want {
		t.Errorf("Load(nope.toml) = %v; want %q", err, want)
	}
}

func TestParseUnknownKey(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edits []edit
		want  []string
	}{
		{"top level", []edit{{4, "seed = 42", "sed = 42"}},
			[]string{`scenarios: valid.toml:4: unknown key "sed" at top level; did you mean "seed"?`}},
		{"case differs", []edit{{9, "steps_per_year = 12", "Steps_Per_Year = 12"}},
			[]string{`scenarios: valid.toml:9: unknown key "Steps_Per_Year" at top level; did you mean "steps_per_year"?`}},
		{"table header", []edit{{141, "[skill]", "[skil]"}},
			[]string{`scenarios: valid.toml:141: unknown key "skil" at top level; did you mean "skill"?`}},
		{"nested", []edit{{13, "population = 34_000_000.0", "populaton = 34_000_000.0"}},
			[]string{`scenarios: valid.toml:13: unknown key "populaton" in origin; did you mean "population"?`}},
		{"parameters of package agents", []edit{{150, "mortality_growth = 0.085", "mortality_grwth = 0.085"}},
			[]string{`scenarios: valid.toml:150: unknown key "mortality_grwth" in demography; did you mean "mortality_growth"?`}},
		{"array of tables element", []edit{{46, "wage_home = 12_000.0", "wage_hom = 12_000.0"}},
			[]string{`scenarios: valid.toml:46: unknown key "wage_hom" in sector; did you mean "wage_home"?`}},
		{"inline in an array of tables element", []edit{{77, "wage = { doctor = 110_000.0, nurse = 40_000.0 }", "wages = { doctor = 110_000.0, nurse = 40_000.0 }"}},
			[]string{`scenarios: valid.toml:77: unknown key "wages" in destination; did you mean "wage"?`}},
		{"no suggestion lists the keys", []edit{{129, "savings_target = 50_000.0", "pension = 50_000.0"}},
			[]string{`scenarios: valid.toml:129: unknown key "pension" in return; valid keys are "age", "base_rate", "intercept", "savings", "savings_target", "wage_gap", "years_abroad"`}},
		{"all of them", []edit{
			{4, "seed = 42", "sed = 42"},
			{13, "population = 34_000_000.0", "populaton = 34_000_000.0"},
			{46, "wage_home = 12_000.0", "wage_hom = 12_000.0"},
		}, []string{
			`scenarios: valid.toml:4: unknown key "sed" at top level; did you mean "seed"?`,
			`scenarios: valid.toml:13: unknown key "populaton" in origin; did you mean "population"?`,
			`scenarios: valid.toml:46: unknown key "wage_hom" in sector; did you mean "wage_home"?`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.edits...))
			wantProblems(t, err, tt.want...)
		})
	}
}

func TestParseUnknownSector(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edits []edit
		want  []string
	}{
		{"wage", []edit{{66, "nurse = 45_000.0", "nures = 45_000.0"}},
			[]string{`scenarios: valid.toml:66: destination[0].wage.nures: not a sector; did you mean "nurse"?`}},
		{"sector quota, inline", []edit{{83, "sector_quota = { doctor = 500.0 }", "sector_quota = { docter = 500.0 }"}},
			[]string{`scenarios: valid.toml:83: destination[1].sector_quota.docter: not a sector; did you mean "doctor"?`}},
		{"diaspora, no suggestion", []edit{{72, "doctor = 1_500.0", "dentist = 1_500.0"}},
			[]string{`scenarios: valid.toml:72: destination[0].diaspora.dentist: not a sector; sectors are "doctor", "nurse", "midwife"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.edits...))
			wantProblems(t, err, tt.want...)
		})
	}
}

func TestParseWrongType(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edits []edit
		want  []string
	}{
		{"string for a number", []edit{{13, "population = 34_000_000.0", `population = "lots"`}},
			[]string{`scenarios: valid.toml:13: origin.population = "lots": must be a number`}},
		{"float for an integer", []edit{{5, "replicates = 4", "replicates = 4.0"}},
			[]string{`scenarios: valid.toml:5: replicates = 4.0: must be an integer`}},
		{"negative for an unsigned integer", []edit{{4, "seed = 42", "seed = -1"}},
			[]string{`scenarios: valid.toml:4: seed = -1: must be an integer within [0, 18446744073709551615]`}},
		{"date for an integer", []edit{{7, "start_year = 2025", "start_year = 2025-01-01"}},
			[]string{`scenarios: valid.toml:7: start_year = 2025-01-01: must be an integer`}},
		{"string for a boolean, in an array of tables", []edit{{28, "public_training = true", `public_training = "yes"`}},
			[]string{`scenarios: valid.toml:28: sector[0].public_training = "yes": must be true or false`}},
		{"number for a string", []edit{{41, `name = "nurse"`, "name = 7"}},
			[]string{`scenarios: valid.toml:41: sector[1].name = 7: must be a string`}},
		{"in an inline table", []edit{{77, "wage = { doctor = 110_000.0, nurse = 40_000.0 }", `wage = { doctor = "high", nurse = 40_000.0 }`}},
			[]string{`scenarios: valid.toml:77: destination[1].wage.doctor = "high": must be a number`}},
		{"table for a number", []edit{{147, "entry_age = 18.0", "entry_age = { years = 18 }"}},
			[]string{`scenarios: valid.toml:147: demography.entry_age: must be a number, not a table`}},
		{"number for a table", []edit{{77, "wage = { doctor = 110_000.0, nurse = 40_000.0 }", "wage = 110_000.0"}},
			[]string{`scenarios: valid.toml:77: destination[1].wage = 110000.0: must be a table ([destination.wage])`}},
		{"array for a number", []edit{{61, "fee = 0.05", "fee = [0.05, 0.06]"}},
			[]string{`scenarios: valid.toml:61: destination[0].fee = [0.05, 0.06]: must be a number`}},
		{"integer too large for a float", []edit{{13, "population = 34_000_000.0", "population = 9007199254740993"}},
			[]string{`scenarios: valid.toml:13: origin.population = 9007199254740993: integer too large to be stored exactly; write it as a float, e.g. 9.007199254740992e+15`}},
		{"all of them, with unknown keys", []edit{
			{5, "replicates = 4", "replicates = 4.0"},
			{12, `name = "Ghana"`, `nme = "Ghana"`},
			{13, "population = 34_000_000.0", `population = "lots"`},
			{41, `name = "nurse"`, "name = 7"},
		}, []string{
			`scenarios: valid.toml:5: replicates = 4.0: must be an integer`,
			`scenarios: valid.toml:12: unknown key "nme" in origin; did you mean "name"?`,
			`scenarios: valid.toml:13: origin.population = "lots": must be a number`,
			`scenarios: valid.toml:41: sector[1].name = 7: must be a string`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.edits...))
			wantProblems(t, err, tt.want...)
		})
	}
}

func TestParseArraysOfTables(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"a number for an array of tables", "sector = 3",
			[]string{`scenarios: x.toml:1: sector = 3: must be an array of tables ([[sector]])`}},
		{"a table for an array of tables", "[sector]\nname = 'a'",
			[]string{`scenarios: x.toml:1: sector: must be an array of tables ([[sector]]), not a table`}},
		{"a number for an element", "sector = [{name = 'a'}, 3]",
			[]string{`scenarios: x.toml:1: sector[1] = 3: must be a table ([sector])`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(tt.src))
			wantProblems(t, err, tt.want...)
		})
	}
}

func TestParseSyntaxError(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edits []edit
		want  string
	}{
		{"missing value", []edit{{61, "fee = 0.05", "fee = "}},
			`scenarios: valid.toml:61: invalid TOML: expected value but found '\n' instead`},
		{"duplicate key", []edit{{61, "fee = 0.05", "fee = 0.05\nfee = 0.06"}},
			`scenarios: valid.toml:62: invalid TOML: Key 'destination.fee' has already been defined.`},
		{"unterminated string", []edit{{12, `name = "Ghana"`, `name = "Ghana`}},
			`scenarios: valid.toml:12: invalid TOML: strings cannot contain newlines`},
		{"unclosed header", []edit{{86, "[training]", "[training"}},
			`scenarios: valid.toml:86: invalid TOML: expected '.' or ']' to end table name, but got '\n' instead`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.edits...))
			wantProblems(t, err, tt.want)
			var pe toml.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("errors.As(%v, &toml.ParseError) = false; want true", err)
			}
		})
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestLoadBadValues reads a file with many problems and checks that all are
// reported, in the order of the file, against the golden file
// testdata/bad_values.txt (go test -update rewrites it).
func TestLoadBadValues(t *testing.T) {
	const golden = "testdata/bad_values.txt"
	_, err := Load("testdata/bad_values.toml")
	if err == nil {
		t.Fatal("Load(bad_values.toml) = nil error; want problems")
	}
	if *update {
		if werr := os.WriteFile(golden, []byte(err.Error()+"\n"), 0o644); werr != nil {
			t.Fatal(werr)
		}
	}
	want, rerr := os.ReadFile(golden)
	if rerr != nil {
		t.Fatal(rerr)
	}
	wantProblems(t, err, strings.Split(strings.TrimSpace(string(want)), "\n")...)
}

func TestParseRecordsSHA256(t *testing.T) {
	data, err := os.ReadFile("baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%x", sha256.Sum256(data))
	for _, tt := range []struct {
		name      string
		overrides []string
	}{
		{"as read", nil},
		{"overrides do not change the digest of the bytes read", []string{"years=3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("baseline.toml", data, tt.overrides...)
			if err != nil {
				t.Fatal(err)
			}
			if sc.SHA256 != want {
				t.Errorf("SHA256 = %q; want %q", sc.SHA256, want)
			}
		})
	}
}

// TestParseRunSkipsOnlyPriorBounds: ParseRun gives the scenario Parse
// gives, and still rejects a bad value; it leaves out only the check of the
// priors' extreme draws.
func TestParseRunSkipsOnlyPriorBounds(t *testing.T) {
	data, err := files.ReadFile("ghana.toml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("ghana.toml", data, "agents=500")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseRun("ghana.toml", data, "agents=500")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("ParseRun and Parse give different scenarios")
	}
	if _, err := ParseRun("ghana.toml", data, "agents=-1"); err == nil {
		t.Error("ParseRun accepted agents = -1")
	}
}
