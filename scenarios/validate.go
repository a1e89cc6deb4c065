package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// Limits of a scenario's size and values. With them no quantity the engine
// computes can overflow: ages and durations are counted in 16-bit steps
// (MaxAge x MaxStepsPerYear = 43,800 < 65,535), and every number is at most
// MaxMagnitude in size, so products of a few of them stay far from the
// float64 range. sim.Estimate bounds the memory a valid scenario needs.
const (
	MaxMagnitude = 1e12  // size of any number in a scenario
	MaxAge       = 120.0 // years: demography.entry_age and retirement_age
	MaxGrowth    = 1.0   // per year: origin.population_growth and cohort_growth (+100% a year)
	// MaxDiscountRate bounds training.discount_rate, per year: a rate of
	// 100% already makes income a few years ahead worth next to nothing.
	MaxDiscountRate = 1.0
	// MaxSigma bounds the sigma of a lognormal draw: exp(10) spans the
	// quantiles of a cohort over more than eight orders of magnitude.
	MaxSigma        = 10.0
	MinYear         = 1 // calendar years: start_year and policies' windows
	MaxYear         = 9999
	MaxSectors      = 16
	MaxDestinations = 16
	MaxReplicates   = 10_000
	MaxAgents       = 100_000_000
	MaxYears        = 200
	MaxStepsPerYear = 365

	// MaxFeeElasticity bounds remittance.fee_elasticity (assumed: well
	// above the estimates, about 1.5 across countries, Kpodar and Imam
	// 2022; docs/ODD.md 7.5).
	MaxFeeElasticity = 5.0
	// MaxIncomeElasticity bounds remittance.income_elasticity (assumed: 1
	// is proportional; 2 would double the share with each doubling of
	// income).
	MaxIncomeElasticity = 2.0
	// MaxWageGapWeight bounds a weight of emigration.wage_gap_by_age
	// (assumed: about five times the calibrated 1.9 of ghana.toml).
	MaxWageGapWeight = 10.0
)

// Validate checks every field of s against its documented range and the
// fields against each other (names unique and referring to sectors and
// destinations that exist, careers that end after training, policies whose
// windows end after they start and which set only keys their kind reads),
// and returns every problem found as Problems, or nil if there are none. Problems name the key path, the value and what
// would be valid, and the file s.Path; Parse, which calls it, adds the lines.
func Validate(s *model.Scenario) error {
	return validate(s, nil, nil)
}

// validate is Validate placing problems with ix, the line index of the file
// and overrides s came from (nil if unknown), and naming the kind each
// [[policy]] block wrote (kinds; nil if unknown).
func validate(s *model.Scenario, ix *index, kinds []string) error {
	c := &collector{ix: ix, file: s.Path}
	validateInto(c, s, kinds)
	return c.err()
}

// validateInto adds the problems of s to c.
func validateInto(c *collector, s *model.Scenario, kinds []string) {
	v := &validator{c: c}
	v.finite(reflect.ValueOf(s).Elem(), nil)

	v.intRange(key("replicates"), s.Replicates, 1, MaxReplicates)
	v.intRange(key("agents"), s.Agents, 1, MaxAgents)
	v.intRange(key("years"), s.Years, 1, MaxYears)
	v.intRange(key("steps_per_year"), s.StepsPerYear, 1, MaxStepsPerYear)
	v.intRange(key("start_year"), s.StartYear, MinYear, MaxYear)

	o := key("origin")
	v.positive(o.child("population"), s.Origin.Population)
	v.growth(o.child("population_growth"), s.Origin.PopulationGrowth)
	v.nonNegative(o.child("youth_cohort"), s.Origin.YouthCohort)
	v.growth(o.child("cohort_growth"), s.Origin.CohortGrowth)
	v.positive(o.child("wage_untrained"), s.Origin.WageUntrained)
	x := s.Origin.EducationQuality
	v.check(o.child("education_quality"), x, x > 0 && x <= 1, "must be within (0, 1]")
	v.nonNegative(o.child("teachers_needed"), s.Origin.TeachersNeeded)
	v.nonNegative(o.child("quality_elasticity"), s.Origin.QualityElasticity)
	v.unit(o.child("tax_rate"), s.Origin.TaxRate)
	if s.Origin.TeachersNeeded > 0 && len(s.Sectors) > 0 && !slices.ContainsFunc(s.Sectors, func(x model.Sector) bool { return x.Teacher }) {
		v.check(o.child("teachers_needed"), s.Origin.TeachersNeeded, false,
			"must be 0 (no feedback of teachers on quality) when no sector has teacher = true")
	}

	v.sectors(s)
	v.destinations(s)
	v.params(s)
	v.policies(s, distinctNames(s.Sectors, func(x model.Sector) string { return x.Name }),
		distinctNames(s.Destinations, func(d model.Destination) string { return d.Name }), kinds)
	v.initialPersons(s)
}

