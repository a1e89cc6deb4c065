package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/output"
)

// readJobManifest reads dir's manifest.json, failing the test if it cannot.
func readJobManifest(t *testing.T, dir string) *output.JobManifest {
	t.Helper()
	m, err := output.ReadJobManifest(filepath.Join(dir, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestJobManifests(t *testing.T) {
	t.Parallel()
	exp := sweepExperiment(t, 1)
	sum := sha256.Sum256(fileBytes(t, exp))
	digest := hex.EncodeToString(sum[:])

	// checkCommon checks what every job manifest records.
	checkCommon := func(t *testing.T, m *output.JobManifest, command string, files ...string) {
		t.Helper()
		if m.Command != command || m.Name != "tiny" || m.GoVersion != runtime.Version() ||
			m.Version != output.Release || m.Revision != output.Unknown || m.Start.IsZero() || m.WallSeconds <= 0 {
			t.Errorf("%s manifest = %+v; want command %s, name tiny, the Go version, the source release and an unknown revision (go test), a start and a wall time", command, m, command)
		}
		for _, f := range append(files, output.ManifestFile) {
			if !slices.Contains(m.Files, f) {
				t.Errorf("%s manifest files = %q; want %s", command, m.Files, f)
			}
		}
	}

	dir := filepath.Join(t.TempDir(), "sweep")
	mustSweep(t, "sweep", exp, "--out", dir, "--quiet")
	m := readJobManifest(t, dir)
	checkCommon(t, m, "sweep", "plan.json", "results.csv")
	if m.Experiment != exp || m.ExperimentSHA256 != digest || m.Shard != "" {
		t.Errorf("sweep manifest experiment %q %s shard %q; want %q %s and no shard", m.Experiment, m.ExperimentSHA256, m.Shard, exp, digest)
	}

	root := t.TempDir()
	var shards []string
	for i := range 2 {
		d := filepath.Join(root, fmt.Sprint(i))
		mustSweep(t, "sweep", exp, "--shard", fmt.Sprintf("%d/2", i), "--out", d, "--quiet")
		m := readJobManifest(t, d)
		checkCommon(t, m, "sweep", "plan.json")
		if want := fmt.Sprintf("%d/2", i); m.Shard != want || m.ExperimentSHA256 != digest {
			t.Errorf("shard %d manifest: shard %q, sha %s; want %s, %s", i, m.Shard, m.ExperimentSHA256, want, digest)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(root, "merged")
	mustSweep(t, append([]string{"merge", "--out", merged}, shards...)...)
	m = readJobManifest(t, merged)
	checkCommon(t, m, "merge", "plan.json", "results.csv")
	if m.ExperimentSHA256 != digest || !slices.Equal(m.Inputs, shards) {
		t.Errorf("merge manifest: sha %s, inputs %q; want the shards' %s and %q", m.ExperimentSHA256, m.Inputs, digest, shards)
	}
}
