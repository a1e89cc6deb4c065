package experiment

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/scenarios/strict"
	"github.com/brainsim/brainsim/sensitivity"
	"github.com/brainsim/brainsim/sim"
)

// Designs: how the points of an experiment are chosen.
const (
	// Grid runs every combination of the parameters' values lists, the
	// first parameter varying slowest.
	Grid = "grid"
	// LHS draws Samples points from the parameters' [min, max] ranges by
	// Latin hypercube sampling.
	LHS = "lhs"
	// Sobol draws Saltelli's design of Samples base rows, Samples*(k+2)
	// points for k parameters, for first-order and total Sobol indices.
	Sobol = "sobol"
)

// MaxRuns is the largest number of runs (points times replicates) an
// experiment may have.
const MaxRuns = 10_000_000

// reserved are scenario keys an experiment sets itself, or which would
// change the indicators' steps, so that no parameter may vary them.
var reserved = []string{"seed", "replicates", "years", "steps_per_year", "start_year", "name", "description"}

// Experiment is an experiment file: a base scenario, the parameters to vary
// and how, the replicates of each point and the indicators to keep. Load
// reads and checks one.
//
// A run is a (point, replicate) pair. Every run of every point uses the same
// seed, Seed, so replicate r of every point draws the same random numbers
// where the parameters leave the decisions alike (common random numbers),
// which makes differences between points less noisy.
type Experiment struct {
	Path        string // the file, as named to Load
	SHA256      string // hex SHA-256 of the bytes the file was parsed from
	Name        string // short identifier; default: the file name without .toml
	Description string // one paragraph, optional
	// Scenario is the base scenario file, as written in the experiment file
	// (relative to the experiment file's folder unless absolute).
	Scenario     string
	ScenarioPath string   // Scenario resolved against the experiment file's folder
	Set          []string // key.path=value overrides of the base scenario, applied before the parameters
	Seed         uint64   // seed of every run: the file's seed, or the scenario's
	Replicates   int      // replicates of each point: the file's, or the scenario's; >= 1
	Design       string   // Grid (the default), LHS or Sobol
	// Samples is the number of points of an LHS design, or the number of
	// base rows N of a Sobol design (which has N*(k+2) points for k
	// parameters); unused by a grid.
	Samples    int
	Parameters []Parameter
	Metrics    []string // indicators: metric names, as in timeseries.csv
	Years      []int    // years after the start at which the metrics are kept
	Series     bool     // keep the metrics after every step instead of at Years

	base []byte          // the scenario file's bytes
	sc   *model.Scenario // the base scenario, with Set and Seed applied
	plan *Plan
}

// Parameter is a scenario key an experiment varies.
type Parameter struct {
	// Key is the scenario key path, as for 'brainsim run --set', e.g.
	// "emigration.base_rate" or "sector.nurse.seats_per_year".
	Key string
	// Values are the values of a grid design, in order.
	Values []float64
	// Min and Max bound the range an LHS or Sobol design samples; Min < Max.
	Min, Max float64
	// Integer rounds every value to the nearest integer, for keys that take
	// whole numbers such as agents.
	Integer bool
}

// Load reads the experiment file at path, loads its base scenario with the
// overrides in set, and checks every key. It returns either an experiment
// whose plan is drawn (see Experiment.Plan) or an error, which is of type
// scenarios.Problems when the files are at fault: each problem names the
// file, the line and the key, e.g.
//
//	scenarios: sweep.toml:12: parameter[0].max = 2: emigration.base_rate: must be within [0, 1]
//
// Each parameter value of a grid, and the bounds of each range, is checked
// by loading the base scenario with it; combinations are checked when they
// run.
func Load(path string) (*Experiment, error) { return loadFrom(path, strict.ReadFile) }

