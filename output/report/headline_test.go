package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/results"
)

// quarterly builds a timeseries of 6 years of quarterly steps from 2025
// with the metrics skilled_home and policy_cost: policy_cost is the sum of
// the per-step costs perStep(r, step) over the trailing year (4 steps), as
// the engine records flows, and skilled_home is skilled(r, step).
func quarterly(reps int, skilled, perStep func(r, step int) float64) *results.Timeseries {
	const spy, years = 4, 6
	ts := &results.Timeseries{Metrics: []results.Metric{
		{Name: "skilled_home", Unit: "persons"},
		{Name: "policy_cost", Unit: "USD PPP/year"},
		{Name: "emigrants", Unit: "persons"},
	}}
	// The other headline indicators, and the training spending of the
	// costs, at zero: every run records them.
	for _, name := range append(slices.Clone(HeadlineMetrics), results.TrainingSpend) {
		if results.MetricIndex(ts.Metrics, name) < 0 {
			ts.Metrics = append(ts.Metrics, results.Metric{Name: name})
		}
	}
	for i := range spy * years {
		ts.Step = append(ts.Step, i+1)
		ts.Year = append(ts.Year, 2025+float64(i+1)/spy)
	}
	for r := range reps {
		rows := make([][]float64, len(ts.Step))
		for i, step := range ts.Step {
			var trailing float64
			for s := max(1, step-spy+1); s <= step; s++ {
				trailing += perStep(r, s)
			}
			rows[i] = make([]float64, len(ts.Metrics))
			rows[i][0], rows[i][1], rows[i][2] = skilled(r, step), trailing, 10
		}
		ts.Values = append(ts.Values, rows)
	}
	return ts
}

func TestCumulative(t *testing.T) {
	// Per-step cost = step number: the sum over steps 1..20 (to 2030) is 210.
	// Summing the trailing-year values of every row, or dividing them by
	// the steps a year, would give other numbers.
	ts := quarterly(1, func(int, int) float64 { return 0 }, func(_, s int) float64 { return float64(s) })
	for _, tt := range []struct {
		year int
		want float64
	}{
		{2025, 0}, {2026, 10}, {2030, 210}, {2031, 300},
	} {
		if got := Cumulative(ts, 0, 1, 2025, tt.year); got != tt.want {
			t.Errorf("Cumulative to %d = %v; want %v", tt.year, got, tt.want)
		}
	}
}

func TestCompareCost(t *testing.T) {
	const reps = 3
	base := quarterly(reps,
		func(r, s int) float64 { return 1000 + float64(r) },
		func(int, int) float64 { return 0 })
	// The policy costs 100 + 10r a step from step 5 (2026) on, and adds
	// 2(r+1) skilled workers a step from then.
	pol := quarterly(reps,
		func(r, s int) float64 { return 1000 + float64(r) + float64(2*(r+1)*max(0, s-4)) },
		func(r, s int) float64 {
			if s < 5 {
				return 0
			}
			return 100 + 10*float64(r)
		})
	h, err := Compare([]string{"base", "policy"}, []*results.Timeseries{base, pol}, 0, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.Years, []int{2030}; len(got) != 1 || got[0] != want[0] {
		t.Fatalf("Years = %v; want %v (only year 5 is within 6 years)", got, want)
	}
	// At 2030 (step 20): 16 steps of cost, 16 steps of extra workers.
	var per []float64
	for r := range reps {
		cost := 16 * (100 + 10*float64(r))
		more := float64(2 * (r + 1) * 16)
		per = append(per, cost/more)
	}
	want := results.MeanCI(per)
	c := h.Costs[0][1]
	if c.NonPositive != 0 || math.Abs(c.PerWorker.Mean-want.Mean) > 1e-9 ||
		math.Abs(c.PerWorker.Lo-want.Lo) > 1e-9 || math.Abs(c.PerWorker.Hi-want.Hi) > 1e-9 {
		t.Errorf("PerWorker = %+v (non-positive %d); want %+v", c.PerWorker, c.NonPositive, want)
	}
	if want := (1600 + 1760 + 1920) / 3.0; math.Abs(c.ExtraCost.Mean-want) > 1e-9 {
		t.Errorf("ExtraCost mean = %v; want %v", c.ExtraCost.Mean, want)
	}
	if want := (32 + 64 + 96) / 3.0; math.Abs(c.ExtraSkilled.Mean-want) > 1e-9 {
		t.Errorf("ExtraSkilled mean = %v; want %v", c.ExtraSkilled.Mean, want)
	}
	if b := h.Costs[0][0]; b.PerWorker.N != 0 || b.Cumulative.Mean != 0 {
		t.Errorf("baseline cost = %+v; want zero cumulative and no cost per worker", b)
	}
	// The paired difference of skilled_home, cell by cell.
	d := h.Cells[0][0][1].Diff
	if math.Abs(d.Mean-64) > 1e-9 || d.N != reps {
		t.Errorf("skilled_home difference = %+v; want mean 64 over %d", d, reps)
	}
	if d := h.Cells[0][0][0].Diff; d.N != 0 {
		t.Errorf("baseline has a difference %+v; want none", d)
	}
	// One year convention: the row at 2030.0, the end of the fifth year
	// (step 20 of 4 a year), is "2030 (year 5)" wherever it is named.
	if f := h.KeyFindings(); len(f) != 1 || !strings.HasPrefix(f[0], "policy, at 2030 (year 5) against base: ") {
		t.Errorf("KeyFindings = %q; want one sentence at 2030 (year 5)", f)
	}
}

func TestCompareCostNotPositive(t *testing.T) {
	base := quarterly(3, func(r, s int) float64 { return 1000 }, func(int, int) float64 { return 0 })
	// Replicate 1 ends with fewer skilled workers than the baseline.
	pol := quarterly(3, func(r, s int) float64 {
		if r == 1 {
			return 990
		}
		return 1010
	}, func(int, int) float64 { return 50 })
	h, err := Compare([]string{"base", "policy"}, []*results.Timeseries{base, pol}, 0, 2025)
	if err != nil {
		t.Fatal(err)
	}
	c := h.Costs[0][1]
	if c.PerWorker.N != 0 || c.NonPositive != 1 {
		t.Errorf("PerWorker = %+v, NonPositive = %d; want not computed, 1", c.PerWorker, c.NonPositive)
	}
	var csv, md bytes.Buffer
	if err := h.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := h.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), "2030,cost_per_additional_skilled_home,USD PPP per person,policy,,,,,,,n/a: the scenario has no more skilled workers at home than the baseline in 1 of 3 replicates") {
		t.Errorf("CSV lacks the n/a cost row:\n%s", csv.String())
	}
	if !strings.Contains(md.String(), "| Cost per additional skilled worker at home | USD PPP per person | — | — | n/a (not more skilled at home in 1 of 3 replicates) |") {
		t.Errorf("Markdown lacks the n/a cost row:\n%s", md.String())
	}
}

