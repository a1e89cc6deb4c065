package experiment

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Files WriteABCSlurm writes into the calibration's folder; JobsFile and
// LogsDir are shared with WriteSlurm.
const (
	ABCShardScript  = "abc-shard.sbatch" // the job array of a stage, one task per shard
	ABCMergeScript  = "abc-merge.sbatch" // the merge of a stage, after its array
	ABCSubmitScript = "submit.sh"        // submits every stage's array and merge, chained
)

// ABCSlurmOptions describe the batch jobs of an ABC calibration on a Slurm
// cluster. Experiment is the calibration file; Tasks is capped at the
// particles.
type ABCSlurmOptions struct {
	SlurmOptions
	Fitted FittedForm // the merge's --fitted
}

// WriteABCSlurm writes into dir the batch scripts that run the ABC
// calibration c on a Slurm cluster, dir being its output folder:
// abc-shard.sbatch, a job array whose task i runs shard i of the next
// stage ('brainsim calibrate CAL --method abc --shard i/N --out dir');
// abc-merge.sbatch, which merges the stage ('--merge'); and submit.sh,
// which submits the array and the merge of every stage the calibration may
// have (Generations, then the posterior predictive check), each array
// depending (afterok) on the merge before it and each merge on its array.
// The whole chain is known at submission, so no job needs to submit
// another (compute nodes often cannot). A calibration that stops early
// (min_acceptance, epsilon) leaves stages whose shards find nothing to do
// and whose merges rewrite the same outputs: seconds each. The outputs are
// those of 'calibrate --method abc' in one process, byte for byte.
//
// Like WriteSlurm's, every path is absolute, the tasks set GOMAXPROCS from
// SLURM_CPUS_PER_TASK, and a task run again skips the draws its shard
// finished. It returns the names of the files written, relative to dir.
func WriteABCSlurm(dir string, c *Calibration, o ABCSlurmOptions) ([]string, error) {
	var err error
	if dir, o.Binary, o.Experiment, err = slurmPaths(dir, o.Binary, o.Experiment, "calibration"); err != nil {
		return nil, err
	}
	if err := c.checkABC(); err != nil {
		return nil, err
	}
	tasks := o.Tasks
	if tasks <= 0 {
		tasks = DefaultTasks
	}
	tasks = max(1, min(tasks, c.ABC.Particles))
	cpus := max(o.CPUsPerTask, 1)
	for _, v := range []struct{ flag, val string }{{"partition", o.Partition}, {"time", o.Time}} {
		if strings.ContainsAny(v.val, " \t\n'\"\\$`;") {
			return nil, fmt.Errorf("sweep: slurm: --%s %q: must be a single word", v.flag, v.val)
		}
	}
	for _, d := range []string{dir, filepath.Join(dir, LogsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("sweep: slurm: %w", err)
		}
	}
	// Refuse now, not on the cluster, a folder of another calibration.
	if _, err := c.readABCState(dir); err != nil {
		return nil, err
	}

	job := jobName(c.Name)
	var extra strings.Builder
	if o.Partition != "" {
		fmt.Fprintf(&extra, "#SBATCH --partition=%s\n", o.Partition)
	}
	if o.Time != "" {
		fmt.Fprintf(&extra, "#SBATCH --time=%s\n", o.Time)
	}
	name := strings.TrimPrefix(job, "brainsim-") // safe in a comment
	stages := c.ABC.Generations + 1

	shard := fmt.Sprintf(`#!/bin/bash
# Written by 'brainsim calibrate --method abc --slurm': one stage of the ABC
# calibration %[1]s (a generation of %[2]d particles, or the posterior
# predictive check), as a job array of %[3]d tasks; task i runs shard i/%[3]d
# of whichever stage comes next. Submit it with submit.sh.
#SBATCH --job-name=%[4]s
#SBATCH --array=0-%[5]d
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=%[6]d
#SBATCH --output=%[7]s/abc-shard-%%A_%%a.out
%[8]sset -euo pipefail
# Clusters without CPU binding leave GOMAXPROCS at the node's CPU count.
export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-%[6]d}"
task="${SLURM_ARRAY_TASK_ID:?run this script with sbatch, as a job array}"
# Fixed here, so that a task submitted again on its own runs the same draws.
shards=%[3]d
%[9]s calibrate %[10]s --method abc --shard "${task}/${shards}" --out %[11]s --workers "${GOMAXPROCS}" --quiet
`, name, c.ABC.Particles, tasks, job, tasks-1, cpus, filepath.Join(dir, LogsDir), extra.String(),
		quote(o.Binary), quote(o.Experiment)+engineArg(&Plan{Engine: c.Engine}), quote(dir))

	merge := fmt.Sprintf(`#!/bin/bash
# Written by 'brainsim calibrate --method abc --slurm': merges the stage of
# the ABC calibration %[1]s that the shards ran: writes the generation or,
# after the posterior predictive check, posterior.csv and the other outputs.
#SBATCH --job-name=%[2]s-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=%[3]s/abc-merge-%%j.out
%[4]sset -euo pipefail
export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-1}"
%[5]s calibrate %[6]s --method abc --merge --fitted %[7]s --out %[8]s --quiet
`, name, job, filepath.Join(dir, LogsDir), extra.String(), quote(o.Binary), quote(o.Experiment)+engineArg(&Plan{Engine: c.Engine}), o.Fitted, quote(dir))

	submit := fmt.Sprintf(`#!/bin/bash
# Written by 'brainsim calibrate --method abc --slurm': submits the %[1]d stages
# of the ABC calibration %[2]s (at most %[3]d generations, then the posterior
# predictive check), each a job array and a merge: every array starts once
# the merge before it succeeded, every merge once its array did, and a
# failure cancels the rest of the chain (submit again to resume it). The job
# ids go to %[4]s, one line a stage.
set -euo pipefail
dir=%[5]s
mkdir -p "${dir}/%[6]s"
: > "${dir}/%[4]s"
after=()
for stage in $(seq 0 %[7]d); do
  # Slurm clients hang for minutes when the cluster's authentication is down.
  array=$(timeout 60 sbatch --parsable "${after[@]}" "${dir}/%[8]s")
  array=${array%%%%;*}
  merge=$(timeout 60 sbatch --parsable --dependency="afterok:${array}" --kill-on-invalid-dep=yes "${dir}/%[9]s")
  merge=${merge%%%%;*}
  printf 'stage=%%s array=%%s merge=%%s\n' "${stage}" "${array}" "${merge}" >> "${dir}/%[4]s"
  after=(--dependency="afterok:${merge}" --kill-on-invalid-dep=yes)
done
echo "submitted %[1]d stages of %[10]d array tasks and a merge each; the last merge is job ${merge}"
echo "results: ${dir}/posterior.csv once it is done; watch with: squeue -u \"${USER:-$(id -un)}\""
`, stages, name, c.ABC.Generations, JobsFile, quote(dir), LogsDir, stages-1, ABCShardScript, ABCMergeScript, tasks)

	return writeScripts(dir, []script{{ABCShardScript, shard}, {ABCMergeScript, merge}, {ABCSubmitScript, submit}})
}
