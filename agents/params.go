package agents

// TrainingParams set the yearly training choice of a youth cohort: a
// multinomial logit over the sectors and "no training" on expected income
// (Beine, Docquier and Rapoport 2001; see docs/ODD.md, "Training choice").
type TrainingParams struct {
	// Sensitivity is the logit weight on the log of a sector's expected
	// income net of cost relative to the untrained wage; must be >= 0. Zero
	// makes the choice ignore incomes.
	Sensitivity float64 `toml:"sensitivity"`
	// NoTraining is the utility of not training, in the same logit units; it
	// sets the level of the tertiary share.
	NoTraining float64 `toml:"no_training"`
	// MigrationResponse in [0, 1] scales the migration chance the youth
	// perceive. One is the full brain-gain channel; zero switches it off, so
	// the youth expect to stay home.
	MigrationResponse float64 `toml:"migration_response"`
	// DropoutQuality is the elasticity of the dropout hazard to education
	// quality: dropout = rate * quality^(-DropoutQuality); >= 0, 0 = no effect.
	DropoutQuality float64 `toml:"dropout_quality"`

	// The keys below make the choice per youth (docs/ODD.md 7.1); left out,
	// they keep the alike youths of the logit above.

	// Choice is the rule: "logit" (left out) or "threshold", the
	// deterministic best option without taste shocks.
	Choice ChoiceRule `toml:"choice"`
	// Ability is the distribution of a youth's ability, a factor of the
	// graduate's earnings and skill (dimensionless; "none" = 1 for all).
	Ability Distribution `toml:"ability"`
	// Cost is the distribution of a youth's personal cost of training, USD
	// PPP per year of working life ("none" = 0 for all).
	Cost Distribution `toml:"cost"`
	// DiscountRate discounts future income, per year, >= 0: fees paid
	// during training weigh FeeFactor(DiscountRate, T, W) per year of
	// working life. 0 spreads them evenly, as before.
	DiscountRate float64 `toml:"discount_rate"`
	// CreditLimit is what the median household can pay towards fees, USD
	// PPP per year of training; a sector whose fee net of scholarships
	// exceeds the youth's household means, CreditLimit times the draw of
	// Means, is closed to the youth. 0 means no constraint.
	CreditLimit float64 `toml:"credit_limit"`
	// Means is the distribution of a household's means relative to
	// CreditLimit (dimensionless; "none" = 1 for all, one limit for every
	// household).
	Means Distribution `toml:"means"`
	// SkillChoice is "fixed" (left out) or "quadratic", Stark's choice of
	// skill at cost SkillCost theta^2 / 2.
	SkillChoice SkillChoice `toml:"skill_choice"`
	// SkillCost is k of the quadratic skill cost, USD PPP per year of
	// working life per unit of skill squared; > 0 with "quadratic".
	SkillCost float64 `toml:"skill_cost"`
	// PerceivedMigration, if set, is the migration chance youths perceive
	// in every sector, in [0, 1], in place of the sector's observed share
	// abroad (both are then scaled by MigrationResponse). Absent (nil) means
	// observed.
	PerceivedMigration *float64 `toml:"perceived_migration"`
	// GraduateEmigration is the chance, in [0, 1], that an entrant leaves on
	// graduating, to a destination drawn with the emigration choice
	// probabilities, with recognised credentials and outside the quotas: a
	// fixed realised migration chance p for the theory scenarios. 0 = none.
	GraduateEmigration float64 `toml:"graduate_emigration"`
}

// EmigrationParams set the monthly emigration hazard of workers and returnees
// at home: h = BaseRate * logistic(WageGap*ln(w_abroad/w_home) +
// Network*ln(1 + diaspora/stock) - Age*(age - 30) - Cost), with the abroad
// terms combined over destinations as a nested-logit inclusive value.
type EmigrationParams struct {
	BaseRate float64 `toml:"base_rate"` // h0, ceiling of the hazard, per year; in [0, 1]
	WageGap  float64 `toml:"wage_gap"`  // b_w, weight on the log wage ratio; >= 0
	Network  float64 `toml:"network"`   // b_n, weight on ln(1 + diaspora/stock at home); >= 0
	Age      float64 `toml:"age"`       // b_a, per year of age above 30; >= 0
	Cost     float64 `toml:"cost"`      // c_move, moving cost in logit units, added to each destination's own
	// ReturneeFactor multiplies the hazard of returnees (circular
	// re-emigration); 1 treats them like other workers, 0 stops re-emigration.
	ReturneeFactor float64 `toml:"returnee_factor"`
	// WageGapByAge weights, by age band, the response of the hazard to a
	// change of the home wage from the sector's scenario wage (a top-up, a
	// shock, unemployment): the bands in increasing order of Below, the last
	// covering every working age. Empty (the zero value) gives weight 1 at
	// every age, the single WageGap of earlier versions. See
	// EmigrationRate and docs/ODD.md, "Emigration".
	WageGapByAge []AgeWeight `toml:"wage_gap_by_age"`
}

