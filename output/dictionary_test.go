package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
)

func TestWriteDictionary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDictionary(&buf, sample().Metrics); err != nil {
		t.Fatal(err)
	}
	golden(t, "dictionary.md", buf.Bytes())
}

func TestDictionaryCell(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"plain", "persons", "persons"},
		{"pipe", "a | b", `a \| b`},
		{"newlines", "one\ntwo\r\nthree", "one two three"},
		{"trimmed", "  x \n", "x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := cell(tt.in); got != tt.want {
				t.Errorf("cell(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteDictionaryRows(t *testing.T) {
	ms := []results.Metric{{Name: "a", Unit: "", Description: "first"}, {Name: "b", Unit: "share", Description: "second"}}
	var buf bytes.Buffer
	if err := WriteDictionary(&buf, ms); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	// Header, separator, replicate, step, year, then one line per metric.
	if got, want := len(lines), 2+3+len(ms); got != want {
		t.Fatalf("%d lines; want %d:\n%s", got, want, buf.String())
	}
	for i, want := range []string{
		"| column | unit | description |",
		"| --- | --- | --- |",
		"| replicate |",
		"| step |",
		"| year |",
		"| a | - | first |",
		"| b | share | second |",
	} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q; want prefix %q", i, lines[i], want)
		}
	}
}

// TestSummaryColumns checks that the dictionary of the summary names the
// columns WriteSummary writes, in order, with and without draws.
func TestSummaryColumns(t *testing.T) {
	ts := sample()
	for _, tc := range []struct {
		name  string
		sum   *results.Summary
		split bool
	}{
		{"replicates", results.Summarize(ts), false},
		{"draws", results.SummarizeDraws(ts, 1), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSummary(&b, tc.sum); err != nil {
				t.Fatal(err)
			}
			header, _, _ := strings.Cut(b.String(), "\n")
			var names []string
			for _, c := range SummaryColumns(tc.split) {
				names = append(names, c.Name)
			}
			if got := strings.Join(names, ","); got != header {
				t.Errorf("SummaryColumns(%v) = %s; WriteSummary's header is %s", tc.split, got, header)
			}
			var d bytes.Buffer
			if err := WriteSummaryDictionary(&d, tc.split); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.String(), "## summary.csv") || strings.Contains(d.String(), "| lo_total |") != tc.split {
				t.Errorf("WriteSummaryDictionary(%v):\n%s", tc.split, d.String())
			}
		})
	}
}
