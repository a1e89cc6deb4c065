package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
)

// drawSets make the --draws tests quick: 1,000 agents over 11 years
// (headline years 5 and 10).
var drawSets = []string{"--set", "agents=1000", "--set", "years=11", "--quiet"}

// readTable reads a CSV file into a header and records keyed by column.
func readTable(t *testing.T, path string) (header []string, rows []map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	header = recs[0]
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range header {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return header, rows
}

// num reads a number of a CSV cell; "" (NaN) fails the test.
func num(t *testing.T, row map[string]string, col string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[col], 64)
	if err != nil {
		t.Fatalf("column %s = %q: %v", col, row[col], err)
	}
	return v
}

// noTopUp writes ghana.toml without its wage top-up, named ghana_no_top_up.
func noTopUp(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile("../../scenarios/ghana.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	a := strings.Index(s, "[[policy]]\nkind = \"wage_top_up\"")
	if a < 0 {
		t.Fatal("ghana.toml has no wage_top_up block")
	}
	b := a + 1 + strings.Index(s[a+1:], "[[policy]]")
	s = strings.Replace(s[:a]+s[b:], `name = "ghana"`, `name = "ghana_no_top_up"`, 1)
	path := filepath.Join(dir, "ghana_no_top_up.toml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunDraws runs ghana at parameter draws and checks summary.csv's
// split: it adds up (var_total = var_param + var_stoch, to rounding) and the
// total interval is mean ± 1.96 sd_total; and a run without --draws keeps
// today's columns.
func TestRunDraws(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	out := filepath.Join(tmp, "draws")
	args := append([]string{"run", "ghana", "--draws", "4", "--replicates", "2", "--out", out}, drawSets...)
	if code, stdout, stderr := brainsim(t, args...); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	header, rows := readTable(t, filepath.Join(out, "summary.csv"))
	want := []string{"step", "year", "metric", "unit", "mean", "sd", "lo95", "hi95", "sd_parameter", "sd_stochastic", "lo_total", "hi_total"}
	if !slices.Equal(header, want) {
		t.Fatalf("summary.csv header %q; want %q", header, want)
	}
	checked := 0
	for _, r := range rows {
		if r["sd_parameter"] == "" {
			continue // a metric undefined at that step
		}
		mean, p, s := num(t, r, "mean"), num(t, r, "sd_parameter"), num(t, r, "sd_stochastic")
		sdTotal := (num(t, r, "hi_total") - mean) / results.TotalZ
		if d := sdTotal*sdTotal - p*p - s*s; math.Abs(d) > 1e-9*(1+sdTotal*sdTotal) {
			t.Fatalf("%s at step %s: total variance %g is not %g + %g", r["metric"], r["step"], sdTotal*sdTotal, p*p, s*s)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no cell with a split")
	}
	_, draws := readTable(t, filepath.Join(out, "draws.csv"))
	if len(draws) != 4 || draws[3]["first_replicate"] != "6" || draws[0]["emigration.wage_gap"] == "" {
		t.Errorf("draws.csv: %v", draws)
	}
	// The dictionary documents the split, the manifest the draws, and the
	// report repeats the command with them and shows the split.
	for _, fw := range []struct{ file, want string }{
		{"columns.md", "| sd_parameter |"}, {"manifest.json", `"draws": 4`},
		{"report.html", " --draws 4</"}, {"report.html", "Parameter and stochastic uncertainty (4 draws x 2 replicates)"},
	} {
		if b, err := os.ReadFile(filepath.Join(out, fw.file)); err != nil || !strings.Contains(string(b), fw.want) {
			t.Errorf("%s lacks %q (%v)", fw.file, fw.want, err)
		}
	}

	plain := filepath.Join(tmp, "plain")
	if code, _, stderr := brainsim(t, append([]string{"run", "ghana", "--replicates", "2", "--out", plain}, drawSets...)...); code != 0 {
		t.Fatal(stderr)
	}
	if h, _ := readTable(t, filepath.Join(plain, "summary.csv")); !slices.Equal(h, want[:8]) {
		t.Errorf("summary.csv without --draws: header %q; want %q", h, want[:8])
	}
	if _, err := os.Stat(filepath.Join(plain, "draws.csv")); err == nil {
		t.Error("draws.csv written without --draws")
	}
}

// TestDrawsParameterShare checks the size of the parameter part on the
// baseline preset with one prior, set by --set, on emigration.wage_gap.
// Narrow (±1e-7, practically zero width), the parameter part only holds
// what is left of the replicate noise: its expected share of the variance
// is about (1/R)·√(2/(D−1))·0.4 ≈ 0.05 for R = 3, D = 8 (the clamped excess
// of a variance estimate over its mean), so a mean share over the headline
// metrics above 0.2 is a bug. Wide (0.5 to 1.5, sd 0.29 against the
// replicate noise of thousands of agents), the parameters dominate the
// spread of emigrants: share above 0.5.
func TestDrawsParameterShare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		prior    string
		metrics  []string
		lo, hi   float64 // band of the mean share of parameter variance
		meanOver string
	}{
		{"narrow", `{prior="uniform",min=0.9999999,max=1.0000001,source="test"}`, headlineMetrics, 0, 0.2, "headline metrics"},
		{"wide", `{prior="uniform",min=0.5,max=1.5,source="test"}`, []string{results.Emigrants}, 0.5, 1, "emigrants"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "o")
			args := append([]string{"run", "baseline", "--draws", "8", "--replicates", "3", "--out", out,
				"--set", "emigration.wage_gap=" + tt.prior}, drawSets...)
			if code, stdout, stderr := brainsim(t, args...); code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			_, rows := readTable(t, filepath.Join(out, "summary.csv"))
			last := rows[len(rows)-1]["step"]
			var sum float64
			n := 0
			for _, r := range rows {
				if r["step"] != last || !slices.Contains(tt.metrics, r["metric"]) || r["sd_parameter"] == "" {
					continue
				}
				p, s := num(t, r, "sd_parameter"), num(t, r, "sd_stochastic")
				if p*p+s*s == 0 {
					continue
				}
				sum += p * p / (p*p + s*s)
				n++
			}
			if n == 0 {
				t.Fatal("no metric with a spread")
			}
			t.Logf("share %.3f over %d", sum/float64(n), n)
			if share := sum / float64(n); share < tt.lo || share > tt.hi {
				t.Errorf("mean parameter share of the variance of %s = %.3f; want within [%g, %g]", tt.meanOver, share, tt.lo, tt.hi)
			}
		})
	}
}

