package strict

import (
	"strconv"
	"strings"
)

// Path is a key path as problems print it, one rendered segment an element:
// a key as TOML writes it ("origin", or `"nurse aide"` if it is not bare)
// or an index ("[1]", 0-based). Its String is e.g. `destination[0].wage.nurse`.
// The nil Path is the top level.
type Path []string

// Key returns the path of key name below p. It does not share memory with p.
func (p Path) Key(name string) Path {
	return append(p[:len(p):len(p)], QuoteKey(name))
}

// Index returns the path of element i of the array at p. It does not share
// memory with p.
func (p Path) Index(i int) Path {
	return append(p[:len(p):len(p)], "["+strconv.Itoa(i)+"]")
}

// String returns the path as problems print it, e.g. "sector[1].wage_home".
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// ParsePath returns the path whose String is s: it splits s at the dots
// between keys and before indices, keeping quoted keys whole. It reads any
// text without failing; text String does not write gives some path.
func ParsePath(s string) Path {
	var p Path
	for i := 0; i < len(s); {
		start := i
		switch s[i] {
		case '.':
			i++
			continue
		case '[':
			if j := strings.IndexByte(s[i:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(s)
			}
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
			i = min(i+1, len(s))
		default:
			for i < len(s) && s[i] != '.' && s[i] != '[' {
				i++
			}
		}
		p = append(p, s[start:i])
	}
	return p
}

// QuoteKey returns k as TOML writes a key: bare if it can be, else quoted.
func QuoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		if !IsBare(k[i]) {
			return strconv.Quote(k)
		}
	}
	return k
}

// IsBare reports whether c may appear in a bare TOML key: an ASCII letter
// or digit, '_' or '-'.
func IsBare(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}
