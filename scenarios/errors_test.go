package scenarios

import (
	"errors"
	"testing"
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

func TestCollectorOrder(t *testing.T) {
	c := &collector{file: "f.toml"}
	c.addAt(location{file: "--set b=1", flag: 2}, "b", "", "flag 2")
	c.addAt(location{file: "--set a=1", flag: 1}, "a", "", "flag 1")
	c.addAt(location{file: "f.toml"}, "z", "", "no line")
	c.addAt(location{file: "f.toml"}, "", "", "no line, no key")
	c.addAt(location{file: "f.toml", line: 9}, "y", "", "line 9")
	c.addAt(location{file: "f.toml", line: 3}, "x.b", "", "line 3, second key")
	c.addAt(location{file: "f.toml", line: 3}, "x.a", "", "line 3, first key")
	var got []string
	for _, p := range c.problems() {
		got = append(got, p.Msg)
	}
	want := []string{"line 3, first key", "line 3, second key", "line 9", "no line, no key", "no line", "flag 1", "flag 2"}
	if len(got) != len(want) {
		t.Fatalf("order = %q; want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %q; want %q", got, want)
		}
	}
	if err := (&collector{}).err(); err != nil {
		t.Errorf("err() of no problems = %v; want nil", err)
	}
}
