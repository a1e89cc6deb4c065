package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/sim"
)

// An ABC calibration is a chain of stages, each a set of Particles
// independent draws: generation 0, 1, ... and, after the last generation,
// the posterior predictive check. A stage's draws are run by any number of
// shards, each running the draws whose index modulo the shards is its own
// ('calibrate --method abc --shard i/N'), and then merged
// ('calibrate --method abc --merge'), which writes the generation (its
// tolerance, weights and the next stage follow from it) or, after the
// predictive check, the outputs. A calibration in one process is the same
// chain with one shard and a merge after each stage.
//
// Draw i of a stage depends only on the calibration, the generations
// before the stage and i: a particle's proposals come from its own random
// stream keyed by (seed, generation, particle), and its runs' seeds by
// (seed, generation, particle, attempt), and it proposes until a run is
// accepted (or maxAttempts). So the accepted set, and every byte written,
// is the same for any number of shards and workers, and whichever shard
// ran which particle when.
//
// The folder of a calibration holds:
//
//	generations/generation_003.json     a merged generation (abc.go)
//	generations/stopped.json            written if a generation was dropped (max_attempts)
//	particles/generation_003/p000042.json   draw 42 of generation 3, written by a shard
//	particles/predictive/p000042.json       draw 42 of the predictive check
//
// Every file carries the calibration's fingerprint: files of another
// calibration, seed or settings are refused, never mixed.

// abcStage is a stage of an ABC calibration.
type abcStage struct {
	Predictive bool    // the posterior predictive check, after the last generation
	Generation int     // the generation run; for the predictive check, the posterior's (-1 if none)
	Epsilon    float64 // the generation's tolerance; +Inf for generation 0
	Status     string  // predictive check: why the generations stopped (see ABCResult.Status)
}

// String names the stage for messages.
func (s abcStage) String() string {
	if s.Predictive {
		return "the posterior predictive check"
	}
	return "generation " + strconv.Itoa(s.Generation)
}

// nextStage returns the stage after the generations gens; stopped is the
// status a merge recorded when it dropped a generation, or "".
func (c *Calibration) nextStage(gens []ABCGeneration, stopped string) abcStage {
	t := len(gens)
	stop := func(status string) abcStage { return abcStage{Predictive: true, Generation: t - 1, Status: status} }
	switch {
	case stopped != "":
		return stop(stopped)
	case t >= c.ABC.Generations:
		return stop("generations")
	case t == 0:
		return abcStage{Epsilon: math.Inf(1)}
	}
	prev := &gens[t-1]
	switch {
	case prev.Acceptance() < c.ABC.MinAcceptance:
		return stop("min_acceptance")
	case prev.Epsilon <= c.ABC.Epsilon:
		return stop("epsilon")
	}
	eps := quantile(slices.Clone(prev.Distances), c.ABC.Quantile)
	if !(eps < prev.Epsilon) {
		return stop("no_progress") // the distances tie: no smaller tolerance to reach
	}
	return abcStage{Generation: t, Epsilon: eps}
}

// abcProposer is what the draws of a stage need from the generations
// before it.
type abcProposer struct {
	stage       abcStage
	last        *ABCGeneration // the generation proposed from (the posterior, for the predictive check); nil for generation 0
	scale       []float64      // the proposal kernel's standard deviations
	cum         []float64      // cumulative weights of last
	maxAttempts int
}

// proposer returns the proposer of stage s after the generations gens.
func (c *Calibration) proposer(s abcStage, gens []ABCGeneration) *abcProposer {
	p := &abcProposer{stage: s, maxAttempts: int(math.Ceil(maxAttemptsPerAcceptance / c.ABC.MinAcceptance))}
	from := s.Generation - 1
	if s.Predictive {
		from = s.Generation
	}
	if from < 0 {
		return p
	}
	p.last = &gens[from]
	p.scale = kernelScale(p.last, c.Parameters)
	p.cum = make([]float64, len(p.last.Weights))
	var sum float64
	for i, w := range p.last.Weights {
		sum += w
		p.cum[i] = sum
	}
	return p
}

