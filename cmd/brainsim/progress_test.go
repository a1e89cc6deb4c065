package main

import (
	"strings"
	"testing"
)

// TestProgressFlag checks --progress: always draws the display even when
// stderr is not a terminal (here a buffer), auto and never do not, and
// --quiet is never.
func TestProgressFlag(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		mode string
		want bool
	}{
		{"always", true},
		{"auto", false},
		{"never", false},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			args := []string{"run", baseline, "--set", "agents=3000", "--set", "years=3", "--replicates", "2",
				"--out", t.TempDir(), "--progress", tt.mode}
			code, _, stderr := runBrainsim(t, args...)
			if code != 0 {
				t.Fatalf("exit status %d; want 0\nstderr:\n%s", code, stderr)
			}
			if got := strings.Contains(stderr, "\rrun baseline: ") && strings.Contains(stderr, "done in"); got != tt.want {
				t.Errorf("--progress %s: stderr %q; want a progress display: %v", tt.mode, stderr, tt.want)
			}
		})
	}
}

func TestProgressFlagsStart(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, tt := range []struct {
		p    progressFlags
		want bool
	}{
		{progressFlags{mode: "always"}, true},
		{progressFlags{mode: "auto"}, false}, // b is no terminal
		{progressFlags{}, false},
		{progressFlags{mode: "never"}, false},
		{progressFlags{mode: "auto", quiet: true}, false},
	} {
		if got := tt.p.start(&b, "x") != nil; got != tt.want {
			t.Errorf("%+v.start = display %v; want %v", tt.p, got, tt.want)
		}
	}
}
