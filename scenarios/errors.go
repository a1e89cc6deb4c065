package scenarios

import (
	"strings"

	"github.com/brainsim/brainsim/scenarios/strict"
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
//
// It is the problem of package strict, which experiment and calibration
// files report too; see strict.Problem for its fields.
type Problem = strict.Problem

// Problems is every problem found in a scenario, in the order of the file
// (by line, then key), followed by those without a line and those caused by
// overrides, in the order of the overrides. Load, Parse and Validate return
// it as their error, so callers can count and inspect the problems with
// errors.As.
type Problems = strict.Problems

// location is where a key was set: a line of the file, or an override flag.
type location struct {
	file string
	line int // 1-based; 0 if unknown
	flag int // 1 + the index of the override that set the key; 0 for the file
}

func (l location) strict() strict.Location {
	return strict.Location{File: l.file, Line: l.line, Override: l.flag}
}

// collector gathers problems and sorts them, through a strict.List.
type collector struct {
	ix     *index // nil: no line numbers
	file   string // used when ix does not know a key
	list   strict.List
	pruned []string // key paths dropped for their problems: later problems at or below them are not reported
	// structural is set when a dropped key was a name, a table or an
	// array, which other keys refer to: validation then stops short.
	structural bool
}

// add records a problem with key path k, placed by the index, unless k is
// at or below a key pruned for an earlier problem.
func (c *collector) add(k keyPath, value, msg string) {
	ks := k.String()
	for _, q := range c.pruned {
		if ks == q || strings.HasPrefix(ks, q+".") || strings.HasPrefix(ks, q+"[") {
			return
		}
	}
	c.addAt(c.locate(k), ks, value, msg)
}

// prune records that the key at k was dropped for its problems: what is
// found later at or below it follows from those and is not reported.
func (c *collector) prune(k keyPath) { c.pruned = append(c.pruned, k.String()) }

// addAt records a problem at a known location.
func (c *collector) addAt(loc location, key, value, msg string) {
	c.list.AddAt(loc.strict(), key, value, msg)
}

// problems returns the problems sorted, or nil if there are none. Problems
// on one line are sorted by key, as the checks find them walking maps.
func (c *collector) problems() Problems {
	c.list.ByKey = true
	return c.list.Problems()
}

// err returns the problems as an error, or nil if there are none.
func (c *collector) err() error {
	if ps := c.problems(); ps != nil {
		return ps
	}
	return nil
}
