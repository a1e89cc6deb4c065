package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
)

// baseline is the shipped baseline scenario, relative to this package.
const baseline = "../../scenarios/baseline.toml"

// smallSteps is the number of steps of a run made with smallRunArgs: 3 years
// of 12 monthly steps.
const smallSteps = 3 * 12

// smallRunArgs returns the arguments of a small, quick run of the baseline
// scenario (3,000 agents, 3 years, 2 replicates) into out, followed by extra.
func smallRunArgs(out string, extra ...string) []string {
	args := []string{"run", baseline, "--set", "agents=3000", "--set", "years=3", "--replicates", "2", "--out", out, "--quiet"}
	return append(args, extra...)
}

// mustRun runs brainsim with args and fails the test unless it succeeds. It
// returns what was written to stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runBrainsim(t, args...)
	if code != 0 {
		t.Fatalf("brainsim %s: exit status %d; want 0\nstderr:\n%s", strings.Join(args, " "), code, stderr)
	}
	if stderr != "" {
		t.Errorf("brainsim %s: stderr = %q; want nothing with --quiet", strings.Join(args, " "), stderr)
	}
	return stdout
}

// readCSV reads the whole CSV file at path.
func readCSV(t *testing.T, path string) [][]string {
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
	if len(recs) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return recs
}

// column returns the values of the named column of the CSV records recs,
// header excluded.
func column(t *testing.T, recs [][]string, name string) []string {
	t.Helper()
	c := slices.Index(recs[0], name)
	if c < 0 {
		t.Fatalf("no column %q in %v", name, recs[0])
	}
	vals := make([]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		vals = append(vals, rec[c])
	}
	return vals
}

// readManifest decodes dir/manifest.json.
func readManifest(t *testing.T, dir string) output.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m output.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json does not parse: %v\n%s", err, data)
	}
	return m
}

// hiddenFiles returns the names in dir that start with '.', such as the
// temporary files of an interrupted write.
func hiddenFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

// writeScenario writes a scenario file into a new temporary folder and
// returns its path.
func writeScenario(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// smallScenario is a valid scenario; the cases of the invalid-scenario tests
// change one or two of its lines, whose numbers the comments give.
const smallScenario = `name = "small"
seed = 7
replicates = 2
agents = 2000
years = 2

[origin]
population = 1e6
wage_untrained = 2000.0

[[sector]]
name = "nurse"
training_years = 3.0
wage_home = 12000.0
workers = 500.0

[[destination]]
name = "UK"
fee = 0.05
wage.nurse = 45000.0
`

// invalidScenarios are variants of smallScenario, each with what brainsim
// must print about it, one problem a line, with PATH standing for the file.
var invalidScenarios = []struct {
	name      string
	old, new  string // the change to smallScenario
	wantLines []string
}{
	{"misspelt key", "agents = 2000", "agnets = 2000", // line 4
		[]string{`scenarios: PATH:4: unknown key "agnets" at top level; did you mean "agents"?`}},
	{"out of range", "fee = 0.05", "fee = 1.4", // line 19
		[]string{"scenarios: PATH:19: destination[0].fee = 1.4: must be within [0, 1]"}},
	{"two out of range", "replicates = 2\nagents = 2000\nyears = 2\n", "replicates = 0\nagents = 2000\nyears = -1\n", // lines 3 and 5
		[]string{
			"scenarios: PATH:3: replicates = 0: must be within [1, 10000]",
			"scenarios: PATH:5: years = -1: must be within [1, ",
		}},
	{"wrong type", "seed = 7", `seed = "seven"`, // line 2
		[]string{`scenarios: PATH:2: seed = "seven": must be an integer`}},
	{"syntax error", "[origin]", "[origin", // line 7
		[]string{"scenarios: PATH:7: invalid TOML: "}},
}

// checkProblemLines reports whether stderr is exactly the lines want, in
// order, each given as a prefix, with PATH replaced by path.
func checkProblemLines(t *testing.T, stderr, path string, want []string) {
	t.Helper()
	got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(got) != len(want) {
		t.Errorf("stderr has %d lines; want %d:\n%s", len(got), len(want), stderr)
		return
	}
	for i, w := range want {
		w = strings.ReplaceAll(w, "PATH", path)
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("stderr line %d = %q; want it to begin %q", i+1, got[i], w)
		}
	}
}

