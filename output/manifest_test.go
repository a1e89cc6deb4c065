package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/model"
)

func TestWriteManifest(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    *Manifest
		file string // golden file
	}{
		{"full", &Manifest{
			Scenario:       "scenarios/ghana.toml",
			ScenarioSHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
			Name:           "ghana-nurses",
			Seed:           18446744073709551615, // largest uint64: must survive JSON exactly
			Replicates:     20,
			Workers:        8,
			Agents:         100000,
			Steps:          240,
			Overrides:      []string{"policy[0].bond_years=3", "seed=7"},
			Version:        "devel",
			Revision:       "0123456789abcdef0123456789abcdef01234567",
			Modified:       true,
			GoVersion:      "go1.26.0",
			Start:          time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC),
			WallSeconds:    12.5,
			Files:          []string{"timeseries.csv", "summary.csv", "dictionary.md"},
		}, "manifest.json"},
		{"zero value", &Manifest{}, "manifest_zero.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteManifest(&buf, tt.m); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
			if !bytes.HasSuffix(buf.Bytes(), []byte("}\n")) {
				t.Errorf("manifest does not end with a newline")
			}
			var back Manifest
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			if back.Seed != tt.m.Seed || !back.Start.Equal(tt.m.Start) || back.Name != tt.m.Name {
				t.Errorf("round trip = %+v; want %+v", back, *tt.m)
			}
		})
	}
}

func TestWriteManifestLeavesInputAlone(t *testing.T) {
	m := &Manifest{}
	if err := WriteManifest(&bytes.Buffer{}, m); err != nil {
		t.Fatal(err)
	}
	if m.Overrides != nil || m.Files != nil {
		t.Errorf("WriteManifest modified its argument: %+v", m)
	}
}

func TestFileSHA256(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name    string
		content string // "" with missing set means the file does not exist
		missing bool
		want    string
	}{
		// Digests from sha256sum(1).
		{"empty", "", false, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"foo", "foo", false, "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
		{"missing", "", true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".toml")
			if !tt.missing {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := FileSHA256(path)
			if tt.missing {
				if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "output: ") || !strings.Contains(err.Error(), path) {
					t.Errorf("FileSHA256(missing) error = %v; want a prefixed not-exist error naming the path", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("FileSHA256(%q) = %s; want %s", tt.content, got, tt.want)
			}
		})
	}
}

func TestBuildInfo(t *testing.T) {
	// With no PATH, running git (or any command) would fail; BuildInfo
	// must not depend on one. Under go test the binary records no VCS
	// information and the version "(devel)": the version is Release and the
	// revision Unknown.
	t.Setenv("PATH", "")
	version, revision, modified := BuildInfo()
	if version != Release || revision != Unknown || modified {
		t.Errorf("BuildInfo() = %q, %q, %v; want %q, %q, false under go test", version, revision, modified, Release, Unknown)
	}
}

func TestBuildInfoRunsNoCommand(t *testing.T) {
	// A git that records being run, first on the PATH.
	dir := t.TempDir()
	mark := filepath.Join(dir, "ran")
	script := "#!/bin/sh\ntouch " + mark + "\necho 0123456789abcdef0123456789abcdef01234567\n"
	if err := os.WriteFile(filepath.Join(dir, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Chdir(dir)
	if _, revision, _ := BuildInfo(); revision != Unknown {
		t.Errorf("BuildInfo() revision = %q; want %q", revision, Unknown)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Errorf("BuildInfo ran git")
	}
}

func TestNewManifest(t *testing.T) {
	// The file is never read: the digest is the scenario's, taken when it
	// was parsed, so a path that no longer exists is fine.
	path := filepath.Join(t.TempDir(), "gone.toml")
	digest := sha256.Sum256([]byte("name = \"s\"\n"))
	start := time.Date(2026, 3, 1, 12, 30, 15, 999, time.FixedZone("CET", 3600))
	for _, tt := range []struct {
		name      string
		overrides []string
		want      []string
	}{
		{"no overrides is an empty list", nil, []string{}},
		{"overrides kept in order", []string{"seed=2", "years=3"}, []string{"seed=2", "years=3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := &model.Scenario{Name: "s", Seed: 7, Replicates: 3, Agents: 500, Years: 2, StepsPerYear: 12, Overrides: tt.overrides, SHA256: hex.EncodeToString(digest[:])}
			m, err := NewManifest(path, sc, 4, start)
			if err != nil {
				t.Fatal(err)
			}
			if m.ScenarioSHA256 != hex.EncodeToString(digest[:]) {
				t.Errorf("ScenarioSHA256 = %q; want %x", m.ScenarioSHA256, digest)
			}
			if m.Scenario != path || m.Name != "s" || m.Seed != 7 || m.Replicates != 3 || m.Workers != 4 || m.Agents != 500 || m.Steps != 24 {
				t.Errorf("NewManifest = %+v; want the scenario's plan", m)
			}
			if !m.Start.Equal(time.Date(2026, 3, 1, 11, 30, 15, 0, time.UTC)) || m.Start.Location() != time.UTC {
				t.Errorf("Start = %v; want 2026-03-01 11:30:15 UTC", m.Start)
			}
			if !slices.Equal(m.Overrides, tt.want) || m.Overrides == nil {
				t.Errorf("Overrides = %#v; want %#v", m.Overrides, tt.want)
			}
			if m.Files != nil || m.WallSeconds != 0 || m.GoVersion == "" || m.Revision == "" {
				t.Errorf("NewManifest = %+v; want no files, no wall time, a Go version and a revision", m)
			}
		})
	}
	if m, _ := NewManifest("", &model.Scenario{}, 1, start); m.ScenarioSHA256 != "" {
		t.Errorf("ScenarioSHA256 of a scenario built in code = %q; want \"\"", m.ScenarioSHA256)
	}
}

func TestJobManifestRoundTrip(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 30, 45, 500, time.FixedZone("x", 3600))
	m := NewJobManifest("sweep", "exp.toml", "abc", "tiny", start)
	if m.Start != time.Date(2026, 3, 1, 11, 30, 45, 0, time.UTC) || m.GoVersion != runtime.Version() || m.Revision != Unknown {
		t.Errorf("NewJobManifest = %+v; want the start in UTC to the second, the Go version, revision unknown", m)
	}
	m.Files = []string{"results.csv"}
	path := filepath.Join(t.TempDir(), ManifestFile)
	if err := WriteFileAtomic(path, func(w io.Writer) error { return WriteJobManifest(w, m) }); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJobManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("ReadJobManifest = %+v; want %+v", got, m)
	}
}
