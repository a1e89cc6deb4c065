package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hugeSets are the overrides of issue 11's example of a run that passes
// validation and would need about 400 GB: one agent, but 10,000 replicates
// of 200 years of daily steps, whose series are kept until written.
var hugeSets = []string{"--set", "agents=1", "--set", "replicates=10000", "--set", "years=200", "--set", "steps_per_year=365"}

func TestResourceLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exp := filepath.Join(dir, "huge_sweep.toml")
	abs, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exp, fmt.Appendf(nil, `name = "huge"
scenario = %q
replicates = 2
[[parameter]]
key = "agents"
values = [1000, 50000000]
[indicators]
metrics = ["skilled_home"]
years = [1]
`, abs), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	for _, tt := range []struct {
		name string
		args []string
		want []string // substrings of stderr
	}{
		{"run", append([]string{"run", baseline, "--out", out}, hugeSets...),
			[]string{"too large for the memory limit", " GB at its peak", "agent slots", "agent-steps (10000 replicates x 73000 steps)", "replicates, years or steps_per_year", "--max-memory"}},
		{"run over a limit given", []string{"run", baseline, "--out", out, "--max-memory", "1MB"},
			[]string{"the limit is 1 MB (set by --max-memory)"}},
		{"compare", append([]string{"compare", baseline, baseline, "--out", out}, hugeSets...),
			[]string{"too large for the memory limit", "agent-steps (20000 replicates x 73000 steps)"}},
		{"validate", []string{"validate", baseline, "--max-memory", "1MB"},
			[]string{baseline + ": too large for the memory limit"}},
		{"sweep: its largest point", []string{"sweep", exp, "--out", out, "--workers", "2", "--max-memory", "2GB"},
			[]string{exp + ": too large for the memory limit", "agents, origin.youth_cohort", "(4 runs x 360 steps)"}},
		{"more agents than an engine addresses", []string{"run", baseline, "--out", out, "--set", "agents=1000", "--set", "origin.youth_cohort=1e12", "--set", "sector[0].seats_per_year=0"},
			[]string{"more than an engine can address (2147483647)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, stdout, stderr := runBrainsim(t, tt.args...)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refused after %v; want well under 2 s", d)
			}
			if code != 2 {
				t.Errorf("exit status %d; want 2\nstderr: %s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr = %q; want it to contain %q", stderr, w)
				}
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Stat(%s) = %v; want no output folder for a refused run", out, err)
			}
		})
	}
	t.Run("validate keeps its lines under the limit", func(t *testing.T) {
		code, stdout, stderr := runBrainsim(t, "validate", baseline)
		if want := "ok  " + baseline + " (baseline: 3 sectors, 2 destinations, 30 years)\n"; code != 0 || stdout != want || stderr != "" {
			t.Errorf("validate = %d, %q, %q; want 0, %q and nothing on stderr", code, stdout, stderr, want)
		}
	})
}

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0", 0, true},
		{"16GB", 16e9, true},
		{"500MB", 500e6, true},
		{"1.5GiB", 1.5 * (1 << 30), true},
		{"64 gb", 64e9, true},
		{"2T", 2e12, true},
		{"1024", 1024, true},
		{"lots", 0, false},
		{"-1GB", 0, false},
		{"GB", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
	} {
		got, err := parseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSize(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSeedRange(t *testing.T) {
	for _, tt := range []struct {
		seed string
		ok   bool
	}{
		{"0", true},
		{"9223372036854775807", true}, // 2^63-1, the largest a scenario file holds
		{"9223372036854775808", false},
		{"18446744073709551615", false},
		{"-1", false},
	} {
		rf := runFlags{seed: tt.seed}
		err := rf.check()
		if (err == nil) != tt.ok {
			t.Errorf("--seed %s: %v; want ok %v", tt.seed, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "from 0 to 9223372036854775807 (2^63-1)") {
			t.Errorf("--seed %s: %q does not state the range", tt.seed, err)
		}
	}
}

// TestUnreadableInput checks that every input that cannot be read is
// invalid input, exit status 2, for each command that reads one.
func TestUnreadableInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop.toml")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(dir, strings.Repeat("x", 300)+".toml")
	out := filepath.Join(dir, "out")
	for _, in := range []struct{ name, path string }{
		{"missing", filepath.Join(dir, "missing.toml")},
		{"directory", dir},
		{"fifo without writer", fifo},
		{"device", "/dev/zero"},
		{"symlink loop", loop},
		{"over-long name", long},
	} {
		for _, cmd := range [][]string{
			{"run", in.path, "--out", out},
			{"validate", in.path},
			{"compare", baseline, in.path, "--out", out},
			{"sweep", in.path, "--out", out},
			{"calibrate", in.path, "--out", out},
		} {
			t.Run(in.name+"/"+cmd[0], func(t *testing.T) {
				done := make(chan struct{})
				var code int
				var stderr string
				go func() {
					defer close(done)
					code, _, stderr = runBrainsim(t, cmd...)
				}()
				select {
				case <-done:
				case <-time.After(5 * time.Second):
					t.Fatal("still reading after 5 s")
				}
				if code != 2 || !strings.Contains(stderr, in.path) {
					t.Errorf("exit status %d, stderr %q; want 2 and a message naming %s", code, stderr, in.path)
				}
			})
		}
	}
}

// TestOutputFolder checks how run treats a folder that holds files already.
func TestOutputFolder(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		prepare  func(t *testing.T, out string) // makes the folder before the run
		force    bool
		wantCode int
		want     []string // files that must exist after
		wantGone []string // files that must not
	}{
		{"a previous run's stale files are removed", func(t *testing.T, out string) {
			mustRun(t, smallRunArgs(out, "--set", "years=1")...)
			// As if the previous scenario had a sector this one lacks.
			addToManifest(t, out, "plots/sector_midwife.png")
		}, false, 0, []string{"timeseries.csv", "plots/sector_nurse.png"}, []string{"plots/sector_midwife.png"}},
		{"temporary files of killed runs are removed", func(t *testing.T, out string) {
			writeFiles(t, out, ".timeseries.csv.tmp-123", "plots/.x.png.tmp-4", ".brainsim-stage-9/summary.csv")
		}, false, 0, []string{"timeseries.csv"}, []string{".timeseries.csv.tmp-123", "plots/.x.png.tmp-4", ".brainsim-stage-9"}},
		{"files brainsim did not write are refused", func(t *testing.T, out string) {
			writeFiles(t, out, "thesis.tex")
		}, false, 2, []string{"thesis.tex"}, []string{"timeseries.csv", "manifest.json"}},
		{"with --force they are kept", func(t *testing.T, out string) {
			writeFiles(t, out, "thesis.tex")
		}, true, 0, []string{"thesis.tex", "timeseries.csv", "manifest.json"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out")
			tt.prepare(t, out)
			args := smallRunArgs(out)
			if tt.force {
				args = append(args, "--force")
			}
			code, _, stderr := runBrainsim(t, args...)
			if code != tt.wantCode {
				t.Fatalf("exit status %d; want %d\nstderr: %s", code, tt.wantCode, stderr)
			}
			if code == 2 && !strings.Contains(stderr, "brainsim did not write (thesis.tex)") {
				t.Errorf("stderr = %q; want it to name the foreign file", stderr)
			}
			for _, f := range tt.want {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("want %s: %v", f, err)
				}
			}
			for _, f := range tt.wantGone {
				if _, err := os.Stat(filepath.Join(out, f)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("Stat(%s) = %v; want it gone", f, err)
				}
			}
			if code == 0 {
				if h := hiddenFiles(t, out); len(h) != 0 {
					t.Errorf("hidden files left in %s: %v", out, h)
				}
				m := readManifest(t, out)
				got, _ := filepath.Glob(filepath.Join(out, "plots", "*"))
				if len(m.Files) != 4+len(got)+1 { // four CSV and md files, the plots, the report
					t.Errorf("manifest lists %d files; the folder has %d plots", len(m.Files), len(got))
				}
			}
		})
	}
}

