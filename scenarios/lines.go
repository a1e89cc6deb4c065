package scenarios

import "github.com/brainsim/brainsim/scenarios/strict"

// keyPath is a key path as problems print it, one rendered segment an
// element: a key ("origin", quoted like TOML if it is not bare) or an index
// ("[1]"). Its String is e.g. `destination[0].wage.nurse`. It is a
// strict.Path with the short method names the checks of this package use.
type keyPath []string

// child returns the path of key name below p. It does not share memory with p.
func (p keyPath) child(name string) keyPath { return keyPath(strict.Path(p).Key(name)) }

// elem returns the path of element i of the array at p.
func (p keyPath) elem(i int) keyPath { return keyPath(strict.Path(p).Index(i)) }

func (p keyPath) String() string { return strict.Path(p).String() }

// quoteKey returns k as TOML writes a key: bare if it can be, else quoted.
func quoteKey(k string) string { return strict.QuoteKey(k) }

func isBare(c byte) bool { return strict.IsBare(c) }

// index maps key paths to where they were set: the line of the file, or the
// override that set them last.
type index struct {
	file string
	ix   *strict.Index
}

// newIndex returns the index of the TOML text src of file.
func newIndex(file, src string) *index {
	return &index{file: file, ix: strict.NewIndex(file, src)}
}

// locate returns where p, or failing that its nearest ancestor, was set; a
// key nobody set is in the file at an unknown line.
func (ix *index) locate(p keyPath) location {
	at := ix.ix.Locate(strict.Path(p))
	return location{file: at.File, line: at.Line, flag: at.Override}
}

// override records that loc set p and everything below it.
func (ix *index) override(p keyPath, loc location) {
	ix.ix.Override(strict.Path(p), loc.strict())
}
