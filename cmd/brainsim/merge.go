package main

import (
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/output"
)

// mergeCmd is 'brainsim merge': it joins the output folders of the shards
// of a sweep (brainsim sweep --shard i/N) into results.csv, the same bytes
// a sweep in one process writes, and sobol.csv and plots for a Sobol
// design. It fails, naming them, if runs are missing or found twice.
//
//	brainsim merge --out DIR SHARD_FOLDER...
func mergeCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("merge --out DIR SHARD_FOLDER...", "join the output folders of the shards of a sweep")
	fs := cmd.Flags()
	out := fs.String("out", "", "output `folder` of the merged results (may be omitted with one folder, which is then assembled in place)")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) == 0 {
			printUsage(cmd, stderr)
			return usagef("merge takes the output folders of the shards of a sweep")
		}
		dir := *out
		if dir == "" {
			if len(pos) > 1 {
				return usagef("merge of %d folders needs --out", len(pos))
			}
			dir = pos[0]
		}
		start := time.Now()
		p, rep, err := experiment.Merge(dir, pos...)
		if err != nil {
			return asInput(err)
		}
		m := output.NewJobManifest("merge", "", shardsSHA256(pos), p.Name, start)
		m.Inputs = pos
		if err := writeJobManifest(dir, m, start, append([]string{experiment.PlanFile}, rep.Files...)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: merged %d runs (%d points x %d replicates) from %d folders; wrote %s in %s\n",
			p.Name, p.Runs(), len(p.Points), p.Replicates, len(pos), strings.Join(shortList(rep.Files), ", "), dir)
		report(stdout, stderr, rep)
		return nil
	}
	return cmd
}

// shardsSHA256 returns the digest of the experiment file that the manifests
// of the shard folders dirs record, if they all record the same one, or "".
func shardsSHA256(dirs []string) string {
	sum := ""
	for i, d := range dirs {
		m, err := output.ReadJobManifest(filepath.Join(d, output.ManifestFile))
		if err != nil || (i > 0 && m.ExperimentSHA256 != sum) {
			return ""
		}
		sum = m.ExperimentSHA256
	}
	return sum
}