// loadFrom is Load, reading the files through read.
func loadFrom(path string, read source) (*Experiment, error) {
	f, top, err := readFile(path, read)
	if err != nil {
		return nil, err
	}
	e := &Experiment{Path: path, SHA256: f.sum, Design: Grid}
	e.Name, _ = top.str("name")
	if e.Name == "" {
		e.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	e.Description, _ = top.str("description")
	common := readCommon(f, top, path)
	e.Scenario, e.ScenarioPath, e.Set = common.scenario, common.scenarioPath, common.set
	if d, ok := top.str("design"); ok {
		switch d {
		case Grid, LHS, Sobol:
			e.Design = d
		default:
			f.add("design", strconv.Quote(d), `must be "grid", "lhs" or "sobol"`)
		}
	}
	samples, hasSamples := top.integer("samples")
	switch {
	case e.Design == Grid && hasSamples:
		f.add("samples", strconv.FormatInt(samples, 10), `applies to design = "lhs" or "sobol" only; a grid runs every combination of the values`)
	case e.Design == LHS && (!hasSamples || samples < 1):
		f.add("samples", valueIf(hasSamples, samples), `must be >= 1: the number of points of the Latin hypercube`)
	case e.Design == Sobol && (!hasSamples || samples < 2):
		f.add("samples", valueIf(hasSamples, samples), `must be >= 2: the number N of base rows of Saltelli's design (N*(k+2) points)`)
	case samples > MaxRuns:
		f.add("samples", strconv.FormatInt(samples, 10), fmt.Sprintf("must be at most %d", MaxRuns))
	default:
		e.Samples = int(samples)
	}

	pts := top.tables("parameter")
	if !top.has("parameter") {
		f.add("parameter", "", "an experiment needs at least one [[parameter]] with a key and values (grid) or min and max (lhs, sobol)")
	}
	seen := map[string]string{}
	for _, t := range pts {
		p := Parameter{}
		p.Key, _ = t.str("key")
		p.Integer, _ = t.boolean("integer")
		values, hasValues := t.nums("values")
		lo, hasMin := t.num("min")
		hi, hasMax := t.num("max")
		t.finish()
		at := t.path
		switch {
		case p.Key == "" && !t.has("key"):
			f.add(at+".key", "", `missing: the scenario key to vary, e.g. "emigration.base_rate"`)
		case p.Key == "": // of the wrong type: reported
		case slices.Contains(reserved, p.Key):
			f.add(at+".key", strconv.Quote(p.Key), fmt.Sprintf("cannot be varied by an experiment (it sets %s itself)", strings.Join(reserved, ", ")))
		case seen[p.Key] != "":
			f.add(at+".key", strconv.Quote(p.Key), "is varied already by "+seen[p.Key])
		default:
			seen[p.Key] = at
		}
		if e.Design == Grid {
			if hasMin || hasMax {
				f.add(at+".min", "", `min and max apply to design = "lhs" or "sobol"; a grid takes a values list`)
			}
			switch {
			case !hasValues && !t.has("values"):
				f.add(at+".values", "", "missing: the list of values of a grid, e.g. values = [0.1, 0.2, 0.3]")
			case hasValues && len(values) == 0:
				f.add(at+".values", "[]", "must list at least one value")
			}
			for j, v := range values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					f.add(fmt.Sprintf("%s.values[%d]", at, j), output.FormatFloat(v), "must be a finite number")
				}
				if p.Integer {
					values[j] = math.Round(v)
				}
			}
			p.Values = values
		} else {
			if hasValues {
				f.add(at+".values", "", fmt.Sprintf("design = %q samples a range: give min and max instead of values", e.Design))
			}
			if !hasMin {
				f.add(at+".min", "", "missing: the lower bound of the range sampled")
			}
			if !hasMax {
				f.add(at+".max", "", "missing: the upper bound of the range sampled")
			}
			if hasMin && hasMax {
				switch {
				case math.IsNaN(lo) || math.IsInf(lo, 0):
					f.add(at+".min", output.FormatFloat(lo), "must be a finite number")
				case math.IsNaN(hi) || math.IsInf(hi, 0):
					f.add(at+".max", output.FormatFloat(hi), "must be a finite number")
				case !(lo < hi):
					f.add(at+".max", output.FormatFloat(hi), fmt.Sprintf("must be > min = %s", output.FormatFloat(lo)))
				}
			}
			p.Min, p.Max = lo, hi
		}
		e.Parameters = append(e.Parameters, p)
	}

	ind := top.sub("indicators")
	metrics, hasMetrics := ind.strs("metrics")
	years, hasYears := ind.ints("years")
	e.Series, _ = ind.boolean("series")
	ind.finish()
	if !top.has("indicators") {
		f.add("indicators", "", `missing: an [indicators] table with metrics = [...] and years = [...] or series = true`)
	} else {
		if len(metrics) == 0 && (hasMetrics || !ind.has("metrics")) {
			f.add("indicators.metrics", "", "must list at least one metric, e.g. metrics = ["+strconv.Quote(exampleMetric)+"]")
		}
		switch {
		case e.Series && hasYears:
			f.add("indicators.years", "", "give years or series = true, not both")
		case !e.Series && !hasYears && !ind.has("years"):
			f.add("indicators.years", "", "missing: the years after the start at which to keep the metrics, e.g. years = [5, 10], or series = true")
		case hasYears && len(years) == 0:
			f.add("indicators.years", "[]", "must list at least one year")
		case e.Series && e.Design == Sobol:
			f.add("indicators.series", "true", `design = "sobol" needs indicators at given years`)
		}
	}
	top.finish()
	if e.Scenario == "" {
		return nil, f.err() // a problem: scenario is missing or empty
	}

	// Check the file against its scenario, reporting the problems found so
	// far with the others.
	sc, base, err := common.loadScenario()
	if err != nil {
		return nil, err
	}
	e.base, e.sc, e.ScenarioPath = base, sc, common.scenarioPath
	e.Seed = sc.Seed
	if common.hasSeed {
		e.Seed = common.seed
	}
	e.Replicates = sc.Replicates
	if common.hasReplicates {
		e.Replicates = common.replicates
	}
	metricNames := metricNames(sc)
	seenMetric := map[string]bool{}
	for i, m := range metrics {
		k := fmt.Sprintf("indicators.metrics[%d]", i)
		switch {
		case !slices.Contains(metricNames, m):
			f.add(k, strconv.Quote(m), "no such metric; "+suggestMetric(m, metricNames))
		case seenMetric[m]:
			f.add(k, strconv.Quote(m), "is listed twice")
		}
		seenMetric[m] = true
	}
	e.Metrics = metrics
	seenYear := map[int64]bool{}
	for i, y := range years {
		k := fmt.Sprintf("indicators.years[%d]", i)
		switch {
		case y < 1 || y > int64(sc.Years):
			f.add(k, strconv.FormatInt(y, 10), fmt.Sprintf("must be within [1, %d], the years of the scenario after its start", sc.Years))
		case seenYear[y]:
			f.add(k, strconv.FormatInt(y, 10), "is listed twice")
		}
		seenYear[y] = true
		e.Years = append(e.Years, int(y))
	}
	for i, p := range e.Parameters {
		at := fmt.Sprintf("parameter[%d]", i)
		if e.Design == Grid {
			for j, v := range p.Values {
				common.checkOverride(fmt.Sprintf("%s.values[%d]", at, j), p.Key, v)
			}
		} else {
			common.checkOverride(at+".min", p.Key, p.value(p.Min))
			common.checkOverride(at+".max", p.Key, p.value(p.Max))
		}
	}
	if n := e.points() * e.Replicates; n > MaxRuns || n < 0 {
		f.add("replicates", "", fmt.Sprintf("%d points x %d replicates is more than %d runs", e.points(), e.Replicates, MaxRuns))
	}
	if err := f.err(); err != nil {
		return nil, err
	}
	e.plan = e.makePlan()
	return e, nil
}

