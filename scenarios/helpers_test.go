package scenarios

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// validFile is a scenario setting every key of the schema; the tests below
// edit its lines by number.
const validFile = "testdata/valid.toml"

// edit replaces line n (1-based) of a file, which must read old, by new,
// which may span several lines or none.
type edit struct {
	n        int
	old, new string
}

// variant returns testdata/valid.toml with the edits made.
func variant(t *testing.T, edits ...edit) []byte {
	t.Helper()
	data, err := os.ReadFile(validFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	// Edit from the bottom up so that line numbers refer to the original.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		if i > 0 && edits[i-1].n >= e.n {
			t.Fatalf("edits must be in increasing order of line: %d then %d", edits[i-1].n, e.n)
		}
		if e.n < 1 || e.n > len(lines) || lines[e.n-1] != e.old {
			t.Fatalf("%s:%d is not %q; has the file changed?", validFile, e.n, e.old)
		}
		var repl []string
		if e.new != "" {
			repl = strings.Split(e.new, "\n")
		}
		lines = append(lines[:e.n-1], append(repl, lines[e.n:]...)...)
	}
	return []byte(strings.Join(lines, "\n"))
}

// problemLines returns the lines of the error, or nil.
func problemLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// wantProblems checks that err is Problems reading want, one a line.
func wantProblems(t *testing.T, err error, want ...string) {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error = %v (%T); want Problems", err, err)
	}
	got := problemLines(err)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if len(ps) != len(want) {
		t.Errorf("len(Problems) = %d; want %d", len(ps), len(want))
	}
}
