package report

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
)

// Param is one scenario parameter: its key as a --set path would name it
// (array elements by name, e.g. sector.nurse.wage_home) and its value
// written for reading.
type Param struct {
	Key, Value string
}

// Params returns every parameter of sc in file order: the top-level keys,
// origin, sectors, destinations, the decision-rule sections, then the
// policies (each with the common keys and those its kind reads). Absent
// optional values (a destination without a quota) are left out.
func Params(sc *model.Scenario) []Param {
	var ps []Param
	walk(reflect.ValueOf(*sc), "", &ps)
	for i := range sc.Policies {
		ps = append(ps, policyParams(sc, i)...)
	}
	return ps
}

// commonPolicyKeys are the keys every policy kind reads.
var commonPolicyKeys = []string{"kind", "start_year", "end_year", "sectors", "destinations", "budget"}

// policyParams returns policy i's parameters, keyed policy.NAME.key: the
// common keys, then those of its kind's lever, in the lever's field order.
func policyParams(sc *model.Scenario, i int) []Param {
	p := sc.Policies[i]
	prefix := "policy." + sc.PolicyName(i) + "."
	ps := []Param{{Key: prefix + "kind", Value: p.Kind().String()}}
	fields := []reflect.Value{reflect.ValueOf(p)}
	if p.Lever != nil {
		fields = append(fields, reflect.ValueOf(p.Lever).Elem())
	}
	for fi, v := range fields {
		keys := commonPolicyKeys[1:]
		if fi > 0 {
			keys = tagsOf(v.Type())
		}
		ps = append(ps, params(p, v, prefix, keys)...)
	}
	return ps
}

// tagsOf returns the toml keys of struct type t, in field order.
func tagsOf(t reflect.Type) []string {
	var ks []string
	for i := range t.NumField() {
		if k := tomlName(t.Field(i)); k != "" {
			ks = append(ks, k)
		}
	}
	return ks
}

// params returns the parameters of policy p held in struct v, for keys.
func params(p model.Policy, v reflect.Value, prefix string, keys []string) []Param {
	var ps []Param
	for _, k := range keys {
		f, ok := fieldByTag(v, k)
		if !ok {
			continue
		}
		val := formatValue(f)
		switch {
		case k == "start_year" && p.StartYear == 0:
			val = "from the start"
		case k == "end_year" && p.EndYear == 0:
			val = "to the horizon"
		case (k == "sectors" || k == "destinations") && f.Len() == 0:
			val = "all"
		case k == "budget" && p.Budget == 0:
			val = "no cap"
		}
		ps = append(ps, Param{Key: prefix + k, Value: val})
	}
	return ps
}