// AgeWeight is one age band of EmigrationParams.WageGapByAge: ages from
// the previous band's Below (0 for the first) up to, not including, Below.
type AgeWeight struct {
	Below  float64 `toml:"below"`  // upper end of the band, years, exclusive; > the previous band's
	Weight float64 `toml:"weight"` // multiplies WageGap for wage changes; >= 0, 0 = no response, 1 = WageGap
}

// ReturnParams set the monthly return hazard of emigrants: r = BaseRate *
// logistic(Intercept + WageGap*ln(w_home/w_abroad) + Savings*[savings >=
// SavingsTarget] + Age*(age - 30) - YearsAbroad*years_abroad), after
// Dustmann's target-saver and life-cycle models of return.
type ReturnParams struct {
	BaseRate      float64 `toml:"base_rate"`      // r0, ceiling of the hazard, per year; in [0, 1]
	Intercept     float64 `toml:"intercept"`      // logit units
	WageGap       float64 `toml:"wage_gap"`       // weight on ln(w_home_eff / w_abroad_eff); >= 0
	SavingsTarget float64 `toml:"savings_target"` // USD PPP; 0 means no target
	Savings       float64 `toml:"savings"`        // logit shift once the target is reached; >= 0
	Age           float64 `toml:"age"`            // per year of age above 30
	YearsAbroad   float64 `toml:"years_abroad"`   // per year abroad, subtracted (settling); >= 0
}

// RemittanceParams set what emigrants send home: share = Share * (1 +
// FemaleExtra if female) * exp(-Decay * years abroad) of income abroad, of
// which the corridor fee is lost on the way.
type RemittanceParams struct {
	Share       float64 `toml:"share"`        // s0, share of income remitted; in [0, 1]
	FemaleExtra float64 `toml:"female_extra"` // g_female, relative extra for women; >= 0
	Decay       float64 `toml:"decay"`        // d, per year abroad; >= 0
	// EducationShare and HealthShare are the parts of remittances received
	// that households spend on education and on health; each in [0, 1] and
	// together at most 1.
	EducationShare float64 `toml:"education_share"`
	HealthShare    float64 `toml:"health_share"`
	// FeeElasticity is the elasticity of the amount sent to the price of
	// delivering one dollar home, 1 / (1 - fee): the amount is multiplied by
	// ((1 - fee) / (1 - fee_ref))^FeeElasticity, fee_ref the destination's
	// own fee in the scenario, so it moves only when a policy changes the
	// fee. >= 0; 0 (the zero value) = no response, the amount sent does not
	// depend on the fee.
	FeeElasticity float64 `toml:"fee_elasticity"`
	// IncomeElasticity is the elasticity of the amount sent to the
	// emigrant's income abroad around the income at the scenario's wages
	// (income_0, the recognised or the waste wage): the amount is share x
	// income_0 x (income / income_0)^IncomeElasticity, so it governs the
	// response to shocks to the wages abroad, while the amounts at the
	// scenario's wages stay share x income. 1 is the proportional rule of
	// earlier versions (scenarios.Defaults sets it); 0 keeps the amount at
	// its level at the scenario's wages. In [0, 2].
	IncomeElasticity float64 `toml:"income_elasticity"`
}

// SkillParams set how human capital changes. Skill is 1 for a graduate of
// full-quality education and scales the person's home wage.
type SkillParams struct {
	GrowthAbroad float64 `toml:"growth_abroad"` // continuous rate per year abroad: x exp(g) a year; >= 0
	GrowthHome   float64 `toml:"growth_home"`   // continuous rate per year working at home; >= 0
	Max          float64 `toml:"max"`           // upper bound of skill; >= 1
}

// DemographyParams set ageing, retirement and mortality.
type DemographyParams struct {
	EntryAge      float64 `toml:"entry_age"`      // age at the training choice, years; > 0
	RetirementAge float64 `toml:"retirement_age"` // exit age, years; > EntryAge
	// Mortality is the yearly death rate at age 30 and MortalityGrowth the
	// Gompertz growth of that rate per year of age: m(a) = Mortality *
	// exp(MortalityGrowth * (a - 30)).
	Mortality       float64 `toml:"mortality"`
	MortalityGrowth float64 `toml:"mortality_growth"`
	FemaleShare     float64 `toml:"female_share"` // share of women among entrants; in [0, 1]
}

// HouseholdParams set how the households left behind and the returnees shape
// the next cohorts: both add to the utility of every training option in the
// youth's choice (docs/ODD.md, "Households").
type HouseholdParams struct {
	// EducationEffect is the logit shift per unit of remittance spending on
	// education (private and matched) per member of the youth cohort,
	// measured in untrained annual wages; >= 0.
	EducationEffect float64 `toml:"education_effect"`
	// SocialEffect is the logit shift per unit of the returnees' share of the
	// skilled at home (social remittances); >= 0.
	SocialEffect float64 `toml:"social_effect"`
}
