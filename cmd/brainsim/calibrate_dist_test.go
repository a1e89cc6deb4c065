package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// abcCalibration writes a calibration of two rates to fixed targets on a
// scenario of 200 agents over 4 years, with the particles and generations
// given, and returns its path.
func abcCalibration(t *testing.T, particles, generations int) string {
	t.Helper()
	abs, err := filepath.Abs(baseline)
	if err != nil {
		t.Fatal(err)
	}
	cal := filepath.Join(t.TempDir(), "abc.toml")
	text := fmt.Sprintf(`name = "abc"
scenario = %q
set = ["agents=200", "years=4", "emigration.cost=1", "return.intercept=1"]
replicates = 1
seed = 9
particles = %d
generations = %d

[[parameter]]
key = "emigration.base_rate"
min = 0.05
max = 0.6

[[parameter]]
key = "return.base_rate"
min = 0.05
max = 0.6
prior = "triangular"
mode = 0.2

[[target]]
metric = "emigrants"
year = 4
value = 28000
sd = 3000

[[target]]
metric = "returnees"
year = 4
value = 8000
sd = 1500
`, abs, particles, generations)
	if err := os.WriteFile(cal, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return cal
}

// abcOutputs are the files of an ABC calibration that must not depend on
// how it was run.
var abcOutputs = []string{"posterior.csv", "posterior_summary.csv", "diagnostics.csv", "predictive.csv", "fitted.toml"}

// TestCalibrateABCShardCmd runs 'calibrate --method abc' of 3 generations
// as 2 shards and a merge per stage, and checks that its outputs are the
// bytes of the calibration in one process.
func TestCalibrateABCShardCmd(t *testing.T) {
	t.Parallel()
	cal := abcCalibration(t, 20, 3)
	one := filepath.Join(t.TempDir(), "one")
	mustSweep(t, "calibrate", cal, "--method", "abc", "--out", one, "--quiet", "--workers", "2")

	dir := filepath.Join(t.TempDir(), "shards")
	var merged string
	for stage := 0; !strings.Contains(merged, "wrote posterior.csv"); stage++ {
		if stage > 3 {
			t.Fatalf("not finished after %d stages; last merge:\n%s", stage, merged)
		}
		for i := range 2 {
			out := mustSweep(t, "calibrate", cal, "--method", "abc", "--shard", fmt.Sprintf("%d/2", i), "--out", dir, "--workers", "1")
			if want := fmt.Sprintf("calibrate abc shard %d/2 of ", i); !strings.HasPrefix(out, want) {
				t.Errorf("shard stdout lacks %q:\n%s", want, out)
			}
		}
		merged = mustSweep(t, "calibrate", cal, "--method", "abc", "--merge", "--out", dir, "--quiet")
		if stage < 3 && !strings.Contains(merged, fmt.Sprintf("abc: merged generation %d: epsilon ", stage)) {
			t.Errorf("merge of stage %d:\n%s", stage, merged)
		}
	}
	for _, f := range abcOutputs {
		if !bytes.Equal(fileBytes(t, filepath.Join(dir, f)), fileBytes(t, filepath.Join(one, f))) {
			t.Errorf("%s of 2 shards differs from one process's:\n%s\n---\n%s", f, fileBytes(t, filepath.Join(dir, f)), fileBytes(t, filepath.Join(one, f)))
		}
	}
	if m := readJobManifest(t, dir); m.Command != "calibrate" || m.Name != "abc" {
		t.Errorf("manifest = %+v", m)
	}
}

func TestCalibrateDistFlags(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "0/2"}, "--shard applies only with --method abc"},
		{[]string{"--method", "abc", "--shard", "0/2", "--merge"}, "--shard, --merge and --slurm exclude each other"},
		{[]string{"--method", "abc", "--shard", "2/2"}, `--shard "2/2": want i/N with 0 <= i < N`},
		{[]string{"--method", "abc", "--tasks", "3"}, "--tasks applies only with --slurm"},
		{[]string{"--method", "abc", "--slurm", "--workers", "2"}, "--workers applies when running"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runBrainsim(t, append([]string{"calibrate", "x.toml"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestSlurmABC submits an ABC calibration of 2 generations as Slurm job
// arrays and merges, chained, to a real cluster, waits for them, and checks
// that the outputs equal a calibration in one process byte for byte. It
// runs only with BRAINSIM_SLURM=1 and a cluster the Slurm clients reach
// (see .ci/slurm.sh).
func TestSlurmABC(t *testing.T) {
	if os.Getenv("BRAINSIM_SLURM") != "1" {
		t.Skip("set BRAINSIM_SLURM=1 to submit a calibration to a Slurm cluster (.ci/slurm.sh starts one)")
	}
	for _, c := range []string{"sbatch", "squeue", "scancel", "timeout"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Fatalf("BRAINSIM_SLURM=1 but %s is missing: %v", c, err)
		}
	}
	start := time.Now()
	bin := buildBrainsim(t)
	cal := abcCalibration(t, 20, 2)
	local := filepath.Join(t.TempDir(), "local")
	mustSweep(t, "calibrate", cal, "--method", "abc", "--out", local, "--quiet")

	dir := filepath.Join(t.TempDir(), "slurm")
	mustSweep(t, "calibrate", cal, "--method", "abc", "--slurm", "--out", dir, "--tasks", "3", "--binary", bin)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "bash", filepath.Join(dir, "submit.sh")).CombinedOutput()
	if err != nil {
		t.Fatalf("submit.sh: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	var jobs []string
	for _, line := range strings.Split(strings.TrimSpace(string(fileBytes(t, filepath.Join(dir, "jobs.txt")))), "\n") {
		for _, f := range strings.Fields(line) {
			if k, v, ok := strings.Cut(f, "="); ok && k != "stage" {
				jobs = append(jobs, v)
			}
		}
	}
	if len(jobs) != 2*3 { // 2 generations and the predictive check
		t.Fatalf("jobs.txt names %d jobs; want 6:\n%s", len(jobs), fileBytes(t, filepath.Join(dir, "jobs.txt")))
	}
	logs := func() string {
		var b strings.Builder
		entries, _ := os.ReadDir(filepath.Join(dir, "logs"))
		for _, en := range entries {
			fmt.Fprintf(&b, "== %s\n%s", en.Name(), fileBytes(t, filepath.Join(dir, "logs", en.Name())))
		}
		return b.String()
	}
	const limit = 180 * time.Second
	deadline := time.Now().Add(limit)
	for {
		qctx, qcancel := context.WithTimeout(t.Context(), 10*time.Second)
		q, err := exec.CommandContext(qctx, "squeue", "-h", "-o", "%i %T %r", "-j", strings.Join(jobs, ",")).CombinedOutput()
		qcancel()
		if err == nil && strings.TrimSpace(string(q)) == "" {
			break
		}
		if strings.Contains(string(q), "DependencyNeverSatisfied") {
			t.Fatalf("a job failed, so the chain can never finish:\n%s\n%s", q, logs())
		}
		if time.Now().After(deadline) {
			cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
			exec.CommandContext(cctx, "scancel", jobs...).Run()
			ccancel()
			t.Fatalf("the jobs did not finish within %v (squeue: %v %s)\n%s", limit, err, q, logs())
		}
		time.Sleep(250 * time.Millisecond)
	}
	for _, f := range abcOutputs {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatalf("%v\n%s", err, logs())
		}
		if !bytes.Equal(got, fileBytes(t, filepath.Join(local, f))) {
			t.Errorf("%s of the Slurm chain differs from a local calibration's\n%s", f, logs())
		}
	}
	t.Logf("%d jobs done; the outputs equal a local calibration's; %.1fs in all", len(jobs), time.Since(start).Seconds())
}
