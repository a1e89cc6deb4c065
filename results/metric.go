package results

import "fmt"

// Metric describes one recorded quantity: a column of timeseries.csv and a row
// group of summary.csv. The engine fills every field; a Metric built by hand
// (in a test, say) may leave any of them at its zero value.
type Metric struct {
	// Name is the column name, unique within a run: a fixed name (Students,
	// PolicyCost, ...) for a total, or one built by BySector, ByDestination
	// or ByPolicy for a breakdown, e.g. "workers_home.nurse".
	Name string
	// Unit is what a value counts, e.g. "persons", "persons/year",
	// "USD PPP/year", "share"; "" means dimensionless. It is for people to
	// read: whether a value is a flow is told by Kind, not by the unit.
	Unit string
	// Description is one sentence for the data dictionary.
	Description string
	// Kind tells a level (Stock, the zero value) from a quantity summed
	// over the trailing year (Flow).
	Kind Kind
	// Base is Name without its dimension, e.g. "workers_home" for
	// "workers_home.nurse"; for a total it equals Name. "" means Name too
	// (a Metric built by hand): use BaseName to read it.
	Base string
	// Sector is the sector the metric is broken down by, e.g. "nurse"; ""
	// for a metric that is not broken down by sector.
	Sector string
	// Destination is the destination country the metric is broken down by,
	// e.g. "uk"; "" for a metric that is not broken down by destination.
	Destination string
	// Policy is the policy the metric is broken down by, e.g. "bonding";
	// "" for a metric that is not broken down by policy.
	Policy string
	// Sex is the sex the metric is broken down by, Female or Male; "" for a
	// metric that is not broken down by sex.
	Sex string
	// AgeBand is the age band the metric is broken down by (AgeBand), e.g.
	// "age_25_34"; "" for a metric that is not broken down by age.
	AgeBand string
	// Signed reports whether the metric can be negative, such as a policy
	// cost, which is net of buy-out revenue. False, the zero value, is for
	// quantities that cannot be, such as counts of persons and shares: a
	// chart may cut their confidence band at zero.
	Signed bool
}

// BaseName returns m.Base, or m.Name if Base is empty.
func (m Metric) BaseName() string {
	if m.Base == "" {
		return m.Name
	}
	return m.Base
}

// Total reports whether m is not broken down by any dimension (sector,
// destination, policy, sex or age band).
func (m Metric) Total() bool {
	return m.Sector == "" && m.Destination == "" && m.Policy == "" && m.Sex == "" && m.AgeBand == ""
}

// MetricIndex returns the index of the named metric, or -1 if there is none.
func MetricIndex(ms []Metric, name string) int {
	for i, m := range ms {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// Lookup returns the named metric of ms. It returns an error naming the
// metric if ms has none of that name: a consumer that asks for a metric a
// run did not record has a stale name, which must not pass in silence.
func Lookup(ms []Metric, name string) (Metric, error) {
	i := MetricIndex(ms, name)
	if i < 0 {
		return Metric{}, fmt.Errorf("results: no metric %q among the %d the run recorded", name, len(ms))
	}
	return ms[i], nil
}

// Has reports whether ms holds a metric of the given name. Use it to decide,
// explicitly, that an optional chart or table row is left out because the
// scenario does not record its metric.
func Has(ms []Metric, name string) bool { return MetricIndex(ms, name) >= 0 }
