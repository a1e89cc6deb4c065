package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/sim"
)

// CalibrateABC estimates the posterior of the calibration's parameters by
// approximate Bayesian computation with sequential Monte Carlo: the
// population Monte Carlo sampler of Beaumont, Cornuet, Marin and Robert
// (2009) with the adaptive tolerance schedule of Drovandi and Pettitt
// (2011).
//
// Generation 0 draws Particles parameter vectors from the priors and runs
// each. Generation t >= 1 sets its tolerance epsilon_t to the Quantile of
// generation t-1's distances, and fills each of its particles by proposing
// theta* = theta_j + N(0, 2 diag(var_{t-1})) from a particle j of
// generation t-1 drawn by weight (redrawn until within the bounds), running
// the model there and accepting theta* if its distance
//
//	d = sum_j w_j ((s_j - v_j) / sd_j)^2
//
// is at most epsilon_t, where s_j is target j's statistic (of the replicate
// means) of the run, v_j its observed value, sd_j its standard deviation
// and w_j its weight. An accepted particle's weight is
//
//	w_i = pi(theta_i) / sum_j w_j^{t-1} K(theta_i | theta_j),
//
// pi the prior density and K the proposal kernel truncated to the bounds.
// The sequence stops after Generations generations, after a generation
// that accepted less than MinAcceptance of its simulations, or once the
// tolerance is at most Epsilon.
//
// Every run of every particle has its own seed, derived from the
// calibration's seed, the generation, the particle and the attempt, and a
// particle's proposals come from its own random stream: the result is the
// same for any number of workers, and for any number of shards running
// the calibration's stages through ABCShard and MergeABC, of which this is
// the one-shard case (see abc_shard.go). Unlike Nelder-Mead's common
// random numbers, the runs differ in their random numbers on purpose:
// ABC's posterior carries the model's stochastic noise.
//
// If opt.Dir is not empty, each particle is written there atomically as
// it is accepted and each generation as it completes, and a later call
// with the same calibration, seed and settings (or ABCShard and MergeABC
// on the folder) resumes after the last particle finished.
func (c *Calibration) CalibrateABC(ctx context.Context, opt ABCOptions) (*ABCResult, error) {
	if err := c.checkABC(); err != nil {
		return nil, err
	}
	st := &abcState{dir: opt.Dir, fp: c.abcFingerprint()}
	if opt.Dir != "" {
		var err error
		if st, err = c.readABCState(opt.Dir); err != nil {
			return nil, err
		}
	}
	res := &ABCResult{Fingerprint: st.fp, Resumed: len(st.gens)}
	all := make([]int, c.ABC.Particles)
	for i := range all {
		all[i] = i
	}
	for {
		s := c.nextStage(st.gens, st.stopped)
		if s.Predictive && len(st.gens) == 0 {
			return nil, errors.New("sweep: calibrate: ABC ran no generation")
		}
		if opt.Dir != "" {
			output.RemoveTemporaries(drawDir(opt.Dir, s), filepath.Join(opt.Dir, "generations"))
		}
		p := c.proposer(s, st.gens)
		draws, _, err := c.runDraws(ctx, st, p, all, opt)
		if err != nil {
			return nil, err
		}
		if s.Predictive {
			res.Generations, res.Status, res.Predictive = st.gens, s.Status, c.mergePredictive(draws)
			return res, nil
		}
		g, err := c.advance(st, p, draws)
		if err != nil {
			return nil, err
		}
		if g != nil && opt.Progress != nil {
			opt.Progress(*g)
		}
	}
}

// checkABC returns an error if a target lacks the standard deviation ABC's
// distance needs.
func (c *Calibration) checkABC() error {
	for j, tg := range c.Targets {
		if !(tg.SD > 0) {
			return fmt.Errorf("%s: target[%d].sd: missing: calibrate --method abc needs each target's standard deviation (the uncertainty of its value)", c.Path, j)
		}
	}
	return nil
}

// ABCOptions tune how CalibrateABC uses the machine; none of them changes
// the result.
type ABCOptions struct {
	Workers  int                   // particles run at once; 0 means 1
	Dir      string                // folder of the generations' and draws' files, for resuming; "" for none
	Progress func(g ABCGeneration) // called after each generation, if not nil
	Warn     func(msg string)      // told about draw files found damaged, which are run again; may be nil
}

