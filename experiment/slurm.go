package experiment

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/output"
)

// Files WriteSlurm writes into the output folder.
const (
	SweepScript  = "sweep.sbatch" // the job array, one task per shard
	MergeScript  = "merge.sbatch" // the merge of the shards, after the array
	SubmitScript = "submit.sh"    // submits both, the merge depending on the array
	JobsFile     = "jobs.txt"     // written by submit.sh: the ids of the two jobs
	ShardsDir    = "shards"       // holds one output folder per shard
	LogsDir      = "logs"         // the jobs' output
)

// DefaultTasks is the number of array tasks WriteSlurm uses when
// SlurmOptions.Tasks is 0. Each task costs the scheduler about half a
// second, so a task should carry many runs.
const DefaultTasks = 8

// SlurmOptions describe the batch jobs of a sweep on a Slurm cluster.
type SlurmOptions struct {
	Binary     string // the brainsim binary the jobs run; made absolute
	Experiment string // the experiment file; made absolute
	// Tasks is the number of array tasks, each running one shard of the
	// runs; 0 means DefaultTasks. It is capped at the number of runs.
	Tasks int
	// CPUsPerTask is each task's --cpus-per-task, and the number of runs
	// it has in progress at once; 0 means 1.
	CPUsPerTask int
	Partition   string // --partition; "" for the cluster's default
	Time        string // --time, each task's time limit, e.g. "02:00:00"; "" for the partition's default
}

// WriteSlurm writes into dir the batch scripts that run the plan on a Slurm
// cluster: sweep.sbatch, a job array whose task i runs shard i of the runs
// into dir/shards/i ('brainsim sweep EXP --shard i/N'); merge.sbatch, which
// joins the shards into dir ('brainsim merge'), writing the same
// results.csv as a sweep in one process; and submit.sh, which submits the
// array and then the merge with --dependency=afterok on the array. Each task
// and the merge touch a marker file (dir/shards/i.done, dir/merge.done) when
// they succeed, since finished jobs leave squeue and clusters without
// accounting keep no record of them.
//
// Every path in the scripts is absolute, so they can be submitted from
// anywhere; dir, the binary and the experiment must be on a file system the
// nodes share. The tasks set GOMAXPROCS from SLURM_CPUS_PER_TASK, since
// clusters without CPU binding do not limit it. Tasks are resumable: a task
// run again (after a time limit or a node failure) skips the runs its shard
// has finished.
//
// It returns the names of the files written, relative to dir.
func WriteSlurm(dir string, p *Plan, o SlurmOptions) ([]string, error) {
	var err error
	if dir, o.Binary, o.Experiment, err = slurmPaths(dir, o.Binary, o.Experiment, "experiment"); err != nil {
		return nil, err
	}
	tasks := o.Tasks
	if tasks <= 0 {
		tasks = DefaultTasks
	}
	tasks = max(1, min(tasks, p.Runs()))
	cpus := max(o.CPUsPerTask, 1)
	for _, v := range []struct{ flag, val string }{{"partition", o.Partition}, {"time", o.Time}} {
		if strings.ContainsAny(v.val, " \t\n'\"\\$`;") {
			return nil, fmt.Errorf("sweep: slurm: --%s %q: must be a single word", v.flag, v.val)
		}
	}
	for _, d := range []string{dir, filepath.Join(dir, LogsDir), filepath.Join(dir, ShardsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("sweep: slurm: %w", err)
		}
	}
	if err := preparePlan(dir, p); err != nil {
		return nil, err
	}

	job := jobName(p.Name)
	var extra strings.Builder
	if o.Partition != "" {
		fmt.Fprintf(&extra, "#SBATCH --partition=%s\n", o.Partition)
	}
	if o.Time != "" {
		fmt.Fprintf(&extra, "#SBATCH --time=%s\n", o.Time)
	}
	shards := filepath.Join(dir, ShardsDir)
	name := strings.TrimPrefix(job, "brainsim-") // safe in a comment

	sweep := fmt.Sprintf(`#!/bin/bash
# Written by 'brainsim sweep --slurm': the sweep %[1]s, %[2]d runs (%[3]d points
# x %[4]d replicates), as a job array of %[5]d tasks; task i runs shard i/%[5]d.
# Submit it with submit.sh, which also submits the merge.
#SBATCH --job-name=%[6]s
#SBATCH --array=0-%[7]d
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=%[8]d
#SBATCH --output=%[9]s/sweep-%%A_%%a.out
%[10]sset -euo pipefail
# Clusters without CPU binding leave GOMAXPROCS at the node's CPU count.
export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-%[8]d}"
task="${SLURM_ARRAY_TASK_ID:?run this script with sbatch, as a job array}"
# The number of shards is fixed here rather than read from
# SLURM_ARRAY_TASK_COUNT, so that a task submitted again on its own
# (sbatch --array=3 sweep.sbatch) runs the same slice of the runs.
shards=%[5]d
echo "brainsim sweep: shard ${task}/${shards} (array task count ${SLURM_ARRAY_TASK_COUNT:-unknown}) on $(hostname)"
%[11]s sweep %[12]s --shard "${task}/${shards}" --out %[13]s --workers "${GOMAXPROCS}" --quiet
touch %[13]s.done
`, name, p.Runs(), len(p.Points), p.Replicates, tasks, job, tasks-1, cpus,
		filepath.Join(dir, LogsDir), extra.String(), quote(o.Binary), quote(o.Experiment)+engineArg(p), quote(shards)+`/"${task}"`)

	var shardArgs []string
	for i := range tasks {
		shardArgs = append(shardArgs, quote(filepath.Join(shards, strconv.Itoa(i))))
	}
	merge := fmt.Sprintf(`#!/bin/bash
# Written by 'brainsim sweep --slurm': joins the %[1]d shards of the sweep %[2]s
# into %[3]s. submit.sh submits it to start once every array task succeeded.
#SBATCH --job-name=%[4]s-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=%[5]s/merge-%%j.out
%[6]sset -euo pipefail
export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-1}"
%[7]s merge --out %[8]s \
  %[9]s
touch %[10]s
`, tasks, name, dir, job, filepath.Join(dir, LogsDir), extra.String(), quote(o.Binary), quote(dir),
		strings.Join(shardArgs, " \\\n  "), quote(filepath.Join(dir, "merge.done")))

	submit := fmt.Sprintf(`#!/bin/bash
# Written by 'brainsim sweep --slurm': submits the job array of the sweep %[1]s,
# then the merge, which starts once every task of the array has succeeded
# (and is cancelled if one fails). The job ids go to %[2]s.
set -euo pipefail
dir=%[3]s
mkdir -p "${dir}/%[4]s" "${dir}/%[5]s"
# Slurm clients hang for minutes when the cluster's authentication is down.
array=$(timeout 60 sbatch --parsable "${dir}/%[6]s")
array=${array%%%%;*}
merge=$(timeout 60 sbatch --parsable --dependency="afterok:${array}" --kill-on-invalid-dep=yes "${dir}/%[7]s")
merge=${merge%%%%;*}
printf 'array=%%s\nmerge=%%s\n' "${array}" "${merge}" > "${dir}/%[2]s"
echo "submitted array job ${array} (%[8]d tasks) and merge job ${merge}"
echo "results: ${dir}/%[9]s once both are done; watch with: squeue -j ${array},${merge}"
`, name, JobsFile, quote(dir), LogsDir, ShardsDir, SweepScript, MergeScript, tasks, ResultsFile)

	return writeScripts(dir, []script{{SweepScript, sweep}, {MergeScript, merge}, {SubmitScript, submit}})
}

