package experiment

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"brainsim/output"
	"brainsim/scenarios"
)

// fileReader decodes an experiment or calibration file strictly: every key
// is checked for its type and against the keys its table allows, and every
// problem is collected, with the line of the key, as a scenarios.Problem.
type fileReader struct {
	file  string         // as the user named it
	lines map[string]int // key path -> 1-based line
	probs scenarios.Problems
}

// readFile reads and parses the TOML file at path. It returns the top-level
// table, or a Problems error for a syntax error.
func readFile(path string) (*fileReader, *table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("sweep: %w", err)
	}
	src := string(data)
	var tree map[string]any
	if _, err := toml.Decode(src, &tree); err != nil {
		p := &scenarios.Problem{File: path, Msg: "invalid TOML: " + err.Error()}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			p.Line, p.Msg = pe.Position.Line, "invalid TOML: "+pe.Message
		}
		return nil, nil, scenarios.Problems{p}
	}
	f := &fileReader{file: path, lines: scanKeys(src)}
	return f, &table{f: f, m: tree}, nil
}

// add records a problem with the key at path; value is the offending value
// as TOML writes it, or "".
func (f *fileReader) add(path, value, msg string) {
	f.probs = append(f.probs, &scenarios.Problem{File: f.file, Line: f.line(path), Key: path, Value: value, Msg: msg})
}

// line returns the line of path or of its nearest ancestor, or 0.
func (f *fileReader) line(path string) int {
	for p := path; p != ""; {
		if l, ok := f.lines[p]; ok {
			return l
		}
		i := max(strings.LastIndexByte(p, '.'), strings.LastIndexByte(p, '['))
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// err returns the problems sorted by line (those without a line last), or
// nil if there are none.
func (f *fileReader) err() error {
	if len(f.probs) == 0 {
		return nil
	}
	slices.SortStableFunc(f.probs, func(a, b *scenarios.Problem) int {
		la, lb := a.Line, b.Line
		if la == 0 {
			la = math.MaxInt
		}
		if lb == 0 {
			lb = math.MaxInt
		}
		return cmp.Compare(la, lb)
	})
	return f.probs
}

// table is a TOML table being read; every key read is marked used, and
// finish reports the others as unknown.
type table struct {
	f    *fileReader
	path string // key path of the table; "" for the top level
	m    map[string]any
	used map[string]bool
}

func (t *table) key(k string) string {
	if t.path == "" {
		return k
	}
	return t.path + "." + k
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

// describe returns a problem of a scenario without its file and line, as
// KEY = VALUE: MSG.
func describe(p *scenarios.Problem) string {
	switch {
	case p.Key == "":
		return p.Msg
	case p.Value == "":
		return p.Key + ": " + p.Msg
	}
	return p.Key + " = " + p.Value + ": " + p.Msg
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
		t.f.add(t.key(k), "", fmt.Sprintf("unknown key %q %s; %s", k, where, didYouMean(k, known)))
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

// didYouMean suggests the candidate closest to word by edit distance if it
// is close enough to be a typo, else lists the candidates.
func didYouMean(word string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := levenshtein(strings.ToLower(word), strings.ToLower(c)); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD >= 0 && (bestD <= 2 || bestD <= len(word)/3) {
		return fmt.Sprintf("did you mean %q?", best)
	}
	q := make([]string, len(candidates))
	for i, c := range candidates {
		q[i] = strconv.Quote(c)
	}
	if len(q) == 0 {
		return "no keys are valid here"
	}
	return "valid keys are " + strings.Join(q, ", ")
}

// levenshtein returns the edit distance between a and b.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// scanKeys returns the 1-based line of every key path set in the TOML text
// src, which a TOML parser has accepted: keys ("replicates", dotted keys and
// their prefixes), tables ("indicators") and elements of arrays of tables
// ("parameter[1]", "parameter[1].min"). It reads only the structure of the
// text (headers, keys, strings, brackets and comments), enough for the flat
// files of this package; keys inside inline tables are not indexed, and
// their problems fall back to the line of the enclosing key.
func scanKeys(src string) map[string]int {
	at := make(map[string]int)
	record := func(p string, line int) {
		if _, ok := at[p]; !ok {
			at[p] = line
		}
	}
	aot := make(map[string]int) // elements so far of each array of tables
	table := ""
	var depth int    // open brackets and braces of a value spanning lines
	var multi string // the delimiter of an open multi-line string, or ""
	for n, line := range strings.Split(src, "\n") {
		ln := n + 1
		rest := line
		if depth == 0 && multi == "" {
			s := strings.TrimSpace(line)
			switch {
			case s == "" || s[0] == '#':
				continue
			case strings.HasPrefix(s, "[["):
				name := unquoteKey(strings.TrimSpace(s[2:strings.Index(s+"]]", "]]")]))
				i := aot[name]
				aot[name]++
				table = name + "[" + strconv.Itoa(i) + "]"
				record(name, ln)
				record(table, ln)
				continue
			case s[0] == '[':
				table = unquoteKey(strings.TrimSpace(s[1:strings.Index(s+"]", "]")]))
				record(table, ln)
				continue
			}
			eq := keyEnd(s)
			if eq < 0 {
				continue
			}
			k := unquoteKey(strings.TrimSpace(s[:eq]))
			p := k
			if table != "" {
				p = table + "." + k
			}
			for i := range len(p) {
				if p[i] == '.' {
					record(p[:i], ln)
				}
			}
			record(p, ln)
			rest = s[eq+1:]
		}
		depth, multi = scanValue(rest, depth, multi)
	}
	return at
}

// keyEnd returns the index of the '=' that ends the key of a key/value line,
// skipping quoted keys, or -1.
func keyEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			j := strings.IndexByte(s[i+1:], s[i])
			if j < 0 {
				return -1
			}
			i += j + 1
		case '=':
			return i
		}
	}
	return -1
}

// unquoteKey removes the quotes of the parts of a dotted key.
func unquoteKey(k string) string {
	if !strings.ContainsAny(k, `"'`) {
		return strings.ReplaceAll(k, " ", "")
	}
	var parts []string
	for k != "" {
		k = strings.TrimLeft(k, " \t.")
		if k == "" {
			break
		}
		var part string
		if k[0] == '"' || k[0] == '\'' {
			end := strings.IndexByte(k[1:], k[0])
			if end < 0 {
				end = len(k) - 1
			}
			part, k = k[1:end+1], k[min(end+2, len(k)):]
		} else {
			end := strings.IndexByte(k, '.')
			if end < 0 {
				end = len(k)
			}
			part, k = strings.TrimSpace(k[:end]), k[end:]
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ".")
}

// scanValue scans the value text s for strings, comments and brackets and
// returns the bracket depth and open multi-line string after it.
func scanValue(s string, depth int, multi string) (int, string) {
	for i := 0; i < len(s); i++ {
		if multi != "" {
			j := strings.Index(s[i:], multi)
			if j < 0 {
				return depth, multi
			}
			i += j + len(multi) - 1
			multi = ""
			continue
		}
		switch c := s[i]; c {
		case '#':
			return depth, ""
		case '[', '{':
			depth++
		case ']', '}':
			depth = max(depth-1, 0)
		case '"', '\'':
			if strings.HasPrefix(s[i:], strings.Repeat(string(c), 3)) {
				multi = strings.Repeat(string(c), 3)
				i += 2
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		}
	}
	return depth, multi
}
