package experiment

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// sweepInto runs the whole experiment into dir and assembles it, failing
// the test on error, and returns results.csv.
func sweepInto(t *testing.T, e *Experiment, dir string, opt Options) []byte {
	t.Helper()
	st, err := Run(t.Context(), e, dir, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if st.Ran+st.Skipped != e.Plan().Runs() {
		t.Fatalf("Run: %+v; want %d runs in all", st, e.Plan().Runs())
	}
	if _, err := Assemble(e.Plan(), dir, dir); err != nil {
		t.Fatalf("Assemble: %v", err)
	}
	return readBytes(t, filepath.Join(dir, ResultsFile))
}

// runFiles returns the names of the files in dir/runs.
func runFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, RunsDir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	return names
}

func TestResultsLayout(t *testing.T) {
	e := load(t, gridExperiment)
	got := sweepInto(t, e, t.TempDir(), Options{Workers: 2})
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	if want := "point,replicate,emigration.base_rate,sector.nurse.seats_per_year,metric,step,year,value"; lines[0] != want {
		t.Errorf("header = %q; want %q", lines[0], want)
	}
	// 4 points x 2 replicates x 2 metrics x 2 years, in canonical order.
	if len(lines) != 1+32 {
		t.Fatalf("%d lines; want 33", len(lines))
	}
	for i, want := range map[int]string{
		1:  "0,0,0.2,2000,emigration_rate.doctor,24,2027.0000,",
		4:  "0,0,0.2,2000,skilled_home,48,2029.0000,",
		5:  "0,1,0.2,2000,emigration_rate.doctor,24,2027.0000,",
		32: "3,1,0.4,4000,skilled_home,48,2029.0000,",
	} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q; want prefix %q", i, lines[i], want)
		}
	}
}

func TestWorkersDoNotChangeResults(t *testing.T) {
	e := load(t, gridExperiment)
	one := sweepInto(t, e, t.TempDir(), Options{Workers: 1})
	three := sweepInto(t, e, t.TempDir(), Options{Workers: 3})
	if !bytes.Equal(one, three) {
		t.Errorf("results with 1 and 3 workers differ:\n%s\n---\n%s", one, three)
	}
}

