package model

import "strconv"

// Policy is one policy block: a lever in force from StartYear to EndYear
// (inclusive) for the sectors and destinations it names. What the lever does
// and its parameters are in Lever, a value of the kind's own type
// (*WageTopUp, *TemporaryReturn, ...).
type Policy struct {
	Name         string   `toml:"name"`         // label in outputs (policy_cost.NAME); "" = see Scenario.PolicyName
	StartYear    int      `toml:"start_year"`   // first calendar year active; 0 = from the start
	EndYear      int      `toml:"end_year"`     // last calendar year active, inclusive; 0 = to the horizon
	Sectors      []string `toml:"sectors"`      // sector names it applies to; empty = all
	Destinations []string `toml:"destinations"` // destination names it applies to; empty = all
	Budget       float64  `toml:"budget"`       // cap on its yearly fiscal cost, USD; 0 = no cap

	// Lever holds the kind and the parameters of the policy; nil only in a
	// policy whose kind could not be read, which validation rejects.
	Lever Lever `toml:"-"`
}

// Lever is the kind-specific part of a policy: one struct type per kind,
// each in a file of its own, registered in kind.go.
type Lever interface {
	// Kind returns the kind of policy the lever implements.
	Kind() Kind
	// Validate returns every parameter outside its documented range, keyed
	// as the scenario file names it; nil if all are valid. It leaves NaN and
	// infinities to the caller, which checks every number for them.
	Validate() []Problem
}

// Kind returns the kind of the policy, KindNone if it has no lever.
func (p *Policy) Kind() Kind {
	if p.Lever == nil {
		return KindNone
	}
	return p.Lever.Kind()
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

// PolicyName returns the label of policy i in outputs (policy_cost.NAME,
// reports, --set paths): its Name, or else its kind, numbered from the
// second nameless policy of that kind on (KIND, KIND_2, ...). It is the one
// place that names a policy.
func (s *Scenario) PolicyName(i int) string {
	p := &s.Policies[i]
	if p.Name != "" {
		return p.Name
	}
	kind := p.Kind()
	n := 0
	for j := range i + 1 {
		if q := &s.Policies[j]; q.Name == "" && q.Kind() == kind {
			n++
		}
	}
	if n == 1 {
		return kind.String()
	}
	return kind.String() + "_" + strconv.Itoa(n)
}
