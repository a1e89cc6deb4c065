package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// overrideFlag is how problems name an override: the flag of cmd/brainsim
// that sets one.
const overrideFlag = "--set "

// applyOverrides sets each override in the decoded TOML tree of a file, in
// order, and records in ix that the flag set the key. It adds to c a
// problem naming the flag for an override that cannot be applied or sets a
// value of the wrong type (which checking drops from the tree). An override
// of a key with a prior drops the prior; one that sets a prior table adds
// it to priors.
func applyOverrides(c *collector, tree map[string]any, ix *index, overrides []string, priors *priorSet) {
	for i, o := range overrides {
		loc := location{file: overrideFlag + o, flag: i + 1}
		segs, text, msg := parseOverride(o)
		if msg != "" {
			c.addAt(loc, "", "", msg)
			continue
		}
		val, msg := parseValue(text)
		if msg != "" {
			c.addAt(loc, "", "", msg)
			continue
		}
		p, msg := setPath(tree, segs, val)
		if msg != "" {
			c.addAt(loc, "", "", msg)
			continue
		}
		ix.override(p, loc)
		priors.drop(p)
	}
	priors.merge(c.extractPriors(tree))
	c.checkTree(tree)
}

// pathSeg is a segment of an override's key path: a key or an index.
type pathSeg struct {
	name    string
	index   int
	isIndex bool
}

const overrideUsage = "want key.path=value, e.g. sector[1].wage_home=12000 or destination.UK.fee=0.05"

