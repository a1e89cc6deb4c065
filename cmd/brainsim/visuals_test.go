package main

import (
	"bytes"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The golden files of the visuals tests are rewritten by go test -update,
// a flag another test file of this package may define first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// visBaseline is the shipped baseline scenario, relative to this package.
const visBaseline = "../../scenarios/baseline.toml"

// topupPolicy is the [[policy]] block the tests add to the baseline: a 30%
// top-up of nurses' wages at home from 2027.
const topupPolicy = `
[[policy]]
kind = "wage_top_up"
name = "nurse_topup"
start_year = 2027
top_up = 0.3
eligible = "all"
sectors = ["nurse"]
`

// writeTopup writes, in dir, the baseline scenario renamed name with the
// top-up policy, and top-level keys set as in set ("key = value" lines),
// and returns its path.
func writeTopup(t *testing.T, dir, name string, set ...string) string {
	t.Helper()
	data, err := os.ReadFile(visBaseline)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^name = "baseline"`)
	if !re.Match(data) {
		t.Fatalf("%s has no line name = \"baseline\"", visBaseline)
	}
	text := re.ReplaceAllString(string(data), `name = "`+name+`"`)
	for _, kv := range set {
		key, _, _ := strings.Cut(kv, " = ")
		line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + ` *=.*$`)
		if !line.MatchString(text) {
			t.Fatalf("%s has no key %s", visBaseline, key)
		}
		text = line.ReplaceAllString(text, kv)
	}
	path := filepath.Join(dir, name+".toml")
	if err := os.WriteFile(path, []byte(text+topupPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// brainsim runs the command with args and returns its exit status and
// output.
func brainsim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(t.Context(), args, &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

var (
	svgTextRE = regexp.MustCompile(`(?s)<text [^>]*>(.*?)</text>`)
	numberRE  = regexp.MustCompile(`^[-−]?[0-9][0-9,.]*[kMB]?$`)
)

// svgLabels returns the texts of an SVG chart that are not numbers: the
// title lines, axis titles, legend entries and reference labels, in order.
// Tick labels are left out, so that the list does not change with the
// simulated values.
func svgLabels(svg string) []string {
	var ls []string
	for _, m := range svgTextRE.FindAllStringSubmatch(svg, -1) {
		s := html.UnescapeString(m[1])
		if !numberRE.MatchString(s) {
			ls = append(ls, s)
		}
	}
	return ls
}

// chartLabels returns, for every SVG under dir/plots, a line "NAME: label |
// label | ...", sorted by name.
func chartLabels(t *testing.T, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "plots", "*.svg"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(filepath.Base(n) + ": " + strings.Join(svgLabels(string(data)), " | ") + "\n")
	}
	return b.String()
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "compare", name)
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("chart labels differ from %s; if the change is intended, run go test -update and review the diff.\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// checkSelfContained fails the test if the HTML page refers to anything
// outside itself.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	stripped := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, bad := range []string{"http://", "https://", "<script", " src=", "<link", "<img", "url(", "@import"} {
		if i := strings.Index(strings.ToLower(stripped), bad); i >= 0 {
			t.Errorf("report.html contains %q: %q", bad, stripped[max(0, i-60):min(len(stripped), i+60)])
		}
	}
}

func TestRunWritesVisuals(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	path := writeTopup(t, tmp, "nurse_topup")
	out := filepath.Join(tmp, "out")
	code, stdout, stderr := brainsim(t, "run", path, "--set", "agents=3000", "--set", "years=11", "--replicates", "3", "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("brainsim run: exit status %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	m := readJSONManifest(t, filepath.Join(out, "manifest.json"))
	var plots []string
	for _, f := range m.Files {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("manifest lists %s: stat %v; want a non-empty file", f, err)
		}
		if strings.HasPrefix(f, "plots/") {
			plots = append(plots, f)
		}
	}
	for _, want := range []string{
		"plots/workforce.png", "plots/workforce.svg", "plots/sector_nurse.svg", "plots/health.svg",
		"plots/education.svg", "plots/education_quality.svg", "plots/remittances.svg", "plots/policy_cost.svg",
		"report.html",
	} {
		if !slices.Contains(m.Files, want) {
			t.Errorf("manifest files %q lack %q", m.Files, want)
		}
	}
	if len(plots)%2 != 0 {
		t.Errorf("plots %q: want a PNG and an SVG of each chart", plots)
	}

	labels := chartLabels(t, out)
	checkGolden(t, "run_labels.golden", labels)
	// What the issue asks of the health chart, whatever the golden file says.
	for _, want := range []string{
		"health.svg: Health workers per 10,000 population | mean and 95% interval over 3 replicates",
		"WHO SDG index threshold, 44.5", "WHO safeguards list (2023), 49",
	} {
		if !strings.Contains(labels, want) {
			t.Errorf("chart labels lack %q:\n%s", want, labels)
		}
	}

	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	checkSelfContained(t, string(page))
	for _, want := range []string{
		"brainsim: nurse_topup", "2030 (year 5)", "2035 (year 10)", "Health workers per 10,000",
		"WHO SDG index threshold, 44.5", "nurse_topup (wage_top_up)", "from 2027 · nurse",
		"brainsim run " + path + " --set agents=3000 --set years=11 --set replicates=3",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if got, want := strings.Count(string(page), `<svg class="chart"`), len(plots)/2; got != want {
		t.Errorf("report.html embeds %d charts; want %d", got, want)
	}
}