// TestResumeEqualsUninterrupted interrupts a sweep mid-way, damages what an
// interruption can damage, resumes it, and checks that the results are the
// bytes of an uninterrupted sweep.
func TestResumeEqualsUninterrupted(t *testing.T) {
	e := load(t, gridExperiment)
	want := sweepInto(t, e, t.TempDir(), Options{Workers: 2})

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	st, err := Run(ctx, e, dir, Options{Workers: 2, Progress: func(done, total int) {
		if done >= 3 {
			cancel() // as Ctrl-C does
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Run: %v; want context.Canceled", err)
	}
	done := runFiles(t, dir)
	if len(done) < 3 || len(done) >= 8 || st.Ran != len(done) {
		t.Fatalf("after the interruption %d run files (%v) and Status %+v; want 3 to 7, as many as ran", len(done), done, st)
	}
	// kill -9 while a run is being written leaves a temporary file; a run
	// file truncated afterwards (a torn copy) lacks its #end line.
	tmp := filepath.Join(dir, RunsDir, ".p000003-r0001.csv.tmp-123456")
	if err := os.WriteFile(tmp, []byte("3,1,0.4,4000,emig"), 0o644); err != nil {
		t.Fatal(err)
	}
	// ... and an assembly killed while writing results.csv, one there.
	tmpResults := filepath.Join(dir, "."+ResultsFile+".tmp-99")
	if err := os.WriteFile(tmpResults, []byte("point,"), 0o644); err != nil {
		t.Fatal(err)
	}
	torn := filepath.Join(dir, RunsDir, done[0])
	b := readBytes(t, torn)
	if err := os.WriteFile(torn, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Assemble(e.Plan(), dir, dir); err == nil {
		t.Fatal("Assemble of an unfinished sweep: no error")
	}
	if _, err := os.Stat(filepath.Join(dir, ResultsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an unfinished sweep wrote %s: %v", ResultsFile, err)
	}

	var mu sync.Mutex
	var warnings []string
	st, err = Run(t.Context(), e, dir, Options{Workers: 2, Warn: func(m string) {
		mu.Lock()
		warnings = append(warnings, m)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatalf("resumed Run: %v", err)
	}
	if want := (Status{Runs: 8, Skipped: len(done) - 1, Ran: 8 - len(done) + 1, Redone: 1}); st != want {
		t.Errorf("resumed Run: %+v; want %+v", st, want)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], done[0]) {
		t.Errorf("warnings = %q; want one about %s", warnings, done[0])
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file of the killed run is still there: %v", err)
	}
	if _, err := os.Stat(tmpResults); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file of the killed assembly is still there: %v", err)
	}
	if _, err := Assemble(e.Plan(), dir, dir); err != nil {
		t.Fatal(err)
	}
	if got := readBytes(t, filepath.Join(dir, ResultsFile)); !bytes.Equal(got, want) {
		t.Errorf("resumed results differ from an uninterrupted sweep:\n%s\n---\n%s", got, want)
	}

	// A finished sweep run again runs nothing.
	st, err = Run(t.Context(), e, dir, Options{})
	if err != nil || st.Ran != 0 || st.Skipped != 8 {
		t.Errorf("Run of a finished sweep: %+v, %v; want 8 skipped and none run", st, err)
	}
}

func TestShardsMergeToTheSameBytes(t *testing.T) {
	e := load(t, gridExperiment)
	want := sweepInto(t, e, t.TempDir(), Options{Workers: 2})
	root := t.TempDir()
	var dirs []string
	for i := range 3 {
		d := filepath.Join(root, "shard", string(rune('0'+i)))
		st, err := Run(t.Context(), e, d, Options{Workers: 1, Shard: i, Shards: 3})
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		if wantRuns := []int{3, 3, 2}[i]; st.Runs != wantRuns || st.Ran != wantRuns {
			t.Errorf("shard %d/3: %+v; want %d runs, all run", i, st, wantRuns)
		}
		dirs = append(dirs, d)
	}
	if got := runFiles(t, dirs[1]); strings.Join(got, " ") != "p000000-r0001.csv p000002-r0000.csv p000003-r0001.csv" {
		t.Errorf("shard 1/3 ran %v; want runs 1, 4 and 7", got)
	}
	out := filepath.Join(root, "merged")
	p, _, err := Merge(out, dirs...)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if p.Fingerprint != e.Plan().Fingerprint {
		t.Errorf("merged plan %s; want %s", p.Fingerprint, e.Plan().Fingerprint)
	}
	if got := readBytes(t, filepath.Join(out, ResultsFile)); !bytes.Equal(got, want) {
		t.Errorf("merged results differ from a sweep in one process:\n%s\n---\n%s", got, want)
	}
	if got, want := readBytes(t, filepath.Join(out, PlanFile)), readBytes(t, filepath.Join(dirs[0], PlanFile)); !bytes.Equal(got, want) {
		t.Errorf("merged plan.json differs from the shards'")
	}
}

func TestMergeErrors(t *testing.T) {
	e := load(t, gridExperiment)
	root := t.TempDir()
	shard := func(name string, i, n int) string {
		d := filepath.Join(root, name)
		if _, err := Run(t.Context(), e, d, Options{Shard: i, Shards: n}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a, b := shard("a", 0, 2), shard("b", 1, 2)
	whole := shard("whole", 0, 1)
	other := filepath.Join(root, "other")
	e2 := load(t, strings.Replace(gridExperiment, "values = [0.2, 0.4]", "values = [0.2, 0.5]", 1))
	if _, err := Run(t.Context(), e2, other, Options{Shard: 0, Shards: 2}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		dirs []string
		want string
	}{
		{"a shard missing", []string{a}, "sweep: 4 of 8 runs are missing from " + a + ": p000000-r0001.csv (point 0, replicate 1), "},
		{"runs twice", []string{a, b, whole}, "sweep: 8 runs are in more than one folder: p000000-r0000.csv in " + a + " and " + whole},
		{"a folder twice", []string{a, b, a}, "sweep: merge: folder " + a + " is given twice"},
		{"another plan", []string{a, other}, "sweep: merge: " + a + " and " + other + " hold runs of different plans"},
		{"not a sweep", []string{a, root}, "sweep: " + root + " is not the output folder of a sweep"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			_, _, err := Merge(out, tt.dirs...)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Merge: %v; want prefix %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(out, ResultsFile)); err == nil {
				t.Errorf("Merge failed but wrote %s", ResultsFile)
			}
		})
	}
}

func TestRunRefusesAnotherPlan(t *testing.T) {
	dir := t.TempDir()
	e := load(t, gridExperiment)
	if _, err := Run(t.Context(), e, dir, Options{Shard: 0, Shards: 4}); err != nil {
		t.Fatal(err)
	}
	e2 := load(t, strings.Replace(gridExperiment, "replicates = 2", "replicates = 3", 1))
	_, err := Run(t.Context(), e2, dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "holds runs of another plan") {
		t.Errorf("Run of another plan into %s: %v; want an error", dir, err)
	}
}

func TestReadRunRejectsForeignFiles(t *testing.T) {
	e := load(t, gridExperiment)
	p := e.Plan()
	var b bytes.Buffer
	if err := writeRun(&b, p, 1, 0, []float64{0.5, 0.25, 100, nan}); err != nil {
		t.Fatal(err)
	}
	good := b.Bytes()
	dir := t.TempDir()
	for _, tt := range []struct {
		name     string
		data     []byte
		pt, rep  int
		wantErr  string
		wantVals []float64
	}{
		{"whole", good, 1, 0, "", []float64{0.5, 0.25, 100, nan}},
		{"another run's file", good, 2, 0, "damaged or foreign", nil},
		{"torn", good[:len(good)-3], 1, 0, "does not end with a whole line", nil},
		{"no trailer", good[:bytes.LastIndex(good[:len(good)-1], []byte("\n"))+1], 1, 0, "damaged or foreign", nil},
		{"a changed value", bytes.Replace(good, []byte(",100\n"), []byte(",101\n"), 1), 1, 0, "damaged or foreign", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "run.csv")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, vals, err := readRun(path, p, tt.pt, tt.rep, true)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("readRun: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("readRun: %v; want an error containing %q", err, tt.wantErr)
			case tt.wantErr == "" && len(vals) != len(tt.wantVals):
				t.Errorf("readRun values = %v; want %v", vals, tt.wantVals)
			}
			for k := range min(len(vals), len(tt.wantVals)) {
				if vals[k] != tt.wantVals[k] && !(vals[k] != vals[k] && tt.wantVals[k] != tt.wantVals[k]) {
					t.Errorf("value %d = %v; want %v", k, vals[k], tt.wantVals[k])
				}
			}
		})
	}
}

func TestParseRunName(t *testing.T) {
	for _, tt := range []struct {
		name    string
		pt, rep int
		ok      bool
	}{
		{"p000012-r0003.csv", 12, 3, true},
		{"p1234567-r12345.csv", 1234567, 12345, true},
		{"p12-r3.csv", 0, 0, false}, // not as runName writes it
		{".p000012-r0003.csv.tmp-1", 0, 0, false},
		{"plan.json", 0, 0, false},
	} {
		pt, rep, ok := parseRunName(tt.name)
		if pt != tt.pt || rep != tt.rep || ok != tt.ok {
			t.Errorf("parseRunName(%q) = %d, %d, %v; want %d, %d, %v", tt.name, pt, rep, ok, tt.pt, tt.rep, tt.ok)
		}
	}
}
