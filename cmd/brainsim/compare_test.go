package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	outreport "github.com/brainsim/brainsim/output/report"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
	"github.com/brainsim/brainsim/sim"
)

// smallSets are the overrides that make the compare tests quick: 3,000
// agents over 11 years (headline years 5 and 10), 3 replicates.
var smallSets = []string{"--set", "agents=3000", "--set", "years=11", "--replicates", "3", "--quiet"}

// readJSONManifest reads a manifest.json written by run.
func readJSONManifest(t *testing.T, path string) output.Manifest {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m output.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// mustCompare runs brainsim compare with args and the small settings and
// fails the test unless it succeeds; it returns stdout.
func mustCompare(t *testing.T, args ...string) string {
	t.Helper()
	args = append(append([]string{"compare"}, args...), smallSets...)
	code, stdout, stderr := brainsim(t, args...)
	if code != 0 {
		t.Fatalf("brainsim %s: exit status %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// TestCompare runs one comparison and checks what it writes, then that the
// difference it plots is the per-replicate difference of the runs.
func TestCompare(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	// A seed of its own, which compare replaces by the baseline's.
	topup := writeTopup(t, tmp, "nurse_topup", "seed = 99")
	out := filepath.Join(tmp, "cmp")
	stdout := mustCompare(t, visBaseline, topup, "--out", out)
	t.Run("writes", func(t *testing.T) { checkCompareWrites(t, out, stdout) })
	t.Run("difference is per replicate", func(t *testing.T) { checkDifferenceIsPerReplicate(t, out, topup) })
}

func checkCompareWrites(t *testing.T, out, stdout string) {
	for _, want := range []string{
		"compare: 2 scenarios x 3 replicates x 132 steps in ",
		"baseline baseline; wrote " + out,
		"at 2035, difference to baseline (mean [95% interval] of 3 paired replicates):",
		"  nurse_topup:\n    skilled_home ",
		"cost per extra skilled",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// Figures for people: a signed mean, thousands separators, no exponents.
	if re := regexp.MustCompile(`\n    skilled_home +[+-]?[0-9,]+(\.[0-9]+)? \[-?[0-9,.]+, -?[0-9,.]+\] persons\n`); !re.MatchString(stdout) {
		t.Errorf("stdout = %q; want a line matching %s", stdout, re)
	}
	if strings.Contains(stdout, "e+") {
		t.Errorf("stdout = %q; want no figure with an exponent", stdout)
	}

	// The fields of manifest.json checked here.
	var m struct {
		Baseline   string            `json:"baseline"`
		Seed       uint64            `json:"seed"`
		Replicates int               `json:"replicates"`
		Runs       []output.Manifest `json:"runs"`
		Files      []string          `json:"files"`
	}
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Baseline != "baseline" || len(m.Runs) != 2 || m.Replicates != 3 {
		t.Errorf("manifest: baseline %q, %d runs, %d replicates; want baseline, 2, 3", m.Baseline, len(m.Runs), m.Replicates)
	}
	for _, r := range m.Runs {
		if r.Seed != m.Seed || r.Replicates != 3 || len(r.ScenarioSHA256) != 64 {
			t.Errorf("run %s: seed %d, replicates %d, sha %q; want seed %d, 3 replicates and a digest", r.Name, r.Seed, r.Replicates, r.ScenarioSHA256, m.Seed)
		}
	}
	for _, f := range m.Files {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("manifest lists %s: stat %v; want a non-empty file", f, err)
		}
	}
	for _, want := range []string{
		"summary_baseline.csv", "summary_nurse_topup.csv", "difference_nurse_topup.csv",
		"headline.csv", "headline.md", "report.html", "manifest.json",
		"plots/difference_skilled_home.nurse.png", "plots/difference_skilled_home.nurse.svg",
		"plots/overlay_health_workers_per_10k.svg", "plots/overlay_workers_home.nurse.svg",
	} {
		if !slices.Contains(m.Files, want) {
			t.Errorf("manifest files lack %q", want)
		}
	}
	if hidden, _ := filepath.Glob(filepath.Join(out, ".*")); len(hidden) > 0 {
		t.Errorf("temporary files left: %v", hidden)
	}

	labels := chartLabels(t, out)
	checkGolden(t, "compare_labels.golden", labels)
	for _, want := range []string{
		"difference_skilled_home.nurse.svg: Additional nurses at home | mean and 95% interval of the paired differences over 3 replicates | year | difference, persons | no difference | nurse_topup − baseline",
		"overlay_health_workers_per_10k.svg: Health workers per 10,000 population | mean and 95% interval over 3 replicates | year | health workers per 10,000 population | WHO safeguards list (2023), 49 | WHO SDG index threshold, 44.5 | baseline | nurse_topup",
	} {
		if !strings.Contains(labels, want) {
			t.Errorf("chart labels lack %q:\n%s", want, labels)
		}
	}

	hl := readCompareCSV(t, filepath.Join(out, "headline.csv"))
	if got, want := hl[0], []string{"year", "indicator", "unit", "scenario", "mean", "lo95", "hi95", "diff_mean", "diff_lo95", "diff_hi95", "note"}; !slices.Equal(got, want) {
		t.Errorf("headline.csv header = %q; want %q", got, want)
	}
	var years, costRows []string
	for _, r := range hl[1:] {
		if !slices.Contains(years, r[0]) {
			years = append(years, r[0])
		}
		if r[1] == outreport.PerWorkerName {
			costRows = append(costRows, r[0]+" "+r[3])
		}
	}
	if !slices.Equal(years, []string{"2030", "2035"}) {
		t.Errorf("headline years = %q; want 2030 and 2035 (2045 is past the horizon)", years)
	}
	if !slices.Equal(costRows, []string{"2030 nurse_topup", "2035 nurse_topup"}) {
		t.Errorf("cost-per-worker rows = %q; want one per year for nurse_topup", costRows)
	}
	md, err := os.ReadFile(filepath.Join(out, "headline.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Headline indicators: nurse_topup against baseline", "## 2030, year 5", "## 2035, year 10",
		"| Indicator | Unit | baseline | nurse_topup | nurse_topup − baseline |", "| Cost per additional skilled worker at home | USD PPP per person |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("headline.md lacks %q", want)
		}
	}

	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	checkSelfContained(t, string(page))
	for _, want := range []string{"brainsim: nurse_topup against baseline", "Difference to the baseline", "In short",
		"What differs between the scenarios", "policy.nurse_topup.top_up", "baseline: no policy"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

func readCompareCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// checkDifferenceIsPerReplicate checks that the difference compare writes
// to difference_NAME.csv (and plots, see TestDiffBands in output/charts)
// is, row by row, the mean of the per-replicate differences of two
// independent runs of the scenarios and the 95% t-interval of those
// differences.
func checkDifferenceIsPerReplicate(t *testing.T, out, topup string) {
	var err error

	// The same runs, made here directly: the baseline's seed for both.
	load := func(path string, extra ...string) *model.Scenario {
		sc, err := scenarios.Load(path, append([]string{"agents=3000", "years=11", "replicates=3"}, extra...)...)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	base := load(visBaseline)
	pol := load(topup, "seed="+strconv.FormatUint(base.Seed, 10))
	a, err := sim.Run(t.Context(), base, sim.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.Run(t.Context(), pol, sim.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}

	const metric = "skilled_home.nurse"
	ma, mb := results.MetricIndex(a.Metrics, metric), results.MetricIndex(b.Metrics, metric)
	want := make([]results.Estimate, len(a.Step))
	diffs := make([]float64, len(a.Values))
	positive := false
	for i := range a.Step {
		for r := range a.Values {
			diffs[r] = b.Values[r][i][mb] - a.Values[r][i][ma]
		}
		want[i] = results.MeanCI(diffs)
		positive = positive || want[i].Mean > 0
	}
	if !positive {
		t.Fatal("the top-up never adds nurses: the test scenario does not test anything")
	}
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y)) }

	// What compare wrote, from its own runs.
	recs := readCompareCSV(t, filepath.Join(out, "difference_nurse_topup.csv"))
	i := 0
	for _, r := range recs[1:] {
		if r[2] != metric {
			continue
		}
		got := make([]float64, 3)
		for k, f := range []string{r[4], r[6], r[7]} {
			if got[k], err = strconv.ParseFloat(f, 64); err != nil {
				t.Fatal(err)
			}
		}
		if !near(got[0], want[i].Mean) || !near(got[1], want[i].Lo) || !near(got[2], want[i].Hi) {
			t.Fatalf("difference_nurse_topup.csv step %s: %v; want %+v", r[0], got, want[i])
		}
		i++
	}
	if i != len(want) {
		t.Errorf("difference_nurse_topup.csv has %d rows of %s; want %d", i, metric, len(want))
	}
}

func TestLoadCompared(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	topup := writeTopup(t, tmp, "nurse_topup", "seed = 99", "replicates = 7")
	paths := []string{visBaseline, topup}
	sets := []string{"agents=3000"}
	b, err := scenarios.Load(visBaseline)
	if err != nil {
		t.Fatal(err)
	}
	bSeed, bReps := "seed="+strconv.FormatUint(b.Seed, 10), "replicates="+strconv.Itoa(b.Replicates)
	for _, tt := range []struct {
		name, baseline, seed, reps string
		base                       int
		wantSeed                   uint64
		wantReps                   int
		wantOverrides              [2][]string
	}{
		{"first is the baseline", "", "", "", 0, b.Seed, b.Replicates,
			[2][]string{{"agents=3000"}, {"agents=3000", bSeed, bReps}}},
		{"baseline by name", "nurse_topup", "", "", 1, 99, 7,
			[2][]string{{"agents=3000", "seed=99", "replicates=7"}, {"agents=3000"}}},
		{"baseline by file", topup, "", "3", 1, 99, 3,
			[2][]string{{"agents=3000", "seed=99", "replicates=3"}, {"agents=3000", "replicates=3"}}},
		{"baseline by file name", "baseline", "5", "", 0, 5, b.Replicates,
			[2][]string{{"agents=3000", "seed=5"}, {"agents=3000", "seed=5", bReps}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			scs, base, err := loadCompared(paths, sets, tt.baseline, tt.seed, tt.reps)
			if err != nil {
				t.Fatal(err)
			}
			if base != tt.base {
				t.Errorf("baseline = %d; want %d", base, tt.base)
			}
			for i, sc := range scs {
				if sc.Seed != tt.wantSeed || sc.Replicates != tt.wantReps {
					t.Errorf("scenario %d: seed %d, %d replicates; want %d and %d", i, sc.Seed, sc.Replicates, tt.wantSeed, tt.wantReps)
				}
				if !slices.Equal(sc.Overrides, tt.wantOverrides[i]) {
					t.Errorf("scenario %d: overrides %q; want %q", i, sc.Overrides, tt.wantOverrides[i])
				}
			}
		})
	}
}

func TestCompareRefuses(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	longer := writeTopup(t, tmp, "longer", "start_year = 2026")
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"one scenario", []string{"compare", visBaseline}, 2, "compare takes at least two scenario files, got 1"},
		{"unknown baseline", []string{"compare", visBaseline, longer, "--baseline", "nope"}, 2, `--baseline "nope": not one of the scenarios compared`},
		{"different calendar", []string{"compare", visBaseline, longer, "--set", "agents=3000"}, 2,
			"compare: the scenarios must share the baseline's calendar (../../scenarios/baseline.toml: 30 years from 2025 in 12 steps a year), but " + longer + " runs 30 years from 2026 in 12 steps a year"},
		{"bad replicates", []string{"compare", visBaseline, longer, "--replicates", "0"}, 2, `--replicates "0": must be a whole number >= 1`},
		{"missing file", []string{"compare", visBaseline, filepath.Join(tmp, "none.toml")}, 2, "none.toml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := brainsim(t, append(tt.args, "--out", filepath.Join(tmp, "out"), "--quiet")...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit status %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

func TestScenarioLabels(t *testing.T) {
	scs := []*model.Scenario{{Name: "a"}, {Name: "b"}, {Name: "a"}}
	got := scenarioLabels(scs, []string{"x/one.toml", "b.toml", "y/two.toml"})
	if want := []string{"one", "b", "two"}; !slices.Equal(got, want) {
		t.Errorf("scenarioLabels = %q; want %q", got, want)
	}
	got = scenarioLabels([]*model.Scenario{{Name: "a"}, {Name: "a"}}, []string{"x/s.toml", "y/s.toml"})
	if got[0] == got[1] {
		t.Errorf("scenarioLabels = %q; want distinct labels", got)
	}
}
