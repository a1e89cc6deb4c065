package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRunFormat(t *testing.T) {
	t.Parallel()
	csv := []string{"timeseries.csv", "timeseries_long.csv", "summary.csv", "columns.md"}
	parquet := []string{"timeseries.parquet", "timeseries_long.parquet", "summary.parquet"}
	for _, tt := range []struct {
		name          string
		format        []string
		want, notWant []string
	}{
		{"default writes the CSV tables only", nil, csv, parquet},
		{"csv", []string{"--format", "csv"}, csv, parquet},
		{"parquet keeps the CSV tables", []string{"--format", "parquet"}, append(slices.Clone(csv), parquet...), nil},
		{"both", []string{"--format", "both"}, append(slices.Clone(csv), parquet...), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			mustRun(t, smallRunArgs(out, tt.format...)...)
			m := readManifest(t, out)
			for _, name := range tt.want {
				if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
					t.Errorf("%s: stat %v; want a non-empty file", name, err)
				}
				if !slices.Contains(m.Files, name) {
					t.Errorf("manifest files = %q; want it to list %s", m.Files, name)
				}
			}
			for _, name := range tt.notWant {
				if _, err := os.Stat(filepath.Join(out, name)); err == nil {
					t.Errorf("%s written; want it only with --format parquet or both", name)
				}
			}
			if hidden := hiddenFiles(t, out); len(hidden) > 0 {
				t.Errorf("temporary files left in %s: %v", out, hidden)
			}
		})
	}
}

func TestRunLongTable(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	mustRun(t, smallRunArgs(out)...)
	long := readCSV(t, filepath.Join(out, "timeseries_long.csv"))
	want := []string{"replicate", "step", "year", "metric", "sector", "destination", "policy", "value", "unit", "sex", "age_band"}
	if !slices.Equal(long[0], want) {
		t.Errorf("timeseries_long.csv header = %q; want %q", long[0], want)
	}
	wide := readCSV(t, filepath.Join(out, "timeseries.csv"))
	// One long row per replicate, step and metric of the wide table.
	if got, want := len(long)-1, (len(wide)-1)*(len(wide[0])-3); got != want {
		t.Errorf("timeseries_long.csv has %d rows; want %d", got, want)
	}
	dict, err := os.ReadFile(filepath.Join(out, "columns.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"timeseries_long.csv", "| destination |", "| unit |", "| sex |", "| age_band |"} {
		if !strings.Contains(string(dict), col) {
			t.Errorf("columns.md does not describe %q", col)
		}
	}
}

func TestRunFormatBad(t *testing.T) {
	t.Parallel()
	code, _, stderr := runBrainsim(t, smallRunArgs(t.TempDir(), "--format", "xlsx")...)
	if code != 2 || !strings.Contains(stderr, `--format "xlsx": want csv, parquet or both`) {
		t.Errorf("exit status %d, stderr %q; want 2 and the formats", code, stderr)
	}
}
