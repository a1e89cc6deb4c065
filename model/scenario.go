package model

import "github.com/brainsim/brainsim/agents"

// Scenario is one simulation set-up. Each field's comment gives its unit and
// what zero means; scenarios.Validate checks every range. Money is in USD PPP
// per year unless said otherwise.
type Scenario struct {
	Name        string `toml:"name"`        // short identifier, used in plots and reports
	Description string `toml:"description"` // one paragraph for reports

	Seed         uint64 `toml:"seed"`           // base seed; replicate r uses (Seed, r)
	Replicates   int    `toml:"replicates"`     // independent runs; >= 1
	Agents       int    `toml:"agents"`         // agents at the start; persons per agent = initial persons / Agents
	StartYear    int    `toml:"start_year"`     // calendar year of step 0
	Years        int    `toml:"years"`          // horizon, years; >= 1
	StepsPerYear int    `toml:"steps_per_year"` // steps a year; 12 is monthly

	Origin       Origin        `toml:"origin"`
	Sectors      []Sector      `toml:"sector"`      // at least one; at most 16
	Destinations []Destination `toml:"destination"` // at least one; at most 16

	Training   agents.TrainingParams   `toml:"training"`
	Emigration agents.EmigrationParams `toml:"emigration"`
	Return     agents.ReturnParams     `toml:"return"`
	Remittance agents.RemittanceParams `toml:"remittance"`
	Skill      agents.SkillParams      `toml:"skill"`
	Demography agents.DemographyParams `toml:"demography"`
	Household  agents.HouseholdParams  `toml:"household"`

	// Policies are the levers switched on, each in its own window; several
	// may be active at once.
	Policies []Policy `toml:"policy"`

	// Path is the file the scenario was loaded from ("" if built in code).
	Path string `toml:"-"`
	// Overrides are the key.path=value settings applied after loading, in order.
	Overrides []string `toml:"-"`
	// SHA256 is the hex SHA-256 of the bytes the scenario was parsed from,
	// taken when they were read, so that it names what was simulated even if
	// the file changes or goes away during the run; "" if built in code.
	SHA256 string `toml:"-"`
	// Priors are the keys the file gives a distribution instead of a
	// value, in the order of their paths; the scenario holds each one's
	// median. Empty for a file without priors.
	Priors []Prior `toml:"-"`
}

// Origin is the home country.
type Origin struct {
	Name             string  `toml:"name"`
	Population       float64 `toml:"population"`        // persons; > 0; the denominator of densities
	PopulationGrowth float64 `toml:"population_growth"` // per year, e.g. 0.02
	YouthCohort      float64 `toml:"youth_cohort"`      // persons reaching the entry age each year; >= 0
	CohortGrowth     float64 `toml:"cohort_growth"`     // per year
	WageUntrained    float64 `toml:"wage_untrained"`    // w_L, annual wage without training; > 0
	EducationQuality float64 `toml:"education_quality"` // in (0, 1]; 1 is full quality; scales graduates' skill
	// TeachersNeeded is the teacher stock (teacher sectors at home, persons)
	// at which education reaches EducationQuality; with fewer teachers
	// quality falls as (teachers / TeachersNeeded)^QualityElasticity. 0
	// switches the feedback off.
	TeachersNeeded    float64 `toml:"teachers_needed"`
	QualityElasticity float64 `toml:"quality_elasticity"` // >= 0
	// TaxRate is the average rate of income tax plus social contributions
	// on the wages of the skilled at home, a share in [0, 1]; it gives the
	// tax_revenue of the fiscal accounts. 0 = no tax counted.
	TaxRate float64 `toml:"tax_rate"`
	// Intake is when the cohort enters training: "spread" (the zero value,
	// equal parts every step, seats likewise) or "yearly" (all at the first
	// step of the year).
	Intake Intake `toml:"intake"`
}

// MaxShift bounds a sector's emigration_shift and return_shift, logit
// units: beyond 10 the logistic is within 5e-5 of 0 or 1, so a larger shift
// changes nothing but says the calibration ran off.
const MaxShift = 10.0