// abcDraw is the outcome of draw i of a stage: what a shard writes and a
// merge reads.
type abcDraw struct {
	Fingerprint string `json:"fingerprint"`
	Stage       string `json:"stage"`      // "generation" or "predictive"
	Generation  int    `json:"generation"` // as abcStage.Generation
	Particle    int    `json:"particle"`
	// Attempts is the number of parameter vectors run; 1 for the
	// predictive check.
	Attempts int `json:"attempts"`
	// Values is the accepted parameter vector; nil if no run was accepted
	// within the most attempts allowed. The predictive check leaves it nil.
	Values   []float64 `json:"values"`
	Distance float64   `json:"distance"`
	// Stats are the targets' statistics of the accepted run or, for the
	// predictive check, of the run with the observation noise added (NaN
	// where the run gives none, hence as text).
	Stats floatText `json:"stats"`
}

func (s abcStage) kind() string {
	if s.Predictive {
		return "predictive"
	}
	return "generation"
}

// runDraw runs draw i of p's stage.
func (c *Calibration) runDraw(ctx context.Context, p *abcProposer, i int) (abcDraw, error) {
	s := p.stage
	d := abcDraw{Stage: s.kind(), Generation: s.Generation, Particle: i}
	if s.Predictive {
		g := p.last
		rng := rand.New(rand.NewPCG(c.Seed^streamPredictive, uint64(i)))
		j := weightedIndex(g.Weights, rng.Float64())
		ind, err := c.simulate(ctx, g.Values[j], runSeed(c.Seed, streamPredictive, g.Generation, i, 0), c.Replicates, 1)
		if err != nil {
			return d, err
		}
		st := c.statistics(ind)
		for t, tg := range c.Targets {
			st[t] += tg.SD * rng.NormFloat64()
		}
		d.Attempts, d.Stats = 1, st
		return d, nil
	}
	k := len(c.Parameters)
	rng := rand.New(rand.NewPCG(c.Seed^streamProposal, uint64(s.Generation)<<32|uint64(i)))
	for a := 0; a < p.maxAttempts; a++ {
		theta := make([]float64, k)
		if p.last == nil {
			for q, b := range c.Parameters {
				theta[q], _ = b.sample(rng)
			}
		} else {
			j := min(sort.SearchFloat64s(p.cum, rng.Float64()*p.cum[len(p.cum)-1]), len(p.cum)-1)
			for {
				ok := true
				for q, b := range c.Parameters {
					theta[q] = p.last.Values[j][q] + p.scale[q]*rng.NormFloat64()
					ok = ok && !math.IsInf(b.logDensity(theta[q]), -1)
				}
				if ok {
					break
				}
			}
		}
		d.Attempts++
		ind, err := c.simulate(ctx, theta, runSeed(c.Seed, streamSeed, s.Generation, i, a), c.Replicates, 1)
		if err != nil {
			return d, err
		}
		st := c.statistics(ind)
		if dist := c.distance(st); dist <= s.Epsilon && finite(dist) {
			d.Values, d.Distance, d.Stats = theta, dist, st
			break
		}
	}
	return d, nil
}

// mergeGeneration returns p's generation from its draws, all present, or
// nil if a particle had no run accepted.
func (c *Calibration) mergeGeneration(p *abcProposer, draws []abcDraw) *ABCGeneration {
	s, n := p.stage, len(draws)
	g := &ABCGeneration{Generation: s.Generation, Epsilon: s.Epsilon, EpsilonText: strconv.FormatFloat(s.Epsilon, 'g', -1, 64),
		Values: make([][]float64, n), Weights: make([]float64, n), Distances: make([]float64, n), Stats: make([][]float64, n)}
	for i, d := range draws {
		g.Simulations += d.Attempts
		if d.Values == nil {
			return nil
		}
		g.Values[i], g.Distances[i], g.Stats[i] = d.Values, d.Distance, d.Stats
	}
	// Importance weights, in logs: a narrow kernel makes K underflow.
	last := p.last
	logw := make([]float64, n)
	for i, theta := range g.Values {
		var lp float64
		for q, b := range c.Parameters {
			lp += b.logDensity(theta[q])
		}
		if last == nil {
			logw[i] = 0
			continue
		}
		terms := make([]float64, len(last.Values))
		for j, from := range last.Values {
			lk := math.Log(last.Weights[j])
			for q, b := range c.Parameters {
				lk += logKernel(theta[q], from[q], p.scale[q], b)
			}
			terms[j] = lk
		}
		logw[i] = lp - logSumExp(terms)
	}
	top := slices.Max(logw)
	var sum float64
	for i := range logw {
		g.Weights[i] = math.Exp(logw[i] - top)
		sum += g.Weights[i]
	}
	for i := range g.Weights {
		g.Weights[i] /= sum
	}
	return g
}

