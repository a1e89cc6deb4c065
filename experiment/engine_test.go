package experiment

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// TestPlanEngine checks how a sweep records its engine: the step engine is
// left out of plan.json (plans and fingerprints made before the event
// engine are unchanged), another engine is written and changes the
// fingerprint, a folder holding a plan of one engine refuses a sweep of
// the other with an error naming both and how to resume, and shards of two
// engines are not merged.
func TestPlanEngine(t *testing.T) {
	e := load(t, gridExperiment)
	stepPrint := e.Plan().Fingerprint
	var b bytes.Buffer
	if err := e.Plan().Write(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `"engine"`) {
		t.Errorf("plan.json of the step engine names an engine:\n%s", b.String())
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := preparePlan(dir, e.Plan()); err != nil {
		t.Fatal(err)
	}

	e.SetEngine(sim.EngineEvent)
	if e.Plan().Fingerprint == stepPrint {
		t.Error("the fingerprint does not change with the engine")
	}
	b.Reset()
	if err := e.Plan().Write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"engine": "event"`) {
		t.Errorf("plan.json of the event engine lacks it:\n%s", b.String())
	}
	err := preparePlan(dir, e.Plan())
	for _, want := range []string{"holds runs of the step engine", "asks for the event engine", "--engine step"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("resuming a step sweep with the event engine: %v; want an error containing %q", err, want)
		}
	}

	// The plan read back keeps its engine and fingerprint.
	other := filepath.Join(t.TempDir(), "event")
	if err := preparePlan(other, e.Plan()); err != nil {
		t.Fatal(err)
	}
	p, err := ReadPlan(other)
	if err != nil {
		t.Fatal(err)
	}
	if p.Engine != sim.EngineEvent || p.Fingerprint != e.Plan().Fingerprint {
		t.Errorf("plan read back: engine %v, fingerprint %s; want event, %s", p.Engine, p.Fingerprint, e.Plan().Fingerprint)
	}
	// Shards of two engines are not merged.
	if _, _, err := Merge(filepath.Join(t.TempDir(), "merged"), dir, other); err == nil || !strings.Contains(err.Error(), "runs of two engines never mix") {
		t.Errorf("merging shards of two engines: %v; want an error naming the engines", err)
	}
	e.SetEngine(sim.EngineStep)
	if e.Plan().Fingerprint != stepPrint {
		t.Error("the step engine's fingerprint is not the one before SetEngine")
	}
}

// TestRunEventRefused checks that a sweep and a calibration with the event
// engine report its refusal of a scenario (sim.ErrEventUnsupported) rather
// than running the step engine in its place. Skipped once the event
// engine simulates the baseline.
func TestRunEventRefused(t *testing.T) {
	e := load(t, gridExperiment)
	sc, err := e.PointScenario(0)
	if err != nil {
		t.Fatal(err)
	}
	if sim.EventSupport(sc) == nil {
		t.Skip("the event engine simulates the baseline")
	}
	e.SetEngine(sim.EngineEvent)
	_, err = Run(context.Background(), e, filepath.Join(t.TempDir(), "out"), Options{Workers: 1})
	if !errors.Is(err, sim.ErrEventUnsupported) {
		t.Errorf("sweep with the event engine: %v; want the refusal", err)
	}
	path := writeFile(t, "cal.toml", calibrationText(t))
	c, err := OpenCalibration(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Engine = sim.EngineEvent
	if _, err := c.Evaluate(context.Background(), []float64{0.25}, 1); !errors.Is(err, sim.ErrEventUnsupported) {
		t.Errorf("calibration with the event engine: %v; want the refusal", err)
	}
}

// TestABCFingerprintEngine checks that ABC's fingerprint, which the
// generations of a folder must match to be resumed, includes the engine.
func TestABCFingerprintEngine(t *testing.T) {
	c, err := OpenCalibration(writeFile(t, "cal.toml", calibrationText(t)))
	if err != nil {
		t.Fatal(err)
	}
	step := c.abcFingerprint()
	c.Engine = sim.EngineEvent
	if c.abcFingerprint() == step {
		t.Error("the ABC fingerprint does not change with the engine: a folder of one engine would resume with the other")
	}
}

// calibrationText is a calibration of one parameter of the tiny baseline.
func calibrationText(t *testing.T) string {
	t.Helper()
	return `name = "cal"
scenario = "BASELINE"
` + tiny + `
replicates = 2

[[parameter]]
key = "emigration.base_rate"
min = 0.1
max = 0.4

[[target]]
metric = "emigrants"
year = 2
value = 1000
`
}

// TestRunWithEventIsRunsReplicate: run r of a sweep by the event engine is
// replicate r of its paired runs (sim.Options.Paired, as 'brainsim compare
// --engine event' runs them), and run r of a calibration replicate r of
// 'brainsim run --engine event', to the bit, as they are for the step
// engine; the two differ.
func TestRunWithEventIsRunsReplicate(t *testing.T) {
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	sc.Agents, sc.Years, sc.Replicates = 800, 2, 3
	inds := []Indicator{{Metric: "emigrants", Step: 13}, {Metric: "skilled_home", Step: 24}}
	differ := false
	for _, paired := range []bool{false, true} {
		ts, err := sim.Run(context.Background(), sc, sim.Options{Workers: 1, Engine: sim.EngineEvent, Paired: paired})
		if err != nil {
			t.Fatal(err)
		}
		for r := range sc.Replicates {
			got, err := runWith(context.Background(), sc, r, 1, sim.EngineEvent, paired, inds, indicatorsByStep(inds))
			if err != nil {
				t.Fatal(err)
			}
			other, err := runWith(context.Background(), sc, r, 1, sim.EngineEvent, !paired, inds, indicatorsByStep(inds))
			if err != nil {
				t.Fatal(err)
			}
			for k, in := range inds {
				want := ts.Values[r][in.Step-1][results.MetricIndex(ts.Metrics, in.Metric)]
				if got[k] != want {
					t.Errorf("paired %v, replicate %d, %s at step %d: runWith %v, Run %v", paired, r, in.Metric, in.Step, got[k], want)
				}
				differ = differ || other[k] != got[k]
			}
		}
	}
	if !differ {
		t.Error("paired and unpaired runs agree to the bit: Paired changes nothing")
	}
}
