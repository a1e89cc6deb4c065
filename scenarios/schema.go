package scenarios

import (
	"bytes"
	"encoding"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios/strict"
)

// The schema of a scenario file is the Go type Scenario, read by reflection
// over its toml tags, so that a field added to Scenario or to a parameter
// struct of package agents is a valid key at once.

var scenarioType = reflect.TypeFor[model.Scenario]()

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// field is a key of a TOML table and the Go field it decodes into.
type field struct {
	name  string
	index int
	typ   reflect.Type
}

// fieldsOf returns the keys of struct type t: its exported fields by their
// toml tag (or Go name), leaving out those tagged "-".
func fieldsOf(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = sf.Name
		}
		fs = append(fs, field{name: name, index: i, typ: sf.Type})
	}
	return fs
}

// fieldNamed returns the field of struct type t whose key is exactly name.
func fieldNamed(t reflect.Type, name string) (field, bool) {
	for _, f := range fieldsOf(t) {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// keysOf returns the keys of struct type t, sorted.
func keysOf(t reflect.Type) []string {
	var ks []string
	for _, f := range fieldsOf(t) {
		ks = append(ks, f.name)
	}
	slices.Sort(ks)
	return ks
}

// isTableArray reports whether t decodes from an array of tables.
func isTableArray(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct
}

// deref returns the type pointed to, for optional values such as *float64.
func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// unknownKey returns the message for key, not a key of the table of struct
// type t at level (a key path without indices, "" at the top).
func unknownKey(key string, t reflect.Type, level string) string {
	where := "at top level"
	if level != "" {
		where = "in " + level
	}
	return fmt.Sprintf("unknown key %q %s; %s", key, where,
		didYouMean(key, keysOf(t), "valid keys are", "it has no keys"))
}

// joinLevel returns the level of key below level.
func joinLevel(level, key string) string {
	if level == "" {
		return quoteKey(key)
	}
	return level + "." + quoteKey(key)
}

// checkTable reports every key of the decoded TOML table m that struct type t
// does not have, and every value of the wrong type, at path p and level.
func (c *collector) checkTable(m map[string]any, t reflect.Type, p keyPath, level string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f, ok := fieldNamed(t, k)
		if !ok {
			c.addAt(c.locate(p.child(k)), "", "", unknownKey(k, t, level))
			delete(m, k)
			if meant := strict.Suggest(k, keysOf(t)); meant != "" {
				// A likely typo: the key meant is missing only because of
				// it, so its problems (a zero that must be > 0) are noise.
				c.prune(p.child(meant))
			}
			continue
		}
		n := c.list.Len()
		c.checkValue(m[k], f.typ, p.child(k), joinLevel(level, k))
		if c.list.Len() > n && !tableLike(m[k], f.typ) {
			// Drop the key, so that the rest of the file still decodes and
			// is validated in the same pass; the key keeps its default and
			// problems of the default are not reported (prune).
			delete(m, k)
			c.prune(p.child(k))
			if kind := deref(f.typ).Kind(); k == "name" || kind == reflect.Struct || kind == reflect.Slice || kind == reflect.Map {
				// Names and tables are what other keys refer to: without
				// them, validation would only report what follows.
				c.structural = true
			}
		}
	}
}

// tableLike reports whether v, a decoded value of a key of type t, is a
// table or an array of tables whose problems were dealt with key by key
// below it, so that v itself still decodes.
func tableLike(v any, t reflect.Type) bool {
	t = deref(t)
	switch {
	case t.Kind() == reflect.Struct:
		_, ok := v.(map[string]any)
		return ok
	case isTableArray(t):
		if _, ok := v.([]map[string]any); ok {
			return true
		}
		elems, ok := v.([]any)
		for _, e := range elems {
			if _, isMap := e.(map[string]any); !isMap {
				return false
			}
		}
		return ok
	}
	return false
}

// maxExactInt is the largest integer a float64 holds exactly, 2^53.
const maxExactInt = 1 << 53

// checkValue reports v, a decoded TOML value, if it cannot decode into type t.
func (c *collector) checkValue(v any, t reflect.Type, p keyPath, level string) {
	t = deref(t)
	bad := func(want string) {
		val := fmtValue(v)
		if val == "" {
			want += ", not " + tomlType(v)
		}
		c.add(p, val, "must be "+want)
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		// A typed enum of package model, written as its name: the type's
		// own UnmarshalText says what is valid.
		s, ok := v.(string)
		if !ok {
			bad("a string")
			return
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			c.add(p, fmtValue(v), err.Error())
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			bad(fmt.Sprintf("a table ([%s])", level))
			return
		}
		c.checkTable(m, t, p, level)
	case reflect.Slice:
		elems, ok := v.([]any)
		if ms, isTables := v.([]map[string]any); isTables {
			elems, ok = make([]any, len(ms)), true
			for i, m := range ms {
				elems[i] = m
			}
		}
		if !ok {
			if isTableArray(t) {
				bad(fmt.Sprintf("an array of tables ([[%s]])", level))
			} else {
				bad("an array")
			}
			return
		}
		for i, e := range elems {
			et := t.Elem()
			if t == policiesType { // each block by its kind
				et = blockTypeOf(e)
				if _, _, ok := blockKind(e); !ok {
					e = commonKeysOnly(e)
				}
			}
			lv := level
			if k, _, ok := blockKind(e); ok && t == policiesType {
				lv = fmt.Sprintf("%s of kind %q", level, k)
			}
			c.checkValue(e, et, p.elem(i), lv)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			bad(fmt.Sprintf("a table ([%s])", level))
			return
		}
		for k, e := range m {
			c.checkValue(e, t.Elem(), p.child(k), level+".*")
		}
	case reflect.Float32, reflect.Float64:
		switch x := v.(type) {
		case float64:
		case int64:
			if x > maxExactInt || x < -maxExactInt {
				c.add(p, fmtValue(v), fmt.Sprintf("integer too large to be stored exactly; write it as a float, e.g. %g", float64(x)))
			}
		default:
			bad("a number")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, ok := v.(int64)
		if !ok {
			bad("an integer")
			return
		}
		lo, hi := intBounds(t)
		if x < lo || x > hi {
			c.add(p, fmtValue(v), fmt.Sprintf("must be an integer within [%d, %d]", lo, hi))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x, ok := v.(int64)
		if !ok {
			bad("an integer")
			return
		}
		if hi := uint64(1)<<(t.Bits()-1)<<1 - 1; x < 0 || uint64(x) > hi {
			c.add(p, fmtValue(v), fmt.Sprintf("must be an integer within [0, %d]", hi))
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			bad("a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			bad("true or false")
		}
	}
}

// intBounds returns the range of signed integer type t.
func intBounds(t reflect.Type) (lo, hi int64) {
	hi = int64(uint64(1)<<(t.Bits()-1) - 1)
	return -hi - 1, hi
}

// locate returns where the key at p was set.
func (c *collector) locate(p keyPath) location {
	if c.ix == nil {
		return location{file: c.file}
	}
	return c.ix.locate(p)
}

// tomlType names the TOML type of a decoded value.
func tomlType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	}
	return "a date or time"
}

// maxValueLen is the length beyond which fmtValue shortens a value.
const maxValueLen = 60

// fmtValue returns v, a decoded TOML value, as TOML writes it, shortened if
// long, or "" for a table or an array of tables.
func fmtValue(v any) string {
	switch v.(type) {
	case map[string]any, []map[string]any:
		return ""
	case []any:
		for _, e := range v.([]any) {
			if _, ok := e.(map[string]any); ok {
				return ""
			}
		}
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(map[string]any{"v": v}); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSpace(strings.TrimPrefix(b.String(), "v = "))
	if len(s) > maxValueLen {
		cut := maxValueLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// fmtFloat returns x as a short decimal, "nan", "inf" or "-inf".
func fmtFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	case x != 0 && (math.Abs(x) < 1e-4 || math.Abs(x) >= 1e15):
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
