package scenarios

import "testing"

// TestIndexLocate checks the glue to strict.Index; strict's tests cover the
// scanning of TOML text.
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