type validator struct {
	c *collector
}

// key returns the key path of the keys, from the top.
func key(keys ...string) keyPath {
	var p keyPath
	for _, k := range keys {
		p = p.child(k)
	}
	return p
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// finite reports every float that is NaN or infinite below rv, a value of a
// scenario type at p.
func (v *validator) finite(rv reflect.Value, p keyPath) {
	switch rv.Kind() {
	case reflect.Struct:
		for _, f := range fieldsOf(rv.Type()) {
			v.finite(rv.Field(f.index), p.child(f.name))
		}
	case reflect.Pointer:
		if !rv.IsNil() {
			v.finite(rv.Elem(), p)
		}
	case reflect.Slice, reflect.Array:
		for i := range rv.Len() {
			v.finite(rv.Index(i), p.elem(i))
		}
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return
		}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for _, k := range rv.MapKeys() {
				if !yield(k.String()) {
					return
				}
			}
		}) {
			v.finite(rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())), p.child(k))
		}
	case reflect.Float32, reflect.Float64:
		if x := rv.Float(); !isFinite(x) {
			v.c.add(p, fmtFloat(x), "must be a finite number")
		} else if math.Abs(x) > MaxMagnitude {
			v.c.add(p, fmtFloat(x), fmt.Sprintf("must be at most %g in size; no quantity in the model is larger", MaxMagnitude))
		}
	}
}

// check reports x at p unless ok, with want saying what would be valid. It
// leaves NaN and infinities to finite.
func (v *validator) check(p keyPath, x float64, ok bool, want string) {
	if isFinite(x) && !ok {
		v.c.add(p, fmtFloat(x), want)
	}
}

func (v *validator) positive(p keyPath, x float64) { v.check(p, x, x > 0, "must be > 0") }

func (v *validator) nonNegative(p keyPath, x float64) { v.check(p, x, x >= 0, "must be >= 0") }

func (v *validator) unit(p keyPath, x float64) {
	v.check(p, x, x >= 0 && x <= 1, "must be within [0, 1]")
}

// growth checks a growth rate per year: a fall of 100% or more a year would
// leave nobody, and a rise above MaxGrowth compounds past any population.
func (v *validator) growth(p keyPath, x float64) {
	v.check(p, x, x > -1 && x <= MaxGrowth, fmt.Sprintf("must be within (-1, %g] (a fall of less than 100%% a year, a rise of at most %g%%)", MaxGrowth, 100*MaxGrowth))
}

func (v *validator) intRange(p keyPath, n, lo, hi int) {
	if n < lo || n > hi {
		v.c.add(p, strconv.Itoa(n), fmt.Sprintf("must be within [%d, %d]", lo, hi))
	}
}

// fmtDerived formats a value computed from others, rounding away the noise
// of floating point (1 - 0.8 is 0.19999999999999996).
func fmtDerived(x float64) string {
	return fmtFloat(roundSig(x, 12))
}

func roundSig(x float64, digits int) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	if err != nil {
		return x
	}
	return r
}

// unique checks that the names of a list of tables at p are set and unique.
func (v *validator) unique(p keyPath, names []string) {
	first := make(map[string]int)
	for i, name := range names {
		k := p.elem(i).child("name")
		if name == "" {
			v.c.add(k, `""`, "must not be empty")
			continue
		}
		if j, dup := first[name]; dup {
			v.c.add(k, strconv.Quote(name), fmt.Sprintf("must be unique; %s has the same name", p.elem(j)))
			continue
		}
		first[name] = i
	}
}

// count checks the number of tables n in the array at p.
func (v *validator) count(p keyPath, n, maxN int, plural string) {
	switch {
	case n == 0:
		v.c.add(p, "", fmt.Sprintf("at least one [[%s]] is required", p))
	case n > maxN:
		v.c.add(p, "", fmt.Sprintf("%d %s; at most %d are allowed", n, plural, maxN))
	}
}

