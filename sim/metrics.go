package sim

import (
	"math"

	"brainsim/agents"
	"brainsim/results"
	"brainsim/scenarios"
)

// metricSpec is a recorded quantity and how to read it from the engine after
// a step. A flow is read per step and reported as its sum over the trailing
// year (the last StepsPerYear steps), so yearly events such as enrolment
// read as a yearly figure in every row.
type metricSpec struct {
	results.Metric
	flow bool
	read func(e *Engine) float64
}

// Units of the metrics.
const (
	unitPersons     = "persons"
	unitPersonsYear = "persons/year"
	unitUSDYear     = "USD PPP/year"
	unitShare       = "share"
)

// buildMetrics lists the metrics of a scenario: totals first, then one group
// per sector and one per destination, in scenario order.
func buildMetrics(sc *scenarios.Scenario) []metricSpec {
	stock := func(name, desc string, st agents.State) metricSpec {
		return metricSpec{Metric: results.Metric{Name: name, Unit: unitPersons, Description: desc},
			read: func(e *Engine) float64 { return e.persons(e.total.stateTotal(st)) }}
	}
	flow := func(name, desc string, f int) metricSpec {
		return metricSpec{Metric: results.Metric{Name: name, Unit: unitPersonsYear, Description: desc}, flow: true,
			read: func(e *Engine) float64 { return e.persons(e.total.flowTotal(f)) }}
	}
	money := func(name, desc string, read func(e *Engine) float64) metricSpec {
		return metricSpec{Metric: results.Metric{Name: name, Unit: unitUSDYear, Description: desc}, flow: true, read: read}
	}
	ms := []metricSpec{
		stock("students", "persons in training at home", agents.Student),
		stock("workers_home", "trained persons working at home who never emigrated", agents.Worker),
		stock("emigrants", "trained persons working abroad (the diaspora)", agents.Emigrant),
		stock("returnees", "trained persons working at home after a spell abroad", agents.Returnee),
		{Metric: results.Metric{Name: "skilled_home", Unit: unitPersons, Description: "workers at home plus returnees"},
			read: func(e *Engine) float64 { return e.persons(e.skilledHome(-1)) }},
		{Metric: results.Metric{Name: "emigration_rate", Unit: unitShare,
			Description: "skilled emigration rate: emigrants / (skilled at home + emigrants), the Docquier-Marfouk definition"},
			read: func(e *Engine) float64 { return e.emigrationRate(-1) }},
		{Metric: results.Metric{Name: "brain_waste_rate", Unit: unitShare,
			Description: "share of emigrants whose credentials are not recognised abroad"},
			read: func(e *Engine) float64 { return e.brainWaste() }},
		{Metric: results.Metric{Name: "health_workers_per_10k", Unit: "per 10,000 population",
			Description: "workers at home and returnees in health sectors per 10,000 population (WHO thresholds 44.5 and 49)"},
			read: func(e *Engine) float64 { return e.healthDensity() }},
		{Metric: results.Metric{Name: "education_quality", Unit: "index (1 = full)",
			Description: "quality of education at home; scales graduates' skill and dropout"},
			read: func(e *Engine) float64 { return e.cond.quality }},
		{Metric: results.Metric{Name: "tertiary_share", Unit: unitShare,
			Description: "share of the latest youth cohort that entered training"},
			read: func(e *Engine) float64 { return e.tertiary }},
		{Metric: results.Metric{Name: "skill_home", Unit: "index (1 = full-quality graduate)",
			Description: "mean skill of workers and returnees at home"},
			read: func(e *Engine) float64 { return e.meanSkillHome() }},
		flow("enrolments", "persons entering training, trailing year", flowEnrol),
		flow("graduates", "persons completing training, trailing year", flowGraduate),
		flow("dropouts", "students leaving training without completing it, trailing year", flowDropout),
		flow("emigrations", "trained persons leaving for abroad, trailing year", flowEmigrate),
		flow("returns", "emigrants returning home, trailing year", flowReturn),
		flow("deaths", "deaths of persons in the model, trailing year", flowDeath),
		flow("retirements", "persons reaching retirement age, trailing year", flowRetire),
		money("remittances", "remittances received by households at home, net of corridor fees, trailing year",
			func(e *Engine) float64 { return (sum(e.total.sent) - sum(e.total.fees)) * e.weight }),
		money("remittances_sent", "remittances sent by emigrants, before fees, trailing year",
			func(e *Engine) float64 { return sum(e.total.sent) * e.weight }),
		money("corridor_fees", "fees paid on remittances, trailing year",
			func(e *Engine) float64 { return sum(e.total.fees) * e.weight }),
		money("remittances_education", "remittances spent on education by households and collective projects, with any public match, trailing year",
			func(e *Engine) float64 { edu, _, _ := e.spending(); return edu }),
		money("remittances_health", "remittances spent on health by households and collective projects, with any public match, trailing year",
			func(e *Engine) float64 { _, health, _ := e.spending(); return health }),
		{Metric: results.Metric{Name: "temporary_fte", Unit: "full-time equivalents",
			Description: "emigrants working at home on temporary-return assignments"},
			read: func(e *Engine) float64 { return e.persons(sum64(e.total.fte)) }},
		money("policy_cost", "fiscal cost of all policies, net of buy-out revenue, trailing year",
			func(e *Engine) float64 { return sum(e.total.cost) * e.weight }),
	}
	for k := range sc.Policies {
		ms = append(ms, money("policy_cost."+policyName(sc, k), "fiscal cost of policy "+policyName(sc, k)+" ("+sc.Policies[k].Kind+"), trailing year",
			func(e *Engine) float64 { return e.total.cost[k] * e.weight }))
	}
	for s, sec := range sc.Sectors {
		n := "." + sec.Name
		sectorStock := func(name, desc string, st agents.State) metricSpec {
			return metricSpec{Metric: results.Metric{Name: name + n, Unit: unitPersons, Description: desc + ", " + sec.Name},
				read: func(e *Engine) float64 { return e.persons(e.total.n(st, s)) }}
		}
		sectorFlow := func(name, desc string, f int) metricSpec {
			return metricSpec{Metric: results.Metric{Name: name + n, Unit: unitPersonsYear, Description: desc + ", " + sec.Name}, flow: true,
				read: func(e *Engine) float64 { return e.persons(e.total.flow(f, s)) }}
		}
		ms = append(ms,
			sectorStock("students", "persons in training", agents.Student),
			sectorStock("workers_home", "workers at home who never emigrated", agents.Worker),
			sectorStock("emigrants", "emigrants", agents.Emigrant),
			sectorStock("returnees", "returnees at home", agents.Returnee),
			metricSpec{Metric: results.Metric{Name: "skilled_home" + n, Unit: unitPersons, Description: "workers at home plus returnees, " + sec.Name},
				read: func(e *Engine) float64 { return e.persons(e.skilledHome(s)) }},
			metricSpec{Metric: results.Metric{Name: "emigration_rate" + n, Unit: unitShare, Description: "skilled emigration rate, " + sec.Name},
				read: func(e *Engine) float64 { return e.emigrationRate(s) }},
			sectorFlow("enrolments", "entrants to training, trailing year", flowEnrol),
			sectorFlow("graduates", "graduates, trailing year", flowGraduate),
			sectorFlow("emigrations", "departures abroad, trailing year", flowEmigrate),
			sectorFlow("returns", "returns home, trailing year", flowReturn),
			metricSpec{Metric: results.Metric{Name: "temporary_fte" + n, Unit: "full-time equivalents", Description: "emigrants on temporary-return assignments at home, " + sec.Name},
				read: func(e *Engine) float64 { return e.persons(e.total.fte[s]) }},
		)
	}
	for d, dst := range sc.Destinations {
		n := "." + dst.Name
		ms = append(ms,
			metricSpec{Metric: results.Metric{Name: "diaspora" + n, Unit: unitPersons, Description: "emigrants living in " + dst.Name},
				read: func(e *Engine) float64 {
					var a int64
					for s := range e.nS {
						a += e.total.diaspora(s, d)
					}
					return e.persons(a)
				}},
			metricSpec{Metric: results.Metric{Name: "arrivals" + n, Unit: unitPersonsYear, Description: "emigrants admitted to " + dst.Name + ", trailing year"}, flow: true,
				read: func(e *Engine) float64 { return e.persons(e.total.arrivals[d]) }},
			metricSpec{Metric: results.Metric{Name: "remittances" + n, Unit: unitUSDYear, Description: "remittances received from " + dst.Name + ", net of fees, trailing year"}, flow: true,
				read: func(e *Engine) float64 { return (e.total.sent[d] - e.total.fees[d]) * e.weight }},
		)
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
	private := received - collective
	edu = private*r.EducationShare + (collective+match)*eduRatio
	health = private*r.HealthShare + (collective+match)*(1-eduRatio)
	return edu, health, match
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