// addToManifest adds name to the files of dir's manifest and creates it.
func addToManifest(t *testing.T, dir, name string) {
	t.Helper()
	m := readManifest(t, dir)
	m.Files = append(m.Files, name)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, name)
}

// writeFiles creates files with a line of text under dir.
func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("something\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRunManifestHashesBytesRead(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, smallRunArgs(out)...)
	sum := sha256.Sum256(data)
	if got := readManifest(t, out).ScenarioSHA256; got != hex.EncodeToString(sum[:]) {
		t.Errorf("manifest scenario_sha256 = %s; want %x, the file's", got, sum)
	}
}

// TestDefaultOutSanitised checks that a name that is a path does not lead
// the default output folder out of out/.
func TestDefaultOutSanitised(t *testing.T) {
	// Not parallel: it changes the working directory.
	scenario, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	work := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	exp := filepath.Join(dir, "exp.toml")
	if err := os.WriteFile(exp, fmt.Appendf(nil, `name = "../../y"
scenario = %q
set = ["agents=500", "years=1"]
replicates = 1
[[parameter]]
key = "emigration.base_rate"
values = [0.2]
[indicators]
metrics = ["skilled_home"]
years = [1]
`, scenario), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	mustRun(t, "run", scenario, "--quiet", "--set", "agents=500", "--set", "years=1", "--replicates", "1", "--set", `name="../../x"`)
	mustRun(t, "sweep", exp, "--quiet")
	for _, want := range []string{"out/_._.._x/manifest.json", "out/_._.._y/results.csv"} {
		if _, err := os.Stat(filepath.FromSlash(want)); err != nil {
			t.Errorf("want %s: %v", want, err)
		}
	}
	for _, bad := range []string{filepath.Join(dir, "x"), filepath.Join(dir, "y"), filepath.Join(dir, "a", "x")} {
		if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Stat(%s) = %v; want nothing written outside out/", bad, err)
		}
	}
}

