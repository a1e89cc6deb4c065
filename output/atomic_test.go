package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tempFiles returns the names of leftover temporary files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), "probe") {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestWriteFileAtomic(t *testing.T) {
	errBoom := errors.New("boom")
	for _, tt := range []struct {
		name    string
		old     string // existing content; "" means no file
		write   func(io.Writer) error
		want    string // content afterwards; "" means no file
		wantErr error
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "hello\n"); return err }, "hello\n", nil},
		{"replaces file", "old\n", func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }, "new\n", nil},
		{"empty file", "old\n", func(io.Writer) error { return nil }, "", nil},
		{"callback error keeps old", "old\n", func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("partial", 10000)) // more than the buffer holds
			return errBoom
		}, "old\n", errBoom},
		{"callback error leaves no file", "", func(io.Writer) error { return errBoom }, "", errBoom},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteFileAtomic(path, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteFileAtomic error = %v; want %v", err, tt.wantErr)
			}
			if err != nil {
				if want := fmt.Sprintf("output: write %s: ", path); !strings.HasPrefix(err.Error(), want) {
					t.Errorf("error %q does not start with %q", err, want)
				}
			}
			if left := tempFiles(t, dir); len(left) > 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tt.want == "" && tt.old == "" && tt.wantErr != nil:
				if !errors.Is(rerr, os.ErrNotExist) {
					t.Errorf("file exists after failed write (read error %v)", rerr)
				}
			case rerr != nil:
				t.Fatal(rerr)
			case string(got) != tt.want:
				t.Errorf("content = %q; want %q", got, tt.want)
			}
			if tt.wantErr == nil {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if mode := fi.Mode().Perm(); mode != 0o644 {
					t.Errorf("mode = %v; want 0644", mode)
				}
			}
		})
	}
}

func TestWriteFileAtomicPanic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	func() {
		defer func() {
			if recover() == nil {
				t.Error("WriteFileAtomic did not propagate the panic")
			}
		}()
		WriteFileAtomic(path, func(io.Writer) error { panic("boom") })
	}()
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		path string
	}{
		{"folder is a file", filepath.Join(file, "out.csv")},
		{"folder missing", filepath.Join(dir, "missing", "out.csv")},
		{"path is a folder", dir + string(filepath.Separator)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteFileAtomic(tt.path, func(io.Writer) error { return nil })
			if err == nil {
				t.Fatalf("WriteFileAtomic(%q) succeeded; want an error", tt.path)
			}
			if !strings.HasPrefix(err.Error(), "output: write ") || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestMkdirOut(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		dir     string
		wantErr bool
	}{
		{"new nested folder", filepath.Join(dir, "a", "b"), false},
		{"existing folder", dir, false},
		{"under a regular file", filepath.Join(file, "out"), true},
		{"is a regular file", file, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := MkdirOut(tt.dir)
			if (err != nil) != tt.wantErr {
				t.Fatalf("MkdirOut(%q) = %v; want error %v", tt.dir, err, tt.wantErr)
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "output: ") || !strings.Contains(err.Error(), tt.dir) {
					t.Errorf("error %q is not prefixed or does not name the folder", err)
				}
				return
			}
			if fi, err := os.Stat(tt.dir); err != nil || !fi.IsDir() {
				t.Errorf("folder %s not created: %v", tt.dir, err)
			}
			if left := tempFiles(t, tt.dir); len(left) > 0 {
				t.Errorf("probe files left behind: %v", left)
			}
		})
	}
}

func TestMkdirOutReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write to read-only folders")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := MkdirOut(dir)
	if err == nil || !strings.Contains(err.Error(), "is not writable") {
		t.Errorf("MkdirOut(read-only) = %v; want a not-writable error", err)
	}
}
