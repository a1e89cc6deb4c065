package results

import "fmt"

// The names of the metrics a run records, in one place: the engine builds
// its metrics from them and every consumer (charts, report, live page,
// command, experiments) asks for metrics by them, so that a renamed metric
// is renamed everywhere or fails to compile.
//
// Each is the name of a total, and the base of its breakdowns: see
// BySector, ByDestination, ByPolicy, BySex and ByAgeBand.
const (
	Students             = "students"               // persons in training at home; stock, by sector
	WorkersHome          = "workers_home"           // workers at home who never emigrated; stock, by sector
	Emigrants            = "emigrants"              // trained persons working abroad; stock, by sector
	Returnees            = "returnees"              // workers at home after a spell abroad; stock, by sector
	SkilledHome          = "skilled_home"           // workers at home plus returnees; stock, by sector
	EmigrationRate       = "emigration_rate"        // emigrants / (skilled at home + emigrants); stock, by sector
	BrainWasteRate       = "brain_waste_rate"       // share of emigrants whose credentials are not recognised; stock
	HealthWorkersPer10k  = "health_workers_per_10k" // health workers at home per 10,000 population; stock
	EducationQuality     = "education_quality"      // quality of education at home, index; stock
	TertiaryShare        = "tertiary_share"         // share of the youth cohort entering training; stock
	SkillHome            = "skill_home"             // mean skill of the skilled at home, index; stock
	Enrolments           = "enrolments"             // entrants to training; flow, by sector
	Graduates            = "graduates"              // persons completing training; flow, by sector
	Dropouts             = "dropouts"               // students leaving training uncompleted; flow
	Emigrations          = "emigrations"            // departures abroad; flow, by sector
	Returns              = "returns"                // returns home; flow, by sector
	Deaths               = "deaths"                 // deaths; flow
	Retirements          = "retirements"            // persons reaching retirement age; flow
	Remittances          = "remittances"            // remittances received, net of fees; flow, by destination
	RemittancesSent      = "remittances_sent"       // remittances sent, before fees; flow
	CorridorFees         = "corridor_fees"          // fees paid on remittances; flow
	RemittancesEducation = "remittances_education"  // remittances spent on education; flow
	RemittancesHealth    = "remittances_health"     // remittances spent on health; flow
	TemporaryFTE         = "temporary_fte"          // emigrants on temporary-return assignments, FTE; stock, by sector
	PolicyCost           = "policy_cost"            // fiscal cost net of buy-out revenue, signed; flow, by policy
	Diaspora             = "diaspora"               // emigrants living in a destination; stock, by destination only
	Arrivals             = "arrivals"               // emigrants admitted to a destination; flow, by destination only
	TrainingSpend        = "training_spend"         // public spending on training, USD; flow, by sector
	WageBill             = "wage_bill"              // public wage bill of the skilled at home, USD; flow, by sector
	TaxRevenue           = "tax_revenue"            // tax on the wages of the skilled at home, USD; flow, by sector
	TrainingLostAbroad   = "training_lost_abroad"   // public training embodied in emigrants who leave, USD; flow, by sector
	FiscalBalance        = "fiscal_balance"         // tax revenue - training spend - wage bill - policy cost, signed; flow
	Unemployed           = "unemployed"             // trained persons at home without a post; stock, by sector
	WageHome             = "wage_home"              // wage of a post at home, USD PPP/year; stock, by sector only
	Posts                = "posts"                  // funded posts at home in force; stock, by sector only, for sectors with posts
	TraineesAbroad       = "trainees_abroad"        // workers training abroad (training_abroad); stock, by sector and destination; only with such a policy
	TraineeDepartures    = "trainee_departures"     // workers leaving to train abroad; flow, by sector; only with a training_abroad policy
	TraineeReturns       = "trainee_returns"        // trainees coming home at the end of training; flow, by sector; only with a training_abroad policy
	StudentsAbroad       = "students_abroad"        // youths studying abroad (study_abroad); stock, by sector and destination; only with such a policy
	StudyAbroadGraduates = "study_abroad_graduates" // students abroad graduating; flow, by sector; only with a study_abroad policy
	StudyAbroadReturns   = "study_abroad_returns"   // graduates abroad coming home on graduating; flow, by sector; only with a study_abroad policy
)

// Names of the metrics of the diaspora levers (issue 13), recorded only in
// scenarios with a policy of their kind.
const (
	DiasporaInvestment      = "diaspora_investment"       // diaspora contributions with their match, USD; flow; with a diaspora_investment policy
	InvestmentPosts         = "investment_posts"          // posts funded by diaspora investment, persons; stock; with a diaspora_investment policy
	InsuredHouseholds       = "insured_households"        // households with health micro-insurance paid by emigrants; stock; with a health_insurance policy
	HealthPremiums          = "health_premiums"           // premiums of that insurance, USD; flow; with a health_insurance policy
	HouseholdHealthSpending = "household_health_spending" // out-of-pocket health spending from remittances after claims, USD; flow; with a health_insurance policy
)

// dimensioned returns the name of base broken down by the value of one
// dimension: base, a dot, value.
func dimensioned(base, value string) string { return base + "." + value }

// BySector returns the name of metric base for one sector, e.g.
// BySector(WorkersHome, "nurse") = "workers_home.nurse".
func BySector(base, sector string) string { return dimensioned(base, sector) }

// ByDestination returns the name of metric base for one destination, e.g.
// ByDestination(Diaspora, "uk") = "diaspora.uk".
func ByDestination(base, destination string) string { return dimensioned(base, destination) }

// ByPolicy returns the name of metric base for one policy, e.g.
// ByPolicy(PolicyCost, "bonding") = "policy_cost.bonding".
func ByPolicy(base, policy string) string { return dimensioned(base, policy) }

// The values of the sex dimension: BySex(base, Female) = "base.female".
const (
	Female = "female"
	Male   = "male"
)

// BySex returns the name of metric base for one sex, Female or Male, e.g.
// BySex(WorkersHome, Female) = "workers_home.female".
func BySex(base, sex string) string { return dimensioned(base, sex) }

// AgeBand returns the name of the age band [lo, hi) in whole years:
// "age_25_34" for AgeBand(25, 35); "age_65_plus" when hi <= lo (an open
// band); "age_under_15" when lo is 0.
func AgeBand(lo, hi int) string {
	switch {
	case hi <= lo:
		return fmt.Sprintf("age_%d_plus", lo)
	case lo == 0:
		return fmt.Sprintf("age_under_%d", hi)
	}
	return fmt.Sprintf("age_%d_%d", lo, hi-1)
}

// ByAgeBand returns the name of metric base for one age band (AgeBand),
// e.g. ByAgeBand(WorkersHome, "age_25_34") = "workers_home.age_25_34".
func ByAgeBand(base, band string) string { return dimensioned(base, band) }
