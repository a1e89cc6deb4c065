package scenarios

import (
	"os"
	"testing"
)

func TestScanLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		want map[string]int // a subset of the index
	}{
		{"keys and tables", "a = 1\n[origin]\npopulation = 2 # c\n\n[demography]\nentry_age = 3",
			map[string]int{"a": 1, "origin": 2, "origin.population": 3, "demography": 5, "demography.entry_age": 6}},
		{"arrays of tables count from 0", "[[sector]]\nname = 'a'\n[[sector]]\nname = 'b'\nwage_home = 1",
			map[string]int{"sector": 1, "sector[0]": 1, "sector[0].name": 2, "sector[1]": 3, "sector[1].name": 4, "sector[1].wage_home": 5}},
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
			map[string]int{"a": 1, "b": 4, "c": 7, "d": 8, "f": 9, "h": 10}},
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
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := scanLines(tt.src)
			for k, line := range tt.want {
				if got[k] != line {
					t.Errorf("scanLines(%q)[%q] = %d; want %d (all: %v)", tt.src, k, got[k], line, got)
				}
			}
		})
	}
}

func TestScanLinesValidFile(t *testing.T) {
	data, err := os.ReadFile(validFile)
	if err != nil {
		t.Fatal(err)
	}
	got := scanLines(string(data))
	for k, line := range map[string]int{
		"seed":                               4,
		"origin.population":                  13,
		"sector":                             22,
		"sector[1]":                          38,
		"sector[1].seats_per_year":           41,
		"destination[0].quota":               60,
		"destination[0].wage":                62,
		"destination[0].wage.nurse":          64,
		"destination[0].diaspora.doctor":     70,
		"destination[1].wage.nurse":          75,
		"destination[1].sector_quota":        81,
		"destination[1].sector_quota.doctor": 81,
		"return.base_rate":                   99,
		"demography.female_share":            124,
	} {
		if got[k] != line {
			t.Errorf("scanLines(%s)[%q] = %d; want %d", validFile, k, got[k], line)
		}
	}
}

func TestIndexLocate(t *testing.T) {
	ix := newIndex("f.toml", "[[sector]]\nname = 'a'\n[origin]\npopulation = 1")
	ix.override(key("origin"), location{file: "--set origin={}", flag: 1})
	for _, tt := range []struct {
		name string
		p    keyPath
		want location
	}{
		{"a key", key("sector").elem(0).child("name"), location{file: "f.toml", line: 2}},
		{"an absent key falls back to its table", key("sector").elem(0).child("wage_home"), location{file: "f.toml", line: 1}},
		{"a key nobody set", key("years"), location{file: "f.toml"}},
		{"overridden", key("origin"), location{file: "--set origin={}", flag: 1}},
		{"below an override", key("origin", "population"), location{file: "--set origin={}", flag: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.locate(tt.p); got != tt.want {
				t.Errorf("locate(%s) = %+v; want %+v", tt.p, got, tt.want)
			}
		})
	}
}

func TestKeyPath(t *testing.T) {
	for _, tt := range []struct {
		p    keyPath
		want string
	}{
		{nil, ""},
		{key("origin", "population"), "origin.population"},
		{key("sector").elem(1).child("seats_per_year"), "sector[1].seats_per_year"},
		{key("destination").elem(0).child("wage").child("nurse aide"), `destination[0].wage."nurse aide"`},
		{key("a").elem(0).elem(2), "a[0][2]"},
		{key(""), `""`},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("keyPath%q.String() = %q; want %q", []string(tt.p), got, tt.want)
		}
	}
}

// FuzzScanLines checks that the line index ends, without panicking, on any
// text, TOML or not.
func FuzzScanLines(f *testing.F) {
	for _, s := range []string{"a = [", "[[", "a = \"\"\"", "a = '''x", "x = {a = [{b = '", "\"a\\", "a.'b", "[a.\"b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for k, line := range scanLines(src) {
			if line < 1 {
				t.Errorf("scanLines(%q)[%q] = %d; want >= 1", src, k, line)
			}
		}
	})
}
