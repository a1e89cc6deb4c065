package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

// rangeCase edits one line of testdata/valid.toml and wants one problem.
type rangeCase struct {
	name string
	e    edit
	want string
}

func runRangeCases(t *testing.T, cases []rangeCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.e))
			wantProblems(t, err, tt.want)
		})
	}
}

func TestValidateUnitInterval(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"fee", edit{61, "fee = 0.05", "fee = 1.4"},
			"scenarios: valid.toml:61: destination[0].fee = 1.4: must be within [0, 1]"},
		{"recognition", edit{79, "recognition = 0.5", "recognition = -0.1"},
			"scenarios: valid.toml:79: destination[1].recognition = -0.1: must be within [0, 1]"},
		{"dropout_rate", edit{48, "dropout_rate = 0.1", "dropout_rate = 1.5"},
			"scenarios: valid.toml:48: sector[1].dropout_rate = 1.5: must be within [0, 1]"},
		{"migration_response", edit{89, "migration_response = 1.0", "migration_response = 2.0"},
			"scenarios: valid.toml:89: training.migration_response = 2: must be within [0, 1]"},
		{"emigration base_rate", edit{118, "base_rate = 0.2", "base_rate = 1.2"},
			"scenarios: valid.toml:118: emigration.base_rate = 1.2: must be within [0, 1]"},
		{"return base_rate", edit{126, "base_rate = 0.2", "base_rate = -0.5"},
			"scenarios: valid.toml:126: return.base_rate = -0.5: must be within [0, 1]"},
		{"remittance share", edit{135, "share = 0.15", "share = 1.5"},
			"scenarios: valid.toml:135: remittance.share = 1.5: must be within [0, 1]"},
		{"education_share", edit{138, "education_share = 0.2", "education_share = -0.1"},
			"scenarios: valid.toml:138: remittance.education_share = -0.1: must be within [0, 1]"},
		{"health_share", edit{139, "health_share = 0.1", "health_share = 1.1"},
			"scenarios: valid.toml:139: remittance.health_share = 1.1: must be within [0, 1]"},
		{"mortality", edit{149, "mortality = 0.001", "mortality = 1.5"},
			"scenarios: valid.toml:149: demography.mortality = 1.5: must be within [0, 1]"},
		{"female_share", edit{151, "female_share = 0.5", "female_share = 1.2"},
			"scenarios: valid.toml:151: demography.female_share = 1.2: must be within [0, 1]"},
		{"education_quality excludes 0", edit{18, "education_quality = 0.8", "education_quality = 0.0"},
			"scenarios: valid.toml:18: origin.education_quality = 0: must be within (0, 1]"},
		{"education_quality at most 1", edit{18, "education_quality = 0.8", "education_quality = 1.01"},
			"scenarios: valid.toml:18: origin.education_quality = 1.01: must be within (0, 1]"},
	})
}

func TestValidatePositive(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"population", edit{13, "population = 34_000_000.0", "population = 0.0"},
			"scenarios: valid.toml:13: origin.population = 0: must be > 0"},
		{"wage_untrained", edit{17, "wage_untrained = 2_500.0", "wage_untrained = -5.0"},
			"scenarios: valid.toml:17: origin.wage_untrained = -5: must be > 0"},
		{"training_years", edit{25, "training_years = 6.0", "training_years = 0.0"},
			"scenarios: valid.toml:25: sector[0].training_years = 0: must be > 0"},
		{"wage_home", edit{29, "wage_home = 30_000.0", "wage_home = 0.0"},
			"scenarios: valid.toml:29: sector[0].wage_home = 0: must be > 0"},
		{"destination wage", edit{65, "doctor = 120_000.0", "doctor = 0.0"},
			"scenarios: valid.toml:65: destination[0].wage.doctor = 0: must be > 0"},
		{"entry_age", edit{147, "entry_age = 18.0", "entry_age = 0.0"},
			"scenarios: valid.toml:147: demography.entry_age = 0: must be within (0, 120) years"},
		{"skill max at least 1", edit{144, "max = 2.0", "max = 0.5"},
			"scenarios: valid.toml:144: skill.max = 0.5: must be >= 1"},
	})
}