// TestCompareDraws is the acceptance of issue 14 at a small size: ghana
// against ghana without its top-up at parameter draws writes the split of
// each headline difference and names the three parameters that drive it.
func TestCompareDraws(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	out := filepath.Join(tmp, "cmp")
	args := append([]string{"compare", "ghana", noTopUp(t, tmp), "--baseline", "ghana_no_top_up",
		"--draws", "10", "--replicates", "2", "--out", out}, drawSets...)
	code, stdout, stderr := brainsim(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	_, rows := readTable(t, filepath.Join(out, "headline_uncertainty.csv"))
	var skilled map[string]string
	for _, r := range rows {
		if r["indicator"] == results.SkilledHome && r["year"] == "2010" {
			skilled = r
		}
	}
	if skilled == nil {
		t.Fatalf("headline_uncertainty.csv has no skilled_home at 2010: %v", rows)
	}
	// The top-up works through the response to the wage gap, whose prior
	// spans 0.5 to 1.5 times its value: the parameter part of the
	// difference is a sizeable share of it (0.32 of the mean at full size,
	// 20 draws; the band allows for 10 small draws) and outweighs the
	// noise of 1,000 agents.
	mean, p, s := num(t, skilled, "diff_mean"), num(t, skilled, "sd_parameter"), num(t, skilled, "sd_stochastic")
	if mean <= 0 || p/mean < 0.1 || p/mean > 1 || p <= s {
		t.Errorf("skilled_home difference %g with sd parameter %g, stochastic %g; want > 0, parameter 0.1-1 of the mean and above the stochastic", mean, p, s)
	}
	var drivers []string
	for k := 1; k <= 3; k++ {
		drivers = append(drivers, skilled["driver_"+strconv.Itoa(k)])
	}
	if !slices.Contains(drivers, "emigration.wage_gap") || slices.Contains(drivers, "") {
		t.Errorf("drivers of skilled_home = %q; want three, among them emigration.wage_gap", drivers)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "drivers of the spread") || !strings.Contains(string(html), "emigration.wage_gap (") {
		t.Error("report.html does not name the drivers of the spread")
	}
	if h, _ := readTable(t, filepath.Join(out, "difference_ghana.csv")); !slices.Contains(h, "sd_parameter") {
		t.Errorf("difference_ghana.csv header %q lacks the split", h)
	}
	if !strings.Contains(stdout, "sd parameter") || !strings.Contains(stdout, "drivers: ") {
		t.Errorf("stdout does not give the split and the drivers:\n%s", stdout)
	}
	// Each driver has its test: a p-value, and the draws that would tell
	// where it is not distinguishable.
	if p := num(t, skilled, "p_1"); p <= 0 || p > 1 {
		t.Errorf("p_1 = %g; want a p-value", p)
	}
	for k := 1; k <= 3; k++ {
		ks := strconv.Itoa(k)
		if num(t, skilled, "p_"+ks) > 0.05 && num(t, skilled, "draws_needed_"+ks) <= 10 {
			t.Errorf("driver %d: p %s but draws_needed %s; want more than the 10 draws run", k, skilled["p_"+ks], skilled["draws_needed_"+ks])
		}
	}
	if h, _ := readTable(t, filepath.Join(out, "headline.csv")); !slices.Contains(h, "diff_lo_total") || !slices.Contains(h, "sd_parameter") {
		t.Errorf("headline.csv header %q lacks the split", h)
	}
	for _, name := range []string{"draws_ghana.csv", "draws_ghana_no_top_up.csv"} {
		if h, rows := readTable(t, filepath.Join(out, name)); len(rows) != 10 || !slices.Contains(h, "emigration.wage_gap") {
			t.Errorf("%s: %d draws, header %q; want 10 with emigration.wage_gap", name, len(rows), h)
		}
	}
	man, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(man), `"draws": 10`) || !strings.Contains(string(man), `"draws_ghana.csv"`) {
		t.Errorf("manifest.json lacks the draws:\n%s", man)
	}
}