func (v *validator) sectors(s *model.Scenario) {
	p := key("sector")
	v.count(p, len(s.Sectors), MaxSectors, "sectors")
	names := make([]string, len(s.Sectors))
	for i, x := range s.Sectors {
		names[i] = x.Name
	}
	v.unique(p, names)

	entry, retire := s.Demography.EntryAge, s.Demography.RetirementAge
	careers := isFinite(entry) && isFinite(retire) && entry > 0 && retire > entry
	for i, x := range s.Sectors {
		e := p.elem(i)
		v.positive(e.child("training_years"), x.TrainingYears)
		if careers && x.TrainingYears > 0 {
			longest := retire - entry
			v.check(e.child("training_years"), x.TrainingYears, x.TrainingYears < longest,
				fmt.Sprintf("must be < %s, so that graduates start work before demography.retirement_age (%s - demography.entry_age %s)",
					fmtDerived(longest), fmtFloat(retire), fmtFloat(entry)))
		}
		v.nonNegative(e.child("training_delay"), x.TrainingDelay)
		if careers && x.TrainingDelay > 0 {
			// The mean delay must leave a career after it; students still
			// in training at the retirement age leave then.
			longest := retire - entry
			v.check(e.child("training_delay"), x.TrainingDelay, x.TrainingDelay < longest,
				fmt.Sprintf("must be < %s years, the longest career (demography.retirement_age %s - demography.entry_age %s)",
					fmtDerived(longest), fmtFloat(retire), fmtFloat(entry)))
		}
		for _, sh := range []struct {
			key string
			x   float64
		}{{"emigration_shift", x.EmigrationShift}, {"return_shift", x.ReturnShift}} {
			v.check(e.child(sh.key), sh.x, math.Abs(sh.x) <= model.MaxShift,
				fmt.Sprintf("must be within [-%s, %s] (logit units; beyond, the hazard is at its floor or ceiling)", fmtFloat(model.MaxShift), fmtFloat(model.MaxShift)))
		}
		v.nonNegative(e.child("seats_per_year"), x.SeatsPerYear)
		v.nonNegative(e.child("training_cost"), x.TrainingCost)
		v.nonNegative(e.child("posts"), x.Posts)
		v.positive(e.child("wage_home"), x.WageHome)
		v.unit(e.child("dropout_rate"), x.DropoutRate)
		v.nonNegative(e.child("workers"), x.Workers)
		v.nonNegative(e.child("students"), x.Students)
		v.nonNegative(e.child("returnees"), x.Returnees)
		v.nonNegative(e.child("public_cost"), x.PublicCost)
		v.labour(e, x, distinctNames(s.Sectors, func(x model.Sector) string { return x.Name }))
	}
}

// labour checks the labour-market keys of sector x at e (docs/ODD.md,
// section 7.2b): ranges, and the keys that only make sense together.
func (v *validator) labour(e keyPath, x model.Sector, sectors []string) {
	v.growth(e.child("posts_growth"), x.PostsGrowth)
	v.nonNegative(e.child("wage_budget"), x.WageBudget)
	if x.WageBudget > 0 {
		v.check(e.child("posts"), x.Posts, x.Posts == 0, "must be 0 when wage_budget is set: the posts are then wage_budget / wage")
	}
	v.unit(e.child("public_share"), x.PublicShare)
	v.check(e.child("wage_elasticity"), x.WageElasticity, x.WageElasticity >= 0,
		"must be >= 0: the size of the own-wage elasticity of labour demand, e.g. 0.5 for -0.5")
	v.unit(e.child("wage_adjustment"), x.WageAdjustment)
	demand := x.Posts > 0 || x.WageBudget > 0
	if x.WageAdjustment > 0 {
		switch {
		case !demand:
			v.check(e.child("wage_adjustment"), x.WageAdjustment, false,
				"must be 0 when the sector has neither posts nor wage_budget: there is no demand to clear against")
		case x.WageBudget == 0 && x.WageElasticity == 0:
			v.check(e.child("wage_elasticity"), x.WageElasticity, false,
				"must be > 0 when wage_adjustment > 0 and posts are set: the clearing wage is wage_home x (posts / trained)^(1 / wage_elasticity)")
		}
	}
	v.nonNegative(e.child("wage_floor"), x.WageFloor)
	v.nonNegative(e.child("wage_ceiling"), x.WageCeiling)
	if x.WageFloor > 0 && x.WageCeiling > 0 {
		v.check(e.child("wage_ceiling"), x.WageCeiling, x.WageCeiling >= x.WageFloor,
			fmt.Sprintf("must be >= wage_floor (%s), or 0 for no ceiling", fmtFloat(x.WageFloor)))
	}
	if x.Unemployed.InPerson() && !demand {
		v.c.add(e.child("unemployed"), strconv.Quote(x.Unemployed.String()),
			`must be "shared" (or left out) when the sector has neither posts nor wage_budget: nobody lacks a post`)
	}
	v.nonNegative(e.child("unemployment_income"), x.UnemploymentIncome)
	if x.UnemploymentIncome != 0 && x.Unemployed != model.UnemploymentBenefit {
		v.check(e.child("unemployment_income"), x.UnemploymentIncome, false, `must be 0 unless unemployed = "unemployed"`)
	}
	switch {
	case x.Unemployed == model.UnemploymentOtherSector:
		others := slices.DeleteFunc(slices.Clone(sectors), func(n string) bool { return n == x.Name })
		if !slices.Contains(others, x.OtherSector) || x.OtherSector == x.Name {
			v.c.add(e.child("other_sector"), strconv.Quote(x.OtherSector),
				`must name another sector when unemployed = "other_sector"; `+didYouMean(x.OtherSector, others, "sectors are", "there is no other sector"))
		}
	case x.OtherSector != "":
		v.c.add(e.child("other_sector"), strconv.Quote(x.OtherSector), `must be "" unless unemployed = "other_sector"`)
	}
}