func TestValidateNonNegative(t *testing.T) {
	var cases []rangeCase
	for _, c := range []struct {
		line      int
		old, path string
	}{
		{15, "youth_cohort = 700_000.0", "origin.youth_cohort"},
		{19, "teachers_needed = 0.0", "origin.teachers_needed"},
		{20, "quality_elasticity = 0.3", "origin.quality_elasticity"},
		{37, "posts = 4_000.0", "sector[0].posts"},
		{154, "education_effect = 0.5", "household.education_effect"},
		{155, "social_effect = 1.0", "household.social_effect"},
		{26, "seats_per_year = 1_000.0", "sector[0].seats_per_year"},
		{27, "training_cost = 1_200.0", "sector[0].training_cost"},
		{51, "workers = 40_000.0", "sector[1].workers"},
		{52, "students = 15_000.0", "sector[1].students"},
		{53, "returnees = 1_000.0", "sector[1].returnees"},
		{57, "waste_wage = 25_000.0", "destination[0].waste_wage"},
		{59, "living_cost = 20_000.0", "destination[0].living_cost"},
		{62, "quota = 3_000.0", "destination[0].quota"},
		{69, "nurse = 2_000.0", "destination[0].sector_quota.nurse"},
		{72, "doctor = 1_500.0", "destination[0].diaspora.doctor"},
		{87, "sensitivity = 2.0", "training.sensitivity"},
		{90, "dropout_quality = 0.5", "training.dropout_quality"},
		{119, "wage_gap = 1.0", "emigration.wage_gap"},
		{120, "network = 1.0", "emigration.network"},
		{121, "age = 0.08", "emigration.age"},
		{123, "returnee_factor = 1.0", "emigration.returnee_factor"},
		{128, "wage_gap = 1.0", "return.wage_gap"},
		{129, "savings_target = 50_000.0", "return.savings_target"},
		{130, "savings = 1.0", "return.savings"},
		{132, "years_abroad = 0.1", "return.years_abroad"},
		{136, "female_extra = 0.1", "remittance.female_extra"},
		{137, "decay = 0.03", "remittance.decay"},
		{142, "growth_abroad = 0.02", "skill.growth_abroad"},
		{143, "growth_home = 0.01", "skill.growth_home"},
		{150, "mortality_growth = 0.085", "demography.mortality_growth"},
	} {
		k, _, _ := strings.Cut(c.old, " = ")
		cases = append(cases, rangeCase{c.path, edit{c.line, c.old, k + " = -1.0"},
			fmt.Sprintf("scenarios: valid.toml:%d: %s = -1: must be >= 0", c.line, c.path)})
	}
	runRangeCases(t, cases)
}

func TestValidateIntegers(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"replicates 0", edit{5, "replicates = 4", "replicates = 0"},
			"scenarios: valid.toml:5: replicates = 0: must be within [1, 10000]"},
		{"replicates too many", edit{5, "replicates = 4", "replicates = 10_001"},
			"scenarios: valid.toml:5: replicates = 10001: must be within [1, 10000]"},
		{"agents 0", edit{6, "agents = 20_000", "agents = 0"},
			"scenarios: valid.toml:6: agents = 0: must be within [1, 100000000]"},
		{"agents too many", edit{6, "agents = 20_000", "agents = 100_000_001"},
			"scenarios: valid.toml:6: agents = 100000001: must be within [1, 100000000]"},
		{"years 0", edit{8, "years = 20", "years = 0"},
			"scenarios: valid.toml:8: years = 0: must be within [1, 200]"},
		{"years too many", edit{8, "years = 20", "years = 201"},
			"scenarios: valid.toml:8: years = 201: must be within [1, 200]"},
		{"steps_per_year 0", edit{9, "steps_per_year = 12", "steps_per_year = 0"},
			"scenarios: valid.toml:9: steps_per_year = 0: must be within [1, 365]"},
		{"steps_per_year too many", edit{9, "steps_per_year = 12", "steps_per_year = 366"},
			"scenarios: valid.toml:9: steps_per_year = 366: must be within [1, 365]"},
	})
}

func TestValidateGrowth(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"population_growth", edit{14, "population_growth = 0.019", "population_growth = -1.0"},
			"scenarios: valid.toml:14: origin.population_growth = -1: must be within (-1, 1] (a fall of less than 100% a year, a rise of at most 100%)"},
		{"cohort_growth", edit{16, "cohort_growth = 0.01", "cohort_growth = -2.5"},
			"scenarios: valid.toml:16: origin.cohort_growth = -2.5: must be within (-1, 1] (a fall of less than 100% a year, a rise of at most 100%)"},
	})
}

