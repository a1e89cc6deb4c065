package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// metricSpec is a recorded quantity and how to read it from the engine after
// a step. A flow (Kind results.Flow) is read per step and reported as its sum
// over the trailing year (the last StepsPerYear steps), so yearly events such
// as enrolment read as a yearly figure in every row.
type metricSpec struct {
	results.Metric
	flow bool // Kind == results.Flow, set by buildMetrics
	read func(e *Engine) float64
}

// Units of the metrics.
const (
	unitPersons     = "persons"
	unitPersonsYear = "persons/year"
	unitUSDYear     = "USD PPP/year"
	unitShare       = "share"
	unitFTE         = "full-time equivalents"
)

// buildMetrics lists the metrics of a scenario: totals first, then one group
// per policy, one per sector and one per destination, in scenario order.
func buildMetrics(sc *model.Scenario) []metricSpec {
	total := func(name, unit, desc string, kind results.Kind, read func(e *Engine) float64) metricSpec {
		return metricSpec{Metric: results.Metric{Name: name, Base: name, Unit: unit, Description: desc, Kind: kind}, read: read}
	}
	stock := func(name, desc string, st agents.State) metricSpec {
		return total(name, unitPersons, desc, results.Stock, func(e *Engine) float64 { return e.persons(e.total.stateTotal(st)) })
	}
	level := func(name, unit, desc string, read func(e *Engine) float64) metricSpec {
		return total(name, unit, desc, results.Stock, read)
	}
	flow := func(name, desc string, f int) metricSpec {
		return total(name, unitPersonsYear, desc, results.Flow, func(e *Engine) float64 { return e.persons(e.total.flowTotal(f)) })
	}
	money := func(name, desc string, read func(e *Engine) float64) metricSpec {
		return total(name, unitUSDYear, desc, results.Flow, read)
	}
	cost := money(results.PolicyCost, "fiscal cost of all policies, net of buy-out revenue, trailing year",
		func(e *Engine) float64 { return sum(e.total.cost) * e.weight })
	cost.Signed = true
	ms := []metricSpec{
		stock(results.Students, "persons in training at home", agents.Student),
		stock(results.WorkersHome, "trained persons working at home who never emigrated", agents.Worker),
		stock(results.Emigrants, "trained persons working abroad (the diaspora)", agents.Emigrant),
		stock(results.Returnees, "trained persons working at home after a spell abroad", agents.Returnee),
		level(results.SkilledHome, unitPersons, "workers at home plus returnees",
			func(e *Engine) float64 { return e.persons(e.skilledHome(-1)) }),
		level(results.EmigrationRate, unitShare,
			"skilled emigration rate: emigrants / (skilled at home + emigrants), the Docquier-Marfouk definition",
			func(e *Engine) float64 { return e.emigrationRate(-1) }),
		level(results.BrainWasteRate, unitShare,
			"share of emigrants whose credentials are not recognised abroad",
			func(e *Engine) float64 { return e.brainWaste() }),
		level(results.HealthWorkersPer10k, "per 10,000 population",
			"workers at home and returnees in health sectors per 10,000 population (WHO thresholds 44.5 and 49)",
			func(e *Engine) float64 { return e.healthDensity() }),
		level(results.EducationQuality, "index (1 = full)",
			"quality of education at home; scales graduates' skill and dropout",
			func(e *Engine) float64 { return e.cond.quality }),
		level(results.TertiaryShare, unitShare,
			"share of the latest youth cohort that entered training",
			func(e *Engine) float64 { return e.tertiary }),
		level(results.SkillHome, "index (1 = full-quality graduate)",
			"mean skill of workers and returnees at home",
			func(e *Engine) float64 { return e.meanSkillHome() }),
		flow(results.Enrolments, "persons entering training, trailing year", flowEnrol),
		flow(results.Graduates, "persons completing training, trailing year", flowGraduate),
		flow(results.Dropouts, "students leaving training without completing it, trailing year", flowDropout),
		flow(results.Emigrations, "trained persons leaving for abroad, trailing year", flowEmigrate),
		flow(results.Returns, "emigrants returning home, trailing year", flowReturn),
		flow(results.Deaths, "deaths of persons in the model, trailing year", flowDeath),
		flow(results.Retirements, "persons reaching retirement age, trailing year", flowRetire),
		money(results.Remittances, "remittances received by households at home, net of corridor fees, trailing year",
			func(e *Engine) float64 { return (sum(e.total.sent) - sum(e.total.fees)) * e.weight }),
		money(results.RemittancesSent, "remittances sent by emigrants, before fees, trailing year",
			func(e *Engine) float64 { return sum(e.total.sent) * e.weight }),
		money(results.CorridorFees, "fees paid on remittances, trailing year",
			func(e *Engine) float64 { return sum(e.total.fees) * e.weight }),
		money(results.RemittancesEducation, "remittances spent on education by households and collective projects, with any public match, trailing year",
			func(e *Engine) float64 { edu, _, _ := e.spending(); return edu }),
		money(results.RemittancesHealth, "remittances spent on health by households and collective projects, with any public match, trailing year",
			func(e *Engine) float64 { _, health, _ := e.spending(); return health }),
		level(results.TemporaryFTE, unitFTE,
			"emigrants working at home on temporary-return assignments",
			func(e *Engine) float64 { return e.persons(sum64(e.total.fte)) }),
		cost,
		level(results.Unemployed, unitPersons, "trained persons at home without a post (shared unemployment: trained beyond the posts)",
			func(e *Engine) float64 {
				u := 0.0
				for s := range e.nS {
					u += e.unemployed(s)
				}
				return u
			}),
	}
	ms = append(ms, fiscalTotals()...)
	if hasKind(sc, model.KindDiasporaInvestment) {
		ms = append(ms,
			money(results.DiasporaInvestment, "diaspora investment in posts at home, contributions with any match, trailing year",
				func(e *Engine) float64 { return e.cond.investUSD }),
			level(results.InvestmentPosts, unitPersons, "posts at home funded by diaspora investment in the step",
				func(e *Engine) float64 { return e.cond.investPosts }))
	}
	if hasKind(sc, model.KindHealthInsurance) {
		ms = append(ms,
			level(results.InsuredHouseholds, "households", "households with health micro-insurance paid by emigrants",
				func(e *Engine) float64 { return e.cond.insured }),
			money(results.HealthPremiums, "health micro-insurance premiums paid by emigrants, trailing year",
				func(e *Engine) float64 { return e.cond.premiums }),
			money(results.HouseholdHealthSpending, "households' out-of-pocket spending on health from remittances, after insurance claims, trailing year",
				func(e *Engine) float64 { return e.householdHealth() }))
	}
	for k := range sc.Policies {
		name := sc.PolicyName(k)
		m := money(results.ByPolicy(results.PolicyCost, name), "fiscal cost of policy "+name+" ("+sc.Policies[k].Kind().String()+"), trailing year",
			func(e *Engine) float64 { return e.total.cost[k] * e.weight })
		m.Base, m.Policy, m.Signed = results.PolicyCost, name, true
		ms = append(ms, m)
	}
	for s, sec := range sc.Sectors {
		bySector := func(base, unit, desc string, kind results.Kind, read func(e *Engine) float64) metricSpec {
			return metricSpec{Metric: results.Metric{Name: results.BySector(base, sec.Name), Base: base, Sector: sec.Name,
				Unit: unit, Description: desc + ", " + sec.Name, Kind: kind}, read: read}
		}
		sectorStock := func(base, desc string, st agents.State) metricSpec {
			return bySector(base, unitPersons, desc, results.Stock, func(e *Engine) float64 { return e.persons(e.total.n(st, s)) })
		}
		sectorFlow := func(base, desc string, f int) metricSpec {
			return bySector(base, unitPersonsYear, desc, results.Flow, func(e *Engine) float64 { return e.persons(e.total.flow(f, s)) })
		}
		ms = append(ms,
			sectorStock(results.Students, "persons in training", agents.Student),
			sectorStock(results.WorkersHome, "workers at home who never emigrated", agents.Worker),
			sectorStock(results.Emigrants, "emigrants", agents.Emigrant),
			sectorStock(results.Returnees, "returnees at home", agents.Returnee),
			bySector(results.SkilledHome, unitPersons, "workers at home plus returnees", results.Stock,
				func(e *Engine) float64 { return e.persons(e.skilledHome(s)) }),
			bySector(results.EmigrationRate, unitShare, "skilled emigration rate", results.Stock,
				func(e *Engine) float64 { return e.emigrationRate(s) }),
			sectorFlow(results.Enrolments, "entrants to training, trailing year", flowEnrol),
			sectorFlow(results.Graduates, "graduates, trailing year", flowGraduate),
			sectorFlow(results.Emigrations, "departures abroad, trailing year", flowEmigrate),
			sectorFlow(results.Returns, "returns home, trailing year", flowReturn),
			bySector(results.TemporaryFTE, unitFTE, "emigrants on temporary-return assignments at home", results.Stock,
				func(e *Engine) float64 { return e.persons(e.total.fte[s]) }),
			bySector(results.Unemployed, unitPersons, "trained persons at home without a post", results.Stock,
				func(e *Engine) float64 { return e.unemployed(s) }),
			bySector(results.WageHome, unitUSDYear, "wage of a post at home in the step, after shocks, before top-ups", results.Stock,
				func(e *Engine) float64 { return e.cond.wagePost[s] }),
		)
		ms = append(ms, fiscalBySector(sc, s)...)
		if sec.Posts > 0 || sec.WageBudget > 0 {
			ms = append(ms, bySector(results.Posts, unitPersons, "funded posts at home in force in the step", results.Stock,
				func(e *Engine) float64 { return e.lab.posts[s] }))
		}
	}
	for d, dst := range sc.Destinations {
		byDestination := func(base, unit, desc string, kind results.Kind, read func(e *Engine) float64) metricSpec {
			return metricSpec{Metric: results.Metric{Name: results.ByDestination(base, dst.Name), Base: base, Destination: dst.Name,
				Unit: unit, Description: desc, Kind: kind}, read: read}
		}
		ms = append(ms,
			byDestination(results.Diaspora, unitPersons, "emigrants living in "+dst.Name, results.Stock,
				func(e *Engine) float64 {
					var a int64
					for s := range e.nS {
						a += e.total.diaspora(s, d)
					}
					return e.persons(a)
				}),
			byDestination(results.Arrivals, unitPersonsYear, "emigrants admitted to "+dst.Name+", trailing year", results.Flow,
				func(e *Engine) float64 { return e.persons(e.total.arrivals[d]) }),
			byDestination(results.Remittances, unitUSDYear, "remittances received from "+dst.Name+", net of fees, trailing year", results.Flow,
				func(e *Engine) float64 { return (e.total.sent[d] - e.total.fees[d]) * e.weight }),
		)
	}
	ms = append(ms, bySexAndAge(sc)...)
	ms = append(ms, trainingAbroadMetrics.metrics(sc)...)
	ms = append(ms, studyAbroadMetrics.metrics(sc)...)
	for i := range ms {
		ms[i].flow = ms[i].Kind == results.Flow
	}
	return ms
}