func (v *validator) destinations(s *model.Scenario) {
	p := key("destination")
	v.count(p, len(s.Destinations), MaxDestinations, "destinations")
	names := make([]string, len(s.Destinations))
	for i, d := range s.Destinations {
		names[i] = d.Name
	}
	v.unique(p, names)

	sectors := distinctNames(s.Sectors, func(x model.Sector) string { return x.Name })
	for i, d := range s.Destinations {
		e := p.elem(i)
		if len(d.Wage) == 0 {
			msg := "must give a wage for at least one sector"
			if len(sectors) > 0 {
				msg += " (" + quoteList(sectors) + ")"
			}
			v.c.add(e.child("wage"), "", msg)
		}
		v.bySector(e.child("wage"), d.Wage, sectors, v.positive)
		v.nonNegative(e.child("waste_wage"), d.WasteWage)
		v.unit(e.child("recognition"), d.Recognition)
		v.nonNegative(e.child("living_cost"), d.LivingCost)
		v.unit(e.child("fee"), d.Fee)
		if d.Quota != nil {
			v.nonNegative(e.child("quota"), *d.Quota)
		}
		v.bySector(e.child("sector_quota"), d.SectorQuota, sectors, v.nonNegative)
		v.bySector(e.child("diaspora"), d.Diaspora, sectors, v.nonNegative)
		v.bySector(e.child("openings"), d.Openings, sectors, v.nonNegative)
		v.nonNegative(e.child("wage_elasticity"), d.WageElasticity)
		v.bySector(e.child("workforce"), d.Workforce, sectors, v.positive)
		if d.WageElasticity > 0 && len(d.Workforce) == 0 {
			v.check(e.child("wage_elasticity"), d.WageElasticity, false,
				"must be 0 unless workforce gives the destination's own workforce in at least one sector")
		}
	}
}