func TestCompareErrors(t *testing.T) {
	a := quarterly(3, func(int, int) float64 { return 1 }, func(int, int) float64 { return 0 })
	b := quarterly(2, func(int, int) float64 { return 1 }, func(int, int) float64 { return 0 })
	if _, err := Compare([]string{"a", "b"}, []*results.Timeseries{a, b}, 0, 2025); err == nil || !strings.Contains(err.Error(), "replicates") {
		t.Errorf("Compare with 3 and 2 replicates: err = %v; want one about replicates", err)
	}
	if _, err := Compare([]string{"a", "b"}, []*results.Timeseries{a, a}, 2, 2025); err == nil {
		t.Error("Compare with baseline 2 of 2: no error")
	}
}

// TestHeadlineMissingMetric checks that a headline indicator a run lacks,
// say after a rename, is an error naming it, not a row quietly left out.
func TestHeadlineMissingMetric(t *testing.T) {
	a := quarterly(3, func(int, int) float64 { return 1 }, func(int, int) float64 { return 0 })
	b := quarterly(3, func(int, int) float64 { return 1 }, func(int, int) float64 { return 0 })
	b.Metrics = slices.Clone(b.Metrics)
	b.Metrics[results.MetricIndex(b.Metrics, results.Enrolments)].Name = "enrollments"
	for _, tt := range []struct {
		name string
		err  func() error
	}{
		{"single run", func() error { _, err := FromSummary("b", results.Summarize(b), 2025); return err }},
		{"comparison", func() error {
			_, err := Compare([]string{"a", "b"}, []*results.Timeseries{a, b}, 0, 2025)
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.err(); err == nil || !strings.Contains(err.Error(), `"enrolments"`) {
				t.Errorf("error = %v; want one naming enrolments", err)
			}
		})
	}
}

func TestDifference(t *testing.T) {
	a := quarterly(2, func(r, s int) float64 { return float64(10*r + s) }, func(int, int) float64 { return 1 })
	b := quarterly(2, func(r, s int) float64 { return float64(s) }, func(int, int) float64 { return 0 })
	a.Metrics = append(a.Metrics, results.Metric{Name: "policy_cost.only_in_a"})
	for r := range a.Values {
		for i := range a.Values[r] {
			a.Values[r][i] = append(a.Values[r][i], 5)
		}
	}
	d, err := results.Difference(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Metrics) != len(b.Metrics) || d.Metrics[2].Name != "emigrants" {
		t.Fatalf("Difference metrics = %v; want the %d shared ones", d.Metrics, len(b.Metrics))
	}
	for r := range 2 {
		for i := range d.Step {
			if got, want := d.Values[r][i][0], float64(10*r); got != want {
				t.Fatalf("replicate %d row %d: skilled_home difference = %v; want %v", r, i, got, want)
			}
		}
	}
	short := quarterly(1, func(int, int) float64 { return 0 }, func(int, int) float64 { return 0 })
	if _, err := results.Difference(a, short); err == nil {
		t.Error("Difference of 2 and 1 replicates: no error")
	}
}

