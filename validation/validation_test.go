package validation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerator runs every check at tiny sizes and writes the report: the
// report has one row per check with its result, and every figure it links
// exists. Whether a check passes at these sizes is not tested.
func TestGenerator(t *testing.T) {
	dir := t.TempDir()
	fig := filepath.Join(dir, "validation")
	if err := os.Mkdir(fig, 0o755); err != nil {
		t.Fatal(err)
	}
	// ABC at its smallest: 4 particles, the prior only, one replicate
	// of 300 agents a simulation.
	o := Options{Replicates: 2, Agents: 500, FigureDir: fig, ScenarioDir: "../scenarios",
		Particles: 4, Generations: 1, ABCAgents: 300, ABCReplicates: 1}
	checks, err := Run(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	for _, c := range checks {
		groups[c.Group]++
		if c.Figure != "" {
			if _, err := os.Stat(filepath.Join(fig, c.Figure)); err != nil {
				t.Errorf("%s: figure: %v", c.Name, err)
			}
		}
	}
	for _, g := range []string{Theory, OutOfSample, PolicyEffect} {
		if groups[g] == 0 {
			t.Errorf("no check in group %q", g)
		}
	}
	path := filepath.Join(dir, "VALIDATION.md")
	if err := Write(path, "validation", checks, o, 0); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(string(b), "| pass |") + strings.Count(string(b), "| **fail** |")
	if rows != len(checks) {
		t.Errorf("report has %d result rows, want %d", rows, len(checks))
	}
}
