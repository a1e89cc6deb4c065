package strict

import (
	"strconv"
	"strings"
)

// Index maps the key paths of a TOML document to where they were set: the
// line of the file, or the override that set them last. It holds a tree of
// key path segments, so its size and the time to build it are linear in the
// size of the text, however deep arrays and tables nest.
type Index struct {
	file string
	root node
}

// node is a segment of key paths: a key or an element of an array.
type node struct {
	at     Location // where the path was set, if set
	set    bool
	kids   map[string]*node // by rendered segment
	tables int              // elements so far of an array of tables at this path
}

func (n *node) child(seg string) *node {
	c := n.kids[seg]
	if c == nil {
		if n.kids == nil {
			n.kids = make(map[string]*node)
		}
		c = &node{}
		n.kids[seg] = c
	}
	return c
}

// NewIndex returns the index of src, the TOML text of file, which a TOML
// parser has accepted. It records the line of every key path set: keys
// (each prefix of a dotted key too), table headers ("origin",
// "destination[1].wage"), arrays of tables ("sector", at their first header,
// and "sector[1]"), keys of inline tables and elements of arrays
// ("sector[0].name" for sector = [{name = "nurse"}]). A path set more than
// once keeps its first line.
//
// It reads the structure of the text only (keys, headers, strings, brackets
// and comments); on text that is not TOML it returns some index without
// failing.
func NewIndex(file, src string) *Index {
	ix := &Index{file: file}
	s := &scanner{src: src, line: 1, file: file}
	s.pos = len(src) - len(strings.TrimPrefix(src, "\ufeff"))
	table := &ix.root
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.line++
			s.pos++
		case '#':
			s.skipLine()
		case '[':
			table = s.header(&ix.root)
			s.skipLine()
		default:
			if n := s.keyval(table); n != nil {
				s.value(n)
			}
			s.skipLine()
		}
	}
	return ix
}

// File returns the file the index was built from.
func (ix *Index) File() string { return ix.file }

// Line returns the line that set exactly p, or 0 if the file does not set
// it or an override has replaced it.
func (ix *Index) Line(p Path) int {
	n := &ix.root
	for _, seg := range p {
		if n = n.kids[seg]; n == nil {
			return 0
		}
	}
	if !n.set || n.at.Override > 0 {
		return 0
	}
	return n.at.Line
}

// Locate returns where p, or failing that its nearest ancestor, was set; a
// key nobody set is in the file at an unknown line.
func (ix *Index) Locate(p Path) Location {
	at := Location{File: ix.file}
	n := &ix.root
	for _, seg := range p {
		if n = n.kids[seg]; n == nil {
			break
		}
		if n.set {
			at = n.at
		}
	}
	return at
}

// Override records that loc, such as an override applied after the file,
// set p and everything below it.
func (ix *Index) Override(p Path, loc Location) {
	n := &ix.root
	for _, seg := range p {
		n = n.child(seg)
	}
	*n = node{at: loc, set: true}
}

// scanner reads the structure of TOML text. Nothing in it recurses: a value
// nested n deep is read with a stack of n frames, each pointing at its node.
type scanner struct {
	src   string
	pos   int
	line  int
	file  string
	stack []frame
}

// frame is an array or inline table being read.
type frame struct {
	n     *node
	array bool
	i     int // elements so far of an array
}

func (s *scanner) record(n *node, line int) {
	if !n.set {
		n.at, n.set = Location{File: s.file, Line: line}, true
	}
}

// header reads a [table] or [[array.of.tables]] header and returns its node.
func (s *scanner) header(root *node) *node {
	line := s.line
	double := strings.HasPrefix(s.src[s.pos:], "[[")
	if double {
		s.pos += 2
	} else {
		s.pos++
	}
	keys := s.key()
	n := root
	for i, k := range keys {
		n = n.child(QuoteKey(k))
		switch {
		case double && i == len(keys)-1:
			s.record(n, line)
			n.tables++
			n = n.child("[" + strconv.Itoa(n.tables-1) + "]")
		case n.tables > 0: // below the latest element
			n = n.child("[" + strconv.Itoa(n.tables-1) + "]")
		}
	}
	s.record(n, line)
	return n
}

// keyval reads the key of key = value below table t, recording each prefix
// of a dotted key, and the '='. It returns the node of the key, or nil if
// there is no key or no '=' after it.
func (s *scanner) keyval(t *node) *node {
	line := s.line
	keys := s.key()
	if len(keys) == 0 {
		return nil
	}
	n := t
	for _, k := range keys {
		n = n.child(QuoteKey(k))
		s.record(n, line)
	}
	s.skipSpace()
	if s.pos >= len(s.src) || s.src[s.pos] != '=' {
		return nil
	}
	s.pos++
	return n
}

