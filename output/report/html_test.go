package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// policyScenario returns the shipped baseline with a nurse top-up from
// 2027 and a bonding policy from 2030 to 2034.
func policyScenario(t *testing.T) *model.Scenario {
	t.Helper()
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	sc.Name = "topup"
	sc.Policies = append(sc.Policies,
		model.Policy{Name: "nurse_topup", StartYear: 2027, Sectors: []string{"nurse"}, Lever: &model.WageTopUp{TopUp: 0.3, Eligible: model.EligibleAll}},
		model.Policy{StartYear: 2030, EndYear: 2034, Lever: &model.Bonding{Months: 24}},
	)
	return sc
}

func testReport(t *testing.T) *Report {
	t.Helper()
	base, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	pol := policyScenario(t)
	runs := []*results.Timeseries{
		quarterly(3, func(r, s int) float64 { return 1000 }, func(int, int) float64 { return 0 }),
		quarterly(3, func(r, s int) float64 { return 1000 + float64(s*(r+1)) }, func(int, int) float64 { return 25 }),
	}
	h, err := Compare([]string{"baseline", "topup"}, runs, 0, 2025)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := plot.FromSummary(results.Summarize(runs[1]), "skilled_home", "topup")
	p, err := plot.Bands("Skilled at home & abroad\nmean and 95% interval over 3 replicates", "persons", []plot.Band{b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := plot.WriteSVG(&svg, p, plot.Width, plot.Height); err != nil {
		t.Fatal(err)
	}
	m := &output.Manifest{Scenario: "scenarios/baseline.toml", Name: "baseline", Seed: 1, Replicates: 3,
		Version: "devel", Revision: "abc123", GoVersion: "go1.26.0", Start: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	m2 := *m
	m2.Scenario, m2.Name = "topup.toml", "topup"
	return &Report{
		Title:    "brainsim: topup against baseline",
		Command:  "brainsim compare scenarios/baseline.toml topup.toml",
		Headline: h,
		Sections: []Section{{Title: "Workforce", Intro: "Stocks.", Charts: []Chart{{Title: "Skilled at home", Caption: "All sectors.", SVG: svg.Bytes(), Files: []string{"plots/x.png", "plots/x.svg"}}},
			Notes: []string{"Enrolments: identical in every replicate and year; no chart."}}},
		Scenarios: []*model.Scenario{base, pol},
		Baseline:  0,
		Manifests: []*output.Manifest{m, &m2},
		Files:     []string{"headline.csv", "report.html"},
	}
}

func TestWriteHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, testReport(t)); err != nil {
		t.Fatal(err)
	}
	page := buf.String()

	// The only address is the SVG namespace, which names and loads nothing.
	addr := regexp.MustCompile(`(?i)https?://`)
	stripped := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
	if loc := addr.FindStringIndex(stripped); loc != nil {
		t.Errorf("page refers to an address: %q", stripped[max(0, loc[0]-40):min(len(stripped), loc[1]+40)])
	}
	for _, bad := range []string{"<script", " src=", "<link", "<img", "@import", "url(", "<?xml", "<!-- Generated", "xlink"} {
		if strings.Contains(strings.ToLower(page), strings.ToLower(bad)) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, want := range []string{
		"<title>brainsim: topup against baseline</title>",
		`id="headline"`, `id="parameters"`, `id="timeline"`, `id="manifest"`,
		"Headline indicators", "2030, year 5", "Cost per additional skilled worker at home", "topup − baseline",
		`<svg class="chart" role="img" aria-label="Skilled at home"`,
		"Skilled at home &amp; abroad", // the chart's own title, escaped once
		"What differs between the scenarios", "policy.nurse_topup.top_up", "policy.bonding.months",
		"nurse_topup (wage_top_up)", "from 2027 · nurse", "2030–2034", "baseline: no policy",
		"scenarios/baseline.toml", "abc123", "2026-11-22T10:00:00Z",
		"Also saved as plots/x.png, plots/x.svg.",
		`<p class="note">Enrolments: identical in every replicate and year; no chart.</p>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, "<svg"); n != 2 { // the chart and the timeline
		t.Errorf("page has %d <svg> elements; want 2", n)
	}
	if strings.Count(page, "<section") != strings.Count(page, "</section>") {
		t.Error("unbalanced <section> elements")
	}
}

func TestWriteHTMLSingleRun(t *testing.T) {
	sc := policyScenario(t)
	ts := quarterly(3, func(r, s int) float64 { return 1000 }, func(int, int) float64 { return 25 })
	h, err := FromSummary("topup", results.Summarize(ts), 2025)
	if err != nil {
		t.Fatal(err)
	}
	r := &Report{
		Title:     "brainsim: topup",
		Headline:  h,
		Scenarios: []*model.Scenario{sc},
		Baseline:  -1,
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"2030 (year 5)", "Sectors", "Destinations", "Policies", "seats_per_year", "Decision-rule parameters"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"What differs", " − "} {
		if strings.Contains(page, bad) {
			t.Errorf("single-run page contains %q", bad)
		}
	}
}

func TestInlineSVGRejectsNonSVG(t *testing.T) {
	if _, err := inlineSVG([]byte("<html></html>"), "x"); err == nil {
		t.Error("inlineSVG accepted a document without <svg>")
	}
}

func TestParams(t *testing.T) {
	ps := Params(policyScenario(t))
	got := map[string]string{}
	for _, p := range ps {
		got[p.Key] = p.Value
	}
	for key, want := range map[string]string{
		"name":                                "topup",
		"origin.population":                   "30,000,000",
		"sector.nurse.wage_home":              "12,000",
		"sector.nurse.health":                 "yes",
		"destination.UK.wage.nurse":           "34,000",
		"destination.UK.sector_quota.teacher": "400",
		"policy.nurse_topup.top_up":           "0.3",
		"policy.nurse_topup.sectors":          "nurse",
		"policy.nurse_topup.end_year":         "to the horizon",
		"policy.bonding.months":               "24",
		"policy.bonding.destinations":         "all",
		"emigration.base_rate":                "0.25",
	} {
		if got[key] != want {
			t.Errorf("Params[%q] = %q; want %q", key, got[key], want)
		}
	}
	for _, absent := range []string{"policy.nurse_topup.seats", "policy.bonding.top_up", "destination.UK.quota", "path"} {
		if v, ok := got[absent]; ok {
			t.Errorf("Params has %q = %q; want it absent", absent, v)
		}
	}
}