// jobName returns name with characters other than letters, digits, '.',
// '_' and '-' replaced, prefixed "brainsim-".
func jobName(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			b[i] = '_'
		}
	}
	return "brainsim-" + string(b)
}

// quote returns s quoted for bash.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// engineArg is the --engine flag the shards of plan p run with, always
// named: the default engine of a later binary may differ from the one that
// wrote the scripts (a shard run with another engine than its plan's is
// refused by preparePlan, never mixed).
func engineArg(p *Plan) string { return " --engine " + p.Engine.String() }

// slurmPaths returns the output folder, the binary and the experiment file
// as absolute paths, which the scripts of WriteSlurm and WriteABCSlurm
// carry; an error if one cannot be made absolute or holds a character an
// #SBATCH line cannot carry. what names the experiment file in errors.
func slurmPaths(dir, binary, experiment, what string) (string, string, string, error) {
	abs := func(what, path string) (string, error) {
		a, err := filepath.Abs(path)
		if err != nil {
			return "", fmt.Errorf("sweep: slurm: %s %s: %w", what, path, err)
		}
		if strings.ContainsAny(a, " \t\n'\"\\$`") {
			return "", fmt.Errorf("sweep: slurm: %s %q: the path must not contain spaces, quotes, '\\', '$' or '`', which #SBATCH lines cannot carry", what, a)
		}
		return a, nil
	}
	var err error
	if dir, err = abs("output folder", dir); err != nil {
		return "", "", "", err
	}
	if binary, err = abs("binary", binary); err != nil {
		return "", "", "", err
	}
	if experiment, err = abs(what, experiment); err != nil {
		return "", "", "", err
	}
	return dir, binary, experiment, nil
}

// script is a batch script to write: its file name in the output folder and
// its text.
type script struct{ name, text string }

// writeScripts writes each script into dir, atomically and executable, and
// returns their names, relative to dir, in order.
func writeScripts(dir string, files []script) ([]string, error) {
	var names []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := output.WriteFileAtomic(path, func(w io.Writer) error {
			_, err := io.WriteString(w, f.text)
			return err
		}); err != nil {
			return nil, err
		}
		if err := os.Chmod(path, 0o755); err != nil {
			return nil, fmt.Errorf("sweep: slurm: %w", err)
		}
		names = append(names, f.name)
	}
	return names, nil
}
