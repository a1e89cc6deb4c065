package charts

import "testing"

func TestFileSafe(t *testing.T) {
	for in, want := range map[string]string{
		"nurse": "nurse", "top-up 30%": "top-up_30_", "a/b": "a_b", "": "_", "..": "_", "é": "__",
	} {
		if got := FileSafe(in); got != want {
			t.Errorf("FileSafe(%q) = %q; want %q", in, got, want)
		}
	}
}
