package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// commonPolicyKeys are the keys of a [[policy]] block that every kind reads;
// PolicyKeys lists the others by kind.
var commonPolicyKeys = []string{"kind", "name", "start_year", "end_year", "sectors", "destinations", "budget"}

var policyType = reflect.TypeFor[Policy]()

// policyReads reports whether a policy of kind reads key.
func policyReads(kind, key string) bool {
	return slices.Contains(commonPolicyKeys, key) || slices.Contains(PolicyKeys[kind], key)
}

// notRead returns the message for a key that a policy of kind does not read.
func notRead(kind string) string {
	return fmt.Sprintf("not read by kind %q, which reads %s besides the common keys; remove it",
		kind, strings.Join(PolicyKeys[kind], ", "))
}

// checkTree reports every problem of a decoded TOML tree that strict decoding
// finds: unknown keys, values of the wrong type, and keys of a [[policy]]
// block that its kind does not read.
func (c *collector) checkTree(tree map[string]any) {
	c.checkTable(tree, scenarioType, nil, "")
	for i, e := range tableElems(tree["policy"]) {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		kind, _ := m["kind"].(string)
		if _, known := PolicyKeys[kind]; !known {
			continue // Validate reports the kind
		}
		for _, k := range slices.Sorted(mapKeys(m)) {
			if _, isKey := fieldNamed(policyType, k); isKey && !policyReads(kind, k) {
				c.add(key("policy").elem(i).child(k), fmtValue(m[k]), notRead(kind))
			}
		}
	}
}

// policies checks the [[policy]] blocks of s; sectors and dests are the
// names of the sectors and destinations.
func (v *validator) policies(s *Scenario, sectors, dests []string) {
	p := key("policy")
	names := make(map[string]int) // name in outputs -> first policy
	for i := range s.Policies {
		pol := &s.Policies[i]
		e := p.elem(i)
		_, known := PolicyKeys[pol.Kind]
		switch {
		case pol.Kind == "":
			v.c.add(e.child("kind"), `""`, "must name the kind of policy: "+quoteList(PolicyKinds))
		case !known:
			v.c.add(e.child("kind"), strconv.Quote(pol.Kind), "not a kind of policy; "+
				didYouMean(pol.Kind, PolicyKinds, "kinds are", ""))
		}

		name := v.policyName(s, i)
		if j, dup := names[name]; dup {
			if pol.Name != "" {
				v.c.add(e.child("name"), strconv.Quote(pol.Name), fmt.Sprintf("must be unique; %s is also named %q", p.elem(j), name))
			} else {
				v.c.add(e, "", fmt.Sprintf("its default name %q is taken by %s; give it a name", name, p.elem(j)))
			}
		} else {
			names[name] = i
		}

		v.nonNegativeInt(e.child("start_year"), pol.StartYear, "0 for the start")
		v.nonNegativeInt(e.child("end_year"), pol.EndYear, "0 for the horizon")
		if pol.StartYear > 0 && pol.EndYear > 0 && pol.EndYear < pol.StartYear {
			v.c.add(e.child("end_year"), strconv.Itoa(pol.EndYear),
				fmt.Sprintf("must be >= start_year (%d), or 0 for the horizon", pol.StartYear))
		}
		v.known(e.child("sectors"), pol.Sectors, sectors, "sector", "sectors are", "there are no sectors")
		v.known(e.child("destinations"), pol.Destinations, dests, "destination", "destinations are", "there are no destinations")
		v.nonNegative(e.child("budget"), pol.Budget)

		if known {
			rv := reflect.ValueOf(pol).Elem()
			for _, f := range fieldsOf(policyType) {
				if fv := rv.Field(f.index); !policyReads(pol.Kind, f.name) && !fv.IsZero() {
					v.c.add(e.child(f.name), fmtGo(fv), notRead(pol.Kind))
				}
			}
		}

		v.nonNegative(e.child("top_up"), pol.TopUp)
		if !slices.Contains([]string{"", "all", "public", "returnees"}, pol.Eligible) {
			v.c.add(e.child("eligible"), strconv.Quote(pol.Eligible), `must be "all", "public" or "returnees" (left out: "all")`)
		}
		if pol.Kind == KindTemporaryReturn {
			v.positive(e.child("months"), pol.Months)
		} else {
			v.nonNegative(e.child("months"), pol.Months)
		}
		v.nonNegative(e.child("assignments"), pol.Assignments)
		v.unit(e.child("acceptance"), pol.Acceptance)
		v.nonNegative(e.child("skill_transfer"), pol.SkillTransfer)
		v.nonNegative(e.child("cost_per_assignment"), pol.CostPerAssignment)
		v.nonNegative(e.child("grant"), pol.Grant)
		v.nonNegative(e.child("grant_effect"), pol.GrantEffect)
		v.nonNegative(e.child("quota"), pol.Quota)
		v.nonNegative(e.child("seats"), pol.Seats)
		v.unit(e.child("away_share"), pol.AwayShare)
		if !slices.Contains([]string{"", "destination", "origin"}, pol.PaidBy) {
			v.c.add(e.child("paid_by"), strconv.Quote(pol.PaidBy), `must be "destination" or "origin" (left out: "destination")`)
		}
		v.nonNegative(e.child("cost_per_seat"), pol.CostPerSeat)
		v.nonNegative(e.child("buyout"), pol.Buyout)
		v.unit(e.child("buyout_rate"), pol.BuyoutRate)
		v.nonNegative(e.child("amount"), pol.Amount)
		v.unit(e.child("fee"), pol.Fee)
		v.nonNegative(e.child("cost_per_point"), pol.CostPerPoint)
		v.unit(e.child("collective_share"), pol.CollectiveShare)
		v.nonNegative(e.child("match"), pol.Match)
		v.unit(e.child("recognition"), pol.Recognition)
		v.change(e.child("wage_abroad_change"), pol.WageAbroadChange)
		v.change(e.child("wage_home_change"), pol.WageHomeChange)
		v.change(e.child("demand_change"), pol.DemandChange)
	}
}

// policyName returns the name of policy i in outputs: its own, or its kind,
// numbered from the second nameless policy of that kind on (KIND, KIND_2, ...).
func (v *validator) policyName(s *Scenario, i int) string {
	pol := s.Policies[i]
	if pol.Name != "" {
		return pol.Name
	}
	n := 0
	for _, q := range s.Policies[:i+1] {
		if q.Kind == pol.Kind && q.Name == "" {
			n++
		}
	}
	if n == 1 {
		return pol.Kind
	}
	return pol.Kind + "_" + strconv.Itoa(n)
}

// known checks that each of the names listed at p is one of valid.
func (v *validator) known(p keyPath, list, valid []string, what, validAre, none string) {
	for j, name := range list {
		if !slices.Contains(valid, name) {
			v.c.add(p.elem(j), strconv.Quote(name), "not a "+what+"; "+didYouMean(name, valid, validAre, none))
		}
	}
}

// change checks a relative change: a fall of 100% or more would leave nothing.
func (v *validator) change(p keyPath, x float64) {
	v.check(p, x, x > -1, "must be > -1 (-0.2 is a fall of 20%)")
}

func (v *validator) nonNegativeInt(p keyPath, n int, zero string) {
	if n < 0 {
		v.c.add(p, strconv.Itoa(n), "must be >= 0, "+zero)
	}
}

// fmtGo formats a Go value of a scenario field as TOML would.
func fmtGo(rv reflect.Value) string {
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return fmtFloat(rv.Float())
	case reflect.String:
		return strconv.Quote(rv.String())
	case reflect.Slice:
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = fmtGo(rv.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(rv.Interface())
}
