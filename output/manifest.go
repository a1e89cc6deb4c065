package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/brainsim/brainsim/model"
)

// Manifest records how a run was made, so that its results can be traced to
// a scenario, a seed and a build and reproduced. It is written as
// manifest.json beside the results.
type Manifest struct {
	Scenario       string    `json:"scenario"`         // scenario file path, as given on the command line
	ScenarioSHA256 string    `json:"scenario_sha256"`  // hex SHA-256 of the bytes the scenario was parsed from (model.Scenario.SHA256)
	Name           string    `json:"name"`             // scenario name
	Seed           uint64    `json:"seed"`             // master random seed
	Replicates     int       `json:"replicates"`       // number of replicates run (with Draws, per draw)
	Draws          int       `json:"draws,omitempty"`  // parameter draws from the priors (--draws), each of Replicates replicates; 0 (left out) for none
	Workers        int       `json:"workers"`          // worker goroutines; results do not depend on it
	Agents         int       `json:"agents"`           // agents per replicate at the start
	Steps          int       `json:"steps"`            // steps per replicate
	Overrides      []string  `json:"overrides"`        // --set key=value flags, in the order given; written as [] when nil
	Engine         string    `json:"engine,omitempty"` // the engine, "step" or "event" (sim.EngineKind); left out by runs before issue 16, which were "step"
	Version        string    `json:"brainsim_version"` // module version, or "unknown"
	Revision       string    `json:"vcs_revision"`     // commit hash, or "unknown"
	Modified       bool      `json:"vcs_modified"`     // whether the work tree had uncommitted changes
	GoVersion      string    `json:"go_version"`       // e.g. "go1.26.0"
	Start          time.Time `json:"start"`            // when the run started
	WallSeconds    float64   `json:"wall_seconds"`     // elapsed wall-clock time, seconds
	Files          []string  `json:"files"`            // output files written, relative to the output folder; written as [] when nil
}

// NewManifest returns the manifest of a run of sc, loaded from the scenario
// file at path, on workers goroutines, started at start (recorded in UTC to
// the second): scenario, seed, plan, overrides (never nil), the build
// (BuildInfo) and the Go version, and sc.SHA256, the digest of the bytes sc
// was parsed from. The file is not read again, so editing or removing it
// while the run goes on changes nothing here, and a path such as
// /dev/fd/63 (from a shell's <(...)) is recorded as given. Files and
// WallSeconds are left for the caller to fill in as the run writes its
// outputs and ends.
//
// The error is always nil: it remains from when the file was read here.
func NewManifest(path string, sc *model.Scenario, workers int, start time.Time) (*Manifest, error) {
	m := &Manifest{
		Scenario: path, ScenarioSHA256: sc.SHA256, Name: sc.Name, Seed: sc.Seed, Replicates: sc.Replicates,
		Workers: workers, Agents: sc.Agents, Steps: sc.Steps(), Overrides: slices.Clone(sc.Overrides),
		GoVersion: runtime.Version(), Start: start.UTC().Truncate(time.Second),
	}
	if m.Overrides == nil {
		m.Overrides = []string{}
	}
	m.Version, m.Revision, m.Modified = BuildInfo()
	return m, nil
}

