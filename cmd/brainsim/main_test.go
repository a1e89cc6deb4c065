package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/scenarios"
)

// runBrainsim calls run with args, as main does with os.Args[1:], and returns
// the exit status exitCode gives with what was written to stdout and stderr.
func runBrainsim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(t.Context(), args, &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "out") // must not be created by a rejected command line
	runFlags := []string{"--out", "--quiet", "--progress", "--replicates", "--seed", "--set", "--workers"}
	for _, tt := range []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string // substrings; none means stdout must be empty
		wantStderr []string // substrings
	}{
		{"no command", nil, 2, nil,
			[]string{"Usage:", "brainsim: no command given\n", "Run 'brainsim help' for usage."}},
		{"unknown command", []string{"frobnicate"}, 2, nil,
			[]string{`brainsim: unknown command "frobnicate"`, "Run 'brainsim help' for usage."}},
		{"help", []string{"help"}, 0,
			[]string{"Usage:", "brainsim run SCENARIO ", "brainsim validate FILE...", "brainsim version", "brainsim COMMAND --help"}, nil},
		{"--help", []string{"--help"}, 0, []string{"Usage:", "brainsim run SCENARIO "}, nil},
		{"-h", []string{"-h"}, 0, []string{"Usage:", "brainsim run SCENARIO "}, nil},
		{"run without a file", []string{"run", "--out", out}, 2, nil,
			[]string{"Usage: brainsim run", "brainsim: run takes one scenario file, got 0 arguments"}},
		{"run with two files", []string{"run", "a.toml", "b.toml", "--out", out}, 2, nil,
			[]string{"brainsim: run takes one scenario file, got 2 arguments"}},
		{"run with negative workers", []string{"run", baseline, "--out", out, "--workers", "-1"}, 2, nil,
			[]string{"brainsim: --workers -1: must be >= 0"}},
		{"run with workers not a number", []string{"run", baseline, "--out", out, "--workers=x"}, 2, nil,
			[]string{`brainsim: invalid value "x" for --workers: want a whole number`}},
		{"run with seed not a number", []string{"run", baseline, "--out", out, "--seed", "abc"}, 2, nil,
			[]string{`brainsim: --seed "abc": must be a whole number from 0 to 9223372036854775807 (2^63-1)`}},
		{"run with negative seed", []string{"run", baseline, "--out", out, "--seed", "-1"}, 2, nil,
			[]string{`brainsim: --seed "-1": must be a whole number from 0 to 9223372036854775807 (2^63-1)`}},
		{"run with seed of 2^63", []string{"run", baseline, "--out", out, "--seed", "9223372036854775808"}, 2, nil,
			[]string{`brainsim: --seed "9223372036854775808": must be a whole number from 0 to 9223372036854775807 (2^63-1)`}},
		{"run with max-memory not a size", []string{"run", baseline, "--out", out, "--max-memory", "lots"}, 2, nil,
			[]string{`brainsim: invalid value "lots" for --max-memory: want a size such as 16GB`}},
		{"run with zero replicates", []string{"run", baseline, "--out", out, "--replicates", "0"}, 2, nil,
			[]string{`brainsim: --replicates "0": must be a whole number >= 1`}},
		{"run with set lacking =", []string{"run", baseline, "--out", out, "--set", "agents"}, 2, nil,
			[]string{`want key.path=value, got "agents"`}},
		{"run with unknown flag", []string{"run", baseline, "--out", out, "--frob"}, 2, nil,
			[]string{"brainsim: unknown flag: --frob"}},
		{"run with a mistyped flag", []string{"run", baseline, "--out", out, "--qiuet"}, 2, nil,
			[]string{"brainsim: unknown flag: --qiuet; did you mean --quiet?\nRun 'brainsim help' for usage.\n"}},
		{"mistyped command", []string{"rnu"}, 2, nil,
			[]string{"brainsim: unknown command \"rnu\"; did you mean \"run\"?\nRun 'brainsim help' for usage.\n"}},
		{"help run", []string{"help", "run"}, 0, append([]string{"Usage: brainsim run SCENARIO [flags]"}, runFlags...), nil},
		{"help of an unknown command", []string{"help", "frobnicate"}, 2, nil,
			[]string{`brainsim: unknown command "frobnicate"`}},
		{"single-dash long flag", []string{"run", "-frob"}, 2, nil, []string{"brainsim: unknown flag: --frob"}},
		{"bad --progress", []string{"run", baseline, "--out", out, "--progress", "sometimes"}, 2, nil,
			[]string{`brainsim: --progress "sometimes": want auto, always or never`}},
		{"--quiet with --progress always", []string{"run", baseline, "--out", out, "--quiet", "--progress", "always"}, 2, nil,
			[]string{"brainsim: --quiet and --progress always contradict each other"}},
		{"run --help", []string{"run", "--help"}, 0, append([]string{"Usage: brainsim run SCENARIO [flags]"}, runFlags...), nil},
		{"run -h after the file", []string{"run", baseline, "-h"}, 0, append([]string{"Usage: brainsim run"}, runFlags...), nil},
		{"validate without a file", []string{"validate"}, 2, nil,
			[]string{"Usage: brainsim validate", "brainsim: validate takes at least one scenario, experiment or calibration file"}},
		{"validate --help", []string{"validate", "--help"}, 0, []string{"Usage: brainsim validate FILE..."}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runBrainsim(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit status %d; want %d\nstderr:\n%s", code, tt.wantCode, stderr)
			}
			if len(tt.wantStdout) == 0 && stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			for _, s := range tt.wantStdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout = %q; want it to contain %q", stdout, s)
				}
			}
			for _, s := range tt.wantStderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr = %q; want it to contain %q", stderr, s)
				}
			}
			if tt.wantStderr == nil && stderr != "" {
				t.Errorf("stderr = %q; want nothing", stderr)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("output folder %s exists after a rejected command line (stat: %v)", out, err)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runBrainsim(t, "version")
	if code != 0 || stderr != "" {
		t.Errorf("brainsim version: exit status %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if !strings.HasPrefix(stdout, "brainsim ") || !strings.Contains(stdout, "revision ") || !strings.HasSuffix(stdout, "\n") {
		t.Errorf("brainsim version printed %q; want \"brainsim VERSION, revision REV\\n\"", stdout)
	}
	if strings.Count(stdout, "\n") != 1 {
		t.Errorf("brainsim version printed %q; want one line", stdout)
	}
	// go test records neither a version nor a revision in the binary, and
	// none is asked of git: the source's release, and no revision.
	if want := "brainsim " + output.Release + ", revision unknown, " + runtime.Version() + "\n"; stdout != want {
		t.Errorf("brainsim version printed %q under go test; want %q", stdout, want)
	}
	for _, flag := range []string{"--version", "-version"} {
		if code, got, _ := runBrainsim(t, flag); code != 0 || got != stdout {
			t.Errorf("brainsim %s: exit status %d, %q; want 0 and %q, as brainsim version", flag, code, got, stdout)
		}
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	prob := &scenarios.Problem{File: "a.toml", Line: 3, Key: "replicates", Value: "0", Msg: "must be within [1, 10000]"}
	probs := scenarios.Problems{
		prob,
		{File: "a.toml", Line: 19, Key: "destination[0].fee", Value: "1.4", Msg: "must be within [0, 1]"},
	}
	for _, tt := range []struct {
		name       string
		err        error
		want       int
		wantStderr string
	}{
		{"success", nil, 0, ""},
		{"help", errHelp, 0, ""},
		{"wrapped help", fmt.Errorf("run: %w", errHelp), 0, ""},
		{"usage", usagef("--workers %d: must be >= 0", -1), 2,
			"brainsim: --workers -1: must be >= 0\nRun 'brainsim help' for usage.\n"},
		{"wrapped usage", fmt.Errorf("sweep: %w", usagef("bad grid")), 2,
			"brainsim: sweep: bad grid\nRun 'brainsim help' for usage.\n"},
		{"problems", probs, 2,
			"scenarios: a.toml:3: replicates = 0: must be within [1, 10000]\n" +
				"scenarios: a.toml:19: destination[0].fee = 1.4: must be within [0, 1]\n"},
		{"one problem", prob, 2, "scenarios: a.toml:3: replicates = 0: must be within [1, 10000]\n"},
		{"wrapped problems", fmt.Errorf("compare: %w", probs[1:]), 2,
			"compare: scenarios: a.toml:19: destination[0].fee = 1.4: must be within [0, 1]\n"},
		{"failure", errors.New("output: write out/x.csv: disk full"), 1,
			"brainsim: output: write out/x.csv: disk full\n"},
		{"cancelled", fmt.Errorf("run a.toml: %w", context.Canceled), 1,
			"brainsim: run a.toml: context canceled\n"},
		{"interrupted", errInterrupted, 130, "brainsim: interrupted\n"},
		{"interrupted sweep", fmt.Errorf("%w: sweep x: 3 of 8 runs finished; run the same command again to resume", errInterrupted), 130,
			"brainsim: interrupted: sweep x: 3 of 8 runs finished; run the same command again to resume\n"},
		{"foreign output folder", &inputError{&output.ForeignError{Dir: "out/x", Files: []string{"notes.txt"}}}, 2,
			"brainsim: output: out/x holds files that brainsim did not write (notes.txt): choose another output folder, or give --force to write there anyway (brainsim replaces only its own files)\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if got := exitCode(tt.err, &stderr); got != tt.want {
				t.Errorf("exitCode(%v) = %d; want %d", tt.err, got, tt.want)
			}
			if got := stderr.String(); got != tt.wantStderr {
				t.Errorf("exitCode(%v) wrote %q; want %q", tt.err, got, tt.wantStderr)
			}
		})
	}
}
