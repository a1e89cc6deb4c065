package scenarios

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a scenario: a TOML syntax error, an unknown
// key, a value of the wrong type, a value out of range or an inconsistency
// between values. Its Error method reads
//
//	scenarios: FILE:LINE: KEY = VALUE: MSG
//
// leaving out ":LINE" when Line is 0, "KEY: " when Key is "" and " = VALUE"
// when Value is "", e.g.
//
//	scenarios: ghana.toml:42: destination[1].fee = 1.4: must be within [0, 1]
type Problem struct {
	// File is the file the problem is in, as the user named it, or, for a
	// problem caused by an override, the flag that set it, e.g.
	// "--set destination.UK.fee=1.4". It is "" for a scenario built in code.
	File string
	// Line is the 1-based line of the key in File; 0 if unknown, as for a
	// key the file leaves out or an override.
	Line int
	// Key is the key path, e.g. "origin.population", "sector[1].wage_home"
	// or "destination[0].wage.nurse" (indices 0-based); "" when the problem
	// is not about one key (a syntax error, an unknown key, which Msg names).
	Key string
	// Value is the offending value as TOML would write it, e.g. "1.4" or
	// `"lots"`; "" when the problem is not about one value.
	Value string
	// Msg says what is wrong and what would be valid.
	Msg string

	err error // the cause, such as a toml.ParseError; nil if none
}

// Error formats the problem on one line.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("scenarios: ")
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		if p.Value != "" {
			b.WriteString(" = ")
			b.WriteString(p.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Unwrap returns the cause of the problem, such as a toml.ParseError for a
// syntax error, or nil.
func (p *Problem) Unwrap() error { return p.err }

// Problems is every problem found in a scenario, in the order of the file
// (by line, then key), followed by those without a line and those caused by
// overrides, in the order of the overrides. Load, Parse and Validate return
// it as their error, so callers can count and inspect the problems with
// errors.As.
type Problems []*Problem

// Error formats the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (ps Problems) Unwrap() []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}

// location is where a key was set: a line of the file, or an override flag.
type location struct {
	file string
	line int // 1-based; 0 if unknown
	flag int // 1 + the index of the override that set the key; 0 for the file
}

// collector gathers problems and sorts them.
type collector struct {
	ix    *index // nil: no line numbers
	file  string // used when ix does not know a key
	items []item
}

type item struct {
	p    *Problem
	flag int
}

// add records a problem with key path k, placed by the index.
func (c *collector) add(k keyPath, value, msg string) {
	loc := location{file: c.file}
	if c.ix != nil {
		loc = c.ix.locate(k)
	}
	c.addAt(loc, k.String(), value, msg)
}

// addAt records a problem at a known location.
func (c *collector) addAt(loc location, key, value, msg string) {
	c.items = append(c.items, item{
		p:    &Problem{File: loc.file, Line: loc.line, Key: key, Value: value, Msg: msg},
		flag: loc.flag,
	})
}

// problems returns the problems sorted, or nil if there are none.
func (c *collector) problems() Problems {
	if len(c.items) == 0 {
		return nil
	}
	// Problems of the file with a line first, by line; then those without;
	// then those of each override, in the order of the flags.
	rank := func(it item) int {
		switch {
		case it.flag > 0:
			return 2
		case it.p.Line > 0:
			return 0
		}
		return 1
	}
	slices.SortStableFunc(c.items, func(a, b item) int {
		return cmp.Or(
			cmp.Compare(rank(a), rank(b)),
			cmp.Compare(a.flag, b.flag),
			cmp.Compare(a.p.Line, b.p.Line),
			cmp.Compare(a.p.Key, b.p.Key),
			cmp.Compare(a.p.Msg, b.p.Msg),
		)
	})
	ps := make(Problems, len(c.items))
	for i, it := range c.items {
		ps[i] = it.p
	}
	return ps
}

// err returns the problems as an error, or nil if there are none.
func (c *collector) err() error {
	if ps := c.problems(); ps != nil {
		return ps
	}
	return nil
}
