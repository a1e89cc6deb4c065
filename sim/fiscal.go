package sim

import (
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// The fiscal accounts of the origin's government (docs/ODD.md, "Fiscal
// accounts"): what the state spends on public training and on the wages of
// its skilled employees, what it collects in tax on the wages of the skilled
// at home, the public training that leaves with each emigrant, and the
// balance of these with the policies' costs. Every account is a per-sector
// product of counts the step already has (tally.public, tally.skillHome,
// tally.lostPublic) and the step's conditions, computed when the step is
// recorded: nothing here runs per person.

// fiscalTotals returns the metrics of the fiscal accounts over all sectors,
// all flows in USD PPP a year (the trailing year's sum, like policy_cost).
func fiscalTotals() []metricSpec {
	money := func(name, desc string, read func(e *Engine) float64) metricSpec {
		return metricSpec{Metric: results.Metric{Name: name, Base: name, Unit: unitUSDYear, Description: desc, Kind: results.Flow}, read: read}
	}
	all := func(account func(e *Engine, s int) float64) func(e *Engine) float64 {
		return func(e *Engine) float64 {
			t := 0.0
			for s := range e.nS {
				t += account(e, s)
			}
			return t
		}
	}
	balance := money(results.FiscalBalance,
		"tax revenue minus public training spending, the public wage bill and the policies' cost, trailing year",
		func(e *Engine) float64 { return e.fiscalBalance() })
	balance.Signed = true
	return []metricSpec{
		money(results.TrainingSpend, "public spending on training (public_cost per publicly financed student-year), trailing year",
			all((*Engine).trainingSpend)),
		money(results.WageBill, "wages the state pays to the skilled at home (public_share of the sectors' wages), trailing year",
			all((*Engine).wageBill)),
		money(results.TaxRevenue, "income tax and social contributions on the wages of the skilled at home (tax_rate), trailing year",
			all((*Engine).taxRevenue)),
		money(results.TrainingLostAbroad, "public training investment embodied in emigrants who leave (public_cost x training years each), trailing year",
			all((*Engine).trainingLost)),
		balance,
	}
}

// fiscalBySector returns the fiscal accounts of sector s of sc. The balance
// has no breakdown: the policies' costs are by policy, not by sector.
func fiscalBySector(sc *model.Scenario, s int) []metricSpec {
	sec := sc.Sectors[s].Name
	money := func(base, desc string, account func(e *Engine, s int) float64) metricSpec {
		return metricSpec{Metric: results.Metric{Name: results.BySector(base, sec), Base: base, Sector: sec,
			Unit: unitUSDYear, Description: desc + ", " + sec, Kind: results.Flow},
			read: func(e *Engine) float64 { return account(e, s) }}
	}
	return []metricSpec{
		money(results.TrainingSpend, "public spending on training, trailing year", (*Engine).trainingSpend),
		money(results.WageBill, "public wage bill, trailing year", (*Engine).wageBill),
		money(results.TaxRevenue, "tax revenue from wages at home, trailing year", (*Engine).taxRevenue),
		money(results.TrainingLostAbroad, "public training embodied in emigrants who leave, trailing year", (*Engine).trainingLost),
	}
}

// trainingSpend is the state's spending on the training of sector s in the
// last step, USD: a step's share of public_cost for every publicly financed
// student of the step, charged as a scholarship is (the step a student
// graduates in included), so that a graduate has cost public_cost x the
// training's length in whole steps.
func (e *Engine) trainingSpend(s int) float64 {
	return e.persons(e.total.public[s]) * e.sc.Sectors[s].PublicCost / float64(e.spy)
}

// wagesHome is the wages earned at home in sector s in the last step, USD:
// the step's wage of a post (after shocks, as the workers' decisions read
// it) times the skill of the workers and returnees at home at the end of
// the step, times the share of them holding a post (labour.go: the
// unemployed earn no wage of the sector; with unemployment shared this is
// the wage times posts / trained, as before the labour market). Top-ups are
// not in it: they are policy costs.
func (e *Engine) wagesHome(s int) float64 {
	employed := 1.0
	if home := e.persons(e.total.home(s)); home > 0 {
		employed = e.employed(s) / home
	}
	return e.total.skillHome[s] * e.weight * e.cond.wagePost[s] * employed / float64(e.spy)
}

// wageBill is the part of sector s's wages at home that the state pays, USD.
func (e *Engine) wageBill(s int) float64 {
	return e.sc.Sectors[s].PublicShare * e.wagesHome(s)
}

// taxRevenue is the income tax and social contributions collected on sector
// s's wages at home in the last step, USD.
func (e *Engine) taxRevenue(s int) float64 {
	return e.sc.Origin.TaxRate * e.wagesHome(s)
}

// trainingLost is the public training investment that left with the
// publicly trained emigrants of sector s in the last step, USD: each carries
// what trainingSpend charged for a full training, undepreciated (see
// embodied).
func (e *Engine) trainingLost(s int) float64 {
	return e.persons(e.total.lostPublic[s]) * e.embodied(s)
}

// embodied is the public investment embodied in a publicly trained person
// of sector s, USD: public_cost a year over the training's length in whole
// steps, neither depreciated over the working life nor compounded. Mills et
// al. (2011, BMJ 343:d7031) value the lost investment in emigrant doctors
// in the same way, as the cost of their education, but compound it with
// interest from graduation; this is the undiscounted, lower figure.
func (e *Engine) embodied(s int) float64 {
	return e.sc.Sectors[s].PublicCost * float64(e.trainSteps[s]) / float64(e.spy)
}

// fiscalBalance is the government's net balance from the skilled in the
// last step, USD: tax revenue minus training spending, the public wage bill
// and the policies' cost (net of buy-out revenue). Remittances are private
// income of households and are not in it; the training lost abroad is not
// either, since its cost is already in the training spending of earlier
// years.
func (e *Engine) fiscalBalance() float64 {
	b := -sum(e.total.cost) * e.weight
	for s := range e.nS {
		b += e.taxRevenue(s) - e.trainingSpend(s) - e.wageBill(s)
	}
	return b
}
