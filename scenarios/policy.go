package scenarios

// The kinds of policy a scenario can switch on. Each [[policy]] block names
// one in its kind key; docs/policies.md gives an example of each.
const (
	KindWageTopUp          = "wage_top_up"            // raises the home wage of eligible workers
	KindTemporaryReturn    = "temporary_return"       // assignments at home for diaspora members (MIDA, TRQN)
	KindReturnGrant        = "return_grant"           // one-off payment and job matching for returnees
	KindRecruitmentCap     = "recruitment_cap"        // WHO Code: a destination caps active recruitment
	KindVisaQuota          = "visa_quota"             // a destination's yearly admissions
	KindTrainingPartner    = "training_partnership"   // extra seats funded by a destination, home and away tracks
	KindBonding            = "bonding"                // compulsory service after publicly funded training
	KindScholarship        = "scholarship"            // lowers the cost of training
	KindRemittanceFeeCut   = "remittance_fee_cut"     // lowers the corridor fee
	KindRemittanceMatching = "remittance_matching"    // public match of collective remittances (3x1)
	KindRecognition        = "credential_recognition" // share of arrivals whose credentials are recognised
	KindPortableBenefits   = "portable_benefits"      // lowers the frictions of return and circular moves
	KindShock              = "shock"                  // demand surge or recession abroad, crisis at home
)

// PolicyKinds lists every kind, in documentation order.
var PolicyKinds = []string{
	KindWageTopUp, KindTemporaryReturn, KindReturnGrant, KindRecruitmentCap, KindVisaQuota,
	KindTrainingPartner, KindBonding, KindScholarship, KindRemittanceFeeCut, KindRemittanceMatching,
	KindRecognition, KindPortableBenefits, KindShock,
}

// PolicyKeys lists, for each kind, the keys it reads besides the common ones
// (kind, name, start_year, end_year, sectors, destinations, budget); a key
// of another kind set in its block is an error.
var PolicyKeys = map[string][]string{
	KindWageTopUp:          {"top_up", "eligible", "months"},
	KindTemporaryReturn:    {"assignments", "months", "acceptance", "skill_transfer", "cost_per_assignment"},
	KindReturnGrant:        {"grant", "grant_effect"},
	KindRecruitmentCap:     {"quota"},
	KindVisaQuota:          {"quota"},
	KindTrainingPartner:    {"seats", "away_share", "paid_by", "cost_per_seat"},
	KindBonding:            {"months", "buyout", "buyout_rate"},
	KindScholarship:        {"amount"},
	KindRemittanceFeeCut:   {"fee", "cost_per_point"},
	KindRemittanceMatching: {"collective_share", "match"},
	KindRecognition:        {"recognition"},
	KindPortableBenefits:   {"return_effect", "circulation_effect"},
	KindShock:              {"wage_abroad_change", "wage_home_change", "demand_change"},
}

