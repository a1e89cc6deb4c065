package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sweepExperiment writes a grid experiment over the baseline scenario, made
// tiny, with the given replicates into a new temporary folder and returns
// its path: 2 x 2 points.
func sweepExperiment(t *testing.T, replicates int) string {
	t.Helper()
	abs, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf(`name = "tiny"
scenario = %q
set = ["agents=500", "years=4"]
replicates = %d

[[parameter]]
key = "emigration.base_rate"
values = [0.2, 0.4]

[[parameter]]
key = "sector.nurse.seats_per_year"
values = [2000, 4000]

[indicators]
metrics = ["emigration_rate.doctor", "skilled_home"]
years = [2, 4]
`, abs, replicates)
	path := filepath.Join(t.TempDir(), "tiny.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustSweep runs brainsim with args, failing the test unless it succeeds,
// and returns its stdout.
func mustSweep(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runBrainsim(t, args...)
	if code != 0 {
		t.Fatalf("brainsim %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSweepCmd(t *testing.T) {
	t.Parallel()
	exp := sweepExperiment(t, 2)
	dir := filepath.Join(t.TempDir(), "out")
	out := mustSweep(t, "sweep", exp, "--out", dir, "--workers", "2")
	if want := "tiny: 8 runs (4 points x 2 replicates; 0 finished before) in "; !strings.HasPrefix(out, want) {
		t.Errorf("stdout = %q; want prefix %q", out, want)
	}
	first := fileBytes(t, filepath.Join(dir, "results.csv"))
	if !bytes.HasPrefix(first, []byte("point,replicate,emigration.base_rate,sector.nurse.seats_per_year,metric,step,year,value\n0,0,0.2,2000,emigration_rate.doctor,24,2027.0000,")) {
		t.Errorf("results.csv begins %.200q", first)
	}
	// Again on the same folder: nothing left to run, the same bytes.
	out = mustSweep(t, "sweep", "--quiet", exp, "--out", dir)
	if !strings.Contains(out, "(4 points x 2 replicates; 8 finished before)") {
		t.Errorf("second sweep: stdout = %q; want 8 runs finished before", out)
	}
	if again := fileBytes(t, filepath.Join(dir, "results.csv")); !bytes.Equal(again, first) {
		t.Error("results.csv changed when the finished sweep ran again")
	}

	// Shards, then merge: the same bytes.
	root := t.TempDir()
	var shards []string
	for i := range 3 {
		d := filepath.Join(root, fmt.Sprint(i))
		out := mustSweep(t, "sweep", exp, "--shard", fmt.Sprintf("%d/3", i), "--out", d)
		if want := fmt.Sprintf("sweep tiny shard %d/3: ", i); !strings.HasPrefix(out, want) {
			t.Errorf("shard %d: stdout = %q; want prefix %q", i, out, want)
		}
		if _, err := os.Stat(filepath.Join(d, "results.csv")); err == nil {
			t.Errorf("shard %d wrote results.csv", i)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(root, "merged")
	out = mustSweep(t, append([]string{"merge", "--out", merged}, shards...)...)
	if want := "tiny: merged 8 runs (4 points x 2 replicates) from 3 folders; wrote results.csv, 16 plots in plots/ in " + merged + "\n"; out != want {
		t.Errorf("merge: stdout = %q; want %q", out, want)
	}
	if got := fileBytes(t, filepath.Join(merged, "results.csv")); !bytes.Equal(got, first) {
		t.Errorf("merged results.csv differs from the one-process sweep's")
	}
}

func TestSweepCmdRefuses(t *testing.T) {
	t.Parallel()
	exp := sweepExperiment(t, 1)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("scenario = \"nowhere.toml\"\nreplicats = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	shard := filepath.Join(dir, "shard")
	mustSweep(t, "sweep", exp, "--shard", "0/2", "--out", shard)
	for _, tt := range []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr []string
	}{
		{"no experiment", []string{"sweep", "--out", out}, 2, []string{"Usage: brainsim sweep", "sweep takes one experiment file, got 0 arguments"}},
		{"bad shard", []string{"sweep", exp, "--out", out, "--shard", "2/2"}, 2, []string{`--shard "2/2": want i/N with 0 <= i < N`}},
		{"slurm flag without --slurm", []string{"sweep", exp, "--out", out, "--tasks", "4"}, 2, []string{"--tasks applies only with --slurm"}},
		{"--slurm with --shard", []string{"sweep", "--slurm", exp, "--out", out, "--shard", "0/2"}, 2, []string{"--slurm writes the scripts of every shard"}},
		{"invalid experiment", []string{"sweep", bad, "--out", out}, 2, []string{
			bad + `:2: replicats: unknown key "replicats" at the top level; did you mean "replicates"?`}},
		{"merge without folders", []string{"merge", "--out", out}, 2, []string{"Usage: brainsim merge", "merge takes the output folders"}},
		{"merge of several without --out", []string{"merge", shard, dir}, 2, []string{"merge of 2 folders needs --out"}},
		{"merge with runs missing", []string{"merge", "--out", out, shard}, 1, []string{"brainsim: sweep: 2 of 4 runs are missing from " + shard}},
		{"merge of a folder that is not a sweep's", []string{"merge", "--out", out, shard, dir}, 2, []string{"brainsim: sweep: " + dir + " is not the output folder of a sweep: open "}},
		{"no such experiment", []string{"sweep", filepath.Join(dir, "nosuch.toml"), "--out", out}, 2, []string{"scenarios: " + filepath.Join(dir, "nosuch.toml") + ": cannot read the file: no such file\n"}},
		{"calibrate without a file", []string{"calibrate", "--out", out}, 2, []string{"calibrate takes one calibration file"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runBrainsim(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d; want %d\n%s", code, tt.wantCode, stderr)
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(out, "results.csv")); err == nil {
		t.Errorf("a refused command wrote %s", filepath.Join(out, "results.csv"))
	}
}

func TestSweepCmdSlurmScripts(t *testing.T) {
	t.Parallel()
	exp := sweepExperiment(t, 2)
	dir := filepath.Join(t.TempDir(), "slurm")
	out := mustSweep(t, "sweep", "--slurm", exp, "--out", dir, "--tasks", "3", "--binary", "/usr/local/bin/brainsim", "--partition", "short")
	for _, w := range []string{"tiny: 8 runs (4 points x 2 replicates) in a job array of 3 tasks", "submit with: bash " + filepath.Join(dir, "submit.sh")} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	sb := string(fileBytes(t, filepath.Join(dir, "sweep.sbatch")))
	for _, w := range []string{"#SBATCH --array=0-2\n", "#SBATCH --partition=short\n", "'/usr/local/bin/brainsim' sweep '" + exp + "' --engine event --shard"} {
		if !strings.Contains(sb, w) {
			t.Errorf("sweep.sbatch lacks %q:\n%s", w, sb)
		}
	}
}

// buildBrainsim builds the command into a temporary folder and returns the
// binary's path. It builds with the race detector when the test binary has
// it, so that the packages compiled for the test are reused.
func buildBrainsim(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build brainsim with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "brainsim")
	args := []string{"build", "-o", bin}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				args = append(args, "-race")
			}
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

// TestSweepKilled kills a sweep process with SIGKILL mid-way, runs it again,
// and checks that the results equal those of an uninterrupted sweep.
func TestSweepKilled(t *testing.T) {
	t.Parallel()
	bin := buildBrainsim(t)
	// The runs take a few milliseconds each, so a sweep of 4 points x 16
	// replicates is killed well before its end once 2 runs are written; if
	// it ends first anyway (a very fast machine), try with more replicates.
	for _, reps := range []int{16, 64, 256} {
		exp := sweepExperiment(t, reps)
		dir := filepath.Join(t.TempDir(), "out")
		cmd := exec.Command(bin, "sweep", exp, "--out", dir, "--workers", "2", "--quiet")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed := false
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			entries, _ := os.ReadDir(filepath.Join(dir, "runs"))
			if len(entries) >= 2 {
				killed = cmd.Process.Signal(syscall.SIGKILL) == nil
				break
			}
			time.Sleep(time.Millisecond)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !killed || !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Logf("with %d replicates the sweep was not killed mid-way (%v); trying more", reps, err)
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(dir, "runs"))
		if _, err := os.Stat(filepath.Join(dir, "results.csv")); err == nil {
			t.Fatal("a killed sweep wrote results.csv")
		}
		out, err := exec.Command(bin, "sweep", exp, "--out", dir, "--quiet").CombinedOutput()
		if err != nil {
			t.Fatalf("resumed sweep: %v\n%s", err, out)
		}
		if want := fmt.Sprintf("%d runs (4 points x %d replicates; ", 4*reps, reps); !strings.Contains(string(out), want) {
			t.Errorf("resumed sweep: %s; want %q", out, want)
		}
		ref := filepath.Join(t.TempDir(), "ref")
		mustSweep(t, "sweep", exp, "--out", ref, "--quiet")
		if !bytes.Equal(fileBytes(t, filepath.Join(dir, "results.csv")), fileBytes(t, filepath.Join(ref, "results.csv"))) {
			t.Errorf("results of a sweep killed after %d runs and resumed differ from an uninterrupted sweep's", len(entries))
		}
		return
	}
	t.Skip("the sweep always finished before it could be killed")
}

// TestSlurm submits a sweep as a Slurm job array and its merge job to a
// real cluster, waits for them, and checks that the merged results equal a
// local sweep's byte for byte. It runs only with BRAINSIM_SLURM=1 and a
// cluster the Slurm clients reach (see .ci/slurm.sh, which starts one on
// this machine).
func TestSlurm(t *testing.T) {
	if os.Getenv("BRAINSIM_SLURM") != "1" {
		t.Skip("set BRAINSIM_SLURM=1 to submit a sweep to a Slurm cluster (.ci/slurm.sh starts one)")
	}
	for _, c := range []string{"sbatch", "squeue", "scancel", "timeout"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Fatalf("BRAINSIM_SLURM=1 but %s is missing: %v", c, err)
		}
	}
	start := time.Now()
	bin := buildBrainsim(t)
	exp := sweepExperiment(t, 3) // 12 runs
	local := filepath.Join(t.TempDir(), "local")
	mustSweep(t, "sweep", exp, "--out", local, "--quiet")

	dir := filepath.Join(t.TempDir(), "slurm")
	mustSweep(t, "sweep", "--slurm", exp, "--out", dir, "--tasks", "4", "--binary", bin)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "bash", filepath.Join(dir, "submit.sh")).CombinedOutput()
	if err != nil {
		t.Fatalf("submit.sh: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	var array, merge string
	for _, line := range strings.Split(string(fileBytes(t, filepath.Join(dir, "jobs.txt"))), "\n") {
		if v, ok := strings.CutPrefix(line, "array="); ok {
			array = v
		}
		if v, ok := strings.CutPrefix(line, "merge="); ok {
			merge = v
		}
	}
	if array == "" || merge == "" {
		t.Fatalf("jobs.txt names no jobs: array %q, merge %q", array, merge)
	}
	logs := func() string {
		var b strings.Builder
		entries, _ := os.ReadDir(filepath.Join(dir, "logs"))
		for _, en := range entries {
			fmt.Fprintf(&b, "== %s\n%s", en.Name(), fileBytes(t, filepath.Join(dir, "logs", en.Name())))
		}
		return b.String()
	}
	// Finished jobs leave squeue, and there is no accounting to ask: wait
	// until neither job is queued, with every client call bounded (a Slurm
	// client hangs for minutes if the cluster's munge is gone).
	const limit = 120 * time.Second
	deadline := time.Now().Add(limit)
	for {
		qctx, qcancel := context.WithTimeout(t.Context(), 10*time.Second)
		q, err := exec.CommandContext(qctx, "squeue", "-h", "-o", "%i %T %r", "-j", array+","+merge).CombinedOutput()
		qcancel()
		if err == nil && strings.TrimSpace(string(q)) == "" {
			break
		}
		if strings.Contains(string(q), "DependencyNeverSatisfied") {
			t.Fatalf("an array task failed, so the merge can never run:\n%s\n%s", q, logs())
		}
		if time.Now().After(deadline) {
			cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
			exec.CommandContext(cctx, "scancel", array, merge).Run()
			ccancel()
			t.Fatalf("the jobs did not finish within %v (squeue: %v %s)\n%s", limit, err, q, logs())
		}
		time.Sleep(250 * time.Millisecond)
	}
	for i := range 4 {
		if _, err := os.Stat(filepath.Join(dir, "shards", fmt.Sprintf("%d.done", i))); err != nil {
			t.Errorf("array task %d left no done marker: %v", i, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "merge.done")); err != nil {
		t.Fatalf("the merge job left no done marker: %v\n%s", err, logs())
	}
	got := fileBytes(t, filepath.Join(dir, "results.csv"))
	if !bytes.Equal(got, fileBytes(t, filepath.Join(local, "results.csv"))) {
		t.Errorf("results.csv merged on Slurm differs from a local sweep's\n%s", logs())
	}
	t.Logf("array job %s and merge job %s done; %d bytes of results equal a local sweep's; %.1fs in all",
		array, merge, len(got), time.Since(start).Seconds())
}