// mergePredictive returns the posterior predictive check of each target
// from the predictive draws.
func (c *Calibration) mergePredictive(draws []abcDraw) []Predictive {
	var out []Predictive
	for t, tg := range c.Targets {
		xs := make([]float64, 0, len(draws))
		for _, d := range draws {
			if !math.IsNaN(d.Stats[t]) {
				xs = append(xs, d.Stats[t])
			}
		}
		p := Predictive{Lo: math.NaN(), Median: math.NaN(), Hi: math.NaN()}
		if len(xs) > 0 {
			p.Lo, p.Median, p.Hi = quantile(xs, predictiveLo), quantile(xs, 0.5), quantile(xs, predictiveHi)
			p.Inside = tg.Value >= p.Lo && tg.Value <= p.Hi
		}
		out = append(out, p)
	}
	return out
}

// ABCShardStatus says what a call to ABCShard did.
type ABCShardStatus struct {
	Stage   string // the stage run, e.g. "generation 2" or "the posterior predictive check"
	Draws   int    // draws of the shard in the stage
	Skipped int    // finished by an earlier call, kept
	Ran     int    // finished by this call
	// Simulations is the number of parameter vectors run by this call.
	Simulations int
}

// abcState is an ABC calibration's folder as read: the merged
// generations, and the status recorded if a generation was dropped.
type abcState struct {
	dir, fp string
	gens    []ABCGeneration
	stopped string
}

// engineHint adds to err, a refusal of a folder's generations as another
// calibration's, the engine they were run with when they are this
// calibration's with another engine (a folder of the step engine resumed
// without --engine step after the default became the event engine).
func (c *Calibration) engineHint(err error) error {
	var other *otherFingerprint
	if !errors.As(err, &other) {
		return err
	}
	for _, k := range []sim.EngineKind{sim.EngineStep, sim.EngineEvent} {
		if k == c.Engine {
			continue
		}
		alt := *c
		alt.Engine = k
		if alt.abcFingerprint() == other.fp {
			return fmt.Errorf("%w: they were run with the %s engine and this calibration asks for the %s engine; resume with --engine %s", err, k, c.Engine, k)
		}
	}
	return err
}

// readABCState reads the generations saved in dir for the calibration.
func (c *Calibration) readABCState(dir string) (*abcState, error) {
	st := &abcState{dir: dir, fp: c.abcFingerprint()}
	var err error
	if st.gens, err = loadGenerations(dir, st.fp); err != nil {
		return nil, c.engineHint(err)
	}
	if st.stopped, err = loadStopped(dir, st.fp, len(st.gens)); err != nil {
		return nil, err
	}
	return st, nil
}

// ABCShard runs shard `shard` of `shards` of the next stage of the ABC
// calibration whose folder is dir: the draws of the stage whose index
// modulo shards is shard. Each finished draw is written to its own file,
// atomically, so a shard stopped in any way and run again skips the draws
// it finished. Shards of a stage may run at once, on other machines
// sharing dir; 'MergeABC' then merges the stage. A shard of a finished
// calibration finds every draw of the predictive check done and runs
// nothing.
func (c *Calibration) ABCShard(ctx context.Context, dir string, shard, shards int, opt ABCOptions) (ABCShardStatus, error) {
	if shards < 1 || shard < 0 || shard >= shards {
		return ABCShardStatus{}, fmt.Errorf("sweep: calibrate: shard %d/%d: want 0 <= shard < %d", shard, shards, max(shards, 1))
	}
	if err := c.checkABC(); err != nil {
		return ABCShardStatus{}, err
	}
	st, err := c.readABCState(dir)
	if err != nil {
		return ABCShardStatus{}, err
	}
	s := c.nextStage(st.gens, st.stopped)
	if s.Predictive && len(st.gens) == 0 {
		return ABCShardStatus{}, errors.New("sweep: calibrate: ABC ran no generation")
	}
	p := c.proposer(s, st.gens)
	var idx []int
	for i := shard; i < c.ABC.Particles; i += shards {
		idx = append(idx, i)
	}
	_, status, err := c.runDraws(ctx, st, p, idx, opt)
	return status, err
}

