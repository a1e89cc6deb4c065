package strict

import (
	"os"
	"strings"
	"testing"
	"time"
)

// checkLines checks the line of each path of want in the index of src.
func checkLines(t *testing.T, src string, want map[string]int) {
	t.Helper()
	ix := NewIndex("f.toml", src)
	for k, line := range want {
		if got := ix.Line(ParsePath(k)); got != line {
			t.Errorf("NewIndex(%q).Line(%s) = %d; want %d", src, k, got, line)
		}
	}
}

func TestIndexLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		want map[string]int // a subset of the index; 0 for a path not set
	}{
		{"keys and tables", "a = 1\n[origin]\npopulation = 2 # c\n\n[demography]\nentry_age = 3",
			map[string]int{"a": 1, "origin": 2, "origin.population": 3, "demography": 5, "demography.entry_age": 6, "b": 0}},
		{"arrays of tables count from 0", "[[sector]]\nname = 'a'\n[[sector]]\nname = 'b'\nwage_home = 1",
			map[string]int{"sector": 1, "sector[0]": 1, "sector[0].name": 2, "sector[1]": 3, "sector[1].name": 4, "sector[1].wage_home": 5, "sector[2]": 0}},
		{"sub-table of the latest element", "[[destination]]\n[destination.wage]\nnurse = 1\n[[destination]]\n[destination.wage]\nnurse = 2",
			map[string]int{"destination[0].wage": 2, "destination[0].wage.nurse": 3, "destination[1].wage": 5, "destination[1].wage.nurse": 6}},
		{"nested arrays of tables", "[[a]]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n[[a]]\n[[a.b]]\nx = 3",
			map[string]int{"a[0].b[0].x": 3, "a[0].b[1].x": 5, "a[1].b[0].x": 8}},
		{"dotted keys", "[[destination]]\nwage.nurse = 1\n  wage . doctor = 2",
			map[string]int{"destination[0].wage": 2, "destination[0].wage.nurse": 2, "destination[0].wage.doctor": 3}},
		{"quoted keys", "[\"origin\"]\n'population' = 1\n[[destination]]\nwage.\"nurse aide\" = 2",
			map[string]int{"origin.population": 2, `destination[0].wage."nurse aide"`: 4}},
		{"inline tables", "[[destination]]\nwage = { nurse = 1,\n  doctor = 2 }\nfee = 0.1",
			map[string]int{"destination[0].wage.nurse": 2, "destination[0].wage.doctor": 3, "destination[0].fee": 4}},
		{"arrays of inline tables", "sector = [\n  {name = 'a'}, # one\n  # two\n  {name = 'b',\n   wage_home = 1},\n]\nyears = 3",
			map[string]int{"sector": 1, "sector[0]": 2, "sector[0].name": 2, "sector[1].name": 4, "sector[1].wage_home": 5, "years": 7}},
		{"multi-line strings", "a = \"\"\"x\ny = 1\n\"\"\"\nb = '''\n[origin]\n'''\nc = \"\"\"q\"\"\"\"\nd = 'e'\nf = \"g\\\"#\"\nh = 1",
			map[string]int{"a": 1, "b": 4, "c": 7, "d": 8, "f": 9, "h": 10, "y": 0, "origin": 0}},
		{"line-ending backslash", "a = \"\"\"x \\\n  y\"\"\"\nb = 1",
			map[string]int{"a": 1, "b": 3}},
		{"arrays of values", "a = [1, [2, 3],\n 4]\nb = 2",
			map[string]int{"a": 1, "a[1]": 1, "a[1][1]": 1, "a[2]": 2, "b": 3}},
		{"dates with a space", "a = [1979-05-27 07:32:00Z, 1979-05-28]\nb = 1",
			map[string]int{"a[0]": 1, "a[1]": 1, "b": 2}},
		{"CRLF and BOM", "\ufeffa = 1\r\n[origin]\r\npopulation = 2\r\n",
			map[string]int{"a": 1, "origin": 2, "origin.population": 3}},
		{"first line wins", "[origin]\na = 1\n[origin.b]\n[origin.b.c]\n",
			map[string]int{"origin": 1, "origin.b": 3, "origin.b.c": 4}},
		// An experiment file, as experiment reads them.
		{"experiment file", `# an experiment
name = "x"   # a comment with = sign
set = [
  "agents=500",   # [not a header]
  "years=4",
]
description = """
[[parameter]]
key = "not a key"
"""
"quoted key" = 1
indicators.years = [1, 2]

[[parameter]]
key = "a"
values = [0.1,
  0.2]

[ indicators ]
metrics = ["x"]

[[parameter]]
key = 'b'
min = { x = 1 }
`, map[string]int{
			"name": 2, "set": 3, "set[0]": 4, "set[1]": 5, "description": 7, `"quoted key"`: 11,
			"indicators": 12, "indicators.years": 12, "parameter": 14, "parameter[0]": 14,
			"parameter[0].key": 15, "parameter[0].values": 16, "parameter[0].values[1]": 17,
			"indicators.metrics": 20, "parameter[1]": 22, "parameter[1].key": 23,
			"parameter[1].min": 24, "parameter[1].min.x": 24, "parameter[2]": 0,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) { checkLines(t, tt.src, tt.want) })
	}
}