// value returns x as the parameter takes it: rounded if Integer.
func (p Parameter) value(x float64) float64 {
	if p.Integer {
		return math.Round(x)
	}
	return x
}

// points returns the number of points of the design, or -1 if it overflows.
func (e *Experiment) points() int {
	switch e.Design {
	case LHS:
		return e.Samples
	case Sobol:
		return e.Samples * (len(e.Parameters) + 2)
	}
	n := 1
	for _, p := range e.Parameters {
		n *= len(p.Values)
		if n > MaxRuns {
			return -1
		}
	}
	return n
}

// Plan returns the plan of the experiment: its points and indicators.
func (e *Experiment) Plan() *Plan { return e.plan }

// SetEngine makes k the engine of every run of the plan (recorded in
// plan.json, and so in its fingerprint): Run, Assemble, WriteSlurm and a
// resumed sweep all see it. The event engine's runs are paired
// (Plan.Paired).
func (e *Experiment) SetEngine(k sim.EngineKind) {
	e.plan.Engine = k
	e.plan.Paired = k == sim.EngineEvent
	e.plan.Fingerprint = e.plan.fingerprint()
}

// makePlan draws the points of the design and lists the indicators.
func (e *Experiment) makePlan() *Plan {
	p := &Plan{
		Format:         planFormat,
		Name:           e.Name,
		Scenario:       e.Scenario,
		ScenarioSHA256: sha256Hex(e.base),
		Set:            slices.Clone(e.Set),
		Seed:           e.Seed,
		Replicates:     e.Replicates,
		Design:         e.Design,
		StepsPerYear:   e.sc.StepsPerYear,
	}
	if p.Set == nil {
		p.Set = []string{}
	}
	ranges := make([]sensitivity.Range, len(e.Parameters))
	for i, par := range e.Parameters {
		p.Parameters = append(p.Parameters, par.Key)
		ranges[i] = sensitivity.Range{Name: par.Key, Min: par.Min, Max: par.Max}
	}
	// The designs are drawn from the seed, each from its own stream.
	switch e.Design {
	case Grid:
		p.Points = gridPoints(e.Parameters)
	case LHS:
		p.Points = sensitivity.LatinHypercube(e.Samples, ranges, rand.New(rand.NewPCG(e.Seed, 1)))
	case Sobol:
		d := sensitivity.NewDesign(e.Samples, ranges, rand.New(rand.NewPCG(e.Seed, 2)))
		p.Points = d.Points()
		p.Sobol = &SobolDesign{N: d.N, Seed: d.Seed}
		for _, r := range ranges {
			p.Sobol.Min = append(p.Sobol.Min, r.Min)
			p.Sobol.Max = append(p.Sobol.Max, r.Max)
		}
	}
	for _, pt := range p.Points {
		for j, par := range e.Parameters {
			pt[j] = par.value(pt[j])
		}
	}
	spy := e.sc.StepsPerYear
	for _, m := range e.Metrics {
		if e.Series {
			for s := 1; s <= e.sc.Steps(); s++ {
				p.Indicators = append(p.Indicators, newIndicator(m, s, e.sc))
			}
			continue
		}
		for _, y := range e.Years {
			p.Indicators = append(p.Indicators, newIndicator(m, y*spy, e.sc))
		}
	}
	p.Fingerprint = p.fingerprint()
	return p
}

