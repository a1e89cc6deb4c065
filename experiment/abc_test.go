package experiment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// abcFile returns a calibration file of emigration.base_rate and
// return.base_rate with uniform priors on [0.05, 0.6], on a scenario of n
// agents over 4 years (the moving cost and the return intercept lowered, as
// calibrationFile's, so that the targets respond to the rates), with the
// extra top-level keys, to the targets.
func abcFile(n int, extra, targets string) string {
	return fmt.Sprintf(`name = "abc"
scenario = "BASELINE"
set = ["agents=%d", "years=4", "emigration.cost=1", "return.intercept=1"]
replicates = 1
%s

[[parameter]]
key = "emigration.base_rate"
min = 0.05
max = 0.6

[[parameter]]
key = "return.base_rate"
min = 0.05
max = 0.6
`, n, extra) + targets
}

// abcTargets are the stocks that identify the two rates of abcFile.
var abcTargets = []string{"emigrants", "returnees"}

// abcRelativeSD is the synthetic observations' standard deviation relative
// to their value: assumed, the order of the noise between runs of the
// 300-agent scenario at the same rates (10-11% for emigrants, 24-28% for
// returnees, 30 runs at (0.3, 0.2), (0.4, 0.2) and (0.3, 0.3)).
const abcRelativeSD = 0.1

// syntheticABC returns the calibration of abcFile with n agents to targets
// observed in one run at truth with seed dataSeed, a seed the calibration
// never uses, so that the observation carries noise of its own as real
// data would.
func syntheticABC(tb testing.TB, dir string, n int, extra string, truth []float64, dataSeed uint64) *Calibration {
	tb.Helper()
	var targets strings.Builder
	for _, m := range abcTargets {
		fmt.Fprintf(&targets, "\n[[target]]\nmetric = %q\nyear = 4\nvalue = 1\nsd = 1\n", m)
	}
	text := abcFile(n, extra, targets.String())
	probe, err := loadCalibrationText(tb, dir, "probe.toml", text)
	if err != nil {
		tb.Fatal(err)
	}
	ind, err := probe.simulate(context.Background(), truth, dataSeed, 1, 1)
	if err != nil {
		tb.Fatal(err)
	}
	obs := probe.statistics(ind)
	targets.Reset()
	for j, m := range abcTargets {
		fmt.Fprintf(&targets, "\n[[target]]\nmetric = %q\nyear = 4\nvalue = %s\nsd = %s\n", m,
			output.FormatFloat(obs[j]), output.FormatFloat(abcRelativeSD*max(obs[j], 1)))
	}
	c, err := loadCalibrationText(tb, dir, "cal.toml", abcFile(n, extra, targets.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestABCRecovers calibrates the two rates to one synthetic data set and
// checks that each 90% posterior interval holds the truth and is narrower
// than half the prior's: the data must have taught something. (The
// coverage of the intervals over many data sets is BenchmarkABCCoverage.)
func TestABCRecovers(t *testing.T) {
	truth := []float64{0.3, 0.2}
	c := syntheticABC(t, t.TempDir(), 300, "particles = 60\ngenerations = 6", truth, 1<<40+7)
	start := time.Now()
	r, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for k, b := range c.Parameters {
		lo, med, hi := r.Quantile(k, 0.05), r.Quantile(k, 0.5), r.Quantile(k, 0.95)
		t.Logf("%s: median %.3f, 90%% [%.3f, %.3f], truth %.3f", b.Key, med, lo, hi, truth[k])
		if !(lo <= truth[k] && truth[k] <= hi) {
			t.Errorf("%s: 90%% interval [%.3f, %.3f] misses the truth %.3f", b.Key, lo, hi, truth[k])
		}
		// The prior's 90% interval is 0.9 of the range; the data must
		// narrow it.
		if w := hi - lo; !(w < abcMaxWidth*(b.Max-b.Min)) || !(w > 0) {
			t.Errorf("%s: 90%% interval [%.3f, %.3f] has width %.3f; want within (0, %.3f)", b.Key, lo, hi, w, abcMaxWidth*(b.Max-b.Min))
		}
	}
	var diag bytes.Buffer
	if err := WriteDiagnostics(&diag, r); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s, %s:\n%s", time.Since(start), r.Status, diag.String())
}

// abcMaxWidth bounds the width of a 90% posterior interval of one data set,
// relative to the prior's range. With the runs' noise of abcRelativeSD and
// a slope of the emigrant stock of about 1.5 per unit of relative change
// of the base rate (+15% from 0.3 to 0.4, in 30 runs), one run pins the
// emigration rate to about ±0.1/1.5 relative, a 90% width of about 0.07 in
// a range of 0.55; ABC's tolerance and the second parameter widen that.
// Two thirds of the range fails a posterior that learned nothing (the
// prior's is 0.9) and passes the expected widths with room for the noise
// of one data set.
const abcMaxWidth = 2.0 / 3

// loadCalibrationText writes text, BASELINE replaced by the baseline
// scenario's path, to dir/name and loads it.
func loadCalibrationText(tb testing.TB, dir, name, text string) (*Calibration, error) {
	tb.Helper()
	base, err := filepath.Abs("../scenarios/baseline.toml")
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "BASELINE", base)), 0o644); err != nil {
		tb.Fatal(err)
	}
	return LoadCalibration(path)
}

