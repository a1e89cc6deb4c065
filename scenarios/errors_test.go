package scenarios

import "testing"

// TestCollectorOrder checks the order of problems that the checks of this
// package collect; strict's tests cover the formatting.
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