func TestRunInvalidScenario(t *testing.T) {
	t.Parallel()
	for _, tt := range invalidScenarios {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(smallScenario, tt.old, tt.new, 1)
			if text == smallScenario {
				t.Fatalf("%q is not in smallScenario", tt.old)
			}
			path := writeScenario(t, "bad.toml", text)
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := runBrainsim(t, "run", path, "--out", out, "--quiet")
			if code != 2 {
				t.Errorf("exit status %d; want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			checkProblemLines(t, stderr, path, tt.wantLines)
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("output folder %s exists after an invalid scenario (stat: %v)", out, err)
			}
		})
	}
}

func TestRunInvalidOverride(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		args      []string
		wantLines []string
	}{
		{"misspelt key", []string{"--set", "emigration.base_rat=0"},
			[]string{`scenarios: --set emigration.base_rat=0: unknown key "base_rat" in emigration; did you mean "base_rate"?`}},
		{"out of range", []string{"--set", "destination.UK.fee=1.4"},
			[]string{"scenarios: --set destination.UK.fee=1.4: destination[0].fee = 1.4: must be within [0, 1]"}},
		{"index out of range", []string{"--set", "sector[7].wage_home=1"},
			[]string{"scenarios: --set sector[7].wage_home=1: sector[7] does not exist; there are 3 [[sector]]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"run", baseline, "--out", out, "--quiet"}, tt.args...)
			code, stdout, stderr := runBrainsim(t, args...)
			if code != 2 {
				t.Errorf("exit status %d; want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			checkProblemLines(t, stderr, baseline, tt.wantLines)
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("output folder %s exists after an invalid override (stat: %v)", out, err)
			}
		})
	}
}

func TestRunMissingFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "nosuch.toml")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runBrainsim(t, "run", path, "--out", out, "--quiet")
	// A scenario file that cannot be read is invalid input (2), like an
	// invalid scenario; see the exit status in the package comment.
	if code != 2 {
		t.Errorf("exit status %d; want 2", code)
	}
	if stdout != "" {
		t.Errorf("stdout = %q; want nothing", stdout)
	}
	if want := "scenarios: " + path + ": cannot read the file: no such file\n"; stderr != want {
		t.Errorf("stderr = %q; want %q", stderr, want)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output folder %s exists after a missing scenario (stat: %v)", out, err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	good := writeScenario(t, "small.toml", smallScenario)
	typo := writeScenario(t, "typo.toml", strings.Replace(smallScenario, "agents = 2000", "agnets = 2000", 1))
	fees := writeScenario(t, "fees.toml", strings.Replace(smallScenario, "fee = 0.05", "fee = 1.4", 1))
	missing := filepath.Join(t.TempDir(), "nosuch.toml")
	okBaseline := "ok  " + baseline + " (baseline: 3 sectors, 2 destinations, 30 years)\n"
	okSmall := "ok  " + good + " (small: 1 sector, 1 destination, 2 years)\n"
	for _, tt := range []struct {
		name       string
		files      []string
		want       int
		wantStdout string
		wantStderr string
	}{
		{"baseline", []string{baseline}, 0, okBaseline, ""},
		{"two good files", []string{baseline, good}, 0, okBaseline + okSmall, ""},
		{"one bad among good", []string{baseline, typo, good}, 2, okBaseline + okSmall,
			"scenarios: " + typo + `:4: unknown key "agnets" at top level; did you mean "agents"?` + "\n"},
		{"two bad", []string{fees, good, typo}, 2, okSmall,
			"scenarios: " + fees + ":19: destination[0].fee = 1.4: must be within [0, 1]\n" +
				"scenarios: " + typo + `:4: unknown key "agnets" at top level; did you mean "agents"?` + "\n"},
		{"missing file", []string{good, missing}, 2, okSmall,
			"scenarios: " + missing + ": cannot read the file: no such file\n"},
		{"bad and missing: both reported", []string{typo, missing}, 2, "",
			"scenarios: " + typo + `:4: unknown key "agnets" at top level; did you mean "agents"?` + "\n" +
				"scenarios: " + missing + ": cannot read the file: no such file\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runBrainsim(t, append([]string{"validate"}, tt.files...)...)
			if code != tt.want {
				t.Errorf("exit status %d; want %d", code, tt.want)
			}
			if stdout != tt.wantStdout {
				t.Errorf("stdout = %q; want %q", stdout, tt.wantStdout)
			}
			if stderr != tt.wantStderr {
				t.Errorf("stderr = %q; want %q", stderr, tt.wantStderr)
			}
		})
	}
}

