package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/scenarios/strict"
)

// fileReader decodes an experiment or calibration file strictly: every key
// is checked for its type and against the keys its table allows, and every
// problem is collected, with the line of the key, in a strict.List.
type fileReader struct {
	list strict.List // placed by the index of the file's text
	read source      // reads the file and its base scenario
	sum  string      // hex SHA-256 of the file's bytes
}

// source reads an input file by path: strict.ReadFile for files on disk,
// shippedSource for the files the binary carries.
type source func(path string) ([]byte, *strict.Problem)

// readFile reads the TOML file at path through read and parses it. It
// returns the top-level table, or a Problems error for a syntax error.
func readFile(path string, read source) (*fileReader, *table, error) {
	data, p := read(path)
	if p != nil {
		return nil, nil, scenarios.Problems{p}
	}
	src := string(data)
	var tree map[string]any
	if _, err := toml.Decode(src, &tree); err != nil {
		return nil, nil, scenarios.Problems{strict.Syntax(path, src, err)}
	}
	sum := sha256.Sum256(data)
	f := &fileReader{list: strict.List{Index: strict.NewIndex(path, src)}, read: read, sum: hex.EncodeToString(sum[:])}
	return f, &table{f: f, m: tree}, nil
}

// add records a problem with the key at path, a key path as problems print
// it ("parameter[1].min"), placed at its line or that of its nearest
// ancestor; value is the offending value as TOML writes it, or "".
func (f *fileReader) add(path, value, msg string) {
	f.list.Add(strict.ParsePath(path), value, msg)
}

// err returns the problems sorted by line (those without a line last, each
// in the order found), or nil if there are none.
func (f *fileReader) err() error { return f.list.Err() }

// table is a TOML table being read; every key read is marked used, and
// finish reports the others as unknown.
type table struct {
	f    *fileReader
	path string // key path of the table; "" for the top level
	m    map[string]any
	used map[string]bool
}

// key returns the key path of key k of the table, k quoted if it is not a
// bare key.
func (t *table) key(k string) string {
	if t.path == "" {
		return strict.QuoteKey(k)
	}
	return t.path + "." + strict.QuoteKey(k)
}

// get returns the value of key k and marks it used.
func (t *table) get(k string) (any, bool) {
	if t.used == nil {
		t.used = make(map[string]bool)
	}
	t.used[k] = true
	v, ok := t.m[k]
	return v, ok
}

func (t *table) wrongType(k string, v any, want string) {
	t.f.add(t.key(k), tomlText(v), "must be "+want)
}

// str reads a string.
func (t *table) str(k string) (string, bool) {
	v, ok := t.get(k)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(k, v, "a string")
	}
	return s, ok
}

// num reads a number, integer or float.
func (t *table) num(k string) (float64, bool) {
	v, ok := t.get(k)
	if !ok {
		return 0, false
	}
	x, ok := number(v)
	if !ok {
		t.wrongType(k, v, "a number")
	}
	return x, ok
}

// integer reads an integer.
func (t *table) integer(k string) (int64, bool) {
	v, ok := t.get(k)
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		t.wrongType(k, v, "an integer")
	}
	return n, ok
}

// boolean reads a boolean.
func (t *table) boolean(k string) (bool, bool) {
	v, ok := t.get(k)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		t.wrongType(k, v, "true or false")
	}
	return b, ok
}

// array reads an array whose elements conv accepts; one and many name an
// element and the elements in problems, e.g. "a number" and "numbers".
func array[T any](t *table, k, one, many string, conv func(any) (T, bool)) ([]T, bool) {
	v, ok := t.get(k)
	if !ok {
		return nil, false
	}
	xs, ok := v.([]any)
	if !ok {
		t.wrongType(k, v, "an array of "+many)
		return nil, false
	}
	out := make([]T, 0, len(xs))
	for i, x := range xs {
		y, ok := conv(x)
		if !ok {
			t.f.add(t.key(k)+"["+strconv.Itoa(i)+"]", tomlText(x), "must be "+one)
			return nil, false
		}
		out = append(out, y)
	}
	return out, true
}

func (t *table) strs(k string) ([]string, bool) {
	return array(t, k, "a string", "strings", func(v any) (string, bool) { s, ok := v.(string); return s, ok })
}

func (t *table) nums(k string) ([]float64, bool) { return array(t, k, "a number", "numbers", number) }

func (t *table) ints(k string) ([]int64, bool) {
	return array(t, k, "an integer", "integers", func(v any) (int64, bool) { n, ok := v.(int64); return n, ok })
}

// has reports whether the table sets key k, whatever its type.
func (t *table) has(k string) bool {
	_, ok := t.m[k]
	return ok
}

// tables reads an array of tables, such as [[parameter]] blocks.
func (t *table) tables(k string) []*table {
	v, ok := t.get(k)
	if !ok {
		return nil
	}
	ms, ok := v.([]map[string]any)
	if !ok {
		t.wrongType(k, v, fmt.Sprintf("an array of tables ([[%s]] blocks)", k))
		return nil
	}
	ts := make([]*table, len(ms))
	for i, m := range ms {
		ts[i] = &table{f: t.f, path: t.key(k) + "[" + strconv.Itoa(i) + "]", m: m}
	}
	return ts
}

// sub reads a table, such as [indicators]; a missing one reads as empty.
func (t *table) sub(k string) *table {
	v, ok := t.get(k)
	if !ok {
		return &table{f: t.f, path: t.key(k), m: map[string]any{}}
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.wrongType(k, v, fmt.Sprintf("a table ([%s])", k))
		m = map[string]any{}
	}
	return &table{f: t.f, path: t.key(k), m: m}
}

// finish reports every key of the table that was not read as unknown, with
// a suggestion among the keys read.
func (t *table) finish() {
	var known []string
	for k := range t.used {
		known = append(known, k)
	}
	slices.Sort(known)
	var unknown []string
	for k := range t.m {
		if !t.used[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		where := "at the top level"
		if t.path != "" {
			where = "in " + t.path
		}
		t.f.add(t.key(k), "", fmt.Sprintf("unknown key %q %s; %s", k, where, strict.DidYouMean(k, known, "valid keys are", "no keys are valid here")))
	}
}

// number returns v as a float64 if it is a TOML integer or float.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// tomlText returns v roughly as TOML writes it, for problems.
func tomlText(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return output.FormatFloat(x)
	case map[string]any, []map[string]any:
		return "{...}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}