// Sector is an occupation the origin country trains for.
type Sector struct {
	Name           string  `toml:"name"`            // e.g. "nurse"; unique within a scenario
	TrainingYears  float64 `toml:"training_years"`  // length of training, years; > 0
	SeatsPerYear   float64 `toml:"seats_per_year"`  // training places a year, persons; 0 means unlimited
	TrainingCost   float64 `toml:"training_cost"`   // paid by the student per year of training; >= 0
	PublicTraining bool    `toml:"public_training"` // training financed by the state
	WageHome       float64 `toml:"wage_home"`       // annual wage at home; > 0
	Preference     float64 `toml:"preference"`      // taste for the sector in the training choice, logit units
	DropoutRate    float64 `toml:"dropout_rate"`    // students leaving per year at full quality; in [0, 1]
	Health         bool    `toml:"health"`          // counts toward health workers per 10,000
	Teacher        bool    `toml:"teacher"`         // teachers feed education quality
	// Posts is the number of funded posts at home, persons; when more are
	// trained than there are posts, the expected home wage falls by the
	// share employed. 0 means no limit.
	Posts float64 `toml:"posts"`
	// PublicCost is what the state spends per student-year on public
	// training in this sector, USD PPP, on top of the TrainingCost the
	// student pays; it counts only when PublicTraining is set, and not for
	// students on a training partnership's seats. 0 = no public spending
	// counted.
	PublicCost float64 `toml:"public_cost"`

	// The labour market at home (docs/ODD.md, section 7.2b). Every key's
	// zero value keeps the fixed wage and the posts of brainsim 0.2.

	// PostsGrowth is the growth of Posts, or of WageBudget, per year, in
	// (-1, 1]; 0 keeps them constant. Set it to origin.population_growth to
	// keep posts per head constant.
	PostsGrowth float64 `toml:"posts_growth"`
	// WageBudget is the sector's wage bill at home, public and private
	// employers together, USD PPP a year; > 0 makes the posts the budget
	// divided by the wage, so that a rise of the wage buys fewer posts
	// (Posts must then be 0). 0 means posts are set by Posts.
	WageBudget float64 `toml:"wage_budget"`
	// PublicShare is the share of the sector's workers at home paid by the
	// state, in [0, 1]: the public wage bill (fiscal accounts) is
	// PublicShare x the wages of the employed. 0 = none (all private). The
	// engine's dynamics do not read it; the fiscal accounts do.
	PublicShare float64 `toml:"public_share"`
	// WageElasticity is the size of the own-wage elasticity of labour
	// demand (a positive number: 0.5 for an elasticity of -0.5): posts at
	// wage w are Posts x (w / WageHome)^(-WageElasticity). It must be > 0
	// when WageAdjustment > 0 and WageBudget = 0; 0 means the posts do not
	// respond to the wage.
	WageElasticity float64 `toml:"wage_elasticity"`
	// WageAdjustment is the share of the log gap between the wage and the
	// market-clearing wage closed in a year, in [0, 1]; 0 keeps the wage
	// fixed at WageHome, 1 clears the market every step.
	WageAdjustment float64 `toml:"wage_adjustment"`
	// WageFloor and WageCeiling bound the adjusting wage, USD PPP a year;
	// 0 means no bound.
	WageFloor   float64 `toml:"wage_floor"`
	WageCeiling float64 `toml:"wage_ceiling"`
	// Unemployed is what trained persons without a post earn; the zero
	// value shares the shortfall of posts among all (see Unemployment).
	Unemployed Unemployment `toml:"unemployed"`
	// UnemploymentIncome is what the unemployed receive with Unemployed =
	// "unemployed" (a benefit), USD PPP a year; 0 means none.
	UnemploymentIncome float64 `toml:"unemployment_income"`
	// OtherSector names the sector whose wage the unemployed earn with
	// Unemployed = "other_sector" (without taking its posts); "" otherwise.
	OtherSector string `toml:"other_sector"`
	// TrainingDelay is the mean time, years, that students take beyond
	// TrainingYears: past the fixed length they graduate at the hazard
	// 1/TrainingDelay a year (exponential extra time) while the dropout
	// hazard goes on. 0 (the zero value) is a fixed length; >= 0.
	TrainingDelay float64 `toml:"training_delay"`

	// EmigrationShift is the sector's own propensity to emigrate, logit
	// units, added to the logit of the emigration hazard of its workers
	// and returnees (docs/ODD.md 7.3): what the scenario's shared
	// behavioural keys leave out (licensing abroad, a sector's networks
	// and recruiters), calibrated so that a sector's sourced share abroad
	// is near the steady state of its own hazards (section 5). 0 (the zero
	// value) adds nothing; within [-MaxShift, MaxShift].
	EmigrationShift float64 `toml:"emigration_shift"`
	// ReturnShift is the same for the return hazard of the sector's
	// emigrants, logit units (docs/ODD.md 7.6). 0 adds nothing; within
	// [-MaxShift, MaxShift].
	ReturnShift float64 `toml:"return_shift"`

	// Initial stocks, persons.
	Workers   float64 `toml:"workers"`   // working at home
	Students  float64 `toml:"students"`  // in training
	Returnees float64 `toml:"returnees"` // back from abroad
}

