package strict

import (
	"slices"
	"testing"
)

func TestPath(t *testing.T) {
	for _, tt := range []struct {
		p    Path
		want string
	}{
		{nil, ""},
		{Path{}.Key("origin").Key("population"), "origin.population"},
		{Path{}.Key("sector").Index(1).Key("seats_per_year"), "sector[1].seats_per_year"},
		{Path{}.Key("destination").Index(0).Key("wage").Key("nurse aide"), `destination[0].wage."nurse aide"`},
		{Path{}.Key("a").Index(0).Index(2), "a[0][2]"},
		{Path{}.Key(""), `""`},
		{Path{}.Key(`a."b[`), `"a.\"b["`},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("Path%q.String() = %q; want %q", []string(tt.p), got, tt.want)
		}
		if got := ParsePath(tt.want); !slices.Equal(got, tt.p) {
			t.Errorf("ParsePath(%q) = %q; want %q", tt.want, []string(got), []string(tt.p))
		}
	}
}

func TestPathKeyDoesNotShare(t *testing.T) {
	base := make(Path, 1, 4)
	base[0] = "a"
	x, y := base.Key("x"), base.Key("y")
	if x.String() != "a.x" || y.String() != "a.y" {
		t.Errorf("siblings = %s, %s; want a.x, a.y", x, y)
	}
}

// FuzzParsePath checks that ParsePath reads any text and undoes String.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"a.b[1]", `"a.b".c`, `"x\"`, "[", "a..b", `a."b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := ParsePath(s)
		if q := ParsePath(p.String()); !slices.Equal(p, q) {
			t.Errorf("ParsePath(%q) = %q, whose String parses as %q", s, []string(p), []string(q))
		}
	})
}
