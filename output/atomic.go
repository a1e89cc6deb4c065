package output

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes the file at path with the bytes write produces. The
// bytes go, buffered, to a temporary file in the same folder, which is then
// flushed, synced to disk, closed, given mode 0644 and renamed onto path.
//
// If write or any of those steps fails (or write panics), the temporary file
// is removed, path is left as it was (absent, or with its old content) and
// the returned error names path.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		// Also runs when write panics, so no temporary file is left behind.
		if !done {
			f.Close() // may already be closed; the first error is the one reported
			os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	// CreateTemp makes the file 0600; results are meant to be shared.
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	done = true
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the platform allows it. It is
// best effort: the file is already complete and in place, and some systems
// cannot sync a directory.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// MkdirOut creates the output folder dir, with any missing parents (mode
// 0755), and checks that files can be created in it by creating and removing
// a probe file, so that an unwritable folder is reported before a run starts
// rather than after it ends.
func MkdirOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output: cannot create output folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".brainsim-probe-*")
	if err != nil {
		return fmt.Errorf("output: output folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	cerr := f.Close()
	rerr := os.Remove(name)
	if cerr != nil {
		return fmt.Errorf("output: output folder %s is not writable: %w", dir, cerr)
	}
	if rerr != nil {
		return fmt.Errorf("output: output folder %s is not writable: %w", dir, rerr)
	}
	return nil
}