func TestRunWrites(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "nested", "out") // missing parents are created
	stdout := mustRun(t, smallRunArgs(out)...)
	for _, want := range []string{
		"baseline: 2 replicates x 36 steps of 3000 agents in ",
		"; wrote " + out + "\n",
		"at 2028 (mean [95% interval] over 2 replicates):\n",
		"  skilled_home ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout = %q; want it to contain %q", stdout, want)
		}
	}
	// Figures for people: thousands separators, no exponents, shares in %.
	for _, re := range []string{
		`\n  skilled_home +[0-9,]+(\.[0-9]+)? \[[0-9,.]+, [0-9,.]+\] persons\n`,
		`\n  emigration_rate +[0-9.]+ \[[0-9.]+, [0-9.]+\] %\n`,
	} {
		if !regexp.MustCompile(re).MatchString(stdout) {
			t.Errorf("stdout = %q; want a line matching %s", stdout, re)
		}
	}
	if strings.Contains(stdout, "e+") {
		t.Errorf("stdout = %q; want no figure with an exponent", stdout)
	}

	for _, name := range []string{"timeseries.csv", "summary.csv", "columns.md", "manifest.json"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: stat %v; want a non-empty file", name, err)
		}
	}
	if hidden := hiddenFiles(t, out); len(hidden) > 0 {
		t.Errorf("temporary files left in %s: %v", out, hidden)
	}

	metrics := []string{"students", "workers_home", "emigrants", "returnees", "skilled_home",
		"emigration_rate", "enrolments", "graduates", "remittances"}
	ts := readCSV(t, filepath.Join(out, "timeseries.csv"))
	if got := ts[0][:3]; !slices.Equal(got, []string{"replicate", "step", "year"}) {
		t.Errorf("timeseries.csv header begins %q; want replicate,step,year", got)
	}
	for _, m := range metrics {
		if !slices.Contains(ts[0], m) {
			t.Errorf("timeseries.csv header %q lacks %q", ts[0], m)
		}
	}
	if got, want := len(ts), 2*smallSteps+1; got != want {
		t.Errorf("timeseries.csv has %d lines; want %d (2 replicates x %d steps + header)", got, want, smallSteps)
	}
	for _, tt := range []struct {
		name string
		row  int
		want []string
	}{
		{"first row", 1, []string{"0", "1", "2025.0833"}},
		{"last row of replicate 0", smallSteps, []string{"0", "36", "2028.0000"}},
		{"first row of replicate 1", smallSteps + 1, []string{"1", "1", "2025.0833"}},
		{"last row", 2 * smallSteps, []string{"1", "36", "2028.0000"}},
	} {
		if tt.row < len(ts) && !slices.Equal(ts[tt.row][:3], tt.want) {
			t.Errorf("timeseries.csv %s begins %q; want %q", tt.name, ts[tt.row][:3], tt.want)
		}
	}

	sum := readCSV(t, filepath.Join(out, "summary.csv"))
	if got, want := strings.Join(sum[0], ","), "step,year,metric,unit,mean,sd,lo95,hi95"; got != want {
		t.Errorf("summary.csv header = %q; want %q", got, want)
	}
	nMetrics := len(ts[0]) - 3
	if got, want := len(sum), smallSteps*nMetrics+1; got != want {
		t.Errorf("summary.csv has %d lines; want %d (%d steps x %d metrics + header)", got, want, smallSteps, nMetrics)
	}
	summarised := column(t, sum, "metric")
	for _, m := range metrics {
		if !slices.Contains(summarised, m) {
			t.Errorf("summary.csv has no rows for %q", m)
		}
	}

	dict, err := os.ReadFile(filepath.Join(out, "columns.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range metrics {
		if !strings.Contains(string(dict), "| "+m+" |") {
			t.Errorf("columns.md does not describe %q", m)
		}
	}

	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatalf("manifest.json does not parse: %v", err)
	}
	for _, k := range []string{"scenario", "scenario_sha256", "seed", "replicates", "workers", "overrides", "go_version", "files"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("manifest.json has no %q", k)
		}
	}
	m := readManifest(t, out)
	scenario, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	sha := sha256.Sum256(scenario)
	for _, tt := range []struct {
		field     string
		got, want any
	}{
		{"scenario", m.Scenario, baseline},
		{"scenario_sha256", m.ScenarioSHA256, hex.EncodeToString(sha[:])},
		{"name", m.Name, "baseline"},
		{"seed", m.Seed, uint64(20261122)}, // baseline.toml's seed
		{"replicates", m.Replicates, 2},
		{"workers", m.Workers, runtime.GOMAXPROCS(0)}, // the default
		{"agents", m.Agents, 3000},
		{"steps", m.Steps, smallSteps},
		{"go_version", m.GoVersion, runtime.Version()},
	} {
		if tt.got != tt.want {
			t.Errorf("manifest %s = %v; want %v", tt.field, tt.got, tt.want)
		}
	}
	// The --replicates flag is recorded as an override after the --set flags.
	if want := []string{"agents=3000", "years=3", "replicates=2"}; !slices.Equal(m.Overrides, want) {
		t.Errorf("manifest overrides = %q; want %q", m.Overrides, want)
	}
	for _, name := range []string{"timeseries.csv", "summary.csv", "columns.md"} {
		if !slices.Contains(m.Files, name) {
			t.Errorf("manifest files = %q; want it to list %s", m.Files, name)
		}
	}
	for _, name := range m.Files {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("manifest lists %s, which was not written: %v", name, err)
		}
	}
	if m.Start.IsZero() || m.WallSeconds <= 0 {
		t.Errorf("manifest start = %v, wall_seconds = %v; want both set", m.Start, m.WallSeconds)
	}
}

func TestRunDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	read := func(out, name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ref := filepath.Join(dir, "w1")
	mustRun(t, smallRunArgs(ref, "--workers", "1")...)
	for _, workers := range []int{2, 7} {
		w := strconv.Itoa(workers)
		t.Run("workers="+w, func(t *testing.T) {
			out := filepath.Join(dir, "w"+w)
			mustRun(t, smallRunArgs(out, "--workers", w)...)
			for _, name := range []string{"timeseries.csv", "summary.csv", "columns.md"} {
				if !bytes.Equal(read(out, name), read(ref, name)) {
					t.Errorf("%s with --workers %d differs from --workers 1", name, workers)
				}
			}
			if got := readManifest(t, out).Workers; got != workers {
				t.Errorf("manifest workers = %d; want %d", got, workers)
			}
		})
	}
	t.Run("another seed", func(t *testing.T) {
		out := filepath.Join(dir, "seed")
		mustRun(t, smallRunArgs(out, "--workers", "1", "--seed", "20261123")...)
		if bytes.Equal(read(out, "timeseries.csv"), read(ref, "timeseries.csv")) {
			t.Error("timeseries.csv with --seed 20261123 is the same as with the scenario's seed 20261122")
		}
		m := readManifest(t, out)
		if m.Seed != 20261123 {
			t.Errorf("manifest seed = %d; want 20261123", m.Seed)
		}
		if want := []string{"agents=3000", "years=3", "seed=20261123", "replicates=2"}; !slices.Equal(m.Overrides, want) {
			t.Errorf("manifest overrides = %q; want %q", m.Overrides, want)
		}
	})
}

func TestRunOverrides(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref")
	mustRun(t, smallRunArgs(ref)...)
	refTS := readCSV(t, filepath.Join(ref, "timeseries.csv"))

	// allZero reports whether every value of every column whose name is
	// prefix or begins with prefix+"." is "0".
	allZero := func(recs [][]string, prefix string) bool {
		for _, name := range recs[0] {
			if name != prefix && !strings.HasPrefix(name, prefix+".") {
				continue
			}
			for _, v := range column(t, recs, name) {
				if v != "0" {
					return false
				}
			}
		}
		return true
	}
	for _, tt := range []struct {
		name          string
		sets          []string
		wantOverrides []string
		zero          string // columns all zero with the overrides, not without
	}{
		{"emigration off by name", []string{"emigration.base_rate=0"},
			[]string{"agents=3000", "years=3", "emigration.base_rate=0", "replicates=2"}, "emigrations"},
		{"fees off by index and by name", []string{"destination[0].fee=0", "destination.USA.fee=0"},
			[]string{"agents=3000", "years=3", "destination[0].fee=0", "destination.USA.fee=0", "replicates=2"}, "corridor_fees"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_"))
			var extra []string
			for _, s := range tt.sets {
				extra = append(extra, "--set", s)
			}
			mustRun(t, smallRunArgs(out, extra...)...)
			if got := readManifest(t, out).Overrides; !slices.Equal(got, tt.wantOverrides) {
				t.Errorf("manifest overrides = %q; want %q", got, tt.wantOverrides)
			}
			if allZero(refTS, tt.zero) {
				t.Fatalf("%s is zero in every row of the baseline run too", tt.zero)
			}
			ts := readCSV(t, filepath.Join(out, "timeseries.csv"))
			if !allZero(ts, tt.zero) {
				t.Errorf("%s is not zero in every row with --set %s", tt.zero, strings.Join(tt.sets, " --set "))
			}
			if len(ts) != len(refTS) {
				t.Errorf("timeseries.csv has %d lines; want %d as without overrides", len(ts), len(refTS))
			}
		})
	}
}

