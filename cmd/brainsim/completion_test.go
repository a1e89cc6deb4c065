package main

import (
	"strings"
	"testing"
)

// TestCompletion checks that each shell's script is printed and that the
// completions it asks brainsim for (cobra's scripts call the hidden
// __complete command rather than embed the command tree) offer the
// subcommands, their flags and the shipped names.
func TestCompletion(t *testing.T) {
	t.Parallel()
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, stdout, stderr := runBrainsim(t, "completion", shell)
		if code != 0 || stderr != "" {
			t.Errorf("completion %s: exit status %d, stderr %q; want 0 and nothing", shell, code, stderr)
		}
		if !strings.Contains(stdout, "brainsim __complete") && !strings.Contains(stdout, "__complete") {
			t.Errorf("completion %s: script does not call brainsim __complete:\n%.300s", shell, stdout)
		}
		if !strings.Contains(stdout, "brainsim") {
			t.Errorf("completion %s: script does not name brainsim", shell)
		}
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", ""}, []string{"run\t", "compare\t", "sweep\t", "scenarios\t", "completion\t", "version\t"}},
		{[]string{"__complete", "run", "--pro"}, []string{"--progress\t"}},
		{[]string{"__complete", "scenarios", ""}, []string{"list", "show"}},
		{[]string{"__complete", "scenarios", "show", ""}, []string{"ghana"}},
		{[]string{"__complete", "help", "com"}, []string{"compare", "completion"}},
	} {
		code, stdout, _ := runBrainsim(t, tt.args...)
		if code != 0 {
			t.Errorf("brainsim %q: exit status %d; want 0", tt.args, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("brainsim %q = %q; want it to offer %q", tt.args, stdout, w)
			}
		}
	}
	if code, _, stderr := runBrainsim(t, "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: exit status %d, stderr %q; want 2", code, stderr)
	}
}