// Policy is one [[policy]] block: a lever active from StartYear to EndYear
// (inclusive) for the sectors and destinations it names. Which of the
// kind-specific fields a kind reads is listed in PolicyKeys.
type Policy struct {
	Kind         string   `toml:"kind"`         // one of PolicyKinds
	Name         string   `toml:"name"`         // label in outputs (policy_cost.NAME); default KIND or KIND_2, ...
	StartYear    int      `toml:"start_year"`   // first calendar year active; 0 = from the start
	EndYear      int      `toml:"end_year"`     // last calendar year active, inclusive; 0 = to the horizon
	Sectors      []string `toml:"sectors"`      // sector names it applies to; empty = all
	Destinations []string `toml:"destinations"` // destination names it applies to; empty = all
	Budget       float64  `toml:"budget"`       // cap on its yearly fiscal cost, USD; 0 = no cap

	// wage_top_up: the home wage of eligible workers rises by TopUp (a
	// share, 0.3 = 30%). Eligible is "all" (workers and returnees), "public"
	// (trained in public programmes) or "returnees" (for Months months after
	// return; 0 = as long as they stay).
	TopUp    float64 `toml:"top_up"`
	Eligible string  `toml:"eligible"`
	// Months: wage_top_up, the months a returnee is paid; temporary_return,
	// the length of an assignment; bonding, the months of service owed.
	Months float64 `toml:"months"`

	// temporary_return: Assignments a year (persons) offered to the diaspora,
	// Months long; each approached member accepts with probability
	// Acceptance. While on assignment a member counts as a full-time
	// equivalent at home, and each raises the summed skill of home colleagues
	// of the sector by SkillTransfer a year (their skill grows by
	// SkillTransfer x FTE / home stock a year). Each assignment costs
	// CostPerAssignment, USD. Two programmes covering the same sector and
	// destination at once: the later block applies there.
	Assignments       float64 `toml:"assignments"`
	Acceptance        float64 `toml:"acceptance"`
	SkillTransfer     float64 `toml:"skill_transfer"`
	CostPerAssignment float64 `toml:"cost_per_assignment"`

	// return_grant: a one-off Grant, USD, to each returning emigrant; it adds
	// GrantEffect x Grant / (annual home wage) to the return logit.
	Grant       float64 `toml:"grant"`
	GrantEffect float64 `toml:"grant_effect"`

	// recruitment_cap, visa_quota: at most Quota persons a year admitted to
	// each named destination, for each named sector (all sectors together
	// when Sectors is empty).
	Quota float64 `toml:"quota"`

	// training_partnership: Seats extra places a year in each named sector;
	// a share AwayShare of entrants follow the away track and, on
	// graduating, move to the partner destination (the first of
	// Destinations) with recognised credentials. PaidBy is "destination" or
	// "origin"; the origin's fiscal cost counts CostPerSeat a student-year
	// only when it pays.
	Seats       float64 `toml:"seats"`
	AwayShare   float64 `toml:"away_share"`
	PaidBy      string  `toml:"paid_by"`
	CostPerSeat float64 `toml:"cost_per_seat"`

	// bonding: graduates of public programmes owe Months of service at home.
	// A bonded worker's emigration hazard is multiplied by BuyoutRate (0 = no
	// one leaves early); each who leaves pays Buyout, USD, which counts as
	// revenue (negative cost).
	Buyout     float64 `toml:"buyout"`
	BuyoutRate float64 `toml:"buyout_rate"`

	// scholarship: lowers the training cost by Amount, USD per student-year;
	// costs Amount per student-year.
	Amount float64 `toml:"amount"`

	// remittance_fee_cut: the corridor fee becomes Fee (a share); if
	// CostPerPoint > 0 the public pays CostPerPoint USD per percentage point
	// cut per USD 1,000 sent (a subsidy); otherwise it is free (regulation).
	Fee          float64 `toml:"fee"`
	CostPerPoint float64 `toml:"cost_per_point"`

	// remittance_matching: households put CollectiveShare of remittances
	// received into collective projects (schools, clinics), which public
	// money matches Match to one (3 for Mexico's 3x1).
	CollectiveShare float64 `toml:"collective_share"`
	Match           float64 `toml:"match"`

	// credential_recognition: arrivals' credentials are recognised with
	// probability Recognition.
	Recognition float64 `toml:"recognition"`

	// portable_benefits: ReturnEffect adds to the return logit and
	// CirculationEffect to returnees' re-emigration logit (logit units).
	ReturnEffect      float64 `toml:"return_effect"`
	CirculationEffect float64 `toml:"circulation_effect"`

	// shock: relative changes while active: WageAbroadChange to wages at the
	// named destinations (-0.2 = a recession), WageHomeChange to home wages
	// (a crisis at home) and DemandChange to the destinations' quotas and to
	// emigration appeal (+0.5 = a demand surge).
	WageAbroadChange float64 `toml:"wage_abroad_change"`
	WageHomeChange   float64 `toml:"wage_home_change"`
	DemandChange     float64 `toml:"demand_change"`
}

// Active reports whether the policy is in force in the given calendar year.
func (p *Policy) Active(year int) bool {
	return (p.StartYear == 0 || year >= p.StartYear) && (p.EndYear == 0 || year <= p.EndYear)
}

// AppliesToSector reports whether the policy covers the named sector.
func (p *Policy) AppliesToSector(name string) bool { return covers(p.Sectors, name) }

// AppliesToDestination reports whether the policy covers the named destination.
func (p *Policy) AppliesToDestination(name string) bool { return covers(p.Destinations, name) }

func covers(list []string, name string) bool {
	if len(list) == 0 {
		return true
	}
	for _, x := range list {
		if x == name {
			return true
		}
	}
	return false
}
