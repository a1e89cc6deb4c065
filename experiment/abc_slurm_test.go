package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/sim"
)

func TestWriteABCSlurm(t *testing.T) {
	dir := t.TempDir()
	c := syntheticABC(t, dir, 100, "particles = 20\ngenerations = 3", []float64{0.3, 0.2}, 77)
	out := filepath.Join(dir, "out")
	files, err := WriteABCSlurm(out, c, ABCSlurmOptions{Fitted: FittedNormal, SlurmOptions: SlurmOptions{
		Binary: "/opt/brainsim/bin/brainsim", Experiment: c.Path, Tasks: 4, CPUsPerTask: 2, Partition: "short"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(files, " ") != "abc-shard.sbatch abc-merge.sbatch submit.sh" {
		t.Errorf("files = %v", files)
	}
	for _, tt := range []struct {
		file string
		want []string
	}{
		{ABCShardScript, []string{
			"#!/bin/bash\n",
			"#SBATCH --job-name=brainsim-abc\n",
			"#SBATCH --array=0-3\n",
			"#SBATCH --cpus-per-task=2\n",
			"#SBATCH --output=" + out + "/logs/abc-shard-%A_%a.out\n",
			"#SBATCH --partition=short\n",
			"shards=4\n",
			"'/opt/brainsim/bin/brainsim' calibrate '" + c.Path + "' --engine step --method abc --shard \"${task}/${shards}\" --out '" + out + "' --workers \"${GOMAXPROCS}\" --quiet\n",
		}},
		{ABCMergeScript, []string{
			"#SBATCH --job-name=brainsim-abc-merge\n",
			"'/opt/brainsim/bin/brainsim' calibrate '" + c.Path + "' --engine step --method abc --merge --fitted normal --out '" + out + "' --quiet\n",
		}},
		{ABCSubmitScript, []string{
			// 3 generations and the predictive check: 4 stages.
			"for stage in $(seq 0 3); do\n",
			`array=$(timeout 60 sbatch --parsable "${after[@]}" "${dir}/abc-shard.sbatch")`,
			`merge=$(timeout 60 sbatch --parsable --dependency="afterok:${array}" --kill-on-invalid-dep=yes "${dir}/abc-merge.sbatch")`,
			`after=(--dependency="afterok:${merge}" --kill-on-invalid-dep=yes)`,
			`printf 'stage=%s array=%s merge=%s\n' "${stage}" "${array}" "${merge}" >> "${dir}/jobs.txt"`,
		}},
	} {
		b, err := os.ReadFile(filepath.Join(out, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q:\n%s", tt.file, w, b)
			}
		}
		if st, err := os.Stat(filepath.Join(out, tt.file)); err != nil || st.Mode().Perm()&0o100 == 0 {
			t.Errorf("%s is not executable: %v", tt.file, err)
		}
	}
	// More tasks than particles: one task a particle.
	if _, err := WriteABCSlurm(out, c, ABCSlurmOptions{SlurmOptions: SlurmOptions{Binary: "/b", Experiment: c.Path, Tasks: 100}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, ABCShardScript)); !strings.Contains(string(b), "#SBATCH --array=0-19\n") {
		t.Errorf("with 100 tasks for 20 particles:\n%s", b)
	}
	// A folder of another calibration is refused before anything is submitted.
	if _, err := c.ABCShard(t.Context(), out, 0, 1, ABCOptions{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.MergeABC(out); err != nil {
		t.Fatal(err)
	}
	other := *c
	other.Seed++
	if _, err := WriteABCSlurm(out, &other, ABCSlurmOptions{SlurmOptions: SlurmOptions{Binary: "/b", Experiment: c.Path}}); err == nil || !strings.Contains(err.Error(), "from another calibration") {
		t.Errorf("the scripts of another seed into a folder of generations: %v; want refused", err)
	}
}

// TestWriteABCSlurmEngine: the shards and merges of a calibration with the
// event engine run with it (a stage run with the other engine would be
// refused by the fingerprint, abcFingerprint).
func TestWriteABCSlurmEngine(t *testing.T) {
	dir := t.TempDir()
	c := syntheticABC(t, dir, 100, "particles = 20\ngenerations = 3", []float64{0.3, 0.2}, 77)
	c.Engine = sim.EngineEvent
	out := filepath.Join(dir, "out")
	if _, err := WriteABCSlurm(out, c, ABCSlurmOptions{Fitted: FittedNormal, SlurmOptions: SlurmOptions{
		Binary: "/opt/brainsim/bin/brainsim", Experiment: c.Path, Tasks: 2}}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{ABCShardScript, ABCMergeScript} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if want := "calibrate '" + c.Path + "' --engine event --method abc"; !strings.Contains(string(b), want) {
			t.Errorf("%s: no %q in\n%s", f, want, b)
		}
	}
}