func TestFromSummary(t *testing.T) {
	ts := quarterly(3, func(r, s int) float64 { return float64(100 + r) }, func(int, int) float64 { return 0 })
	h, err := FromSummary("run", results.Summarize(ts), 2025)
	if err != nil {
		t.Fatal(err)
	}
	if h.Compared() || h.Costs != nil {
		t.Error("a single run compares or has costs")
	}
	if len(h.Years) != 1 || h.Years[0] != 2030 {
		t.Fatalf("Years = %v; want [2030]", h.Years)
	}
	if got := h.Cells[0][0][0].Value; got.Mean != 101 || got.N != 3 {
		t.Errorf("skilled_home = %+v; want mean 101 over 3", got)
	}
	var md bytes.Buffer
	if err := h.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Headline indicators: run", "| Indicator | Unit | 2030 (year 5) |", "| Skilled at home | persons | 101 (99 to 103) |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestFormatEstimate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		e      results.Estimate
		unit   string
		signed bool
		want   string
	}{
		{"persons", results.Estimate{Mean: 240812, Lo: 240310, Hi: 241300, N: 10}, "persons", false, "240,800 (240,300 to 241,300)"},
		{"small persons", results.Estimate{Mean: 388.4, Lo: 323.2, Hi: 454.6, N: 10}, "persons", true, "+388 (323 to 455)"},
		{"negative", results.Estimate{Mean: -1137, Lo: -1260, Hi: -1013, N: 10}, "persons", true, "−1,137 (−1,260 to −1,013)"},
		{"millions", results.Estimate{Mean: 102.4e6, Lo: 99.9e6, Hi: 104.9e6, N: 5}, "USD PPP/year", false, "102.4 M (99.9 M to 104.9 M)"},
		{"billions", results.Estimate{Mean: 3.343e9, Lo: 3.304e9, Hi: 3.382e9, N: 5}, "USD PPP", true, "+3.34 bn (3.30 bn to 3.38 bn)"},
		{"share", results.Estimate{Mean: 0.0978, Lo: 0.0954, Hi: 0.1002, N: 5}, "share", false, "9.8% (9.5% to 10.0%)"},
		{"share difference", results.Estimate{Mean: -0.005012, Lo: -0.005555, Hi: -0.004469, N: 5}, "share", true, "−0.50 pp (−0.56 pp to −0.45 pp)"},
		{"density", results.Estimate{Mean: 15.12, Lo: 14.9, Hi: 15.34, N: 5}, "per 10,000 population", false, "15.12 (14.90 to 15.34)"},
		{"small difference", results.Estimate{Mean: -0.006857, Lo: -0.01281, Hi: -0.0009083, N: 5}, "per 10,000 population", true, "−0.007 (−0.013 to −0.001)"},
		{"no width", results.Estimate{Mean: 0, Lo: 0, Hi: 0, N: 5}, "USD PPP/year", false, "0"},
		{"not computed", results.Estimate{}, "persons", false, "n/a"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatEstimate(tt.e, tt.unit, tt.signed).String(); got != tt.want {
				t.Errorf("formatEstimate(%+v, %q) = %q; want %q", tt.e, tt.unit, got, tt.want)
			}
		})
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{
		"skilled_home":       "Skilled at home",
		"workers_home.nurse": "Workers at home, nurse",
		"policy_cost.topup":  "Policy cost, topup",
		"something_new":      "something new",
	} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q; want %q", in, got, want)
		}
	}
}

// setFlow fills metric name of ts with the trailing-year sums of the
// per-step values perStep(r, step), as the engine records a flow.
func setFlow(t *testing.T, ts *results.Timeseries, name string, perStep func(r, step int) float64) {
	t.Helper()
	const spy = 4 // quarterly's steps a year
	m := results.MetricIndex(ts.Metrics, name)
	if m < 0 {
		t.Fatalf("no metric %q", name)
	}
	for r, rows := range ts.Values {
		for i, step := range ts.Step {
			v := 0.0
			for s := max(1, step-spy+1); s <= step; s++ {
				v += perStep(r, s)
			}
			rows[i][m] = v
		}
	}
}