// parseOverride splits key.path=value into the segments of the path and the
// text of the value, or returns a message saying what is wrong.
func parseOverride(o string) (segs []pathSeg, value, msg string) {
	pos := 0
	skipSpace := func() {
		for pos < len(o) && (o[pos] == ' ' || o[pos] == '\t') {
			pos++
		}
	}
	for {
		skipSpace()
		if pos >= len(o) {
			return nil, "", overrideUsage
		}
		var name string
		switch o[pos] {
		case '"':
			end := pos + 1
			for end < len(o) && o[end] != '"' {
				if o[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(o) {
				return nil, "", "unterminated quoted key; " + overrideUsage
			}
			k, err := strconv.Unquote(o[pos : end+1])
			if err != nil {
				return nil, "", fmt.Sprintf("bad quoted key %s; %s", o[pos:end+1], overrideUsage)
			}
			name, pos = k, end+1
		case '\'':
			end := strings.IndexByte(o[pos+1:], '\'')
			if end < 0 {
				return nil, "", "unterminated quoted key; " + overrideUsage
			}
			name, pos = o[pos+1:pos+1+end], pos+end+2
		default:
			start := pos
			for pos < len(o) && isBare(o[pos]) {
				pos++
			}
			if pos == start {
				return nil, "", overrideUsage
			}
			name = o[start:pos]
		}
		segs = append(segs, pathSeg{name: name})
		for pos < len(o) && o[pos] == '[' {
			end := strings.IndexByte(o[pos:], ']')
			if end < 0 {
				return nil, "", "unterminated index; " + overrideUsage
			}
			n, err := strconv.Atoi(o[pos+1 : pos+end])
			if err != nil || n < 0 {
				return nil, "", fmt.Sprintf("bad index %s: want a whole number >= 0", o[pos:pos+end+1])
			}
			segs = append(segs, pathSeg{index: n, isIndex: true})
			pos += end + 1
		}
		skipSpace()
		switch {
		case pos < len(o) && o[pos] == '.':
			pos++
		case pos < len(o) && o[pos] == '=':
			return segs, o[pos+1:], ""
		default:
			return nil, "", overrideUsage
		}
	}
}

// parseValue parses the text of an override's value as a TOML value; a bare
// word that is not one is a string.
func parseValue(text string) (any, string) {
	var m map[string]any
	_, err := toml.Decode("v = "+text, &m)
	if v, ok := m["v"]; err == nil && ok && len(m) == 1 {
		return v, ""
	}
	t := strings.TrimSpace(text)
	// A word or a path is a string (origin.name=Ghana, name=../x); what
	// starts like a number, a string, an array or a table must read as one
	// (seed=9223372036854775808 is out of range, not that text).
	if t == "" || !strings.ContainsRune(`"'[{-0123456789`, rune(t[0])) {
		return t, ""
	}
	msg := fmt.Sprintf("cannot read the value %s", t)
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg += ": " + pe.Message
	}
	return nil, msg
}

// setPath sets val at the key path segs of the decoded TOML tree, creating
// tables on the way, and returns the path it set with indices, or a message
// saying why it cannot.
func setPath(tree map[string]any, segs []pathSeg, val any) (keyPath, string) {
	m, t, level := tree, scenarioType, ""
	var p keyPath
	for i := 0; i < len(segs); i++ {
		sg := segs[i]
		if sg.isIndex { // parseOverride puts a key first, so p is not empty
			return nil, fmt.Sprintf("%s is not an array of tables; [%d] does not apply", p, sg.index)
		}
		f, ok := fieldNamed(t, sg.name)
		if !ok {
			return nil, unknownKey(sg.name, t, level)
		}
		ft := deref(f.typ)
		p, level = p.child(sg.name), joinLevel(level, sg.name)
		if i == len(segs)-1 {
			m[sg.name] = val
			return p, ""
		}
		next := segs[i+1]
		switch {
		case isTableArray(ft):
			elems := tableElems(m[sg.name])
			m[sg.name] = elems
			j, msg := pick(elems, next, p, level)
			if msg != "" {
				return nil, msg
			}
			p, i = p.elem(j), i+1
			if i == len(segs)-1 {
				elems[j] = val
				return p, ""
			}
			sub, ok := elems[j].(map[string]any)
			if !ok { // an earlier override set it to something else
				return nil, fmt.Sprintf("%s is not a table; it has no keys below it", p)
			}
			m, t = sub, ft.Elem()
			if ft == policiesType {
				t = blockTypeOf(sub)
				if k, _, ok := blockKind(sub); ok {
					level = fmt.Sprintf("%s of kind %q", level, k)
				}
			}
		case ft.Kind() == reflect.Struct:
			if next.isIndex {
				return nil, fmt.Sprintf("%s is not an array of tables; [%d] does not apply", p, next.index)
			}
			sub, ok := m[sg.name].(map[string]any)
			if !ok {
				sub = make(map[string]any)
				m[sg.name] = sub
			}
			m, t = sub, ft
		case ft.Kind() == reflect.Map:
			if next.isIndex {
				return nil, fmt.Sprintf("%s is a table, not an array of tables; [%d] does not apply", p, next.index)
			}
			if i+1 != len(segs)-1 {
				return nil, fmt.Sprintf("%s is a value; it has no keys below it", p.child(next.name))
			}
			sub, ok := m[sg.name].(map[string]any)
			if !ok {
				sub = make(map[string]any)
				m[sg.name] = sub
			}
			sub[next.name] = val
			return p.child(next.name), ""
		default:
			return nil, fmt.Sprintf("%s is a value; it has no keys below it", p)
		}
	}
	return p, "" // not reached: parseOverride returns at least one key
}

// tableElems returns the elements of a decoded array of tables as a new
// slice, so that one may be replaced by a value of any type.
func tableElems(v any) []any {
	switch x := v.(type) {
	case []any:
		return append([]any(nil), x...)
	case []map[string]any:
		elems := make([]any, len(x))
		for i, m := range x {
			elems[i] = m
		}
		return elems
	}
	return nil
}

// pick returns the index of the element of the array of tables at p that sg
// selects, by index or by name, or a message saying none does.
func pick(elems []any, sg pathSeg, p keyPath, level string) (int, string) {
	if sg.isIndex {
		if sg.index < len(elems) {
			return sg.index, ""
		}
		if len(elems) == 0 {
			return 0, fmt.Sprintf("%s does not exist; there is no [[%s]]", p.elem(sg.index), level)
		}
		return 0, fmt.Sprintf("%s does not exist; there are %d [[%s]], [0] to [%d]",
			p.elem(sg.index), len(elems), level, len(elems)-1)
	}
	var names []string
	for j, e := range elems {
		m, _ := e.(map[string]any)
		name, _ := m["name"].(string)
		if name == sg.name {
			return j, ""
		}
		names = append(names, name)
	}
	return 0, fmt.Sprintf("no %s named %q; %s", level, sg.name,
		didYouMean(sg.name, names, level+" names are", fmt.Sprintf("there is no [[%s]]", level)))
}