// newIndicator returns the indicator of metric m after step s of sc.
func newIndicator(m string, s int, sc *model.Scenario) Indicator {
	return Indicator{
		Metric: m,
		Step:   s,
		Year:   strconv.FormatFloat(float64(sc.StartYear)+float64(s)/float64(sc.StepsPerYear), 'f', 4, 64),
	}
}

// gridPoints returns every combination of the parameters' values, the first
// parameter varying slowest.
func gridPoints(ps []Parameter) [][]float64 {
	pts := [][]float64{{}}
	for _, p := range ps {
		next := make([][]float64, 0, len(pts)*len(p.Values))
		for _, pt := range pts {
			for _, v := range p.Values {
				next = append(next, append(slices.Clip(pt), v))
			}
		}
		pts = next
	}
	return pts
}

// overrides returns the scenario overrides of point i: the experiment's
// set, its seed, then the point's parameter values.
func (e *Experiment) overrides(i int) []string {
	o := slices.Clone(e.Set)
	o = append(o, "seed="+strconv.FormatUint(e.Seed, 10))
	for j, par := range e.Parameters {
		o = append(o, par.Key+"="+output.FormatFloat(e.plan.Points[i][j]))
	}
	return o
}

// PointScenario returns the scenario of point i of the plan.
func (e *Experiment) PointScenario(i int) (*model.Scenario, error) {
	sc, err := scenarios.ParseRun(e.ScenarioPath, e.base, e.overrides(i)...) // the file was checked when the sweep was opened
	if err != nil {
		return nil, fmt.Errorf("sweep: point %d (%s): %w", i, e.plan.describe(i), err)
	}
	return sc, nil
}

// exampleMetric is the metric named in messages that ask for one.
var exampleMetric = results.BySector(results.EmigrationRate, "doctor")

// metricNames returns the names of the metrics a run of sc records.
func metricNames(sc *model.Scenario) []string {
	var names []string
	for _, m := range sim.Metrics(sc) {
		names = append(names, m.Name)
	}
	return names
}

// suggestMetric suggests the metric closest to m, or lists a few.
func suggestMetric(m string, names []string) string {
	if s := strict.Suggest(m, names); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return "the metrics are the columns of timeseries.csv (see columns.md), e.g. " + strings.Join(names[:min(6, len(names))], ", ")
}