// TestABCDeterministic checks that the posterior's bytes depend on the seed
// alone: not on the number of workers, nor on a run resumed from the saved
// generations after a crash (the last generation's file removed).
func TestABCDeterministic(t *testing.T) {
	dir := t.TempDir()
	c := syntheticABC(t, dir, 200, "particles = 20\ngenerations = 3\nseed = 9", []float64{0.3, 0.2}, 77)
	posterior := func(r *ABCResult) string {
		var b bytes.Buffer
		if err := WritePosterior(&b, c, r); err != nil {
			t.Fatal(err)
		}
		if err := WritePredictive(&b, c, r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := filepath.Join(dir, "out")
	one, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 1, Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Generations) != 3 {
		t.Fatalf("%d generations (%s); want 3", len(one.Generations), one.Status)
	}
	three, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := posterior(one), posterior(three); a != b {
		t.Errorf("1 worker and 3 workers differ:\n%s\n---\n%s", a, b)
	}
	if err := os.Remove(generationFile(out, 2)); err != nil {
		t.Fatal(err)
	}
	resumed, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 2, Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Resumed != 2 {
		t.Errorf("resumed %d generations; want 2", resumed.Resumed)
	}
	if a, b := posterior(one), posterior(resumed); a != b {
		t.Errorf("a resumed calibration differs:\n%s\n---\n%s", a, b)
	}
	// The fitted scenario, in both forms, parses (WriteFittedScenario
	// checks) and points to the posterior.
	for _, form := range []FittedForm{FittedMedian, FittedNormal} {
		var b bytes.Buffer
		if err := WriteFittedScenario(&b, c, one, form); err != nil {
			t.Fatalf("fitted as %s: %v", form, err)
		}
		want := map[FittedForm]string{
			FittedMedian: "\nbase_rate = " + output.FormatFloat(one.Quantile(0, 0.5)) + " # posterior median",
			FittedNormal: "\nbase_rate = { prior = \"normal\", mean = ",
		}[form]
		if s := b.String(); !strings.Contains(s, want) || !strings.Contains(s, `posterior.csv, column \"return.base_rate\"`) && !strings.Contains(s, `posterior.csv, column "return.base_rate"`) {
			t.Errorf("fitted as %s lacks %q or the posterior's column:\n%s", form, want, s)
		}
	}
	// Another seed is another posterior.
	c.Seed++
	other, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if posterior(one) == posterior(other) {
		t.Error("seeds 9 and 10 give the same posterior")
	}
	// A folder of another calibration's generations is refused.
	if _, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 2, Dir: out}); err == nil || !strings.Contains(err.Error(), "from another calibration") {
		t.Errorf("resuming another seed's generations: %v; want an error", err)
	}
	// The same calibration with another engine is refused, naming the
	// engine its generations were run with.
	c.Seed--
	c.Engine = sim.EngineEvent
	if _, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 2, Dir: out}); err == nil || !strings.Contains(err.Error(), "run with the step engine") || !strings.Contains(err.Error(), "resume with --engine step") {
		t.Errorf("resuming the step engine's generations with the event engine: %v; want an error naming the step engine", err)
	}
}