// bySexAndAge lists the stocks of trained persons and the emigrations by sex
// (female, male) and by age band (tally.go), the bands that the scenario's
// ages, from demography.entry_age to retirement_age, reach.
func bySexAndAge(sc *model.Scenario) []metricSpec {
	type base struct {
		name, desc string
		st         agents.State
	}
	// Students are left out: by age they are the entry cohorts, and each
	// column costs memory in every run (sim.Estimate).
	stocks := []base{
		{results.WorkersHome, "workers at home who never emigrated", agents.Worker},
		{results.Emigrants, "emigrants", agents.Emigrant},
		{results.Returnees, "returnees at home", agents.Returnee},
	}
	var ms []metricSpec
	for female, sex := range []string{results.Male, results.Female} {
		dim := func(b, unit, desc string, kind results.Kind, read func(e *Engine) float64) metricSpec {
			return metricSpec{Metric: results.Metric{Name: results.BySex(b, sex), Base: b, Sex: sex,
				Unit: unit, Description: desc + ", " + sex, Kind: kind}, read: read}
		}
		for _, b := range stocks {
			ms = append(ms, dim(b.name, unitPersons, b.desc, results.Stock,
				func(e *Engine) float64 { return e.persons(e.total.stateSex(b.st, female)) }))
		}
		ms = append(ms, dim(results.Emigrations, unitPersonsYear, "departures abroad, trailing year", results.Flow,
			func(e *Engine) float64 { return e.persons(e.total.emigSex[female]) }))
	}
	entry, retire := sc.Demography.EntryAge, sc.Demography.RetirementAge
	for b := range numAgeBands {
		lo, hi := ageBandLimits(b)
		if float64(lo) >= retire || (hi > 0 && float64(hi) <= entry) {
			continue // nobody is of these ages
		}
		band := results.AgeBand(lo, hi)
		dim := func(base, unit, desc string, kind results.Kind, read func(e *Engine) float64) metricSpec {
			return metricSpec{Metric: results.Metric{Name: results.ByAgeBand(base, band), Base: base, AgeBand: band,
				Unit: unit, Description: desc + ", " + band, Kind: kind}, read: read}
		}
		for _, x := range stocks {
			ms = append(ms, dim(x.name, unitPersons, x.desc, results.Stock,
				func(e *Engine) float64 { return e.persons(e.total.stateAge(x.st, b)) }))
		}
		ms = append(ms, dim(results.Emigrations, unitPersonsYear, "departures abroad, trailing year", results.Flow,
			func(e *Engine) float64 { return e.persons(e.total.emigAge[b]) }))
	}
	return ms
}