func TestRunUnwritableOut(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		out  func(file string) string // the --out folder, given a regular file
	}{
		{"under a regular file", func(file string) string { return filepath.Join(file, "out") }},
		{"a regular file", func(file string) string { return file }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "results")
			if err := os.WriteFile(file, []byte("keep me\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out := tt.out(file)
			code, stdout, stderr := runBrainsim(t, smallRunArgs(out)...)
			if code != 1 {
				t.Errorf("exit status %d; want 1", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			if want := "brainsim: output: cannot create output folder " + out + ": "; !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "not a directory") {
				t.Errorf("stderr = %q; want it to begin %q and say \"not a directory\"", stderr, want)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || entries[0].Name() != "results" {
				t.Errorf("%s holds %v after the failed run; want only results", dir, entries)
			}
			if b, err := os.ReadFile(file); err != nil || string(b) != "keep me\n" {
				t.Errorf("the regular file now reads %q (error %v); want it unchanged", b, err)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		cause      error // nil: a plain cancellation
		previous   bool  // the folder holds a finished run already
		wantCode   int
		wantStderr string
	}{
		{"cancelled", nil, false, 1, "brainsim: run " + baseline + ": context canceled\n"},
		{"interrupted", errInterrupted, false, 130, "brainsim: interrupted\n"},
		{"interrupted over a finished run", errInterrupted, true, 130, "brainsim: interrupted\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out")
			var before map[string][]byte
			if tt.previous {
				mustRun(t, smallRunArgs(out, "--set", "years=1")...)
				before = readFiles(t, out)
			}
			ctx, cancel := context.WithCancelCause(t.Context())
			cancel(tt.cause)
			var stdout, stderr bytes.Buffer
			err := run(ctx, smallRunArgs(out), &stdout, &stderr)
			if code := exitCode(err, &stderr); code != tt.wantCode {
				t.Errorf("exit status %d; want %d", code, tt.wantCode)
			}
			if stderr.String() != tt.wantStderr {
				t.Errorf("stderr = %q; want %q", stderr.String(), tt.wantStderr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q; want nothing", stdout.String())
			}
			if !tt.previous {
				// The folder made for the run is removed with its staging folder.
				if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("Stat(%s) after a cancelled run = %v; want no folder", out, err)
				}
				return
			}
			if after := readFiles(t, out); !maps.EqualFunc(after, before, bytes.Equal) {
				t.Errorf("%s after an interrupted run holds %v; want the previous run's files unchanged, %v", out, slices.Sorted(maps.Keys(after)), slices.Sorted(maps.Keys(before)))
			}
		})
	}
}

// readFiles returns the content of every file under dir, by path relative
// to dir, hidden ones included.
func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRunDefaultOut(t *testing.T) {
	// Not parallel: it changes the working directory.
	scenario, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	stdout := mustRun(t, "run", "--quiet", "--set", "agents=2000", "--set", "years=1", "--replicates", "1", scenario)
	want := filepath.Join("out", "baseline")
	if !strings.Contains(stdout, "; wrote "+want+"\n") {
		t.Errorf("stdout = %q; want it to say it wrote %s", stdout, want)
	}
	for _, name := range []string{"timeseries.csv", "summary.csv", "columns.md", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(want, name)); err != nil {
			t.Errorf("default output folder: %v", err)
		}
	}
}

// TestWriteHeadlineMissingMetric checks that an indicator the summary
// lacks, say after a rename, is an error naming it, not a line left out.
func TestWriteHeadlineMissingMetric(t *testing.T) {
	full := func() *results.Summary {
		s := &results.Summary{Step: []int{1}, Year: []float64{2026}, Replicates: 1}
		for _, name := range headlineMetrics {
			s.Metrics = append(s.Metrics, results.Metric{Name: name})
		}
		row := make([]float64, len(s.Metrics))
		s.Mean, s.Lo, s.Hi, s.SD = [][]float64{row}, [][]float64{row}, [][]float64{row}, [][]float64{row}
		return s
	}
	for _, tt := range []struct {
		name    string
		rename  string // metric renamed away; "" for none
		wantErr bool
	}{
		{"all recorded", "", false},
		{"remittances renamed", results.Remittances, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := full()
			if tt.rename != "" {
				s.Metrics[results.MetricIndex(s.Metrics, tt.rename)].Name += "_v2"
			}
			var out bytes.Buffer
			err := writeHeadline(&out, s)
			if (err != nil) != tt.wantErr {
				t.Fatalf("writeHeadline error = %v; want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), strconv.Quote(tt.rename)) {
				t.Errorf("writeHeadline error %q does not name %s", err, tt.rename)
			}
		})
	}
}