// WriteManifest writes m to w as JSON indented by two spaces, with a trailing
// newline. Nil Overrides and Files are written as empty arrays, not null. It
// returns the error from w, if any.
func WriteManifest(w io.Writer, m *Manifest) error {
	c := *m
	if c.Overrides == nil {
		c.Overrides = []string{}
	}
	if c.Files == nil {
		c.Files = []string{}
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return fmt.Errorf("output: manifest: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// FileSHA256 returns the SHA-256 digest of the named file's content as 64
// lower-case hex digits.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("output: hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Unknown is what BuildInfo reports for a revision the binary does not
// record.
const Unknown = "unknown"

// Release is the release the source is at, with "-dev" until it is tagged
// (CHANGELOG.md): the version BuildInfo reports for a build that records
// none, such as go run, go test or a build with -buildvcs=false.
const Release = "0.2.0-dev"

// BuildInfo reports the running program's module version, VCS revision and
// whether its work tree had uncommitted changes, from the build information
// the Go toolchain embeds (runtime/debug.ReadBuildInfo: the main module's
// version and the vcs.revision and vcs.modified settings).
//
// The version is the main module's version: a release such as v1.2.0, or a
// pseudo-version that go build derives from the commit (Go 1.24 and
// later). When the binary records none (a build with -buildvcs=false,
// outside a repository, or by go run or go test, which record "(devel)"),
// the version is Release and the revision Unknown; modified is then false. BuildInfo runs no command: asking git in the current directory
// would report whatever repository the user happens to be in.
func BuildInfo() (version, revision string, modified bool) {
	version, revision = Release, Unknown
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version, revision, false
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if s.Value != "" {
				revision = s.Value
			}
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return version, revision, modified
}

// JobManifest records how a sweep, a merge of a sweep's shards or a
// calibration was made, as Manifest does for a run: the experiment or
// calibration file and its digest, the build, and the files written. It is
// written as manifest.json in the output folder, when the job ends.
type JobManifest struct {
	Command          string    `json:"command"`           // "sweep", "merge" or "calibrate"
	Experiment       string    `json:"experiment"`        // experiment or calibration file as given on the command line (a path or a shipped name); "" for a merge
	ExperimentSHA256 string    `json:"experiment_sha256"` // hex SHA-256 of the bytes it was parsed from; for a merge, that of the shards when they agree, else ""
	Name             string    `json:"name"`              // the experiment's or calibration's name
	Shard            string    `json:"shard,omitempty"`   // "i/N" for one shard of a sweep; "" for the whole
	Inputs           []string  `json:"inputs,omitempty"`  // the shard folders a merge read
	Engine           string    `json:"engine,omitempty"`  // the engine of the runs, "step" or "event" (sim.EngineKind); left out by jobs before issue 16, which were "step"
	Version          string    `json:"brainsim_version"`  // module version, or "unknown"
	Revision         string    `json:"vcs_revision"`      // commit hash, or "unknown"
	Modified         bool      `json:"vcs_modified"`      // whether the work tree had uncommitted changes
	GoVersion        string    `json:"go_version"`        // e.g. "go1.26.0"
	Start            time.Time `json:"start"`             // when the job started
	WallSeconds      float64   `json:"wall_seconds"`      // elapsed wall-clock time, seconds
	Files            []string  `json:"files"`             // output files written, relative to the output folder; written as [] when nil
}

// NewJobManifest returns the manifest of the job command (see
// JobManifest.Command) of the experiment or calibration file named
// experiment, whose bytes have the hex SHA-256 digest sha256 and whose name
// is name, started at start (recorded in UTC to the second), with the build
// (BuildInfo) and the Go version. Files and WallSeconds are left for the
// caller to fill in as the job ends.
func NewJobManifest(command, experiment, sha256, name string, start time.Time) *JobManifest {
	m := &JobManifest{
		Command: command, Experiment: experiment, ExperimentSHA256: sha256, Name: name,
		GoVersion: runtime.Version(), Start: start.UTC().Truncate(time.Second),
	}
	m.Version, m.Revision, m.Modified = BuildInfo()
	return m
}

// WriteJobManifest writes m to w as JSON indented by two spaces, with a
// trailing newline; nil Files are written as an empty array. It returns the
// error from w, if any.
func WriteJobManifest(w io.Writer, m *JobManifest) error {
	c := *m
	if c.Files == nil {
		c.Files = []string{}
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return fmt.Errorf("output: manifest: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadJobManifest reads the JobManifest in the file at path.
func ReadJobManifest(path string) (*JobManifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	var m JobManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("output: %s: %w", path, err)
	}
	return &m, nil
}