// distinctNames returns the distinct non-empty names of the tables, in order.
func distinctNames[T any](tables []T, name func(T) string) []string {
	var ns []string
	for _, t := range tables {
		if n := name(t); n != "" && !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	return ns
}

// bySector checks that the keys of the table m at p are sector names, and
// each value with check.
func (v *validator) bySector(p keyPath, m map[string]float64, sectors []string, check func(keyPath, float64)) {
	for _, k := range slices.Sorted(mapKeys(m)) {
		if !slices.Contains(sectors, k) {
			v.c.add(p.child(k), "", "not a sector; "+didYouMean(k, sectors, "sectors are", "there are no sectors"))
		}
		check(p.child(k), m[k])
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// params checks the behavioural parameters of package agents.
func (v *validator) params(s *model.Scenario) {
	t := key("training")
	v.nonNegative(t.child("sensitivity"), s.Training.Sensitivity)
	v.unit(t.child("migration_response"), s.Training.MigrationResponse)
	v.nonNegative(t.child("dropout_quality"), s.Training.DropoutQuality)
	v.training(t, &s.Training)

	em := key("emigration")
	v.unit(em.child("base_rate"), s.Emigration.BaseRate)
	v.nonNegative(em.child("wage_gap"), s.Emigration.WageGap)
	v.nonNegative(em.child("network"), s.Emigration.Network)
	v.nonNegative(em.child("age"), s.Emigration.Age)
	v.nonNegative(em.child("returnee_factor"), s.Emigration.ReturneeFactor)
	v.wageGapByAge(em.child("wage_gap_by_age"), s.Emigration.WageGapByAge, s.Demography.RetirementAge)

	r := key("return")
	v.unit(r.child("base_rate"), s.Return.BaseRate)
	v.nonNegative(r.child("wage_gap"), s.Return.WageGap)
	v.nonNegative(r.child("savings_target"), s.Return.SavingsTarget)
	v.nonNegative(r.child("savings"), s.Return.Savings)
	v.nonNegative(r.child("years_abroad"), s.Return.YearsAbroad)

	rm, m := key("remittance"), s.Remittance
	v.unit(rm.child("share"), m.Share)
	v.nonNegative(rm.child("female_extra"), m.FemaleExtra)
	v.nonNegative(rm.child("decay"), m.Decay)
	v.unit(rm.child("education_share"), m.EducationShare)
	v.unit(rm.child("health_share"), m.HealthShare)
	if inUnit(m.EducationShare) && inUnit(m.HealthShare) {
		v.check(rm.child("health_share"), m.HealthShare, m.EducationShare+m.HealthShare <= 1,
			fmt.Sprintf("must be <= %s, so that education_share + health_share <= 1",
				fmtDerived(1-m.EducationShare)))
	}
	if inUnit(m.Share) && m.Share > 0 && isFinite(m.FemaleExtra) && m.FemaleExtra >= 0 {
		v.check(rm.child("female_extra"), m.FemaleExtra, m.Share*(1+m.FemaleExtra) <= 1,
			fmt.Sprintf("must be <= %s, so that women remit at most their income: share * (1 + female_extra) <= 1",
				fmtDerived(1/m.Share-1)))
	}

	v.check(rm.child("fee_elasticity"), m.FeeElasticity, m.FeeElasticity >= 0 && m.FeeElasticity <= MaxFeeElasticity,
		fmt.Sprintf("must be within [0, %g]; 0 = the amount sent does not respond to the fee", MaxFeeElasticity))
	v.check(rm.child("income_elasticity"), m.IncomeElasticity, m.IncomeElasticity >= 0 && m.IncomeElasticity <= MaxIncomeElasticity,
		fmt.Sprintf("must be within [0, %g]; 1 = the amount sent is proportional to income abroad", MaxIncomeElasticity))

	h := key("household")
	v.nonNegative(h.child("education_effect"), s.Household.EducationEffect)
	v.nonNegative(h.child("social_effect"), s.Household.SocialEffect)

	sk := key("skill")
	v.nonNegative(sk.child("growth_abroad"), s.Skill.GrowthAbroad)
	v.nonNegative(sk.child("growth_home"), s.Skill.GrowthHome)
	v.check(sk.child("max"), s.Skill.Max, s.Skill.Max >= 1, "must be >= 1")

	d := key("demography")
	v.check(d.child("entry_age"), s.Demography.EntryAge, s.Demography.EntryAge > 0 && s.Demography.EntryAge < MaxAge,
		fmt.Sprintf("must be within (0, %g) years", MaxAge))
	if entry := s.Demography.EntryAge; isFinite(entry) {
		r := s.Demography.RetirementAge
		v.check(d.child("retirement_age"), r, r > entry && r <= MaxAge,
			fmt.Sprintf("must be within (demography.entry_age, %g] = (%s, %g] years; ages are counted in steps of 16 bits", MaxAge, fmtFloat(entry), MaxAge))
	}
	v.unit(d.child("mortality"), s.Demography.Mortality)
	v.nonNegative(d.child("mortality_growth"), s.Demography.MortalityGrowth)
	v.unit(d.child("female_share"), s.Demography.FemaleShare)
}

// training checks the keys of the per-youth training choice (docs/ODD.md
// 7.1): the draws' parameters, the discount rate, the credit limit, the skill
// cost and the fixed migration chances.
func (v *validator) training(p keyPath, tp *agents.TrainingParams) {
	v.distribution(p.child("ability"), tp.Ability, true)
	v.distribution(p.child("cost"), tp.Cost, false)
	v.check(p.child("discount_rate"), tp.DiscountRate, tp.DiscountRate >= 0 && tp.DiscountRate <= MaxDiscountRate,
		fmt.Sprintf("must be within [0, %g] per year", MaxDiscountRate))
	v.nonNegative(p.child("credit_limit"), tp.CreditLimit)
	v.distribution(p.child("means"), tp.Means, true)
	if tp.SkillChoice == agents.SkillQuadratic {
		v.check(p.child("skill_cost"), tp.SkillCost, tp.SkillCost > 0,
			`must be > 0 with skill_choice = "quadratic" (k of the cost k theta^2 / 2)`)
	} else {
		v.nonNegative(p.child("skill_cost"), tp.SkillCost)
	}
	if pm := tp.PerceivedMigration; pm != nil {
		v.unit(p.child("perceived_migration"), *pm)
	}
	v.unit(p.child("graduate_emigration"), tp.GraduateEmigration)
}

// distribution checks the parameters a draw's shape reads: a uniform needs
// min <= max (and min > 0 for a factor, ability or means, min >= 0 for
// cost, so that incomes are not turned around), a lognormal median > 0 and sigma >= 0.
func (v *validator) distribution(p keyPath, d agents.Distribution, factor bool) {
	switch d.Shape {
	case agents.ShapeUniform:
		if factor {
			v.check(p.child("min"), d.Min, d.Min > 0, `must be > 0 with distribution = "uniform" (a factor of earnings or means)`)
		} else {
			v.check(p.child("min"), d.Min, d.Min >= 0, `must be >= 0 with distribution = "uniform" (a cost, USD PPP per year of working life)`)
		}
		if isFinite(d.Min) {
			v.check(p.child("max"), d.Max, d.Max >= d.Min, fmt.Sprintf(`must be >= min (%s) with distribution = "uniform"`, fmtFloat(d.Min)))
		}
	case agents.ShapeLognormal:
		v.check(p.child("median"), d.Median, d.Median > 0, `must be > 0 with distribution = "lognormal"`)
		v.check(p.child("sigma"), d.Sigma, d.Sigma >= 0 && d.Sigma <= MaxSigma,
			fmt.Sprintf(`must be within [0, %g] with distribution = "lognormal"`, MaxSigma))
	case agents.ShapeNone:
	default: // a prior's shape, which agents.Shape also names
		_, err := agents.ParseShape(d.Shape.String(), agents.DrawShapes[:]...)
		v.c.add(p.child("distribution"), strconv.Quote(d.Shape.String()), err.Error()+` (left out: "none")`)
	}
}

// wageGapByAge checks the age bands of emigration.wage_gap_by_age at p:
// upper ends increasing, the last covering every working age (up to
// retirement), weights within [0, MaxWageGapWeight].
func (v *validator) wageGapByAge(p keyPath, bands []agents.AgeWeight, retire float64) {
	prev := 0.0
	for i, b := range bands {
		e := p.elem(i)
		v.check(e.child("below"), b.Below, b.Below > prev && b.Below <= MaxAge,
			fmt.Sprintf("must be within (%s, %g] years: above the previous band's below (0 for the first)", fmtFloat(prev), MaxAge))
		if isFinite(b.Below) {
			prev = max(prev, b.Below)
		}
		v.check(e.child("weight"), b.Weight, b.Weight >= 0 && b.Weight <= MaxWageGapWeight,
			fmt.Sprintf("must be within [0, %g]; 0 = no response to the home wage at these ages, 1 = emigration.wage_gap", MaxWageGapWeight))
	}
	if n := len(bands); n > 0 && isFinite(retire) && isFinite(bands[n-1].Below) && bands[n-1].Below < retire {
		v.check(p.elem(n-1).child("below"), bands[n-1].Below, false,
			fmt.Sprintf("must be >= demography.retirement_age (%s), so that every working age has a weight", fmtFloat(retire)))
	}
}

func inUnit(x float64) bool { return x >= 0 && x <= 1 } // false for NaN

// initialPersons checks that the scenario starts with somebody.
func (v *validator) initialPersons(s *model.Scenario) {
	total := 0.0
	add := func(x float64) {
		if isFinite(x) && x > 0 {
			total += x
		}
	}
	for _, x := range s.Sectors {
		add(x.Workers)
		add(x.Students)
		add(x.Returnees)
	}
	for _, d := range s.Destinations {
		for _, x := range d.Diaspora {
			add(x)
		}
	}
	const what = "initial persons (workers, students and returnees of the sectors and diaspora of the destinations)"
	switch {
	case total == 0:
		v.c.add(nil, "", what+" add up to 0; they must add up to > 0")
	case !isFinite(total):
		v.c.add(nil, "", what+" add up to more than a float can hold; they must add up to a finite number")
	}
}
