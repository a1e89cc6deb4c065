package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestFile is the name of the manifest in an output folder. A folder
// written through a Stage holds it only when every file it lists is in
// place, so its presence means the folder is complete.
const ManifestFile = "manifest.json"

// stagePrefix begins the name of a staging folder.
const stagePrefix = ".brainsim-stage-"

// maxForeign is how many files that brainsim did not write a ForeignError
// names; the search stops there.
const maxForeign = 5

// Stage is an output folder being replaced. A run writes its files into
// Dir, a staging folder inside the output folder (so that the final
// renames stay on one file system), and Commit moves them into place, the
// manifest last; Abort discards them and leaves the output folder as it
// was. A run stopped at any moment, even by kill -9, leaves only a staging
// folder behind, never a file under a final name, and the next BeginStage
// removes it.
type Stage struct {
	Dir string // the staging folder, where the run writes its files

	out     string // the output folder
	created bool   // whether BeginStage created the output folder
}

// ForeignError reports an output folder that holds files brainsim did not
// write: files not listed in its manifest, other than brainsim's temporary
// files.
type ForeignError struct {
	Dir   string   // the output folder
	Files []string // some of the files, relative to Dir, slash-separated
}

func (e *ForeignError) Error() string {
	more := ""
	if len(e.Files) >= maxForeign {
		more = ", ..."
	}
	return fmt.Sprintf("output: %s holds files that brainsim did not write (%s%s): choose another output folder, or give --force to write there anyway (brainsim replaces only its own files)",
		e.Dir, strings.Join(e.Files, ", "), more)
}

// BeginStage prepares the output folder dir for a run and returns the
// stage the run writes into. It creates dir and any missing parents
// (MkdirOut), removes the temporary files that stopped runs left in it
// (staging folders, .NAME.tmp-* files), and, unless force is true, refuses
// a folder holding files that brainsim did not write with a *ForeignError:
// files other than manifest.json and those the manifest lists. With force
// those files are kept, and only the manifest's files are replaced.
func BeginStage(dir string, force bool) (*Stage, error) {
	_, statErr := os.Stat(dir)
	if err := MkdirOut(dir); err != nil {
		return nil, err
	}
	old, manifestOK := manifestFiles(dir)
	cleanTemporaries(dir, old)
	if !force {
		if foreign := foreignFiles(dir, old, manifestOK); len(foreign) > 0 {
			return nil, &ForeignError{Dir: dir, Files: foreign}
		}
	}
	tmp, err := os.MkdirTemp(dir, stagePrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("output: output folder %s is not writable: %w", dir, err)
	}
	return &Stage{Dir: tmp, out: dir, created: errors.Is(statErr, fs.ErrNotExist)}, nil
}

// Commit moves the files written into s.Dir into the output folder,
// replacing those of the same names, and removes the files that the
// output folder's previous manifest lists and this run did not write
// (plots of a sector that no longer exists, say). The old manifest is
// removed first and the new one, which must be among the staged files,
// is moved last, so that a folder whose manifest exists is complete
// whenever Commit is stopped. The staging folder is removed at the end.
func (s *Stage) Commit() error {
	var staged []string
	err := filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(s.Dir, path)
		if err != nil {
			return err
		}
		if rel != ManifestFile {
			staged = append(staged, rel)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, ManifestFile)); err != nil {
		return fmt.Errorf("output: staged files of %s lack their manifest: %w", s.out, err)
	}
	old, _ := manifestFiles(s.out)
	if err := os.Remove(filepath.Join(s.out, ManifestFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("output: %w", err)
	}
	syncDir(s.out)
	dirs := map[string]bool{s.out: true}
	for _, rel := range staged {
		dst := filepath.Join(s.out, rel)
		if d := filepath.Dir(dst); !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("output: %w", err)
			}
			dirs[d] = true
		}
		if err := os.Rename(filepath.Join(s.Dir, rel), dst); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	for _, rel := range old {
		if slices.Contains(staged, rel) {
			continue
		}
		if err := os.Remove(filepath.Join(s.out, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("output: remove %s, left from the previous run: %w", filepath.Join(s.out, rel), err)
		}
	}
	for d := range dirs {
		syncDir(d)
	}
	if err := os.Rename(filepath.Join(s.Dir, ManifestFile), filepath.Join(s.out, ManifestFile)); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	syncDir(s.out)
	os.RemoveAll(s.Dir)
	return nil
}

// Abort removes the staging folder and what was written into it, and the
// output folder too if BeginStage created it and it is empty. The output
// folder's files are left as they were. Abort after Commit does nothing
// harmful.
func (s *Stage) Abort() {
	os.RemoveAll(s.Dir)
	if s.created {
		os.Remove(s.out) // fails, as it should, unless empty
	}
}

// IsTemporary reports whether a file or folder name is one of brainsim's
// temporary names: a staging folder, the .NAME.tmp-* file of an atomic
// write (WriteFileAtomic) or the probe of MkdirOut.
func IsTemporary(name string) bool {
	return strings.HasPrefix(name, ".") &&
		(strings.Contains(name, ".tmp-") || strings.HasPrefix(name, stagePrefix) || strings.HasPrefix(name, ".brainsim-probe-"))
}

// RemoveTemporaries removes brainsim's temporary files and folders
// (IsTemporary) from each of dirs, not from their subfolders: what runs
// stopped by kill -9 or a second Ctrl-C left behind. Folders that do not
// exist are skipped; it is best effort and reports nothing.
func RemoveTemporaries(dirs ...string) {
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if IsTemporary(e.Name()) {
				os.RemoveAll(filepath.Join(d, e.Name()))
			}
		}
	}
}

// manifestFiles returns the files that dir's manifest lists, cleaned and
// local to dir (a name that would reach outside dir is dropped), and
// whether the manifest could be read. A missing manifest reads as none.
func manifestFiles(dir string) ([]string, bool) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, true
	}
	if err != nil {
		return nil, false
	}
	var m struct {
		Files []string `json:"files"`
	}
	if json.Unmarshal(b, &m) != nil {
		return nil, false
	}
	var files []string
	for _, f := range m.Files {
		f = filepath.Clean(filepath.FromSlash(f))
		if filepath.IsLocal(f) && f != ManifestFile {
			files = append(files, f)
		}
	}
	return files, true
}

// cleanTemporaries removes brainsim's temporary files and staging folders
// from dir and from the folders of the files listed, which is where runs
// write; it does not search the rest of the tree.
func cleanTemporaries(dir string, listed []string) {
	dirs := []string{dir, filepath.Join(dir, "plots")}
	for _, f := range listed {
		dirs = append(dirs, filepath.Join(dir, filepath.Dir(f)))
	}
	slices.Sort(dirs)
	RemoveTemporaries(slices.Compact(dirs)...)
}

// foreignFiles returns up to maxForeign files under dir that brainsim did
// not write: neither the manifest, nor listed in it (if it could be read),
// nor temporary. Folders are not files; their content is searched.
func foreignFiles(dir string, listed []string, manifestOK bool) []string {
	var foreign []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path != dir {
				foreign = append(foreign, filepath.ToSlash(path)) // unreadable: not known to be ours
			}
			return nil
		}
		if path == dir {
			return nil
		}
		if IsTemporary(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		if (rel == ManifestFile && manifestOK) || slices.Contains(listed, rel) {
			return nil
		}
		foreign = append(foreign, filepath.ToSlash(rel))
		if len(foreign) >= maxForeign {
			return fs.SkipAll
		}
		return nil
	})
	return foreign
}
