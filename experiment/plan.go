package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/sim"
)

// planFormat is the version of plan.json and of the run files.
const planFormat = 1

// PlanFile is the name of the plan in an output folder.
const PlanFile = "plan.json"

// Plan is what a sweep runs: the points, the replicates and the indicators
// kept from each run. It is written as plan.json in every output folder of
// the sweep and its shards, so that 'brainsim merge' needs nothing else, and
// it is a function of the experiment's content only (no paths, no times),
// so every shard of a sweep writes the same bytes.
//
// Runs are numbered point*Replicates + replicate; the canonical order of
// results is by point, then replicate, then indicator.
type Plan struct {
	Format int `json:"format"` // planFormat
	// Fingerprint is a hex SHA-256 digest of the rest of the plan: runs made
	// for one plan are never mixed with runs of another.
	Fingerprint    string   `json:"fingerprint"`
	Name           string   `json:"name"`            // the experiment's name
	Scenario       string   `json:"scenario"`        // the base scenario, as the experiment file names it
	ScenarioSHA256 string   `json:"scenario_sha256"` // hex SHA-256 of the base scenario file
	Set            []string `json:"set"`             // overrides of the base scenario
	Seed           uint64   `json:"seed"`            // seed of every run
	Replicates     int      `json:"replicates"`      // replicates of each point
	Design         string   `json:"design"`          // Grid, LHS or Sobol
	StepsPerYear   int      `json:"steps_per_year"`  // of the base scenario
	// Parameters are the keys varied, in the order of the columns of
	// results.csv and of each point's values.
	Parameters []string `json:"parameters"`
	// Points[i][j] is the value of parameter j at point i.
	Points [][]float64 `json:"points"`
	// Indicators are the values kept from each run, in the order written.
	Indicators []Indicator `json:"indicators"`
	// Sobol is Saltelli's design behind the points of a Sobol design; nil
	// for other designs.
	Sobol *SobolDesign `json:"sobol,omitempty"`
	// Engine is the engine of every run (brainsim sweep --engine). The step
	// engine, the zero value, is left out of the JSON, so the plans (and
	// fingerprints) of sweeps made before the event engine are unchanged;
	// runs of two engines agree in distribution only and never mix.
	Engine sim.EngineKind `json:"engine,omitempty"`
	// Paired is set with the event engine: its runs draw their candidates
	// from sets that the points share (sim.Options.Paired), so that the
	// differences between points are not blurred by different draws, as
	// with the step engine's draws (common random numbers). Left out when
	// false, so that the plans of the step engine are unchanged.
	Paired bool `json:"paired,omitempty"`
}

// Indicator is a metric read after a given step of a run.
type Indicator struct {
	Metric string `json:"metric"` // a metric name, as in timeseries.csv
	Step   int    `json:"step"`   // 1-based step after which it is read
	Year   string `json:"year"`   // calendar year at the end of the step, e.g. "2035.0000", as in timeseries.csv
}

// SobolDesign is what sensitivity.Design.Indices needs besides the points.
type SobolDesign struct {
	N    int       `json:"n"`    // base rows
	Seed uint64    `json:"seed"` // seed of the bootstrap resamples
	Min  []float64 `json:"min"`  // lower bounds of the parameters' ranges, in their order
	Max  []float64 `json:"max"`  // upper bounds
}

// Runs returns the number of runs of the plan.
func (p *Plan) Runs() int { return len(p.Points) * p.Replicates }

// fingerprint returns the hex SHA-256 digest of the plan's JSON without its
// fingerprint.
func (p *Plan) fingerprint() string {
	c := *p
	c.Fingerprint = ""
	b, err := json.Marshal(&c)
	if err != nil {
		panic("sweep: plan: " + err.Error()) // only finite floats and plain types
	}
	return sha256Hex(b)
}

// describe returns point i as key=value pairs.
func (p *Plan) describe(i int) string {
	parts := make([]string, len(p.Parameters))
	for j, k := range p.Parameters {
		parts[j] = k + "=" + output.FormatFloat(p.Points[i][j])
	}
	return strings.Join(parts, ", ")
}

// Write writes the plan to w as indented JSON with a trailing newline.
func (p *Plan) Write(w io.Writer) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("sweep: plan: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadPlan reads the plan.json of the output folder dir and checks that it
// is whole and consistent.
func ReadPlan(dir string) (*Plan, error) {
	path := filepath.Join(dir, PlanFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: %s is not the output folder of a sweep: %w", dir, err)
	}
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", path, err)
	}
	switch {
	case p.Format != planFormat:
		return nil, fmt.Errorf("sweep: %s: format %d; this brainsim reads format %d", path, p.Format, planFormat)
	case p.fingerprint() != p.Fingerprint:
		return nil, fmt.Errorf("sweep: %s: the fingerprint does not match the content; the file was edited or damaged", path)
	case p.Replicates < 1 || p.StepsPerYear < 1:
		return nil, fmt.Errorf("sweep: %s: replicates and steps_per_year must be >= 1", path)
	}
	for i, pt := range p.Points {
		if len(pt) != len(p.Parameters) {
			return nil, fmt.Errorf("sweep: %s: point %d has %d values for %d parameters", path, i, len(pt), len(p.Parameters))
		}
	}
	if s := p.Sobol; s != nil && (s.N*(len(p.Parameters)+2) != len(p.Points) || len(s.Min) != len(p.Parameters) || len(s.Max) != len(p.Parameters)) {
		return nil, fmt.Errorf("sweep: %s: the Sobol design does not match the points", path)
	}
	return &p, nil
}

// preparePlan makes dir an output folder of plan p: it writes plan.json, or
// checks that the one there is p's.
func preparePlan(dir string, p *Plan) error {
	if err := output.MkdirOut(dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, PlanFile)); err == nil {
		old, err := ReadPlan(dir)
		if err != nil {
			return err
		}
		if old.Engine != p.Engine {
			return fmt.Errorf("sweep: %s holds runs of the %s engine and this sweep asks for the %s engine; runs of two engines never mix: resume with --engine %s, or use another --out folder",
				dir, old.Engine, p.Engine, old.Engine)
		}
		if old.Fingerprint != p.Fingerprint {
			return fmt.Errorf("sweep: %s holds runs of another plan (the experiment or its scenario changed since): use another --out folder, or delete %s", dir, dir)
		}
		return nil
	}
	return output.WriteFileAtomic(filepath.Join(dir, PlanFile), p.Write)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