func TestValidateFinite(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"nan", edit{13, "population = 34_000_000.0", "population = nan"},
			"scenarios: valid.toml:13: origin.population = nan: must be a finite number"},
		{"inf in a range", edit{61, "fee = 0.05", "fee = inf"},
			"scenarios: valid.toml:61: destination[0].fee = inf: must be a finite number"},
		{"-inf where any number goes", edit{60, "move_cost = 0.5", "move_cost = -inf"},
			"scenarios: valid.toml:60: destination[0].move_cost = -inf: must be a finite number"},
		{"nan where any number goes", edit{30, "preference = 0.5", "preference = nan"},
			"scenarios: valid.toml:30: sector[0].preference = nan: must be a finite number"},
		{"in an inline table", edit{77, "wage = { doctor = 110_000.0, nurse = 40_000.0 }", "wage = { doctor = +inf, nurse = 40_000.0 }"},
			"scenarios: valid.toml:77: destination[1].wage.doctor = inf: must be a finite number"},
		{"optional", edit{62, "quota = 3_000.0", "quota = nan"},
			"scenarios: valid.toml:62: destination[0].quota = nan: must be a finite number"},
		{"a parameter", edit{127, "intercept = -1.0", "intercept = -inf"},
			"scenarios: valid.toml:127: return.intercept = -inf: must be a finite number"},
	})
}

func TestValidateRelations(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"teachers needed but no teachers", edit{19, "teachers_needed = 0.0", "teachers_needed = 5_000.0"},
			"scenarios: valid.toml:19: origin.teachers_needed = 5000: must be 0 (no feedback of teachers on quality) when no sector has teacher = true"},
		{"retirement before entry", edit{148, "retirement_age = 65.0", "retirement_age = 17.0"},
			"scenarios: valid.toml:148: demography.retirement_age = 17: must be within (demography.entry_age, 120] = (18, 120] years; ages are counted in steps of 16 bits"},
		{"retirement at entry", edit{148, "retirement_age = 65.0", "retirement_age = 18.0"},
			"scenarios: valid.toml:148: demography.retirement_age = 18: must be within (demography.entry_age, 120] = (18, 120] years; ages are counted in steps of 16 bits"},
		{"training ends at retirement", edit{25, "training_years = 6.0", "training_years = 47.0"},
			"scenarios: valid.toml:25: sector[0].training_years = 47: must be < 47, so that graduates start work before demography.retirement_age (65 - demography.entry_age 18)"},
		{"education and health shares over 1", edit{139, "health_share = 0.1", "health_share = 0.9"},
			"scenarios: valid.toml:139: remittance.health_share = 0.9: must be <= 0.8, so that education_share + health_share <= 1"},
		{"women remit more than they earn", edit{136, "female_extra = 0.1", "female_extra = 6.0"},
			"scenarios: valid.toml:136: remittance.female_extra = 6: must be <= 5.66666666667, so that women remit at most their income: share * (1 + female_extra) <= 1"},
	})
}

func TestValidateNames(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    edit
		want []string
	}{
		{"duplicate destination", edit{76, `name = "Germany"`, `name = "UK"`},
			[]string{
				`scenarios: valid.toml:76: destination[1].name = "UK": must be unique; destination[0] has the same name`,
				`scenarios: valid.toml:190: policy[4].destinations[0] = "Germany": not a destination; destinations are "UK", "Canada"`,
				`scenarios: valid.toml:196: policy[5].destinations[0] = "Germany": not a destination; destinations are "UK", "Canada"`,
			}},
		{"empty destination", edit{76, `name = "Germany"`, `name = ""`},
			[]string{
				`scenarios: valid.toml:76: destination[1].name = "": must not be empty`,
				`scenarios: valid.toml:190: policy[4].destinations[0] = "Germany": not a destination; destinations are "UK", "Canada"`,
				`scenarios: valid.toml:196: policy[5].destinations[0] = "Germany": not a destination; destinations are "UK", "Canada"`,
			}},
		{"missing destination name", edit{76, `name = "Germany"`, ""},
			[]string{
				`scenarios: valid.toml:75: destination[1].name = "": must not be empty`,
				`scenarios: valid.toml:189: policy[4].destinations[0] = "Germany": not a destination; destinations are "UK", "Canada"`,
				`scenarios: valid.toml:195: policy[5].destinations[0] = "Germany": not a destination; destinations are "UK", "Canada"`,
			}},
		{"duplicate sector leaves the other unknown", edit{41, `name = "nurse"`, `name = "doctor"`},
			[]string{
				`scenarios: valid.toml:41: sector[1].name = "doctor": must be unique; sector[0] has the same name`,
				`scenarios: valid.toml:66: destination[0].wage.nurse: not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:69: destination[0].sector_quota.nurse: not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:73: destination[0].diaspora.nurse: not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:77: destination[1].wage.nurse: not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:84: destination[1].diaspora.nurse: not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:162: policy[0].sectors[0] = "nurse": not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:185: policy[3].sectors[1] = "nurse": not a sector; sectors are "doctor", "midwife"`,
				`scenarios: valid.toml:195: policy[5].sectors[0] = "nurse": not a sector; sectors are "doctor", "midwife"`,
			}},
		{"no wage", edit{77, "wage = { doctor = 110_000.0, nurse = 40_000.0 }", "wage = {}"},
			[]string{`scenarios: valid.toml:77: destination[1].wage: must give a wage for at least one sector ("doctor", "nurse", "midwife")`}},
		{"wage left out", edit{77, "wage = { doctor = 110_000.0, nurse = 40_000.0 }", ""},
			[]string{`scenarios: valid.toml:75: destination[1].wage: must give a wage for at least one sector ("doctor", "nurse", "midwife")`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.e))
			wantProblems(t, err, tt.want...)
		})
	}
}