// Destination is a country that receives emigrants.
type Destination struct {
	Name string `toml:"name"` // unique within a scenario

	// Wage is the annual wage of a worker whose credentials are recognised,
	// by sector name. A sector left out has no demand here.
	Wage        map[string]float64 `toml:"wage"`
	WasteWage   float64            `toml:"waste_wage"`  // annual wage of one whose credentials are not recognised (brain waste); >= 0
	Recognition float64            `toml:"recognition"` // chance that an arrival's credentials are recognised; in [0, 1]
	LivingCost  float64            `toml:"living_cost"` // annual living cost abroad; >= 0
	MoveCost    float64            `toml:"move_cost"`   // extra moving cost to this destination, logit units
	Fee         float64            `toml:"fee"`         // remittance corridor fee, share of the amount sent; in [0, 1]

	// Quota caps admissions from the origin, persons per year, all sectors;
	// absent (nil) means no cap, 0 closes the door.
	Quota *float64 `toml:"quota"`
	// SectorQuota caps admissions per sector, persons per year; a sector left
	// out has no cap of its own.
	SectorQuota map[string]float64 `toml:"sector_quota"`

	// Diaspora is the initial number of emigrants here, by sector name.
	Diaspora map[string]float64 `toml:"diaspora"`

	// Openings is the destination's demand for workers from the origin,
	// persons a year by sector name: employers hire at most that many a
	// year, and applicants beyond them stay at home. A sector left out has
	// unlimited demand. Unlike a quota (a policy limit on visas), openings
	// are the employers' demand; both bind admissions the same way.
	Openings map[string]float64 `toml:"openings"`
	// WageElasticity makes the recognised wage fall as the origin's
	// diaspora in a sector grows: w = Wage x ((Workforce + diaspora) /
	// (Workforce + initial diaspora))^(-1/WageElasticity), the inverse of a
	// labour demand of that elasticity (a positive number). 0 keeps the
	// wage fixed.
	WageElasticity float64 `toml:"wage_elasticity"`
	// Workforce is the destination's own workforce in a sector, persons,
	// by sector name, against which arrivals lower the wage; a sector left
	// out keeps its wage.
	Workforce map[string]float64 `toml:"workforce"`
}

// Steps returns the number of steps of the horizon.
func (s *Scenario) Steps() int { return s.Years * s.StepsPerYear }

// SectorIndex returns the index of the named sector, or -1.
func (s *Scenario) SectorIndex(name string) int {
	for i, x := range s.Sectors {
		if x.Name == name {
			return i
		}
	}
	return -1
}

// DestinationIndex returns the index of the named destination, or -1.
func (s *Scenario) DestinationIndex(name string) int {
	for i, x := range s.Destinations {
		if x.Name == name {
			return i
		}
	}
	return -1
}