func TestIndexValidScenario(t *testing.T) {
	data, err := os.ReadFile("../testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, string(data), map[string]int{
		"seed":                               4,
		"origin.population":                  13,
		"sector":                             23,
		"sector[1]":                          40,
		"sector[1].seats_per_year":           43,
		"destination[0].quota":               62,
		"destination[0].wage":                64,
		"destination[0].wage.nurse":          66,
		"destination[0].diaspora.doctor":     72,
		"destination[1].wage.nurse":          77,
		"destination[1].sector_quota":        83,
		"destination[1].sector_quota.doctor": 83,
		"return.base_rate":                   126,
		"demography.female_share":            151,
	})
}

func TestIndexLocate(t *testing.T) {
	ix := NewIndex("f.toml", "[[sector]]\nname = 'a'\n[origin]\npopulation = 1")
	over := Location{File: "--set origin={}", Override: 1}
	ix.Override(Path{"origin"}, over)
	for _, tt := range []struct {
		name string
		p    Path
		want Location
	}{
		{"a key", Path{"sector"}.Index(0).Key("name"), Location{File: "f.toml", Line: 2}},
		{"an absent key falls back to its table", Path{"sector"}.Index(0).Key("wage_home"), Location{File: "f.toml", Line: 1}},
		{"a key nobody set", Path{"years"}, Location{File: "f.toml"}},
		{"the top level", nil, Location{File: "f.toml"}},
		{"overridden", Path{"origin"}, over},
		{"below an override", Path{"origin", "population"}, over},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Locate(tt.p); got != tt.want {
				t.Errorf("Locate(%s) = %+v; want %+v", tt.p, got, tt.want)
			}
		})
	}
	if got := ix.Line(Path{"origin", "population"}); got != 0 {
		t.Errorf("Line(origin.population) after an override = %d; want 0", got)
	}
	if got := ix.File(); got != "f.toml" {
		t.Errorf("File() = %q; want %q", got, "f.toml")
	}
}

// TestIndexDeepNesting guards against a scanner that is not linear in the
// size of the text: issue 11 found a 20 KB value nested 10,000 deep took
// 36 s and 1.9 GB when each level copied its key path and rendered it. The
// bound is generous, only a guard; a linear scan takes milliseconds.
func TestIndexDeepNesting(t *testing.T) {
	const depth = 10000
	for _, tt := range []struct {
		name, src string
		x         Path // a path set on line 1; y is set on line 2
	}{
		{"arrays", "x = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\ny = 1\n", Path{"x"}},
		{"inline tables", "x = " + strings.Repeat("{a = ", depth) + "1" + strings.Repeat("}", depth) + "\ny = 1\n", Path{"x"}},
		{"arrays of inline tables", "x = " + strings.Repeat("[{a = ", depth) + "1" + strings.Repeat("}]", depth) + "\ny = 1\n", Path{"x"}},
		{"dotted key", "x" + strings.Repeat(".a", depth) + " = 1\ny = 1\n", Path{"x"}},
		{"header", "[x" + strings.Repeat(".a", depth) + "]\n[[y]]\n", ParsePath("x" + strings.Repeat(".a", depth))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			ix := NewIndex("deep.toml", tt.src)
			if d := time.Since(start); d > 500*time.Millisecond {
				t.Errorf("NewIndex of %d bytes nested %d deep took %v; want well under a second", len(tt.src), depth, d)
			}
			if got := ix.Line(tt.x); got != 1 {
				t.Errorf("Line(x...) = %d; want 1", got)
			}
			if got := ix.Line(Path{"y"}); got != 2 {
				t.Errorf("Line(y) = %d; want 2", got)
			}
		})
	}
	// The bottom of the arrays is indexed, at the cost of one node a level.
	src := "x = " + strings.Repeat("[", depth) + strings.Repeat("]", depth)
	p := Path{"x"}
	for range depth - 1 {
		p = append(p, "[0]")
	}
	if got := NewIndex("deep.toml", src).Line(p); got != 1 {
		t.Errorf("Line of the innermost array = %d; want 1", got)
	}
}

// FuzzIndex checks that indexing ends, without panicking, on any text, TOML
// or not, and places every key on a line of the text.
func FuzzIndex(f *testing.F) {
	for _, s := range []string{"a = [", "[[", "a = \"\"\"", "a = '''x", "x = {a = [{b = '", "\"a\\", "a.'b", "[a.\"b", "x = [}]", "x = {]}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ix := NewIndex("f.toml", src)
		lines := 1 + strings.Count(src, "\n")
		var walk func(n *node, depth int)
		walk = func(n *node, depth int) {
			if n.set && (n.at.Line < 1 || n.at.Line > lines) {
				t.Errorf("NewIndex(%q) has line %d; want within [1, %d]", src, n.at.Line, lines)
			}
			for _, c := range n.kids {
				walk(c, depth+1)
			}
		}
		walk(&ix.root, 0)
	})
}
