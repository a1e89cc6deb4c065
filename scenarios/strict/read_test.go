package strict

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.toml")
	big := filepath.Join(dir, "big.toml")
	fifo := filepath.Join(dir, "fifo.toml")
	loop := filepath.Join(dir, "loop.toml")
	if err := os.WriteFile(ok, []byte("name = 'x'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, MaxFileBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path, want string
	}{
		{ok, ""},
		{dir, "not a regular file (a directory)"},
		{fifo, "no data: a pipe that nobody writes to"},
		{"/dev/zero", "not a regular file (a device)"},
		{big, "larger than the limit"},
		{filepath.Join(dir, "missing.toml"), "no such file"},
		{loop, "cannot read the file"},
		{filepath.Join(dir, strings.Repeat("x", 5000)), "cannot read the file"},
	} {
		start := time.Now()
		data, p := ReadFile(tt.path)
		if took := time.Since(start); took > time.Second {
			t.Errorf("ReadFile(%.40q) took %v", tt.path, took)
		}
		switch {
		case tt.want == "" && (p != nil || string(data) != "name = 'x'\n"):
			t.Errorf("ReadFile(%.40q) = %q, %v", tt.path, data, p)
		case tt.want != "" && (p == nil || !strings.Contains(p.Msg, tt.want) || p.File != tt.path):
			t.Errorf("ReadFile(%.40q) problem %v; want one naming the file with %q", tt.path, p, tt.want)
		}
	}
}

// TestReadFilePipe reads a scenario through a pipe, as bash's <(cat file)
// gives it: the bytes come through, and are the bytes hashed.
func TestReadFilePipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write([]byte("name = 'piped'\n"))
		w.Close()
	}()
	data, p := ReadFile(fmt.Sprintf("/proc/self/fd/%d", r.Fd()))
	if p != nil || string(data) != "name = 'piped'\n" {
		t.Errorf("ReadFile(pipe) = %q, %v", data, p)
	}
}
