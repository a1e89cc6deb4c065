package sim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/brainsim/brainsim/scenarios"
)

// FuzzStep loads a mutated scenario and, when it validates, builds an
// engine at a tiny size and steps it through a year and a half: whatever
// scenarios.Validate accepts must neither crash the engine nor give an
// infinite figure. Found inputs are kept under testdata/fuzz/FuzzStep; CI
// runs the fuzzer for a bounded time (.ci/run).
func FuzzStep(f *testing.F) {
	seeds, _ := filepath.Glob("../scenarios/*.toml")
	more, _ := filepath.Glob("../scenarios/testdata/*.toml")
	for _, name := range append(seeds, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("[[sector]]\nname='a'\ntraining_years=1\nwage_home=1\nworkers=1\n[[destination]]\nname='b'\n[origin]\npopulation=1\nwage_untrained=1\n"), "demography.retirement_age=120")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		var overrides []string
		if set != "" {
			overrides = []string{set}
		}
		sc, err := scenarios.Parse("fuzz.toml", data, overrides...)
		if err != nil {
			return // refused with problems: FuzzLoad in scenarios checks those
		}
		// Tiny sizes: the fuzzer looks for values that crash the engine or
		// overflow, not for slow runs.
		sc.Agents = min(sc.Agents, 300)
		sc.Replicates = 1
		if r := Estimate(sc, 1); r.PeakAgents > 1e5 {
			return // the command refuses such a run by its resource check
		}
		e := New(sc, 0, 1)
		for range min(sc.Steps(), 18) {
			e.Step()
			if m := firstInf(e.Row()); m >= 0 {
				t.Fatalf("step %d: metric %s is %v", e.StepsDone(), e.Metrics()[m].Name, e.Row()[m])
			}
		}
	})
}