// TestSignals builds brainsim and interrupts real runs of it, in the
// simulation and while writing, and checks the exit status, the message
// and that the output folder still holds the previous run, untouched.
func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "brainsim")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	// Long enough to be interrupted: about 10 s of simulation on one core.
	long := []string{"run", baseline, "--set", "agents=20000", "--replicates", "40", "--workers", "1", "--quiet"}
	for _, tt := range []struct {
		name  string
		sigs  []os.Signal
		when  string // "simulating", "writing" or "plots": see reached
		extra []string
	}{
		{"SIGINT while simulating", []os.Signal{os.Interrupt}, "simulating", nil},
		{"SIGTERM while simulating", []os.Signal{syscall.SIGTERM}, "simulating", nil},
		{"two SIGINTs exit at once", []os.Signal{os.Interrupt, os.Interrupt}, "simulating", nil},
		// Few steps and many replicates: writing timeseries.csv and the
		// plots takes a while.
		{"SIGINT while writing", []os.Signal{os.Interrupt}, "writing", []string{"--set", "years=30", "--set", "agents=500", "--replicates", "400"}},
		{"SIGINT while drawing", []os.Signal{os.Interrupt}, "plots", []string{"--set", "years=30", "--set", "agents=500", "--replicates", "20"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			mustRun(t, smallRunArgs(out, "--set", "years=1")...)
			before := readFiles(t, out)
			args := append(append(append([]string(nil), long...), "--out", out), tt.extra...)
			cmd := exec.Command(bin, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			deadline := time.Now().Add(30 * time.Second)
			for !reached(out, tt.when) {
				if time.Now().After(deadline) {
					t.Fatalf("the run did not reach %q in 30 s", tt.when)
				}
				time.Sleep(5 * time.Millisecond)
			}
			start := time.Now()
			for _, s := range tt.sigs {
				if err := cmd.Process.Signal(s); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Millisecond)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("still running 10 s after the signal")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("exit: %v; want status 130", err)
			}
			if !strings.Contains(stderr.String(), "brainsim: interrupted\n") || strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("stderr = %q; want \"brainsim: interrupted\" and no \"context canceled\"", stderr.String())
			}
			t.Logf("stopped %v after the signal", time.Since(start))
			after := readFiles(t, out)
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s changed or went away", name)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok && !strings.HasPrefix(name, ".brainsim-stage-") {
					t.Errorf("%s is new; want only the previous run's files and at most a staging folder", name)
				}
			}
		})
	}
}

// reached reports whether a run into out has reached the phase when:
// "simulating" once its staging folder exists, "writing" once a file is
// in it, "plots" once its plots folder is.
func reached(out, when string) bool {
	stages, _ := filepath.Glob(filepath.Join(out, ".brainsim-stage-*"))
	switch when {
	case "simulating":
		return len(stages) > 0
	case "plots":
		plots, _ := filepath.Glob(filepath.Join(out, ".brainsim-stage-*", "plots"))
		return len(plots) > 0
	}
	for _, s := range stages {
		if entries, _ := os.ReadDir(s); len(entries) > 0 {
			return true
		}
	}
	return false
}

// TestSweepInterrupted checks that an interrupted sweep exits 130 and says
// how to resume.
func TestSweepInterrupted(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errInterrupted)
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"sweep", "../../scenarios/experiments/baseline_sweep.toml", "--out", out, "--quiet"}, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != 130 {
		t.Errorf("exit status %d; want 130", code)
	}
	if want := "brainsim: interrupted: sweep baseline_sweep: 0 of 45 runs finished; run the same command again to resume\n"; stderr.String() != want {
		t.Errorf("stderr = %q; want %q", stderr.String(), want)
	}
}