// BenchmarkABCCoverage is the coverage check of issue 14: it draws the two
// rates of abcFile from their uniform priors, generates data from one run
// there, calibrates by ABC (100 particles, up to 8 generations) and counts
// the 90% posterior intervals that hold the truth. A calibrated posterior
// holds it in 90% of the intervals; the issue accepts 80-97% over at least
// 20 repetitions. BRAINSIM_COVERAGE_REPS sets the repetitions (default 40:
// 80 intervals, whose binomial standard error at 90% is 3.4 points).
//
//	go test ./experiment -run '^$' -bench BenchmarkABCCoverage -benchtime 1x
func BenchmarkABCCoverage(b *testing.B) {
	reps := 40
	if s := os.Getenv("BRAINSIM_COVERAGE_REPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("BRAINSIM_COVERAGE_REPS=%q: want a positive integer", s)
		}
		reps = n
	}
	for range b.N {
		hits, total := make([]int, 2), 0
		start := time.Now()
		for rep := range reps {
			rng := rand.New(rand.NewPCG(2026, uint64(rep)))
			truth := []float64{0.05 + 0.55*rng.Float64(), 0.05 + 0.55*rng.Float64()}
			extra := fmt.Sprintf("particles = 100\ngenerations = 8\nmin_acceptance = 0.05\nseed = %d", 1000+rep)
			c := syntheticABC(b, b.TempDir(), 300, extra, truth, uint64(1<<40+rep))
			r, err := c.CalibrateABC(context.Background(), ABCOptions{Workers: runtime.GOMAXPROCS(0)})
			if err != nil {
				b.Fatal(err)
			}
			var line []string
			for k := range c.Parameters {
				lo, hi := r.Quantile(k, 0.05), r.Quantile(k, 0.95)
				in := lo <= truth[k] && truth[k] <= hi
				if in {
					hits[k]++
				}
				line = append(line, fmt.Sprintf("%.3f in [%.3f, %.3f] %v", truth[k], lo, hi, in))
			}
			total++
			g := r.Final()
			// Printed as it comes (b.Logf holds its lines to the end): a
			// long check shows its progress.
			fmt.Fprintf(os.Stderr, "rep %2d: %s; %d generations (%s), epsilon %.3g, %d simulations in the last\n", rep, strings.Join(line, "; "),
				len(r.Generations), r.Status, g.Epsilon, g.Simulations)
		}
		all := float64(hits[0]+hits[1]) / float64(2*total)
		fmt.Fprintf(os.Stderr, "coverage of the 90%% intervals over %d repetitions: emigration.base_rate %d/%d, return.base_rate %d/%d, both %.1f%% (accepted: 80-97%%); %s",
			total, hits[0], total, hits[1], total, 100*all, time.Since(start).Round(time.Second))
		fmt.Fprintln(os.Stderr)
		b.ReportMetric(100*all, "coverage_%")
		if all < 0.80 || all > 0.97 {
			b.Errorf("coverage %.1f%%: outside the accepted 80-97%%", 100*all)
		}
	}
}

