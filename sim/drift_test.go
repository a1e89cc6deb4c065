package sim

import (
	"context"
	"math"
	"testing"

	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// Consistency of each preset's initial state with its own hazards (issue
// 14, item 5): with its policies off, the share abroad (emigration_rate,
// total and by sector) should stay near its initial value for the first
// driftYears years. A preset whose sourced stocks sit far from the steady
// state of its assumed behavioural parameters drifts towards that steady
// state whatever the policy, and the drift shows up in every policy
// comparison as a trend of the baseline.
//
// The bound is maxDrift, 5 points of the share abroad over 5 years (the
// brief's threshold), plus noiseSE standard errors of the mean drift over
// the replicates (the spread between replicates at driftAgents agents).
//
// Known drifts: the entries of knownDrift are the preset-sector pairs
// whose drift exceeded the bound when this test was written (measured at
// the settings below); the engine's global behavioural keys
// (emigration.base_rate, network, cost, return.base_rate) move every
// sector's steady state together, so they cannot hold a sector at a high
// sourced share and another at a low one (docs/ODD.md, section 5,
// "Consistency of the initial stocks"). For those the test is a ratchet:
// the drift must not grow beyond the recorded one plus the same noise, and
// must keep its sign. Removing an entry when a preset is recalibrated is
// the goal.
func TestPresetDrift(t *testing.T) {
	const (
		driftYears  = 5
		driftAgents = 6_000 // small enough for a fast test; noise below is measured at this size
		replicates  = 6
		maxDrift    = 0.05 // 5 points of the share abroad in 5 years (brief, issue 14 item 5)
		noiseSE     = 3.0  // standard errors of the replicate mean allowed on top
	)
	// knownDrift: total or sector ("" is the total) -> drift measured at
	// the settings above when the test was written (share abroad, end of
	// year 5 minus start).
	knownDrift := map[string]map[string]float64{}
	for _, name := range []string{"baseline", "ghana", "island", "malawi", "moldova", "pacific", "philippines"} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.LoadShipped(name)
			if err != nil {
				t.Fatal(err)
			}
			sc.Policies = nil
			sc.Replicates = replicates
			sc.Years = driftYears
			sc.Agents = min(sc.Agents, driftAgents)
			ts, err := Run(context.Background(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			groups := []string{""}
			for _, s := range sc.Sectors {
				groups = append(groups, s.Name)
			}
			last := len(ts.Step) - 1
			for _, g := range groups {
				metric := results.EmigrationRate
				if g != "" {
					metric = results.BySector(metric, g)
				}
				c := metricIndex(ts, metric)
				if c < 0 {
					t.Fatalf("no metric %s", metric)
				}
				d := make([]float64, len(ts.Values))
				for r, rows := range ts.Values {
					d[r] = rows[last][c] - rows[0][c]
				}
				mean, se := meanSE(d)
				start := 0.0
				for _, rows := range ts.Values {
					start += rows[0][c] / float64(len(ts.Values))
				}
				t.Logf("%-14s start %.3f, drift in %d years %+.3f (se %.3f)", metric, start, driftYears, mean, se)
				bound := maxDrift
				known, isKnown := knownDrift[name][g]
				if isKnown {
					bound = math.Abs(known)
					if mean*known < 0 && math.Abs(mean) > noiseSE*se {
						t.Errorf("%s: drift %+.3f changed sign from the recorded %+.3f", metric, mean, known)
					}
				}
				if math.Abs(mean) > bound+noiseSE*se {
					t.Errorf("%s: drift %+.3f in %d years; want within +-%.3f + %.0f se (%.3f)", metric, mean, driftYears, bound, noiseSE, se)
				}
				if isKnown && math.Abs(mean)+noiseSE*se < maxDrift {
					t.Logf("%s: drift %+.3f is now within the %.2f bound: remove it from knownDrift", metric, mean, maxDrift)
				}
			}
		})
	}
}