// key reads a dotted key and returns its parts, unquoted.
func (s *scanner) key() []string {
	var keys []string
	for {
		s.skipSpace()
		if s.pos >= len(s.src) {
			return keys
		}
		switch s.src[s.pos] {
		case '"':
			start := s.pos
			s.skipBasicString()
			raw := s.src[start:s.pos]
			k, err := strconv.Unquote(raw)
			if err != nil { // a TOML escape Go does not know, or no closing quote
				k = strings.TrimSuffix(raw[1:], `"`)
			}
			keys = append(keys, k)
		case '\'':
			start := s.pos + 1
			s.skipLiteralString()
			keys = append(keys, strings.TrimSuffix(s.src[start:s.pos], "'"))
		default:
			start := s.pos
			for s.pos < len(s.src) && IsBare(s.src[s.pos]) {
				s.pos++
			}
			if s.pos == start {
				return keys
			}
			keys = append(keys, s.src[start:s.pos])
		}
		s.skipSpace()
		if s.pos >= len(s.src) || s.src[s.pos] != '.' {
			return keys
		}
		s.pos++
	}
}

// value reads the value set at n, recording the keys of inline tables and
// the elements of arrays below it. Arrays and inline tables push a frame;
// between values it finds, in the innermost open one, the next element or
// key, or its end.
func (s *scanner) value(n *node) {
	s.stack = s.stack[:0]
	for {
		s.skipSpace()
		start := s.pos
		if s.pos >= len(s.src) {
			return
		}
		rest := s.src[s.pos:]
		switch {
		case strings.HasPrefix(rest, `"""`):
			s.skipMultiline(`"""`, true)
		case strings.HasPrefix(rest, `'''`):
			s.skipMultiline(`'''`, false)
		case rest[0] == '"':
			s.skipBasicString()
		case rest[0] == '\'':
			s.skipLiteralString()
		case rest[0] == '[':
			s.pos++
			s.stack = append(s.stack, frame{n: n, array: true})
		case rest[0] == '{':
			s.pos++
			s.stack = append(s.stack, frame{n: n})
		default: // number, boolean, date and time, which may contain a space
			for s.pos < len(s.src) && !strings.ContainsRune(",]}#\n", rune(s.src[s.pos])) {
				s.pos++
			}
			if s.pos == start && len(s.stack) > 0 {
				s.pos++ // a stray character in a container: step over it
			}
		}
		if n = s.next(); n == nil {
			return
		}
	}
}

// next finds the next value to read in the open arrays and inline tables,
// closing those that end, and returns its node; nil when none is open.
func (s *scanner) next() *node {
	for len(s.stack) > 0 {
		f := &s.stack[len(s.stack)-1]
		s.skipBlank()
		if s.pos >= len(s.src) {
			return nil
		}
		switch c := s.src[s.pos]; {
		case c == ',':
			s.pos++
		case f.array && c == ']', !f.array && c == '}':
			s.pos++
			s.stack = s.stack[:len(s.stack)-1]
		case f.array:
			n := f.n.child("[" + strconv.Itoa(f.i) + "]")
			f.i++
			s.record(n, s.line)
			return n
		default:
			start := s.pos
			if n := s.keyval(f.n); n != nil {
				return n
			}
			if s.pos == start {
				s.pos++ // not a key: step over it
			}
		}
	}
	return nil
}

// skipBasicString skips a "string" on one line, honouring escapes.
func (s *scanner) skipBasicString() {
	s.pos++
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '\\':
			s.pos += 2
			continue
		case '"':
			s.pos++
			return
		case '\n':
			return
		}
		s.pos++
	}
	s.pos = min(s.pos, len(s.src))
}

// skipLiteralString skips a 'string' on one line.
func (s *scanner) skipLiteralString() {
	s.pos++
	for s.pos < len(s.src) && s.src[s.pos] != '\'' && s.src[s.pos] != '\n' {
		s.pos++
	}
	if s.pos < len(s.src) && s.src[s.pos] == '\'' {
		s.pos++
	}
}

// skipMultiline skips a multi-line string delimited by delim, counting lines.
func (s *scanner) skipMultiline(delim string, escapes bool) {
	s.pos += len(delim)
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\\' && escapes:
			if s.pos+1 < len(s.src) && s.src[s.pos+1] == '\n' {
				s.line++
			}
			s.pos += 2
			continue
		case c == '\n':
			s.line++
		case strings.HasPrefix(s.src[s.pos:], delim):
			s.pos += len(delim)
			// Up to two quotes right before the closing ones belong to the string.
			for n := 0; n < 2 && s.pos < len(s.src) && s.src[s.pos] == delim[0]; n++ {
				s.pos++
			}
			return
		}
		s.pos++
	}
	s.pos = min(s.pos, len(s.src))
}

// skipSpace skips spaces and tabs.
func (s *scanner) skipSpace() {
	for s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
}

// skipBlank skips white space, newlines and comments.
func (s *scanner) skipBlank() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.line++
			s.pos++
		case '#':
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine skips to the end of the line, leaving the newline.
func (s *scanner) skipLine() {
	if i := strings.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
		s.pos += i
	} else {
		s.pos = len(s.src)
	}
}
