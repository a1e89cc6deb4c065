package output

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSafeName(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"plain", "baseline", "baseline"},
		{"kept characters", "ghana-2030_v1.2", "ghana-2030_v1.2"},
		{"parent folders", "../../x", "_._.._x"},
		{"dot dot", "..", "_."},
		{"dot", ".", "_"},
		{"hidden", ".hidden", "_hidden"},
		{"absolute", "/etc/passwd", "_etc_passwd"},
		{"backslash", `a\b`, "a_b"},
		{"spaces and accents", "São Tomé", "S__o_Tom__"},
		{"empty", "", "_"},
		{"long", strings.Repeat("a", 300), strings.Repeat("a", 100)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := SafeName(tt.in)
			if got != tt.want {
				t.Errorf("SafeName(%q) = %q; want %q", tt.in, got, tt.want)
			}
			if p := filepath.Join("out", got); filepath.Dir(p) != "out" {
				t.Errorf("out/SafeName(%q) = %q is not directly under out", tt.in, p)
			}
		})
	}
}