// tables returns n arrays-of-tables elements named in turn.
func tables(header string, n int, body string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[%s]]\nname = \"%c\"\n%s\n", header, 'a'+i, body)
	}
	return b.String()
}

func TestValidateCounts(t *testing.T) {
	const (
		origin      = "[origin]\npopulation = 1e6\nwage_untrained = 1000.0\n"
		sector      = "[[sector]]\nname = \"a\"\ntraining_years = 3.0\nwage_home = 1000.0\nworkers = 10.0\n"
		destination = "[[destination]]\nname = \"X\"\nwage.a = 9000.0\n"
	)
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"no sector", origin + destination, []string{
			`scenarios: x.toml:6: destination[0].wage.a: not a sector; there are no sectors`,
			`scenarios: x.toml: initial persons (workers, students and returnees of the sectors and diaspora of the destinations) add up to 0; they must add up to > 0`,
			`scenarios: x.toml: sector: at least one [[sector]] is required`,
		}},
		{"no destination", origin + sector, []string{
			`scenarios: x.toml: destination: at least one [[destination]] is required`,
		}},
		{"too many sectors", origin + destination + tables("sector", 17, "training_years = 3.0\nwage_home = 1000.0\nworkers = 10.0"), []string{
			`scenarios: x.toml:7: sector: 17 sectors; at most 16 are allowed`,
		}},
		{"too many destinations", origin + sector + tables("destination", 17, "wage.a = 9000.0"), []string{
			`scenarios: x.toml:9: destination: 17 destinations; at most 16 are allowed`,
		}},
		{"nobody at the start", origin + destination + strings.Replace(sector, "workers = 10.0", "workers = 0.0", 1), []string{
			`scenarios: x.toml: initial persons (workers, students and returnees of the sectors and diaspora of the destinations) add up to 0; they must add up to > 0`,
		}},
		{"somebody abroad only", origin + strings.Replace(sector, "workers = 10.0", "", 1) + destination + "diaspora.a = 5.0", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(tt.src))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			wantProblems(t, err, tt.want...)
		})
	}
}

// TestValidateInCode checks scenarios built or changed in code, which have no
// line numbers.
func TestValidateInCode(t *testing.T) {
	d := Defaults()
	wantProblems(t, Validate(&d),
		`scenarios: initial persons (workers, students and returnees of the sectors and diaspora of the destinations) add up to 0; they must add up to > 0`,
		`scenarios: destination: at least one [[destination]] is required`,
		`scenarios: origin.population = 0: must be > 0`,
		`scenarios: origin.wage_untrained = 0: must be > 0`,
		`scenarios: sector: at least one [[sector]] is required`,
	)

	s, err := Load(validFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(s); err != nil {
		t.Fatalf("Validate() of a loaded scenario = %v; want nil", err)
	}
	s.Destinations[1].Fee = 2
	s.Sectors = append(s.Sectors, s.Sectors[0])
	wantProblems(t, Validate(s),
		`scenarios: testdata/valid.toml: destination[1].fee = 2: must be within [0, 1]`,
		`scenarios: testdata/valid.toml: sector[3].name = "doctor": must be unique; sector[0] has the same name`,
	)
}

// TestValidateFiscal checks the ranges of the fiscal keys: the tax rate and
// the public payroll share are shares, the public cost of training is
// non-negative.
func TestValidateFiscal(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"tax_rate above 1", edit{21, "tax_rate = 0.25", "tax_rate = 1.5"},
			"scenarios: valid.toml:21: origin.tax_rate = 1.5: must be within [0, 1]"},
		{"tax_rate negative", edit{21, "tax_rate = 0.25", "tax_rate = -0.1"},
			"scenarios: valid.toml:21: origin.tax_rate = -0.1: must be within [0, 1]"},
		{"public_cost negative", edit{38, "public_cost = 3_000.0", "public_cost = -1.0"},
			"scenarios: valid.toml:38: sector[0].public_cost = -1: must be >= 0"},
		{"public_share above 1", edit{54, "public_share = 0.5", "public_share = 1.2"},
			"scenarios: valid.toml:54: sector[1].public_share = 1.2: must be within [0, 1]"},
	})
}