// ABCResult is the result of CalibrateABC.
type ABCResult struct {
	Generations []ABCGeneration // every generation; the last is the posterior
	// Status says why the sequence stopped: "generations" (the most
	// allowed), "min_acceptance", "epsilon", "no_progress" (the next
	// tolerance would not be smaller) or "max_attempts" (a particle found
	// no acceptable proposal in maxAttempts runs; that generation is
	// dropped).
	Status      string
	Resumed     int          // generations read back from files
	Fingerprint string       // of the calibration, seed and settings
	Predictive  []Predictive // posterior predictive check of each target
}

// ABCGeneration is one generation of particles, as saved for resuming.
type ABCGeneration struct {
	Fingerprint string      `json:"fingerprint"`
	Generation  int         `json:"generation"`
	Epsilon     float64     `json:"-"` // tolerance; +Inf for generation 0
	EpsilonText string      `json:"epsilon"`
	Simulations int         `json:"simulations"` // parameter vectors run, accepted or not
	Values      [][]float64 `json:"values"`      // [particle][parameter]
	Weights     []float64   `json:"weights"`     // normalised to sum 1
	Distances   []float64   `json:"distances"`
	Stats       [][]float64 `json:"stats"` // [particle][target]: the statistics of its accepted run
}

// Acceptance returns the share of the generation's simulations accepted.
func (g *ABCGeneration) Acceptance() float64 {
	return float64(len(g.Values)) / float64(g.Simulations)
}

// ESS returns the effective sample size of the generation's weights,
// (sum w)^2 / sum w^2 (Kish).
func (g *ABCGeneration) ESS() float64 {
	var s, s2 float64
	for _, w := range g.Weights {
		s += w
		s2 += w * w
	}
	return s * s / s2
}

// Predictive is the posterior predictive check of a target: the 90%
// interval and median of its statistic over runs at parameters drawn from
// the posterior, each with the target's observation noise N(0, sd) added,
// and whether the observed value falls in the interval.
type Predictive struct {
	Lo, Median, Hi float64
	Inside         bool
}

// Final returns the last generation, the posterior sample.
func (r *ABCResult) Final() *ABCGeneration { return &r.Generations[len(r.Generations)-1] }

// Quantile returns the weighted quantile q of parameter k in the posterior.
func (r *ABCResult) Quantile(k int, q float64) float64 {
	g := r.Final()
	xs := make([]float64, len(g.Values))
	for i, v := range g.Values {
		xs[i] = v[k]
	}
	return weightedQuantile(xs, g.Weights, q)
}

// maxAttemptsPerAcceptance sets the runs a particle may try before its
// generation is abandoned: this many times the expected number at the
// least acceptance allowed, so that a generation whose acceptance is just
// above MinAcceptance almost never hits it (probability about e^-10 per
// particle).
const maxAttemptsPerAcceptance = 10

// Streams of random numbers, mixed with the seed so that the priors'
// draws, the proposals and the runs' seeds never share a stream.
const (
	streamProposal   = 0xabc0
	streamSeed       = 0xabc1
	streamPredictive = 0xabc2
)

// runSeed returns the seed of a run: the mix of the calibration's seed
// with the stream and the indices, by SplitMix64 (Steele, Lea and Flood
// 2014), cut to 53 bits so that a scenario file and a JSON reader both
// hold it exactly.
func runSeed(seed uint64, stream, gen, particle, attempt int) uint64 {
	x := seed
	for _, v := range []int{stream, gen, particle, attempt} {
		x = splitmix(x ^ uint64(v))
	}
	return x & (1<<53 - 1)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// distance returns the weighted sum of the squared standardized errors of
// the statistics s; +Inf if one is not a number.
func (c *Calibration) distance(s []float64) float64 {
	var d float64
	for j, tg := range c.Targets {
		z := (s[j] - tg.Value) / tg.SD
		d += tg.Weight * z * z
	}
	if !finite(d) {
		return math.Inf(1)
	}
	return d
}

// kernelScale returns the standard deviation of the proposal kernel in
// each parameter: the square root of twice the weighted variance of the
// particles (Beaumont et al. 2009), at least a millionth of the range so
// that a collapsed population can still move.
func kernelScale(g *ABCGeneration, ps []Bound) []float64 {
	out := make([]float64, len(ps))
	for p, b := range ps {
		var m, v float64
		for i, x := range g.Values {
			m += g.Weights[i] * x[p]
		}
		for i, x := range g.Values {
			v += g.Weights[i] * (x[p] - m) * (x[p] - m)
		}
		out[p] = max(math.Sqrt(2*v), 1e-6*(b.Max-b.Min))
	}
	return out
}

// logKernel returns the log density of the proposal of x from a particle
// at from with scale s, a normal truncated to b's bounds (the proposals out
// of the bounds are redrawn).
func logKernel(x, from, s float64, b Bound) float64 {
	z := (x - from) / s
	n := distuv.UnitNormal
	mass := n.CDF((b.Max-from)/s) - n.CDF((b.Min-from)/s)
	return -z*z/2 - math.Log(s) - math.Log(mass)
}

func logSumExp(xs []float64) float64 {
	top := slices.Max(xs)
	if math.IsInf(top, -1) {
		return top
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - top)
	}
	return top + math.Log(s)
}