// runDraws runs the draws idx of p's stage, on opt.Workers goroutines, and
// returns them indexed by draw (the others left zero). With st.dir set, it
// keeps the draws whose files are there, and writes each new one to its
// file as it finishes.
func (c *Calibration) runDraws(ctx context.Context, st *abcState, p *abcProposer, idx []int, opt ABCOptions) ([]abcDraw, ABCShardStatus, error) {
	status := ABCShardStatus{Stage: p.stage.String(), Draws: len(idx)}
	draws := make([]abcDraw, c.ABC.Particles)
	todo := idx
	if st.dir != "" {
		if err := os.MkdirAll(drawDir(st.dir, p.stage), 0o755); err != nil {
			return nil, status, fmt.Errorf("sweep: calibrate: %w", err)
		}
		todo = nil
		for _, i := range idx {
			d, err := c.readDraw(st, p.stage, i)
			switch {
			case err == nil:
				draws[i] = d
				status.Skipped++
				continue
			case errors.Is(err, errForeignDraw):
				return nil, status, err
			case !errors.Is(err, fs.ErrNotExist) && opt.Warn != nil:
				opt.Warn(fmt.Sprintf("%v; running it again", err))
			}
			todo = append(todo, i)
		}
	}
	var mu sync.Mutex
	err := parallel(ctx, len(todo), max(opt.Workers, 1), func(k int) error {
		i := todo[k]
		d, err := c.runDraw(ctx, p, i)
		if err != nil {
			return err
		}
		d.Fingerprint = st.fp
		if st.dir != "" {
			if err := output.WriteFileAtomic(drawFile(st.dir, p.stage, i), func(w io.Writer) error {
				return json.NewEncoder(w).Encode(d)
			}); err != nil {
				return err
			}
		}
		draws[i] = d
		mu.Lock()
		status.Ran++
		status.Simulations += d.Attempts
		mu.Unlock()
		return nil
	})
	return draws, status, err
}

// errForeignDraw marks a draw file of another calibration.
var errForeignDraw = errors.New("from another calibration, seed or settings")

// drawDir returns the folder of stage s's draw files in dir.
func drawDir(dir string, s abcStage) string {
	if s.Predictive {
		return filepath.Join(dir, "particles", "predictive")
	}
	return filepath.Join(dir, "particles", fmt.Sprintf("generation_%03d", s.Generation))
}

// drawFile returns the path of draw i of stage s in dir.
func drawFile(dir string, s abcStage, i int) string {
	return filepath.Join(drawDir(dir, s), fmt.Sprintf("p%06d.json", i))
}

// readDraw reads draw i of stage s from st's folder. It returns an error
// wrapping fs.ErrNotExist if there is none, one wrapping errForeignDraw if
// it belongs to another calibration, and another if it is damaged.
func (c *Calibration) readDraw(st *abcState, s abcStage, i int) (abcDraw, error) {
	path := drawFile(st.dir, s, i)
	b, err := os.ReadFile(path)
	if err != nil {
		return abcDraw{}, fmt.Errorf("sweep: calibrate: %w", err)
	}
	var d abcDraw
	if err := json.Unmarshal(b, &d); err != nil {
		return abcDraw{}, fmt.Errorf("sweep: calibrate: draw file %s is damaged: %w", path, err)
	}
	if d.Fingerprint != st.fp {
		return abcDraw{}, fmt.Errorf("sweep: calibrate: %s: %w; remove %s or write to another --out", path, errForeignDraw, filepath.Join(st.dir, "particles"))
	}
	switch {
	case d.Stage != s.kind() || d.Generation != s.Generation || d.Particle != i:
		return abcDraw{}, fmt.Errorf("sweep: calibrate: draw file %s holds %s draw %d of generation %d; want %s draw %d of generation %d",
			path, d.Stage, d.Particle, d.Generation, s.kind(), i, s.Generation)
	case len(d.Stats) != len(c.Targets) && (d.Values != nil || s.Predictive),
		d.Values != nil && len(d.Values) != len(c.Parameters),
		d.Attempts < 1:
		return abcDraw{}, fmt.Errorf("sweep: calibrate: draw file %s is damaged: %d values, %d statistics, %d attempts", path, len(d.Values), len(d.Stats), d.Attempts)
	}
	return d, nil
}

// stoppedFile returns the path of the file recording a dropped generation.
func stoppedFile(dir string) string { return filepath.Join(dir, "generations", "stopped.json") }

// abcStopped is the content of stoppedFile.
type abcStopped struct {
	Fingerprint string `json:"fingerprint"`
	Generation  int    `json:"generation"` // the generation dropped
	Status      string `json:"status"`
}

