package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/model"
)

// checkTree reports every problem of a decoded TOML tree that strict decoding
// finds: unknown keys, including keys of a [[policy]] block that its kind
// does not read, and values of the wrong type.
func (c *collector) checkTree(tree map[string]any) {
	c.checkTable(tree, scenarioType, nil, "")
}

// commonKeysOnly returns the keys of the [[policy]] block v that every kind
// reads: the block of an unknown kind is checked for those only, since
// which other keys it may set depends on the kind Validate reports.
func commonKeysOnly(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any)
	for k, x := range m {
		if _, common := fieldNamed(commonBlockType, k); common {
			out[k] = x
		}
	}
	return out
}

// policies checks the [[policy]] blocks of s; sectors and dests are the
// names of the sectors and destinations, kinds the kind each block of the
// file wrote (nil for a scenario built in code).
func (v *validator) policies(s *model.Scenario, sectors, dests, kinds []string) {
	p := key("policy")
	names := make(map[string]int) // name in outputs -> first policy
	for i := range s.Policies {
		pol := &s.Policies[i]
		e := p.elem(i)
		if pol.Lever == nil {
			text := ""
			if i < len(kinds) {
				text = kinds[i]
			}
			if text == "" {
				v.c.add(e.child("kind"), `""`, "must name the kind of policy: "+quoteList(model.KindNames()))
			} else {
				v.c.add(e.child("kind"), strconv.Quote(text), "not a kind of policy; "+
					didYouMean(text, model.KindNames(), "kinds are", ""))
			}
		}

		if name := s.PolicyName(i); pol.Lever != nil || pol.Name != "" {
			if j, dup := names[name]; dup {
				if pol.Name != "" {
					v.c.add(e.child("name"), strconv.Quote(pol.Name), fmt.Sprintf("must be unique; %s is also named %q", p.elem(j), name))
				} else {
					v.c.add(e, "", fmt.Sprintf("its default name %q is taken by %s; give it a name", name, p.elem(j)))
				}
			} else {
				names[name] = i
			}
		}

		v.yearOrZero(e.child("start_year"), pol.StartYear, "0 for the start")
		v.yearOrZero(e.child("end_year"), pol.EndYear, "0 for the horizon")
		if pol.StartYear > 0 && pol.EndYear > 0 && pol.EndYear < pol.StartYear {
			v.c.add(e.child("end_year"), strconv.Itoa(pol.EndYear),
				fmt.Sprintf("must be >= start_year (%d), or 0 for the horizon", pol.StartYear))
		}
		v.known(e.child("sectors"), pol.Sectors, sectors, "sector", "sectors are", "there are no sectors")
		v.known(e.child("destinations"), pol.Destinations, dests, "destination", "destinations are", "there are no destinations")
		v.nonNegative(e.child("budget"), pol.Budget)

		if pol.Lever != nil {
			v.finite(reflect.ValueOf(pol.Lever).Elem(), e)
			for _, pr := range pol.Lever.Validate() {
				v.c.add(e.child(pr.Key), fmtGo(reflect.ValueOf(pr.Value)), pr.Msg)
			}
		}
	}
}

// known checks that each of the names listed at p is one of valid.
func (v *validator) known(p keyPath, list, valid []string, what, validAre, none string) {
	for j, name := range list {
		if !slices.Contains(valid, name) {
			v.c.add(p.elem(j), strconv.Quote(name), "not a "+what+"; "+didYouMean(name, valid, validAre, none))
		}
	}
}

// yearOrZero checks a calendar year that may be 0 for "open".
func (v *validator) yearOrZero(p keyPath, n int, zero string) {
	switch {
	case n < 0:
		v.c.add(p, strconv.Itoa(n), "must be >= 0, "+zero)
	case n > MaxYear:
		v.c.add(p, strconv.Itoa(n), fmt.Sprintf("must be a calendar year <= %d, or %s", MaxYear, zero))
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