// TestValidateLabour checks the labour-market keys of the third sector and
// destination of testdata/valid.toml (docs/ODD.md, section 7.2b): ranges,
// and keys that only make sense together.
func TestValidateLabour(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edits []edit
		want  []string
	}{
		{"posts_growth", []edit{{248, "posts_growth = 0.019", "posts_growth = -1.0"}},
			[]string{"scenarios: valid.toml:248: sector[2].posts_growth = -1: must be within (-1, 1] (a fall of less than 100% a year, a rise of at most 100%)"}},
		{"budget and posts", []edit{{249, "wage_budget = 0.0", "wage_budget = 1e7"}},
			[]string{"scenarios: valid.toml:247: sector[2].posts = 1800: must be 0 when wage_budget is set: the posts are then wage_budget / wage"}},
		{"public_share", []edit{{250, "public_share = 0.8", "public_share = 1.5"}},
			[]string{"scenarios: valid.toml:250: sector[2].public_share = 1.5: must be within [0, 1]"}},
		{"negative elasticity", []edit{{251, "wage_elasticity = 0.5", "wage_elasticity = -0.5"}},
			[]string{"scenarios: valid.toml:251: sector[2].wage_elasticity = -0.5: must be >= 0: the size of the own-wage elasticity of labour demand, e.g. 0.5 for -0.5"}},
		{"adjustment without elasticity", []edit{{251, "wage_elasticity = 0.5", "wage_elasticity = 0.0"}},
			[]string{"scenarios: valid.toml:251: sector[2].wage_elasticity = 0: must be > 0 when wage_adjustment > 0 and posts are set: the clearing wage is wage_home x (posts / trained)^(1 / wage_elasticity)"}},
		{"wage_adjustment", []edit{{252, "wage_adjustment = 0.2", "wage_adjustment = 1.2"}},
			[]string{"scenarios: valid.toml:252: sector[2].wage_adjustment = 1.2: must be within [0, 1]"}},
		{"ceiling below floor", []edit{{254, "wage_ceiling = 20_000.0", "wage_ceiling = 5_000.0"}},
			[]string{"scenarios: valid.toml:254: sector[2].wage_ceiling = 5000: must be >= wage_floor (6000), or 0 for no ceiling"}},
		{"no posts, no unemployment", []edit{{247, "posts = 1_800.0", "posts = 0.0"}},
			[]string{
				`scenarios: valid.toml:252: sector[2].wage_adjustment = 0.2: must be 0 when the sector has neither posts nor wage_budget: there is no demand to clear against`,
				`scenarios: valid.toml:255: sector[2].unemployed = "unemployed": must be "shared" (or left out) when the sector has neither posts nor wage_budget: nobody lacks a post`,
			}},
		{"unknown mode", []edit{{255, `unemployed = "unemployed"`, `unemployed = "jobless"`}},
			[]string{
				`scenarios: valid.toml:255: sector[2].unemployed = "jobless": must be "shared", "unemployed", "untrained" or "other_sector" (left out: "shared")`,
				`scenarios: valid.toml:256: sector[2].unemployment_income = 1500: must be 0 unless unemployed = "unemployed"`,
			}},
		{"income without benefit", []edit{{255, `unemployed = "unemployed"`, `unemployed = "untrained"`}},
			[]string{`scenarios: valid.toml:256: sector[2].unemployment_income = 1500: must be 0 unless unemployed = "unemployed"`}},
		{"other sector missing", []edit{{255, `unemployed = "unemployed"`, `unemployed = "other_sector"`}, {256, "unemployment_income = 1_500.0", "unemployment_income = 0.0"}},
			[]string{`scenarios: valid.toml:257: sector[2].other_sector = "": must name another sector when unemployed = "other_sector"; sectors are "doctor", "nurse"`}},
		{"other sector without its mode", []edit{{257, `other_sector = ""`, `other_sector = "nurse"`}},
			[]string{`scenarios: valid.toml:257: sector[2].other_sector = "nurse": must be "" unless unemployed = "other_sector"`}},
		{"emigration shift beyond its bound", []edit{{258, "emigration_shift = 0.3", "emigration_shift = 12.0"}},
			[]string{"scenarios: valid.toml:258: sector[2].emigration_shift = 12: must be within [-10, 10] (logit units; beyond, the hazard is at its floor or ceiling)"}},
		{"return shift beyond its bound", []edit{{259, "return_shift = -0.2", "return_shift = -10.5"}},
			[]string{"scenarios: valid.toml:259: sector[2].return_shift = -10.5: must be within [-10, 10] (logit units; beyond, the hazard is at its floor or ceiling)"}},
		{"openings", []edit{{264, "openings = { midwife = 100.0 }", "openings = { midwife = -1.0 }"}},
			[]string{"scenarios: valid.toml:264: destination[2].openings.midwife = -1: must be >= 0"}},
		{"workforce", []edit{{266, "workforce = { midwife = 20_000.0 }", "workforce = { midwife = 0.0 }"}},
			[]string{"scenarios: valid.toml:266: destination[2].workforce.midwife = 0: must be > 0"}},
		{"destination elasticity without workforce", []edit{{266, "workforce = { midwife = 20_000.0 }", ""}},
			[]string{"scenarios: valid.toml:265: destination[2].wage_elasticity = 3: must be 0 unless workforce gives the destination's own workforce in at least one sector"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("valid.toml", variant(t, tt.edits...))
			wantProblems(t, err, tt.want...)
		})
	}
}