// TestCompareDrawsSelf compares ghana with a copy of itself at draws: the
// draws and the random numbers are paired, so every difference, and both
// parts of its spread, are exactly 0.
func TestCompareDrawsSelf(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	data, err := os.ReadFile("../../scenarios/ghana.toml")
	if err != nil {
		t.Fatal(err)
	}
	twin := filepath.Join(tmp, "twin.toml")
	if err := os.WriteFile(twin, []byte(strings.Replace(string(data), `name = "ghana"`, `name = "twin"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "cmp")
	args := append([]string{"compare", "ghana", twin, "--draws", "3", "--replicates", "2", "--out", out}, drawSets...)
	if code, stdout, stderr := brainsim(t, args...); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	_, rows := readTable(t, filepath.Join(out, "difference_twin.csv"))
	for _, r := range rows {
		for _, col := range []string{"mean", "sd_parameter", "sd_stochastic", "lo_total", "hi_total"} {
			if v := r[col]; v != "0" && v != "" {
				t.Fatalf("%s at step %s: %s = %s; want 0", r["metric"], r["step"], col, v)
			}
		}
	}
}

func TestDrawsUsage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no priors", []string{"run", "baseline", "--draws", "3"}, "gives no key a prior"},
		{"one draw", []string{"run", "ghana", "--draws", "1"}, "--draws 1"},
		{"negative", []string{"compare", "ghana", "baseline", "--draws", "-2"}, "--draws -2"},
		{"with trace", []string{"run", "ghana", "--draws", "3", "--trace", "5"}, "--draws with --trace"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := brainsim(t, append(tt.args, "--out", filepath.Join(t.TempDir(), "o"))...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}
