package strict

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Problem is one thing wrong with a file: a TOML syntax error, an unknown
// key, a value of the wrong type, a value out of range or an inconsistency
// between values. Its Error method reads
//
//	scenarios: FILE:LINE: KEY = VALUE: MSG
//
// leaving out ":LINE" when Line is 0, "KEY: " when Key is "" and " = VALUE"
// when Value is "", e.g.
//
//	scenarios: ghana.toml:42: destination[1].fee = 1.4: must be within [0, 1]
//
// The prefix is that of package scenarios, which reports problems of
// scenario, experiment and calibration files alike.
type Problem struct {
	// File is the file the problem is in, as the user named it, or, for a
	// problem caused by an override, the flag that set it, e.g.
	// "--set destination.UK.fee=1.4". It is "" for a value built in code.
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
	// Err is the cause, such as a toml.ParseError; nil if none.
	Err error
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
	b.WriteString(p.Detail())
	return b.String()
}

// Detail returns the problem without its file and line, as KEY = VALUE: MSG
// with the same parts left out as in Error; a reader that reports a problem
// of another file at a key of its own puts it in its Msg.
func (p *Problem) Detail() string {
	switch {
	case p.Key == "":
		return p.Msg
	case p.Value == "":
		return p.Key + ": " + p.Msg
	}
	return p.Key + " = " + p.Value + ": " + p.Msg
}

// Unwrap returns the cause of the problem, Err.
func (p *Problem) Unwrap() error { return p.Err }

// Problems is every problem found in a file, as a List sorts them. Readers
// return it as their error, so callers can count and inspect the problems
// with errors.As.
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

// Syntax returns the problem of err, the error of toml.Decode on src, the
// text of file: "invalid TOML: ..." at the line of the parse error.
func Syntax(file, src string, err error) *Problem {
	p := &Problem{File: file, Msg: "invalid TOML: " + err.Error(), Err: err}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		p.Line = pe.Position.Line
		p.Msg = "invalid TOML: " + pe.Message
		// The parser has counted the newline it complains about, as in
		// "[training\n", when it gives the line; the offset is exact.
		if at := pe.Position; at.Len > 0 && at.Start >= 0 && at.Start < len(src) {
			p.Line = 1 + strings.Count(src[:at.Start], "\n")
		}
	}
	return p
}

// Location is where a key was set: a line of a file, or an override, such
// as a command-line flag, applied after the file.
type Location struct {
	File     string // the file, or the override as the user wrote it
	Line     int    // 1-based; 0 if unknown
	Override int    // 1 + the index of the override that set the key; 0 for the file
}

// List gathers the problems of a file and sorts them: problems of the file
// with a line first, by line; then those without a line; then those caused
// by each override, in the order of the overrides. Problems on the same
// line keep the order they were added in, or with ByKey are sorted by key
// and message. The zero List is empty and places problems in no file.
type List struct {
	// Index places problems by key path; if nil, problems are in File at
	// an unknown line.
	Index *Index
	// File is the file of problems when Index is nil.
	File string
	// ByKey sorts problems on the same line by key path, then message, for
	// readers that find them in an order of their own (walking a map).
	ByKey bool

	items []item
}

type item struct {
	p        *Problem
	override int
}

// Add records a problem with the key at path p, placed by the Index; value
// is the offending value as TOML writes it, or "".
func (l *List) Add(p Path, value, msg string) {
	loc := Location{File: l.File}
	if l.Index != nil {
		loc = l.Index.Locate(p)
	}
	l.AddAt(loc, p.String(), value, msg)
}

// AddAt records a problem at a known location; key is a rendered key path
// or "".
func (l *List) AddAt(loc Location, key, value, msg string) {
	l.items = append(l.items, item{
		p:        &Problem{File: loc.File, Line: loc.Line, Key: key, Value: value, Msg: msg},
		override: loc.Override,
	})
}

// Append records problems found already, such as those of another file
// read on the way, sorted as problems of the file by their lines.
func (l *List) Append(ps ...*Problem) {
	for _, p := range ps {
		l.items = append(l.items, item{p: p})
	}
}

// Len returns the number of problems recorded.
func (l *List) Len() int { return len(l.items) }

// Problems returns the problems sorted, or nil if there are none.
func (l *List) Problems() Problems {
	if len(l.items) == 0 {
		return nil
	}
	rank := func(it item) int {
		switch {
		case it.override > 0:
			return 2
		case it.p.Line > 0:
			return 0
		}
		return 1
	}
	slices.SortStableFunc(l.items, func(a, b item) int {
		c := cmp.Or(
			cmp.Compare(rank(a), rank(b)),
			cmp.Compare(a.override, b.override),
			cmp.Compare(a.p.Line, b.p.Line),
		)
		if c != 0 || !l.ByKey {
			return c
		}
		return cmp.Or(cmp.Compare(a.p.Key, b.p.Key), cmp.Compare(a.p.Msg, b.p.Msg))
	})
	ps := make(Problems, len(l.items))
	for i, it := range l.items {
		ps[i] = it.p
	}
	return ps
}

// Err returns the problems sorted as an error of type Problems, or nil if
// there are none.
func (l *List) Err() error {
	if ps := l.Problems(); ps != nil {
		return ps
	}
	return nil
}
