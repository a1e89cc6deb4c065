package strict

import (
	"errors"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestProblemError(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    Problem
		want string
	}{
		{"value", Problem{File: "ghana.toml", Line: 42, Key: "destination[1].fee", Value: "1.4", Msg: "must be within [0, 1]"},
			"scenarios: ghana.toml:42: destination[1].fee = 1.4: must be within [0, 1]"},
		{"no line", Problem{File: "ghana.toml", Key: "origin.population", Value: "0", Msg: "must be > 0"},
			"scenarios: ghana.toml: origin.population = 0: must be > 0"},
		{"no value", Problem{File: "ghana.toml", Line: 7, Key: "destination[0].wage", Msg: "must give a wage"},
			"scenarios: ghana.toml:7: destination[0].wage: must give a wage"},
		{"no key", Problem{File: "ghana.toml", Line: 3, Msg: `unknown key "x" at top level`},
			`scenarios: ghana.toml:3: unknown key "x" at top level`},
		{"no file", Problem{Key: "years", Value: "0", Msg: "must be within [1, 200]"},
			"scenarios: years = 0: must be within [1, 200]"},
		{"flag", Problem{File: "--set destination.UK.fe=0.05", Msg: `unknown key "fe" in destination; did you mean "fee"?`},
			`scenarios: --set destination.UK.fe=0.05: unknown key "fe" in destination; did you mean "fee"?`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("Error() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestProblemDetail(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.toml", Line: 2, Key: "years", Value: "0", Msg: "must be within [1, 200]"}, "years = 0: must be within [1, 200]"},
		{Problem{Key: "years", Msg: "missing"}, "years: missing"},
		{Problem{File: "a.toml", Msg: "invalid TOML"}, "invalid TOML"},
	} {
		if got := tt.p.Detail(); got != tt.want {
			t.Errorf("%+v.Detail() = %q; want %q", tt.p, got, tt.want)
		}
	}
}

func TestProblems(t *testing.T) {
	var err error = Problems{
		{File: "a.toml", Line: 1, Key: "years", Value: "0", Msg: "must be within [1, 200]"},
		{File: "a.toml", Line: 2, Key: "agents", Value: "0", Msg: "must be within [1, 100000000]"},
	}
	want := "scenarios: a.toml:1: years = 0: must be within [1, 200]\n" +
		"scenarios: a.toml:2: agents = 0: must be within [1, 100000000]"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("errors.As(err, &Problems) = %v with %d; want true with 2", errors.As(err, &ps), len(ps))
	}
	var p *Problem
	if !errors.As(err, &p) || p.Key != "years" {
		t.Errorf("errors.As(err, &*Problem) gave %v; want the first problem", p)
	}
}

func TestSyntax(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		line      int
	}{
		{"missing value", "a = 1\nb = \n", 2},
		{"unclosed header", "a = 1\n[training\nx = 1\n", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			_, err := toml.Decode(tt.src, &m)
			if err == nil {
				t.Fatalf("toml.Decode(%q) = nil; want an error", tt.src)
			}
			p := Syntax("f.toml", tt.src, err)
			if p.File != "f.toml" || p.Line != tt.line || p.Err != err {
				t.Errorf("Syntax = %+v; want line %d of f.toml, wrapping %v", p, tt.line, err)
			}
			var pe toml.ParseError
			if !errors.As(p, &pe) {
				t.Errorf("errors.As(Syntax(...), &toml.ParseError) = false; want true")
			}
		})
	}
}

func TestListOrder(t *testing.T) {
	for _, tt := range []struct {
		name  string
		byKey bool
		want  []string
	}{
		{"in the order added", false, []string{"line 3, second key", "line 3, first key", "line 9", "no line", "no line, no key", "flag 1", "flag 2"}},
		{"by key", true, []string{"line 3, first key", "line 3, second key", "line 9", "no line, no key", "no line", "flag 1", "flag 2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &List{File: "f.toml", ByKey: tt.byKey}
			l.AddAt(Location{File: "--set b=1", Override: 2}, "b", "", "flag 2")
			l.AddAt(Location{File: "--set a=1", Override: 1}, "a", "", "flag 1")
			l.AddAt(Location{File: "f.toml"}, "z", "", "no line")
			l.AddAt(Location{File: "f.toml"}, "", "", "no line, no key")
			l.AddAt(Location{File: "f.toml", Line: 9}, "y", "", "line 9")
			l.AddAt(Location{File: "f.toml", Line: 3}, "x.b", "", "line 3, second key")
			l.Append(&Problem{File: "f.toml", Line: 3, Key: "x.a", Msg: "line 3, first key"})
			if l.Len() != len(tt.want) {
				t.Errorf("Len() = %d; want %d", l.Len(), len(tt.want))
			}
			var got []string
			for _, p := range l.Problems() {
				got = append(got, p.Msg)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("order = %q; want %q", got, tt.want)
			}
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Fatalf("order = %q; want %q", got, tt.want)
				}
			}
		})
	}
	if err := (&List{}).Err(); err != nil {
		t.Errorf("Err() of no problems = %v; want nil", err)
	}
}

func TestListAdd(t *testing.T) {
	l := &List{Index: NewIndex("f.toml", "[[sector]]\nname = 'a'\n")}
	l.Add(Path{}.Key("sector").Index(0).Key("wage_home"), "", "missing")
	l.Add(Path{}.Key("years"), "0", "must be >= 1")
	noIndex := &List{File: "g.toml"}
	noIndex.Add(Path{}.Key("years"), "0", "must be >= 1")
	want := "scenarios: f.toml:1: sector[0].wage_home: missing\n" +
		"scenarios: f.toml: years = 0: must be >= 1"
	if got := l.Err(); got == nil || got.Error() != want {
		t.Errorf("Err() = %v; want %q", got, want)
	}
	if got, want := noIndex.Err().Error(), "scenarios: g.toml: years = 0: must be >= 1"; got != want {
		t.Errorf("Err() without an index = %q; want %q", got, want)
	}
}