// TestValidateTime checks the keys of the time submodel: the intake is one
// of its names, and the mean training delay is non-negative and shorter
// than the longest career (demography.retirement_age 65 - entry_age 18).
func TestValidateTime(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"intake", edit{22, `intake = "yearly"`, `intake = "monthly"`},
			`scenarios: valid.toml:22: origin.intake = "monthly": must be "spread" or "yearly" (left out: "spread")`},
		{"training_delay negative", edit{39, "training_delay = 0.5", "training_delay = -1.0"},
			"scenarios: valid.toml:39: sector[0].training_delay = -1: must be >= 0"},
		{"training_delay past the career", edit{39, "training_delay = 0.5", "training_delay = 50.0"},
			"scenarios: valid.toml:39: sector[0].training_delay = 50: must be < 47 years, the longest career (demography.retirement_age 65 - demography.entry_age 18)"},
	})
}

// TestValidateResponses checks the keys of issue 12: the remittance
// elasticities and the wage-gap weights by age, with their lines.
func TestValidateResponses(t *testing.T) {
	runRangeCases(t, []rangeCase{
		{"fee elasticity negative", edit{140, "fee_elasticity = 1.5", "fee_elasticity = -1.0"},
			"scenarios: valid.toml:140: remittance.fee_elasticity = -1: must be within [0, 5]; 0 = the amount sent does not respond to the fee"},
		{"fee elasticity too large", edit{140, "fee_elasticity = 1.5", "fee_elasticity = 6.0"},
			"scenarios: valid.toml:140: remittance.fee_elasticity = 6: must be within [0, 5]; 0 = the amount sent does not respond to the fee"},
		{"income elasticity too large", edit{134, "income_elasticity = 0.8", "income_elasticity = 3.0"},
			"scenarios: valid.toml:134: remittance.income_elasticity = 3: must be within [0, 2]; 1 = the amount sent is proportional to income abroad"},
		{"negative weight", edit{270, "weight = 1.5", "weight = -1.0"},
			"scenarios: valid.toml:270: emigration.wage_gap_by_age[0].weight = -1: must be within [0, 10]; 0 = no response to the home wage at these ages, 1 = emigration.wage_gap"},
		{"band not above the previous", edit{269, "below = 36.0", "below = 70.0"},
			"scenarios: valid.toml:273: emigration.wage_gap_by_age[1].below = 65: must be within (70, 120] years: above the previous band's below (0 for the first)"},
		{"last band short of retirement", edit{273, "below = 65.0", "below = 60.0"},
			"scenarios: valid.toml:273: emigration.wage_gap_by_age[1].below = 60: must be >= demography.retirement_age (65), so that every working age has a weight"},
	})
}