func TestLoadCalibrationABCProblems(t *testing.T) {
	const head = "scenario = \"BASELINE\"\n" + tiny + "\n"
	const param = "\n[[parameter]]\nkey = \"emigration.base_rate\"\nmin = 0.1\nmax = 0.5\n"
	const target = "\n[[target]]\nmetric = \"emigrants\"\nyear = 2\nvalue = 1000\n"
	for _, tt := range []struct {
		name string
		text string
		want []string
	}{
		{"unknown prior", head + param + "prior = \"gamma\"\n" + target,
			[]string{`8: parameter[0].prior = "gamma": must be "uniform", "normal", "lognormal", "beta" or "triangular"`}},
		{"normal without sd", head + param + "prior = \"normal\"\nmean = 0.3\n" + target,
			[]string{`4: parameter[0].sd: missing: a normal prior needs sd`}},
		{"lognormal with a mean", head + param + "prior = \"lognormal\"\nmedian = 0.3\nsdlog = 0.5\nmean = 0.2\n" + target,
			[]string{`11: parameter[0].mean: does not apply to a lognormal prior`}},
		{"mode outside", head + param + "prior = \"triangular\"\nmode = 0.7\n" + target,
			[]string{`9: parameter[0].mode = 0.7: must be within [min, max] = [0.1, 0.5]`}},
		{"no mass within the bounds", head + param + "prior = \"normal\"\nmean = 3\nsd = 0.1\n" + target,
			[]string{`8: parameter[0].prior = "normal": puts 3.1e-138 of its mass within [min, max]; it needs at least 0.001`}},
		{"bad abc settings", head + "particles = 5\nquantile = 1\nmin_acceptance = 0\ngenerations = 0\nepsilon = -1\n" + param + target,
			[]string{`3: particles = 5: must be within [10, 100000]`, `4: quantile = 1: must be within (0, 1)`,
				`5: min_acceptance = 0: must be within (0, 1)`, `6: generations = 0: must be within [1, 100]`,
				`7: epsilon = -1: must be a finite number >= 0`}},
		{"trend without from_year", head + param + target + "kind = \"trend\"\n",
			[]string{`9: target[0].from_year: missing: a trend needs from_year`}},
		{"trend from its own year", head + param + target + "kind = \"trend\"\nfrom_year = 2\n",
			[]string{`14: target[0].from_year = 2: must be within [1, year) = [1, 2)`}},
		{"ratio of no metric", head + param + target + "kind = \"ratio\"\ndenominator = \"returnes\"\nsd = 0\n",
			[]string{`14: target[0].denominator = "returnes": no such metric; did you mean "returnees"?`,
				`15: target[0].sd = 0: must be a finite number > 0`}},
		{"unknown kind", head + param + target + "kind = \"slope\"\n",
			[]string{`13: target[0].kind = "slope": must be "level", "trend" or "ratio"`}},
		{"denominator of a level", head + param + target + "denominator = \"returnees\"\n",
			[]string{`13: target[0].denominator: applies only to kind = "ratio"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "cal.toml", tt.text)
			_, err := LoadCalibration(path)
			var ps scenarios.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("LoadCalibration: %v; want scenarios.Problems", err)
			}
			if len(ps) != len(tt.want) {
				t.Errorf("%d problems; want %d:\n%v", len(ps), len(tt.want), err)
			}
			for i := range min(len(ps), len(tt.want)) {
				if want := "scenarios: " + path + ":" + tt.want[i]; !strings.HasPrefix(ps[i].Error(), want) {
					t.Errorf("problem %d = %q; want prefix %q", i, ps[i].Error(), want)
				}
			}
		})
	}
}

// TestTargetStatistics checks each kind of target's statistic against the
// replicate means of its metrics, computed by hand.
func TestTargetStatistics(t *testing.T) {
	c, err := loadCalibrationText(t, t.TempDir(), "cal.toml", "scenario = \"BASELINE\"\n"+tiny+`
replicates = 2
[[parameter]]
key = "emigration.base_rate"
min = 0.1
max = 0.5

[[target]]
metric = "emigrants"
year = 4
value = 1

[[target]]
metric = "emigrants"
kind = "trend"
from_year = 1
year = 4
value = 1

[[target]]
metric = "emigrants"
kind = "ratio"
denominator = "returnees"
year = 3
value = 1
`)
	if err != nil {
		t.Fatal(err)
	}
	ind, err := c.simulate(t.Context(), []float64{0.3}, c.Seed, c.Replicates, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The indicators, in order: emigrants@4, emigrants@4, emigrants@1,
	// emigrants@3, returnees@3.
	if len(ind) != 5 || ind[0] != ind[1] {
		t.Fatalf("indicators %v; want 5, the first two equal", ind)
	}
	want := []float64{ind[0], (ind[1] - ind[2]) / 3, ind[3] / ind[4]}
	got := c.statistics(ind)
	if !slices.Equal(got, want) {
		t.Errorf("statistics = %v; want %v", got, want)
	}
	if ev, err := c.Evaluate(t.Context(), []float64{0.3}, 2); err != nil || !slices.Equal(ev, want) {
		t.Errorf("Evaluate = %v, %v; want %v", ev, err, want)
	}
}

// TestPriorSample checks each shape's sampler against its mean within the
// bounds [0, 1], to 4 standard errors of 20,000 draws (sd at most 0.29 on
// [0, 1]: 4 × 0.29 / sqrt(20000) = 0.0082), and that its log density is
// -Inf outside the bounds only.
func TestPriorSample(t *testing.T) {
	const n, tol = 20_000, 0.0082
	for _, tt := range []struct {
		prior Prior
		mean  float64
	}{
		{Prior{Shape: agents.ShapeUniform}, 0.5},
		{Prior{Shape: agents.ShapeTriangular, Mode: 0.2}, (0 + 1 + 0.2) / 3.0},
		{Prior{Shape: agents.ShapeBeta, Alpha: 2, Beta: 6}, 2.0 / 8},
		// A normal truncated symmetrically about its mean keeps its mean.
		{Prior{Shape: agents.ShapeNormal, Mean: 0.5, SD: 0.4}, 0.5},
		// Lognormal(median 0.3, sdlog 0.2): mean 0.3 exp(0.02), the
		// truncation at 1 is 6 sdlogs away.
		{Prior{Shape: agents.ShapeLognormal, Median: 0.3, SDLog: 0.2}, 0.3 * math.Exp(0.02)},
	} {
		t.Run(tt.prior.Shape.String(), func(t *testing.T) {
			b := Bound{Min: 0, Max: 1, Prior: tt.prior}
			rng := rand.New(rand.NewPCG(1, 2))
			var sum float64
			for range n {
				x, ok := b.sample(rng)
				if !ok || x < 0 || x > 1 {
					t.Fatalf("sample %v, %v; want within [0, 1]", x, ok)
				}
				sum += x
			}
			if m := sum / n; math.Abs(m-tt.mean) > tol {
				t.Errorf("mean of %d draws = %.4f; want %.4f ± %.4f", n, m, tt.mean, tol)
			}
			if !math.IsInf(b.logDensity(-0.1), -1) || !math.IsInf(b.logDensity(1.1), -1) || math.IsInf(b.logDensity(0.35), 0) {
				t.Errorf("log density at -0.1, 1.1, 0.35 = %v, %v, %v; want -Inf, -Inf, finite", b.logDensity(-0.1), b.logDensity(1.1), b.logDensity(0.35))
			}
		})
	}
}

func TestSetTOMLKey(t *testing.T) {
	const text = "name = \"x\"\n\n[emigration]\nbase_rate = 0.25   # h0 [per year]\ncost = 2\n\n[return]\nintercept = 1\n"
	for _, tt := range []struct {
		key, want string
	}{
		{"emigration.base_rate", "[emigration]\nbase_rate = 0.3 # n (was 0.25)\ncost = 2\n"},
		{"return.base_rate", "[return]\nbase_rate = 0.3 # n\nintercept = 1\n"},
		{"remittance.share", "intercept = 1\n\n[remittance]\nshare = 0.3 # n\n"},
		{"agents", "agents = 0.3 # n\n[emigration]\n"},
	} {
		t.Run(tt.key, func(t *testing.T) {
			if got := setTOMLKey(text, tt.key, "0.3", "n"); !strings.Contains(got, tt.want) {
				t.Errorf("setTOMLKey(%s):\n%s\nlacks\n%s", tt.key, got, tt.want)
			}
		})
	}
}

// TestScenarioPrior checks that a parameter without a prior of its own
// takes the prior its scenario file gives the key.
func TestScenarioPrior(t *testing.T) {
	base, err := os.ReadFile("../scenarios/baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, prior, bounds string
		want                Prior
		problem             string
	}{
		{"normal", `{ prior = "normal", mean = 0.3, sd = 0.1, min = 0, max = 1, source = "assumed" }`, "min = 0.1\nmax = 0.5",
			Prior{Shape: agents.ShapeNormal, Mean: 0.3, SD: 0.1}, ""},
		{"triangular on other bounds", `{ prior = "triangular", min = 0.1, max = 0.6, mode = 0.2, source = "assumed" }`, "min = 0.1\nmax = 0.5",
			Prior{}, "the scenario gives emigration.base_rate a triangular prior on [0.1, 0.6]: use those bounds"},
		{"triangular", `{ prior = "triangular", min = 0.1, max = 0.6, mode = 0.2, source = "assumed" }`, "min = 0.1\nmax = 0.6",
			Prior{Shape: agents.ShapeTriangular, Mode: 0.2}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			text := strings.Replace(string(base), "\nbase_rate = 0.25 ", "\nbase_rate = "+tt.prior+" ", 1)
			if err := os.WriteFile(filepath.Join(dir, "sc.toml"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := loadCalibrationText(t, dir, "cal.toml", "scenario = \"sc.toml\"\n"+tiny+
				"\n[[parameter]]\nkey = \"emigration.base_rate\"\n"+tt.bounds+"\n\n[[target]]\nmetric = \"emigrants\"\nyear = 2\nvalue = 1\nsd = 1\n")
			if tt.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Errorf("LoadCalibration: %v; want %q", err, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b := c.Parameters[0]; b.Prior != tt.want || b.PriorSource != "scenario" {
				t.Errorf("prior %+v from %q; want %+v from the scenario", b.Prior, b.PriorSource, tt.want)
			}
		})
	}
}

// TestABCShards runs a calibration of 3 generations as shards and merges,
// with 2 shards and with 1 and 3 shards in turn, stage by stage, and
// checks that posterior.csv, the diagnostics, the predictive check and
// fitted.toml are the bytes of the calibration in one process; that a
// shard whose files were lost or damaged (as by kill -9) runs again only
// those; that a merge refuses a stage with draws missing; and that a
// folder's files never mix with another calibration's.
func TestABCShards(t *testing.T) {
	dir := t.TempDir()
	c := syntheticABC(t, dir, 200, "particles = 20\ngenerations = 3\nseed = 9", []float64{0.3, 0.2}, 77)
	outputs := func(r *ABCResult) string {
		var b bytes.Buffer
		for _, write := range []func() error{
			func() error { return WritePosterior(&b, c, r) },
			func() error { return WriteDiagnostics(&b, r) },
			func() error { return WritePredictive(&b, c, r) },
			func() error { return WriteFittedScenario(&b, c, r, FittedMedian) },
		} {
			if err := write(); err != nil {
				t.Fatal(err)
			}
		}
		return b.String()
	}
	one, err := c.CalibrateABC(t.Context(), ABCOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Generations) != 3 {
		t.Fatalf("%d generations (%s); want 3", len(one.Generations), one.Status)
	}
	want := outputs(one)

	for _, tt := range []struct {
		name   string
		shards func(stage int) int
	}{
		{"2 shards", func(int) int { return 2 }},
		{"1 then 3 shards", func(stage int) int { return 1 + 2*(stage%2) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for stage := 0; ; stage++ {
				if stage > c.ABC.Generations {
					t.Fatalf("not finished after %d stages", stage)
				}
				n := tt.shards(stage)
				for i := range n {
					if _, err := c.ABCShard(t.Context(), out, i, n, ABCOptions{Workers: 2}); err != nil {
						t.Fatal(err)
					}
				}
				r, next, err := c.MergeABC(out)
				if err != nil {
					t.Fatal(err)
				}
				if next == "" {
					if got := outputs(r); got != want {
						t.Errorf("sharded outputs differ from one process's:\n%s\n---\n%s", got, want)
					}
					return
				}
			}
		})
	}

	t.Run("resume and refuse", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		st, err := c.ABCShard(t.Context(), out, 0, 2, ABCOptions{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if st.Stage != "generation 0" || st.Draws != 10 || st.Ran != 10 || st.Simulations != 10 {
			t.Errorf("first shard: %+v; want 10 particles of generation 0 run", st)
		}
		if _, _, err := c.MergeABC(out); err == nil || !strings.Contains(err.Error(), "10 of 20 draws missing (1, 3, 5, 7, 9, 11, 13, 15, 17, 19)") {
			t.Errorf("merge with shard 1 missing: %v; want the odd draws named", err)
		}
		// As kill -9 leaves a shard: a draw never written, a temporary file.
		gen0 := abcStage{Epsilon: math.Inf(1)}
		if err := os.Remove(drawFile(out, gen0, 2)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(drawFile(out, gen0, 4), []byte(`{"fingerprint": "`), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(drawDir(out, gen0), ".p000006.json.tmp-1")
		if err := os.WriteFile(tmp, []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
		var warned []string
		st, err = c.ABCShard(t.Context(), out, 0, 2, ABCOptions{Workers: 1, Warn: func(m string) { warned = append(warned, m) }})
		if err != nil {
			t.Fatal(err)
		}
		if st.Skipped != 8 || st.Ran != 2 || len(warned) != 1 || !strings.Contains(warned[0], "p000004.json is damaged") {
			t.Errorf("resumed shard: %+v, warned %q; want 8 kept, 2 run, the damaged file named", st, warned)
		}
		if _, err := c.ABCShard(t.Context(), out, 1, 2, ABCOptions{Workers: 2}); err != nil {
			t.Fatal(err)
		}
		if _, next, err := c.MergeABC(out); err != nil || next != "generation 1" {
			t.Errorf("merge: next %q, %v; want generation 1", next, err)
		}
		if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the merge left the temporary file %s: %v", tmp, err)
		}
		// Another seed is another calibration: its shards are refused.
		other := *c
		other.Seed++
		if _, err := other.ABCShard(t.Context(), out, 0, 2, ABCOptions{}); err == nil || !strings.Contains(err.Error(), "from another calibration") {
			t.Errorf("a shard of another seed: %v; want refused", err)
		}
		if _, err := c.ABCShard(t.Context(), out, 2, 2, ABCOptions{}); err == nil {
			t.Error("shard 2/2 accepted")
		}
	})
}

// TestABCStopped checks the stopping rules between stages, and that a
// generation dropped because a particle found no acceptable run is
// recorded in the folder, so that every later shard and merge goes on to
// the predictive check of the generation before.
func TestABCStopped(t *testing.T) {
	dir := t.TempDir()
	c := syntheticABC(t, dir, 100, "particles = 10\ngenerations = 3", []float64{0.3, 0.2}, 77)
	out := filepath.Join(dir, "out")
	st, err := c.readABCState(out)
	if err != nil {
		t.Fatal(err)
	}
	if s := c.nextStage(st.gens, st.stopped); s.Predictive || s.Generation != 0 || !math.IsInf(s.Epsilon, 1) {
		t.Fatalf("first stage %+v; want generation 0 with tolerance +Inf", s)
	}
	draws := make([]abcDraw, c.ABC.Particles)
	for i := range draws {
		draws[i] = abcDraw{Attempts: 1, Values: []float64{0.3, 0.2}, Stats: floatText{1, 1}, Distance: float64(i)}
	}
	if g, err := c.advance(st, c.proposer(c.nextStage(st.gens, ""), st.gens), draws); err != nil || g == nil {
		t.Fatalf("advance(generation 0) = %v, %v", g, err)
	}
	// The median of the distances 0..9 is the next tolerance.
	s := c.nextStage(st.gens, st.stopped)
	if s.Predictive || s.Generation != 1 || s.Epsilon != 4.5 {
		t.Fatalf("stage after generation 0: %+v; want generation 1 with tolerance 4.5", s)
	}
	draws[3] = abcDraw{Attempts: 200} // no run accepted
	if g, err := c.advance(st, c.proposer(s, st.gens), draws); err != nil || g != nil {
		t.Fatalf("advance(generation 1 with a particle missing) = %v, %v; want nil, nil", g, err)
	}
	again, err := c.readABCState(out)
	if err != nil {
		t.Fatal(err)
	}
	want := abcStage{Predictive: true, Generation: 0, Status: "max_attempts"}
	if s := c.nextStage(again.gens, again.stopped); len(again.gens) != 1 || s != want {
		t.Errorf("after the dropped generation: %d generations, next %+v; want 1 and %+v", len(again.gens), s, want)
	}
	// The generations' cap, and a tolerance that cannot shrink.
	for _, tt := range []struct {
		name   string
		gens   int
		dist   float64
		status string
	}{
		{"generations", 1, 0, "generations"},
		{"ties", 3, 1, "no_progress"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cc := *c
			cc.ABC.Generations = tt.gens
			g := again.gens[0]
			g.Epsilon = 1
			g.Distances = slices.Repeat([]float64{tt.dist}, len(g.Distances))
			if s := cc.nextStage([]ABCGeneration{g}, ""); !s.Predictive || s.Status != tt.status {
				t.Errorf("next stage %+v; want the predictive check, status %s", s, tt.status)
			}
		})
	}
}

// TestSetTOMLKeyArray: keys of an element of an array of tables, by index
// or by name, are set in that element (a fitted sector shift, issue 14).
func TestSetTOMLKeyArray(t *testing.T) {
	const text = "name = \"x\"\n\n[[sector]]\nname = \"doctor\"\nwage_home = 9 # w\n\n[[sector]]\nname = \"nurse\"\nemigration_shift = 0.1 # s\n\n[[destination]]\nname = \"UK\"\n[destination.wage]\ndoctor = 5\n"
	for _, tt := range []struct {
		key, want string
	}{
		{"sector[0].emigration_shift", "[[sector]]\nemigration_shift = 0.3 # n\nname = \"doctor\"\n"},
		{"sector.doctor.emigration_shift", "[[sector]]\nemigration_shift = 0.3 # n\nname = \"doctor\"\n"},
		{"sector[1].emigration_shift", "name = \"nurse\"\nemigration_shift = 0.3 # n (was 0.1)\n"},
		{"sector.nurse.emigration_shift", "name = \"nurse\"\nemigration_shift = 0.3 # n (was 0.1)\n"},
		{"destination[0].fee", "[[destination]]\nfee = 0.3 # n\nname = \"UK\"\n[destination.wage]\n"},
	} {
		t.Run(tt.key, func(t *testing.T) {
			got := setTOMLKey(text, tt.key, "0.3", "n")
			if !strings.Contains(got, tt.want) {
				t.Errorf("setTOMLKey(%s):\n%s\nlacks\n%s", tt.key, got, tt.want)
			}
			if strings.Count(got, "0.3 # n") != 1 {
				t.Errorf("setTOMLKey(%s) set the value %d times:\n%s", tt.key, strings.Count(got, "0.3 # n"), got)
			}
		})
	}
}
