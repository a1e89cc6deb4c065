package scenarios

import (
	"strconv"
	"strings"
)

// keyPath is a key path as problems print it, one rendered segment an
// element: a key ("origin", quoted like TOML if it is not bare) or an index
// ("[1]"). Its String is e.g. `destination[0].wage.nurse`.
type keyPath []string

// child returns the path of key name below p. It does not share memory with p.
func (p keyPath) child(name string) keyPath {
	return append(p[:len(p):len(p)], quoteKey(name))
}

// elem returns the path of element i of the array at p.
func (p keyPath) elem(i int) keyPath {
	return append(p[:len(p):len(p)], "["+strconv.Itoa(i)+"]")
}

func (p keyPath) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// quoteKey returns k as TOML writes a key: bare if it can be, else quoted.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		if !isBare(k[i]) {
			return strconv.Quote(k)
		}
	}
	return k
}

func isBare(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// index maps key paths to where they were set: the line of the file, or the
// override that set them last.
type index struct {
	file string
	at   map[string]location
}

// newIndex returns the index of the TOML text src of file.
func newIndex(file, src string) *index {
	ix := &index{file: file, at: make(map[string]location)}
	for k, line := range scanLines(src) {
		ix.at[k] = location{file: file, line: line}
	}
	return ix
}

// locate returns where p, or failing that its nearest ancestor, was set; a
// key nobody set is in the file at an unknown line.
func (ix *index) locate(p keyPath) location {
	for n := len(p); n > 0; n-- {
		if loc, ok := ix.at[p[:n].String()]; ok {
			return loc
		}
	}
	return location{file: ix.file}
}

// override records that loc set p and everything below it.
func (ix *index) override(p keyPath, loc location) {
	k := p.String()
	for x := range ix.at {
		if x == k || strings.HasPrefix(x, k+".") || strings.HasPrefix(x, k+"[") {
			delete(ix.at, x)
		}
	}
	ix.at[k] = loc
}

// scanLines returns the 1-based line of every key path set in the TOML text
// src: keys (each prefix of a dotted key too), table headers ("origin",
// "destination[1].wage"), arrays of tables ("sector", at their first header,
// and "sector[1]"), keys of inline tables and elements of arrays
// ("sector[0].name" for sector = [{name = "nurse"}]).
//
// It reads the structure of the text only (keys, headers, strings, brackets
// and comments), so it expects text that a TOML parser has accepted; on
// anything else it returns some index without failing. A path set more than
// once keeps its first line.
func scanLines(src string) map[string]int {
	s := &lineScanner{src: src, line: 1, at: make(map[string]int), aot: make(map[string]int)}
	s.pos = len(src) - len(strings.TrimPrefix(src, "\ufeff"))
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; c {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.line++
			s.pos++
		case '#':
			s.skipLine()
		case '[':
			s.header()
			s.skipLine()
		default:
			s.keyval(s.table)
			s.skipLine()
		}
	}
	return s.at
}

type lineScanner struct {
	src   string
	pos   int
	line  int
	at    map[string]int
	table keyPath        // the current table
	aot   map[string]int // elements so far of each array of tables, by path
}

func (s *lineScanner) record(p keyPath, line int) {
	k := p.String()
	if _, ok := s.at[k]; !ok {
		s.at[k] = line
	}
}

// header reads a [table] or [[array.of.tables]] header and makes it current.
func (s *lineScanner) header() {
	line := s.line
	double := strings.HasPrefix(s.src[s.pos:], "[[")
	if double {
		s.pos += 2
	} else {
		s.pos++
	}
	keys := s.key()
	var p keyPath
	for i, k := range keys {
		p = p.child(k)
		n, isArray := s.aot[p.String()]
		if double && i == len(keys)-1 {
			s.aot[p.String()] = n + 1
			s.record(p, line)
			p = p.elem(n)
		} else if isArray && n > 0 {
			p = p.elem(n - 1)
		}
	}
	s.record(p, line)
	s.table = p
}

// keyval reads key = value below the table at prefix.
func (s *lineScanner) keyval(prefix keyPath) {
	line := s.line
	keys := s.key()
	if len(keys) == 0 {
		return
	}
	p := prefix
	for _, k := range keys {
		p = p.child(k)
		s.record(p, line)
	}
	s.skipSpace()
	if s.pos < len(s.src) && s.src[s.pos] == '=' {
		s.pos++
		s.value(p)
	}
}

// key reads a dotted key and returns its parts, unquoted.
func (s *lineScanner) key() []string {
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
			for s.pos < len(s.src) && isBare(s.src[s.pos]) {
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

// value skips a value, recording the keys of inline tables and the elements
// of arrays below p.
func (s *lineScanner) value(p keyPath) {
	s.skipSpace()
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
		for i := 0; ; {
			s.skipBlank()
			if s.pos >= len(s.src) {
				return
			}
			switch s.src[s.pos] {
			case ']':
				s.pos++
				return
			case ',':
				s.pos++
			default:
				start := s.pos
				s.record(p.elem(i), s.line)
				s.value(p.elem(i))
				i++
				if s.pos == start {
					s.pos++
				}
			}
		}
	case rest[0] == '{':
		s.pos++
		for {
			s.skipBlank()
			if s.pos >= len(s.src) {
				return
			}
			switch s.src[s.pos] {
			case '}':
				s.pos++
				return
			case ',':
				s.pos++
			default:
				start := s.pos
				s.keyval(p)
				if s.pos == start {
					s.pos++
				}
			}
		}
	default: // number, boolean, date and time, which may contain a space
		for s.pos < len(s.src) && !strings.ContainsRune(",]}#\n", rune(s.src[s.pos])) {
			s.pos++
		}
	}
}

// skipBasicString skips a "string" on one line, honouring escapes.
func (s *lineScanner) skipBasicString() {
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
func (s *lineScanner) skipLiteralString() {
	s.pos++
	for s.pos < len(s.src) && s.src[s.pos] != '\'' && s.src[s.pos] != '\n' {
		s.pos++
	}
	if s.pos < len(s.src) && s.src[s.pos] == '\'' {
		s.pos++
	}
}

// skipMultiline skips a multi-line string delimited by delim, counting lines.
func (s *lineScanner) skipMultiline(delim string, escapes bool) {
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
func (s *lineScanner) skipSpace() {
	for s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
}

// skipBlank skips white space, newlines and comments.
func (s *lineScanner) skipBlank() {
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
func (s *lineScanner) skipLine() {
	if i := strings.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
		s.pos += i
	} else {
		s.pos = len(s.src)
	}
}