// spending returns this step's remittance spending on education and on
// health, and the public match of collective remittances, in USD. Households
// spend EducationShare and HealthShare of what they keep; collective
// projects, and the public money matching them, go to schools and clinics in
// the same proportion (half each if both shares are zero).
func (e *Engine) spending() (edu, health, match float64) {
	received := (sum(e.total.sent) - sum(e.total.fees)) * e.weight
	r := e.sc.Remittance
	eduRatio := 0.5
	if r.EducationShare+r.HealthShare > 0 {
		eduRatio = r.EducationShare / (r.EducationShare + r.HealthShare)
	}
	collective := 0.0
	for _, m := range e.cond.matching {
		collective += m.share * received
		match += m.match * m.share * received
	}
	collective = min(collective, received)
	private := received - collective - e.premiumCash(received-collective)
	edu = private*r.EducationShare + (collective+match)*eduRatio
	// Health micro-insurance (lever_insurance.go): the claims replace part
	// of the households' own health spending, and the premiums that fund
	// them count as spending on health.
	own := private * r.HealthShare
	health = own - own*e.cond.claimShare + e.cond.premiums + (collective+match)*(1-eduRatio)
	return edu, health, match
}

// premiumCash returns the health insurance premiums of the step paid out of
// the cash households would receive, at most the private cash.
func (e *Engine) premiumCash(private float64) float64 {
	return min(e.cond.premiumCash, private)
}

