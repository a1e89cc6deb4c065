package sim

import (
	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// abroadMetrics describes the metrics of a programme that keeps persons in
// a state of their own abroad for a while (training_abroad's trainees,
// study_abroad's students): the stock in that state, some flows, and the
// stock by destination.
type abroadMetrics struct {
	kind      model.Kind   // the policy kind whose presence adds the metrics
	state     agents.State // the state of the persons abroad
	stock     string       // metric name of the stock
	stockDesc string       // its description, total
	stockSec  string       // its description by sector, before ", SECTOR"
	destDesc  string       // its description by destination, before the destination's name
	flows     []abroadFlow
	// byDest returns the tally's counts of the state by sector*nD + dest.
	byDest func(t *tally) []int64
}

// abroadFlow is one flow of an abroadMetrics.
type abroadFlow struct {
	name, desc string
	sectorDesc string // description by sector, before ", SECTOR"; "" = no column by sector
	flow       int
}

// metrics lists the metrics for a scenario with a policy of the kind; none
// otherwise, so that the columns of other scenarios do not change. Totals
// come first, then each sector's stock and flows, then the stock by
// destination.
func (a abroadMetrics) metrics(sc *model.Scenario) []metricSpec {
	has := false
	for i := range sc.Policies {
		has = has || sc.Policies[i].Kind() == a.kind
	}
	if !has {
		return nil
	}
	mk := func(name, base, sector, dest, unit, desc string, kind results.Kind, read func(e *Engine) float64) metricSpec {
		return metricSpec{Metric: results.Metric{Name: name, Base: base, Sector: sector, Destination: dest,
			Unit: unit, Description: desc, Kind: kind}, read: read}
	}
	ms := []metricSpec{mk(a.stock, a.stock, "", "", unitPersons, a.stockDesc, results.Stock,
		func(e *Engine) float64 { return e.persons(e.total.stateTotal(a.state)) })}
	for _, f := range a.flows {
		ms = append(ms, mk(f.name, f.name, "", "", unitPersonsYear, f.desc, results.Flow,
			func(e *Engine) float64 { return e.persons(e.total.flowTotal(f.flow)) }))
	}
	for s, sec := range sc.Sectors {
		ms = append(ms, mk(results.BySector(a.stock, sec.Name), a.stock, sec.Name, "", unitPersons,
			a.stockSec+", "+sec.Name, results.Stock,
			func(e *Engine) float64 { return e.persons(e.total.n(a.state, s)) }))
		for _, f := range a.flows {
			if f.sectorDesc == "" {
				continue
			}
			ms = append(ms, mk(results.BySector(f.name, sec.Name), f.name, sec.Name, "", unitPersonsYear,
				f.sectorDesc+", "+sec.Name, results.Flow,
				func(e *Engine) float64 { return e.persons(e.total.flow(f.flow, s)) }))
		}
	}
	for d, dst := range sc.Destinations {
		ms = append(ms, mk(results.ByDestination(a.stock, dst.Name), a.stock, "", dst.Name, unitPersons,
			a.destDesc+dst.Name, results.Stock,
			func(e *Engine) float64 {
				counts := a.byDest(&e.total)
				var n int64
				for s := range e.nS {
					n += counts[s*e.nD+d]
				}
				return e.persons(n)
			}))
	}
	return ms
}