// quantile returns the quantile q of xs (sorted in place), interpolated
// linearly between order statistics.
func quantile(xs []float64, q float64) float64 {
	slices.Sort(xs)
	h := q * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// weightedQuantile returns the quantile q of the distribution putting
// weight ws[i] on xs[i]: the least x whose cumulative weight reaches q.
func weightedQuantile(xs, ws []float64, q float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	var total float64
	for _, w := range ws {
		total += w
	}
	var cum float64
	for _, i := range idx {
		cum += ws[i]
		if cum >= q*total {
			return xs[i]
		}
	}
	return xs[idx[len(idx)-1]]
}

// Posterior predictive intervals: 90%, the same as the coverage check's.
const (
	predictiveLo = 0.05
	predictiveHi = 0.95
)

func weightedIndex(ws []float64, u float64) int {
	var total float64
	for _, w := range ws {
		total += w
	}
	var cum float64
	for i, w := range ws {
		cum += w
		if u*total < cum {
			return i
		}
	}
	return len(ws) - 1
}

// abcFingerprint is the hex SHA-256 of what determines the generations:
// the calibration file, its base scenario, the seed, the replicates and the
// ABC settings. A folder's generations are resumed only if it matches.
func (c *Calibration) abcFingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "abc-smc v1\n%s\n%x\n%d\n%d\n%+v\n", c.SHA256, sha256.Sum256(c.base), c.Seed, c.Replicates, c.ABC)
	for _, s := range c.Set {
		fmt.Fprintln(h, s)
	}
	if c.Engine != sim.EngineStep { // left out for the step engine: older folders still resume
		fmt.Fprintf(h, "engine %s\n", c.Engine)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// generationFile returns the path of generation t's file in dir.
func generationFile(dir string, t int) string {
	return filepath.Join(dir, "generations", fmt.Sprintf("generation_%03d.json", t))
}

// saveGeneration writes g's file atomically: a crash leaves the previous
// generations whole and this one absent.
func saveGeneration(dir string, g *ABCGeneration) error {
	if err := os.MkdirAll(filepath.Join(dir, "generations"), 0o755); err != nil {
		return err
	}
	return output.WriteFileAtomic(generationFile(dir, g.Generation), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(g)
	})
}

// otherFingerprint is the error of a generation file of another
// calibration: fp is its fingerprint (Calibration.engineHint).
type otherFingerprint struct{ fp, msg string }

func (e *otherFingerprint) Error() string { return e.msg }

// loadGenerations reads the generations saved in dir, from 0 up to the
// first missing, and checks that they belong to the calibration of
// fingerprint fp.
func loadGenerations(dir, fp string) ([]ABCGeneration, error) {
	var gens []ABCGeneration
	for t := 0; ; t++ {
		data, err := os.ReadFile(generationFile(dir, t))
		if errors.Is(err, os.ErrNotExist) {
			return gens, nil
		}
		if err != nil {
			return nil, err
		}
		var g ABCGeneration
		if err := json.Unmarshal(data, &g); err != nil {
			return nil, fmt.Errorf("%s: %w", generationFile(dir, t), err)
		}
		if g.Fingerprint != fp {
			return nil, &otherFingerprint{fp: g.Fingerprint, msg: fmt.Sprintf("%s: from another calibration, seed, settings or engine; remove %s or write to another --out", generationFile(dir, t), filepath.Join(dir, "generations"))}
		}
		if g.Generation != t || len(g.Values) == 0 {
			return nil, fmt.Errorf("%s: holds generation %d with %d particles; want generation %d", generationFile(dir, t), g.Generation, len(g.Values), t)
		}
		if g.Epsilon, err = strconv.ParseFloat(g.EpsilonText, 64); err != nil {
			return nil, fmt.Errorf("%s: epsilon: %w", generationFile(dir, t), err)
		}
		gens = append(gens, g)
	}
}

// parallel calls fn(i) for every i in [0, n) on workers goroutines, and
// stops handing out work once ctx ends. It returns ctx's error, else the
// errors of fn, joined. Each fn(i) must write only its own i's results.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				errs[i] = fn(i)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}