func valueIf(ok bool, n int64) string {
	if ok {
		return strconv.FormatInt(n, 10)
	}
	return ""
}

// common holds what experiment and calibration files share: the scenario,
// the overrides, the seed and the replicates.
type common struct {
	f             *fileReader
	scenario      string
	scenarioPath  string
	set           []string
	seed          uint64
	hasSeed       bool
	replicates    int
	hasReplicates bool
	data          []byte // the scenario file's bytes, once loadScenario has read them
}

// readCommon reads the keys scenario, set, seed and replicates of top.
func readCommon(f *fileReader, top *table, path string) *common {
	c := &common{f: f}
	var ok bool
	c.scenario, ok = top.str("scenario")
	switch {
	case !ok && !top.has("scenario"):
		f.add("scenario", "", `missing: the base scenario file, relative to this file, e.g. scenario = "../baseline.toml", or a shipped scenario's name, e.g. scenario = "baseline"`)
	case ok && c.scenario == "":
		f.add("scenario", `""`, "must name the base scenario file")
	}
	c.scenarioPath = c.scenario
	if c.scenario != "" && !filepath.IsAbs(c.scenario) {
		c.scenarioPath = filepath.Join(filepath.Dir(path), c.scenario)
	}
	c.set, _ = top.strs("set") // checked by loadScenario
	if s, ok := top.integer("seed"); ok {
		if s < 0 {
			f.add("seed", strconv.FormatInt(s, 10), "must be >= 0")
		}
		c.seed, c.hasSeed = uint64(s), true
	}
	if r, ok := top.integer("replicates"); ok {
		if r < 1 || r > scenarios.MaxReplicates {
			f.add("replicates", strconv.FormatInt(r, 10), fmt.Sprintf("must be within [1, %d]", scenarios.MaxReplicates))
		}
		c.replicates, c.hasReplicates = int(r), true
	}
	return c
}

// loadScenario loads the base scenario with set and the seed applied.
// Problems caused by an element of set name the line of set.
func (c *common) loadScenario() (*model.Scenario, []byte, error) {
	read := c.f.read
	if scenarios.IsShippedName(c.scenario, scenarios.Shipped()) {
		if _, p := read(c.scenarioPath); p != nil {
			// scenario = "baseline": the shipped scenario, unless a file
			// of that name is beside the experiment file.
			read = shippedSource
			c.scenarioPath = c.scenario
		}
	}
	data, p := read(c.scenarioPath)
	if p != nil {
		c.f.add("scenario", strconv.Quote(c.scenario), "cannot use the scenario: "+p.Msg)
		return nil, nil, c.f.err()
	}
	c.data = data
	o := slices.Clone(c.set)
	if c.hasSeed {
		o = append(o, "seed="+strconv.FormatUint(c.seed, 10))
	}
	sc, err := scenarios.Parse(c.scenarioPath, data, o...)
	if err != nil {
		var ps scenarios.Problems
		if !errors.As(err, &ps) {
			return nil, nil, err
		}
		for _, p := range ps {
			o, isFlag := strings.CutPrefix(p.File, "--set ")
			if !isFlag {
				c.f.list.Append(p)
				continue
			}
			i := slices.Index(c.set, o)
			if i < 0 {
				c.f.add("seed", "", p.Detail())
				continue
			}
			c.f.add(fmt.Sprintf("set[%d]", i), strconv.Quote(o), p.Detail())
		}
		return nil, nil, c.f.err()
	}
	return sc, data, nil
}

// checkOverride records a problem at the key path at if the base scenario
// does not accept key = v.
func (c *common) checkOverride(at, key string, v float64) {
	if key == "" || slices.Contains(reserved, key) || !finite(v) {
		return // reported already
	}
	o := append(slices.Clone(c.set), key+"="+output.FormatFloat(v))
	_, err := scenarios.Parse(c.scenarioPath, c.data, o...)
	var ps scenarios.Problems
	if !errors.As(err, &ps) {
		return
	}
	for _, p := range ps {
		if strings.HasPrefix(p.File, "--set "+key+"=") {
			msg := p.Msg
			if p.Key != "" {
				msg = p.Key + ": " + msg
			}
			c.f.add(at, output.FormatFloat(v), msg)
			return
		}
	}
}