// householdHealth returns the households' out-of-pocket spending on health
// from remittances in the step: their share of the private cash, less the
// claims paid by health micro-insurance, USD.
func (e *Engine) householdHealth() float64 {
	received := (sum(e.total.sent) - sum(e.total.fees)) * e.weight
	collective := 0.0
	for _, m := range e.cond.matching {
		collective += m.share * received
	}
	collective = min(collective, received)
	own := (received - collective - e.premiumCash(received-collective)) * e.sc.Remittance.HealthShare
	return own - own*e.cond.claimShare
}

// record computes the metrics after a step into e.row. It only reads the
// engine's state (and writes the ring of flow values behind e.row): costs and
// budgets are settled by the step (Engine.account), so recording a step
// twice, or not at all, changes nothing of the run.
func (e *Engine) record() {
	slot := e.ring[(e.step-1)%e.spy]
	for m, spec := range e.metrics {
		v := spec.read(e)
		if !spec.flow {
			e.row[m] = v
			continue
		}
		slot[m] = v
		total := 0.0
		for _, r := range e.ring {
			total += r[m]
		}
		e.row[m] = total
	}
}

func (e *Engine) persons(n int64) float64 { return float64(n) * e.weight }

// skilledHome returns the agents working at home in sector s, or in all
// sectors if s < 0.
func (e *Engine) skilledHome(s int) int64 {
	if s >= 0 {
		return e.total.home(s)
	}
	var n int64
	for s := range e.nS {
		n += e.total.home(s)
	}
	return n
}

// emigrationRate is emigrants / (skilled at home + emigrants) in sector s, or
// in all sectors if s < 0; NaN when there is nobody.
func (e *Engine) emigrationRate(s int) float64 {
	var abroad int64
	if s >= 0 {
		abroad = e.total.n(agents.Emigrant, s)
	} else {
		abroad = e.total.stateTotal(agents.Emigrant)
	}
	all := abroad + e.skilledHome(s)
	if all == 0 {
		return math.NaN()
	}
	return float64(abroad) / float64(all)
}

func (e *Engine) brainWaste() float64 {
	abroad := e.total.stateTotal(agents.Emigrant)
	if abroad == 0 {
		return math.NaN()
	}
	return 1 - float64(sum64(e.total.recognised))/float64(abroad)
}

func (e *Engine) healthDensity() float64 {
	var n int64
	for s, sec := range e.sc.Sectors {
		if sec.Health {
			n += e.total.home(s) + e.total.fte[s]
		}
	}
	return e.persons(n) / e.population() * 1e4
}

// population is the origin's population at the end of the last step.
func (e *Engine) population() float64 {
	o := e.sc.Origin
	return o.Population * math.Pow(1+o.PopulationGrowth, float64(e.step)/float64(e.spy))
}

func (e *Engine) meanSkillHome() float64 {
	n := e.skilledHome(-1)
	if n == 0 {
		return math.NaN()
	}
	return sum(e.total.skillHome) / float64(n)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

func sum64(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

// hasKind reports whether sc has a policy of kind k: the metrics of some
// levers are recorded only in scenarios that use them.
func hasKind(sc *model.Scenario, k model.Kind) bool {
	for i := range sc.Policies {
		if sc.Policies[i].Kind() == k {
			return true
		}
	}
	return false
}