// fieldByTag returns the field of struct v whose toml tag is key.
func fieldByTag(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if tomlName(t.Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// tomlName returns the toml key of a struct field, "" for none.
func tomlName(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if tag == "-" || !f.IsExported() {
		return ""
	}
	return tag
}

// walk appends the parameters under v, a struct, keyed prefix + toml key.
// Slices of structs with a Name are keyed by name; policies are skipped
// here (policyParams lists them with their kind's keys only).
func walk(v reflect.Value, prefix string, ps *[]Param) {
	t := v.Type()
	for i := range t.NumField() {
		name := tomlName(t.Field(i))
		if name == "" || prefix == "" && name == "policy" {
			continue
		}
		f := v.Field(i)
		key := prefix + name
		switch {
		case f.Kind() == reflect.Struct:
			walk(f, key+".", ps)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct:
			for j := range f.Len() {
				e := f.Index(j)
				id := strconv.Itoa(j)
				if n := e.FieldByName("Name"); n.IsValid() && n.String() != "" {
					id = n.String()
				}
				walk(e, key+"."+id+".", ps)
			}
		case f.Kind() == reflect.Map:
			keys := f.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
			for _, k := range keys {
				*ps = append(*ps, Param{Key: key + "." + k.String(), Value: formatValue(f.MapIndex(k))})
			}
		case f.Kind() == reflect.Pointer:
			if !f.IsNil() {
				*ps = append(*ps, Param{Key: key, Value: formatValue(f.Elem())})
			}
		default:
			*ps = append(*ps, Param{Key: key, Value: formatValue(f)})
		}
	}
}

// formatValue writes a parameter value: numbers with thousands separators
// from 10,000 up, lists joined by commas.
func formatValue(v reflect.Value) string {
	if m, ok := v.Interface().(encoding.TextMarshaler); ok {
		if b, err := m.MarshalText(); err == nil {
			return string(b) // a typed enum of package model, by its name
		}
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return formatParamFloat(v.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		if v.Bool() {
			return "yes"
		}
		return "no"
	case reflect.String:
		return v.String()
	case reflect.Slice:
		var parts []string
		for i := range v.Len() {
			parts = append(parts, formatValue(v.Index(i)))
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v.Interface())
}

func formatParamFloat(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if x >= 1e4 || x <= -1e4 {
		return output.GroupThousands(s)
	}
	return s
}

// paramTable is a table of parameters: a header row, then rows whose first
// cell is the key.
type paramTable struct {
	Title  string
	Header []string
	Rows   [][]string
}

// scenarioTables lays out sc's parameters for reading: the set-up, the
// origin, the sectors and destinations side by side, the policies, and the
// decision-rule parameters.
func scenarioTables(sc *model.Scenario) (main []paramTable, rules []paramTable) {
	ps := Params(sc)
	group := func(prefix string) [][]string {
		var rows [][]string
		for _, p := range ps {
			if k, ok := strings.CutPrefix(p.Key, prefix); ok && !strings.Contains(k, ".") {
				rows = append(rows, []string{k, p.Value})
			}
		}
		return rows
	}
	setup := paramTable{Title: "Set-up", Header: []string{"key", "value"}}
	for _, r := range group("") {
		if r[0] != "description" {
			setup.Rows = append(setup.Rows, r)
		}
	}
	if len(sc.Overrides) > 0 {
		setup.Rows = append(setup.Rows, []string{"overrides (--set)", strings.Join(sc.Overrides, "; ")})
	}
	main = append(main, setup, paramTable{Title: "Origin: " + sc.Origin.Name, Header: []string{"key", "value"}, Rows: group("origin.")})

	side := func(title, prefix string, names []string) paramTable {
		t := paramTable{Title: title, Header: append([]string{"key"}, names...)}
		var keys []string
		vals := map[string][]string{}
		for n, name := range names {
			p := prefix + name + "."
			for _, q := range ps {
				k, ok := strings.CutPrefix(q.Key, p)
				if !ok || k == "name" {
					continue
				}
				if _, seen := vals[k]; !seen {
					keys = append(keys, k)
					vals[k] = make([]string, len(names))
				}
				vals[k][n] = q.Value
			}
		}
		for _, k := range keys {
			t.Rows = append(t.Rows, append([]string{k}, vals[k]...))
		}
		return t
	}
	var sectors, dests []string
	for _, s := range sc.Sectors {
		sectors = append(sectors, s.Name)
	}
	for _, d := range sc.Destinations {
		dests = append(dests, d.Name)
	}
	main = append(main, side("Sectors", "sector.", sectors), side("Destinations", "destination.", dests))

	if len(sc.Policies) > 0 {
		var names []string
		for i := range sc.Policies {
			names = append(names, sc.PolicyName(i))
		}
		main = append(main, side("Policies", "policy.", names))
	}
	for _, sec := range []string{"training", "emigration", "return", "remittance", "skill", "demography", "household"} {
		if rows := group(sec + "."); len(rows) > 0 {
			rules = append(rules, paramTable{Title: sec, Header: []string{"key", "value"}, Rows: rows})
		}
	}
	return main, rules
}

// differences returns the parameters whose values differ among the
// scenarios, one row per key with each scenario's value ("—" where it has
// none), leaving out name, description and path-like keys that always
// differ. The first row is the header: "key" and the labels.
func differences(scs []*model.Scenario, labels []string) [][]string {
	var keys []string
	vals := map[string][]string{}
	for s, sc := range scs {
		for _, p := range Params(sc) {
			if p.Key == "name" || p.Key == "description" {
				continue
			}
			if _, ok := vals[p.Key]; !ok {
				keys = append(keys, p.Key)
				v := make([]string, len(scs))
				for i := range v {
					v[i] = "—"
				}
				vals[p.Key] = v
			}
			vals[p.Key][s] = p.Value
		}
	}
	rows := [][]string{append([]string{"key"}, labels...)}
	for _, k := range keys {
		v := vals[k]
		differ := false
		for _, x := range v[1:] {
			differ = differ || x != v[0]
		}
		if differ {
			rows = append(rows, append([]string{k}, v...))
		}
	}
	return rows
}
