package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteSlurm(t *testing.T) {
	e := load(t, gridExperiment)
	dir := filepath.Join(t.TempDir(), "out")
	files, err := WriteSlurm(dir, e.Plan(), SlurmOptions{
		Binary: "/opt/brainsim/bin/brainsim", Experiment: e.Path, Tasks: 3, CPUsPerTask: 2, Time: "00:10:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(files, " ") != "sweep.sbatch merge.sbatch submit.sh" {
		t.Errorf("files = %v", files)
	}
	for _, tt := range []struct {
		file string
		want []string
	}{
		{SweepScript, []string{
			"#!/bin/bash\n",
			"#SBATCH --job-name=brainsim-grid\n",
			"#SBATCH --array=0-2\n",
			"#SBATCH --cpus-per-task=2\n",
			"#SBATCH --output=" + dir + "/logs/sweep-%A_%a.out\n",
			"#SBATCH --time=00:10:00\n",
			`export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-2}"`,
			"shards=3\n",
			"'/opt/brainsim/bin/brainsim' sweep '" + e.Path + "' --engine step --shard \"${task}/${shards}\" --out '" + dir + "/shards'/\"${task}\" --workers \"${GOMAXPROCS}\" --quiet\n",
			"touch '" + dir + "/shards'/\"${task}\".done\n",
		}},
		{MergeScript, []string{
			"#SBATCH --job-name=brainsim-grid-merge\n",
			"'/opt/brainsim/bin/brainsim' merge --out '" + dir + "' \\\n  '" + dir + "/shards/0' \\\n  '" + dir + "/shards/1' \\\n  '" + dir + "/shards/2'\n",
			"touch '" + dir + "/merge.done'\n",
		}},
		{SubmitScript, []string{
			`array=$(timeout 60 sbatch --parsable "${dir}/sweep.sbatch")`,
			`--dependency="afterok:${array}" --kill-on-invalid-dep=yes "${dir}/merge.sbatch")`,
			`printf 'array=%s\nmerge=%s\n' "${array}" "${merge}" > "${dir}/jobs.txt"`,
		}},
	} {
		b := readBytes(t, filepath.Join(dir, tt.file))
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q:\n%s", tt.file, w, b)
			}
		}
		if st, err := os.Stat(filepath.Join(dir, tt.file)); err != nil || st.Mode().Perm()&0o100 == 0 {
			t.Errorf("%s is not executable: %v", tt.file, err)
		}
	}
	if p, err := ReadPlan(dir); err != nil || p.Fingerprint != e.Plan().Fingerprint {
		t.Errorf("ReadPlan(%s) = %v; want the experiment's plan", dir, err)
	}

	// More tasks than runs: one task a run.
	if _, err := WriteSlurm(dir, e.Plan(), SlurmOptions{Binary: "/b", Experiment: e.Path, Tasks: 100}); err != nil {
		t.Fatal(err)
	}
	if b := readBytes(t, filepath.Join(dir, SweepScript)); !strings.Contains(string(b), "#SBATCH --array=0-7\n") {
		t.Errorf("with 100 tasks for 8 runs:\n%s", b)
	}
	if _, err := WriteSlurm(filepath.Join(t.TempDir(), "a b"), e.Plan(), SlurmOptions{Binary: "/b", Experiment: e.Path}); err == nil || !strings.Contains(err.Error(), "must not contain spaces") {
		t.Errorf("WriteSlurm into a folder with a space: %v; want an error", err)
	}
}