// TestCompareFiscal checks the fiscal side of a comparison against the
// per-replicate figures worked out here: the net fiscal effect is the mean
// and t-interval of the replicates' differences in cumulative fiscal
// balance, and the cost per additional skilled worker with training adds
// each replicate's extra training spending to its extra policy cost before
// dividing by its extra skilled workers.
func TestCompareFiscal(t *testing.T) {
	const reps = 4
	skilled := func(extra float64) func(r, s int) float64 {
		return func(r, s int) float64 { return 1000 + extra*float64((r+1)*max(0, s-4)) }
	}
	base := quarterly(reps, skilled(0), func(int, int) float64 { return 0 })
	// A scholarship-like policy from step 5 (2026): costs 50 + 5r a step,
	// trains more at public expense (training spending up 20 + 2r a step),
	// adds (r+1) skilled workers a step; the balance falls by both and
	// rises by a tax of 3 per extra worker-step.
	pol := quarterly(reps, skilled(1), func(r, s int) float64 {
		if s < 5 {
			return 0
		}
		return 50 + 5*float64(r)
	})
	setFlow(t, base, results.TrainingSpend, func(r, s int) float64 { return 400 })
	setFlow(t, base, results.FiscalBalance, func(r, s int) float64 { return -400 + float64(r) })
	setFlow(t, pol, results.TrainingSpend, func(r, s int) float64 {
		if s < 5 {
			return 400
		}
		return 420 + 2*float64(r)
	})
	setFlow(t, pol, results.FiscalBalance, func(r, s int) float64 {
		if s < 5 {
			return -400 + float64(r)
		}
		return -400 + float64(r) - (20 + 2*float64(r)) - (50 + 5*float64(r)) + 3*float64((r+1)*(s-4))
	})
	h, err := Compare([]string{"base", "policy"}, []*results.Timeseries{base, pol}, 0, 2025)
	if err != nil {
		t.Fatal(err)
	}
	// At 2030, step 20: 16 steps of the policy.
	var net, per, perTrained []float64
	for r := range reps {
		fr := float64(r)
		tax := 0.0
		for s := 5; s <= 20; s++ {
			tax += 3 * float64((r+1)*(s-4))
		}
		net = append(net, -16*(20+2*fr)-16*(50+5*fr)+tax)
		more := float64((r + 1) * 16)
		per = append(per, 16*(50+5*fr)/more)
		perTrained = append(perTrained, (16*(50+5*fr)+16*(20+2*fr))/more)
	}
	c := h.Costs[0][1]
	for _, tt := range []struct {
		name      string
		got, want results.Estimate
	}{
		{"NetFiscal", c.NetFiscal, results.MeanCI(net)},
		{"PerWorker", c.PerWorker, results.MeanCI(per)},
		{"PerWorkerTraining", c.PerWorkerTraining, results.MeanCI(perTrained)},
		{"ExtraTraining", c.ExtraTraining, results.MeanCI([]float64{320, 352, 384, 416})},
	} {
		if tt.got.N != reps || math.Abs(tt.got.Mean-tt.want.Mean) > 1e-9 ||
			math.Abs(tt.got.Lo-tt.want.Lo) > 1e-9 || math.Abs(tt.got.Hi-tt.want.Hi) > 1e-9 {
			t.Errorf("%s = %+v; want %+v", tt.name, tt.got, tt.want)
		}
	}
	// The yearly fiscal balance is a headline indicator, with its paired
	// difference: at step 20, the last 4 steps' differences.
	m := slices.IndexFunc(h.Metrics, func(m results.Metric) bool { return m.Name == results.FiscalBalance })
	if m < 0 {
		t.Fatal("fiscal_balance is not among the headline indicators")
	}
	var yearly []float64
	for r := range reps {
		fr := float64(r)
		d := 0.0
		for s := 17; s <= 20; s++ {
			d += -(20 + 2*fr) - (50 + 5*fr) + 3*float64((r+1)*(s-4))
		}
		yearly = append(yearly, d)
	}
	if got, want := h.Cells[0][m][1].Diff, results.MeanCI(yearly); math.Abs(got.Mean-want.Mean) > 1e-9 || math.Abs(got.Lo-want.Lo) > 1e-9 {
		t.Errorf("fiscal_balance difference = %+v; want %+v", got, want)
	}
	if b := h.Costs[0][0]; b.NetFiscal.N != 0 || b.PerWorkerTraining.N != 0 || math.Abs(b.FiscalCumulative.Mean-(-400*20+1.5*20)) > 1e-9 {
		t.Errorf("baseline costs = %+v; want a cumulative balance of -7970 and no difference", b)
	}

	var csv, md bytes.Buffer
	if err := h.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := h.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2030,fiscal_balance_cumulative,USD PPP,policy,", "2030,cost_per_additional_skilled_home_with_training,USD PPP per person,policy,"} {
		if !strings.Contains(csv.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv.String())
		}
	}
	for _, want := range []string{"| Fiscal balance, cumulative from 2025 to 2030 | USD PPP |", "| Cost per additional skilled worker at home, with training | USD PPP per person |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
}
