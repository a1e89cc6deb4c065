package sim

import (
	"math"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// recognitionUSA is the recognition of TestEventEquivalenceRecognition's
// policy for the USA, against baseline.toml's 0.5.
const recognitionUSA = 0.95

// TestEventEquivalenceRecognition checks the event engine on the baseline
// with a credential_recognition policy for the USA from the second year
// (0.5 -> 0.95), which acts through the conditions only: the share of
// arrivals recognised (settlement, shared with the step engine) and the
// expected income abroad in the emigration logit, whose bound the event
// engine raises when exceeded. The step engine's effect, required to
// exceed 6 paired standard errors (without -short or -race): the
// brain-waste rate after 10 years, measured -0.083 (standard error 0.0056)
// at the harness's size. Then the harness (TestEventEquivalence's
// statistics) on the event engine's runs.
func TestEventEquivalenceRecognition(t *testing.T) {
	agents, years := equivSize()
	if years == 0 {
		years = 10
	}
	sc := loadBaseline(t, agents, years, equivReplicates)
	sc.Policies = []model.Policy{{Name: "recognise_usa", StartYear: sc.StartYear + 1, Destinations: []string{"USA"},
		Lever: &model.CredentialRecognition{Recognition: recognitionUSA}}}
	if err := EventSupport(sc); err != nil {
		t.Fatal(err)
	}
	without := *sc
	without.Policies = nil
	step, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !raceEnabled && !testing.Short() {
		base, err := Run(t.Context(), &without, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := slices.IndexFunc(step.Metrics, func(m results.Metric) bool { return m.Name == string(results.BrainWasteRate) })
		i := years*sc.StepsPerYear - 1
		d := make([]float64, len(step.Values))
		for r := range d {
			d[r] = step.Values[r][i][m] - base.Values[r][i][m]
		}
		mean, v := meanVar(d)
		se := math.Sqrt(v / float64(len(d)))
		t.Logf("step engine: brain-waste rate change %.4f (se %.4f)", mean, se)
		if !(-mean > 6*se) {
			t.Fatalf("the policy's effect %.4f is within 6 standard errors (%.4f) of nothing: the test has no power", mean, se)
		}
	}
	event, err := Run(t.Context(), sc, Options{Engine: EngineEvent})
	if err != nil {
		t.Fatal(err)
	}
	checkEquivalent(t, sc, step, event)
}