// loadStopped returns the status recorded in dir's stoppedFile for the
// calibration of fingerprint fp with n generations, or "" if none.
func loadStopped(dir, fp string, n int) (string, error) {
	b, err := os.ReadFile(stoppedFile(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var s abcStopped
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("%s: %w", stoppedFile(dir), err)
	}
	if s.Fingerprint != fp || s.Generation != n || s.Status == "" {
		return "", fmt.Errorf("%s: from another calibration, seed or settings, or generation %d after %d; remove %s or write to another --out",
			stoppedFile(dir), s.Generation, n, filepath.Join(dir, "generations"))
	}
	return s.Status, nil
}

// advance merges stage p.stage from its draws, all present, into st (and
// its folder, if any): a generation is appended, or recorded as dropped. It
// returns the generation merged, nil if it was dropped.
func (c *Calibration) advance(st *abcState, p *abcProposer, draws []abcDraw) (*ABCGeneration, error) {
	g := c.mergeGeneration(p, draws)
	if g == nil {
		st.stopped = "max_attempts"
		if st.dir == "" {
			return nil, nil
		}
		if err := os.MkdirAll(filepath.Join(st.dir, "generations"), 0o755); err != nil {
			return nil, err
		}
		return nil, output.WriteFileAtomic(stoppedFile(st.dir), func(w io.Writer) error {
			return json.NewEncoder(w).Encode(abcStopped{Fingerprint: st.fp, Generation: p.stage.Generation, Status: st.stopped})
		})
	}
	g.Fingerprint = st.fp
	if st.dir != "" {
		if err := saveGeneration(st.dir, g); err != nil {
			return nil, err
		}
	}
	st.gens = append(st.gens, *g)
	return g, nil
}

// MergeABC merges the next stage of the ABC calibration whose folder is
// dir, once its shards have run every draw of it: a generation is written
// to dir/generations as CalibrateABC in one process would write it; the
// posterior predictive check finishes the calibration. It returns the
// generations so far, with Predictive and Status set if the calibration
// is finished, and the stage that comes next ("" when finished). It fails,
// naming them, if draws of the stage are missing.
func (c *Calibration) MergeABC(dir string) (r *ABCResult, next string, err error) {
	if err := c.checkABC(); err != nil {
		return nil, "", err
	}
	st, err := c.readABCState(dir)
	if err != nil {
		return nil, "", err
	}
	s := c.nextStage(st.gens, st.stopped)
	if s.Predictive && len(st.gens) == 0 {
		return nil, "", errors.New("sweep: calibrate: ABC ran no generation")
	}
	output.RemoveTemporaries(drawDir(dir, s), filepath.Join(dir, "generations"))
	draws := make([]abcDraw, c.ABC.Particles)
	var missing []string
	for i := range draws {
		d, err := c.readDraw(st, s, i)
		if errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, strconv.Itoa(i))
			continue
		}
		if err != nil {
			return nil, "", err
		}
		draws[i] = d
	}
	if len(missing) > 0 {
		if len(missing) > 10 {
			missing = append(missing[:10], "...")
		}
		return nil, "", fmt.Errorf("sweep: calibrate: %s of %s: %d of %d draws missing (%s) in %s: run its shards first (calibrate --method abc --shard i/N)",
			s, c.Name, len(missing), c.ABC.Particles, strings.Join(missing, ", "), drawDir(dir, s))
	}
	r = &ABCResult{Fingerprint: st.fp, Resumed: len(st.gens)}
	if s.Predictive {
		r.Generations, r.Status, r.Predictive = st.gens, s.Status, c.mergePredictive(draws)
		return r, "", nil
	}
	if _, err := c.advance(st, c.proposer(s, st.gens), draws); err != nil {
		return nil, "", err
	}
	r.Generations = st.gens
	return r, c.nextStage(st.gens, st.stopped).String(), nil
}

// floatText is a list of numbers written in JSON as strings, so that NaN
// and the infinities survive; every float64 reads back exactly.
type floatText []float64

// MarshalJSON writes each number in the shortest form that reads back
// exactly.
func (f floatText) MarshalJSON() ([]byte, error) {
	s := make([]string, len(f))
	for i, x := range f {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return json.Marshal(s)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *floatText) UnmarshalJSON(b []byte) error {
	var s []string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	out := make(floatText, len(s))
	for i, x := range s {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return err
		}
		out[i] = v
	}
	*f = out
	return nil
}
