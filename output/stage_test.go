package output

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeTree creates the files of tree (slash-separated name -> content)
// under dir.
func writeTree(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	for name, content := range tree {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file under dir (slash-separated name -> content).
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		tree[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// manifestOf returns a manifest listing files.
func manifestOf(files ...string) string {
	return `{"name": "x", "files": ["` + strings.Join(files, `", "`) + `"]}`
}

func TestStage(t *testing.T) {
	newRun := map[string]string{
		"summary.csv":     "new summary",
		"plots/nurse.png": "new nurse",
		ManifestFile:      manifestOf("summary.csv", "plots/nurse.png"),
	}
	for _, tt := range []struct {
		name        string
		before      map[string]string // nil: the folder does not exist
		force       bool
		wantForeign []string // the files a *ForeignError names
		want        map[string]string
	}{
		{"new folder", nil, false, nil, newRun},
		{"empty folder", map[string]string{}, false, nil, newRun},
		{"files of the previous run replaced, stale ones removed", map[string]string{
			"summary.csv": "old", "plots/nurse.png": "old", "plots/doctor.png": "old sector",
			ManifestFile: manifestOf("summary.csv", "plots/nurse.png", "plots/doctor.png"),
		}, false, nil, newRun},
		{"temporary files of killed runs cleaned", map[string]string{
			".summary.csv.tmp-123": "half", "plots/.nurse.png.tmp-9": "half",
			".brainsim-stage-77/summary.csv": "staged", ".brainsim-probe-1": "",
		}, false, nil, newRun},
		{"foreign files refused", map[string]string{
			"notes.txt": "mine", "summary.csv": "old",
			ManifestFile: manifestOf("summary.csv"),
		}, false, []string{"notes.txt"}, nil},
		{"a folder without manifest is foreign", map[string]string{
			"summary.csv": "someone's",
		}, false, []string{"summary.csv"}, nil},
		{"an unreadable manifest is foreign", map[string]string{
			ManifestFile: "{not json",
		}, false, []string{ManifestFile}, nil},
		{"foreign files kept with force", map[string]string{
			"notes.txt": "mine", "summary.csv": "old",
			ManifestFile: manifestOf("summary.csv", "plots/gone.png"),
		}, true, nil, map[string]string{
			"notes.txt": "mine", "summary.csv": "new summary", "plots/nurse.png": "new nurse",
			ManifestFile: newRun[ManifestFile],
		}},
		{"a manifest naming files outside the folder removes nothing there", map[string]string{
			ManifestFile: manifestOf("../outside.txt", "/etc/hostname"),
		}, false, nil, newRun},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			writeTree(t, parent, map[string]string{"outside.txt": "keep"})
			dir := filepath.Join(parent, "out")
			if tt.before != nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				writeTree(t, dir, tt.before)
			}
			st, err := BeginStage(dir, tt.force)
			if tt.wantForeign != nil {
				var fe *ForeignError
				if !errors.As(err, &fe) || !slices.Equal(fe.Files, tt.wantForeign) {
					t.Fatalf("BeginStage = %v; want a ForeignError naming %q", err, tt.wantForeign)
				}
				if !strings.Contains(err.Error(), "--force") {
					t.Errorf("error %q does not mention --force", err)
				}
				if got := readTree(t, dir); !mapsEqual(got, tt.before) {
					t.Errorf("folder after refusal = %q; want it unchanged %q", got, tt.before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Dir(st.Dir) != dir {
				t.Errorf("staging folder %s is not in %s", st.Dir, dir)
			}
			writeTree(t, st.Dir, newRun)
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := readTree(t, dir); !mapsEqual(got, tt.want) {
				t.Errorf("folder after Commit = %q; want %q", got, tt.want)
			}
			if b, err := os.ReadFile(filepath.Join(parent, "outside.txt")); err != nil || string(b) != "keep" {
				t.Errorf("a file outside the output folder was touched: %q, %v", b, err)
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestStageAbort(t *testing.T) {
	for _, tt := range []struct {
		name   string
		before map[string]string // nil: the folder does not exist
	}{
		{"a new folder is removed", nil},
		{"the previous run is left as it was", map[string]string{"summary.csv": "old", ManifestFile: manifestOf("summary.csv")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if tt.before != nil {
				writeTree(t, dir, tt.before)
			}
			st, err := BeginStage(dir, false)
			if err != nil {
				t.Fatal(err)
			}
			writeTree(t, st.Dir, map[string]string{"summary.csv": "new", "plots/a.png": "new"})
			st.Abort()
			if tt.before == nil {
				if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("Stat(%s) after Abort = %v; want it removed", dir, err)
				}
				return
			}
			if got := readTree(t, dir); !mapsEqual(got, tt.before) {
				t.Errorf("folder after Abort = %q; want %q", got, tt.before)
			}
		})
	}
}

func TestStageCommitWithoutManifest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	before := map[string]string{"summary.csv": "old", ManifestFile: manifestOf("summary.csv")}
	writeTree(t, dir, before)
	st, err := BeginStage(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, st.Dir, map[string]string{"summary.csv": "new"})
	if err := st.Commit(); err == nil {
		t.Fatal("Commit without a staged manifest: no error")
	}
	st.Abort()
	if got := readTree(t, dir); !mapsEqual(got, before) {
		t.Errorf("folder after a failed Commit = %q; want %q", got, before)
	}
}

func TestIsTemporary(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{".summary.csv.tmp-123", true},
		{".brainsim-stage-4", true},
		{".brainsim-probe-5", true},
		{"summary.csv", false},
		{"notes.tmp-1", false}, // not hidden: someone's file
		{".hidden", false},
	} {
		if got := IsTemporary(tt.name); got != tt.want {
			t.Errorf("IsTemporary(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
