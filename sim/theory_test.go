package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// The theory scenarios of ../scenarios/theory, run through the engine. Each
// check compares a closed form of ../shared/MODEL.md ("Theory the model must
// reproduce") with the replicates of the agent-based run.

const (
	theoryDir = "../scenarios/theory/"
	// theoryFirstYear is the first year whose flows are averaged: with
	// yearly steps and one year of training, the cohort of year 0
	// graduates in year 1, so the flows of the years after are those of a
	// stationary population.
	theoryFirstYear = 2
	// theoryChecks is how many interval checks the two theory tests make
	// in all; each interval is widened to a family-wise 95% (Bonferroni),
	// so that a correct engine fails the whole family in 5% of seeds,
	// not each check.
	theoryChecks = 40
)

// openTheory loads a theory scenario by path, as `brainsim run` does.
func openTheory(t *testing.T, name string, overrides ...string) *model.Scenario {
	t.Helper()
	sc, err := scenarios.Open(theoryDir+name+".toml", overrides...)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// cohortShares runs sc and returns per replicate the share of a cohort
// that trains (H_a), the share of the skilled among those who stay (H_p),
// and the skill of the skilled at home per member of the cohort who stays
// or leaves ((1 - p) theta in Stark's model), from the flows and stocks of
// the stationary years: a youth who trains either stays (a graduate at
// home) or leaves on graduating (an emigration), nobody else moves.
func cohortShares(t *testing.T, sc *model.Scenario) (ha, hp, stock []float64) {
	t.Helper()
	ts, err := Run(t.Context(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		m := results.MetricIndex(ts.Metrics, name)
		if m < 0 {
			t.Fatalf("no metric %q", name)
		}
		return m
	}
	enr, emi, grads := col(results.Enrolments), col(results.Emigrations), col(results.Graduates)
	skilled, skill := col(results.SkilledHome), col(results.SkillHome)
	cohort := sc.Origin.YouthCohort
	for _, rows := range ts.Values {
		var youths, entered, left float64
		for i, y := range ts.Year {
			if int(y)-sc.StartYear < theoryFirstYear {
				continue
			}
			youths += cohort
			entered += rows[i][enr]
			left += rows[i][emi]
		}
		last := rows[len(rows)-1]
		// Members of the cohorts that have graduated by the last step
		// (everybody trains in Stark's model): the graduates, counted in
		// yearly flows, as each step is a year.
		graduated := 0.0
		for i := range rows {
			graduated += rows[i][grads]
		}
		ha = append(ha, entered/youths)
		hp = append(hp, (entered-left)/(youths-left))
		stock = append(stock, last[skilled]*last[skill]/graduated)
	}
	return ha, hp, stock
}

// interval returns the replicates' mean and the half-width of its
// family-wise 95% interval (Student t, Bonferroni over theoryChecks).
func interval(xs []float64) (mean, half float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	return mean, distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1-0.025/theoryChecks) * sd / math.Sqrt(n)
}

// binomialTol is an absolute tolerance for a share q estimated from n
// independent youths: four binomial standard deviations, a margin a correct
// engine exceeds with probability 6e-5 per check.
func binomialTol(q, n float64) float64 { return 4 * math.Sqrt(q*(1-q)/n) }

// checkShare checks the replicates xs of a share against the closed form
// want: within the family-wise 95% interval of their mean and within tol.
func checkShare(t *testing.T, what string, xs []float64, want, tol float64) {
	t.Helper()
	m, half := interval(xs)
	t.Logf("%s: engine %.4f +- %.4f, closed form %.4f (tolerance %.4f)", what, m, half, want, tol)
	if math.Abs(m-want) > half {
		t.Errorf("%s = %.4f; closed form %.4f outside the replicates' interval [%.4f, %.4f]", what, m, want, m-half, m+half)
	}
	if math.Abs(m-want) > tol {
		t.Errorf("%s = %.4f; want the closed form %.4f +- %.4f", what, m, want, tol)
	}
}

// TestDocquierRapoport reproduces the threshold education model (Beine,
// Docquier and Rapoport 2001; MODEL.md): with w_L = 1, w_H = 2, c uniform on
// [0, 4] and w* = 6, H_a = F((1 - p) w_H + p w* - w_L) and H_p = (1 - p) H_a
// / (1 - p H_a) at p = 0.1, 0.3 and 0.6, each above the closed economy's
// F(w_H - w_L) = 0.25 (a gain); with w* = 2.5 and p = 0.6, H_p falls below
// it (a loss).
func TestDocquierRapoport(t *testing.T) {
	const wL, wH, cMax = 1.0, 2.0, 4.0 // thousands of USD PPP a year, MODEL.md
	closed := (wH - wL) / cMax         // F(w_H - w_L) = 0.25
	for _, tt := range []struct {
		p, wStar float64
		gain     bool
	}{
		{0.1, 6, true},
		{0.3, 6, true},
		{0.6, 6, true},
		{0.6, 2.5, false},
	} {
		t.Run(fmt.Sprintf("p=%g w*=%g", tt.p, tt.wStar), func(t *testing.T) {
			sc := openTheory(t, "docquier_rapoport",
				fmt.Sprintf("training.perceived_migration=%g", tt.p),
				fmt.Sprintf("training.graduate_emigration=%g", tt.p),
				fmt.Sprintf("destination[0].wage.skilled=%g", 1000*tt.wStar))
			ha, hp, _ := cohortShares(t, sc)
			wantA := min(1, ((1-tt.p)*wH+tt.p*tt.wStar-wL)/cMax)
			wantP := (1 - tt.p) * wantA / (1 - tt.p*wantA)
			// Youths counted over the stationary years of all replicates.
			n := float64(sc.Replicates*(sc.Years-theoryFirstYear)) * sc.Origin.YouthCohort
			checkShare(t, "H_a", ha, wantA, binomialTol(wantA, n))
			// H_p adds the draw of who leaves: at most the binomial noise of
			// the trained stayers among the stayers, about n (1 - p H_a).
			checkShare(t, "H_p", hp, wantP, binomialTol(wantP, n*(1-tt.p*wantA)))
			if m, _ := interval(hp); (m > closed) != tt.gain {
				t.Errorf("H_p = %.4f against the closed economy's %.2f; want a gain: %v", m, closed, tt.gain)
			}
		})
	}
}

// TestStark reproduces the quadratic-cost model of human capital (Stark,
// Helmenstein and Prskawetz 1997; MODEL.md): theta = ((1 - p) alpha + p beta)
// / k, the home stock (1 - p) theta above alpha / k for p below (beta - 2
// alpha) / (beta - alpha) and highest at (beta - 2 alpha) / (2 (beta -
// alpha)), within one step of a grid of p; with beta <= 2 alpha, no p
// gives a gain.
func TestStark(t *testing.T) {
	const alpha, k = 1000.0, 1000.0 // stark.toml
	grid := []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6}
	const gridStep = 0.05
	for _, beta := range []float64{3000, 2000, 1500} {
		t.Run(fmt.Sprintf("beta=%g", beta), func(t *testing.T) {
			peak, peakStock := -1.0, 0.0
			for _, p := range grid {
				sc := openTheory(t, "stark",
					fmt.Sprintf("training.perceived_migration=%g", p),
					fmt.Sprintf("training.graduate_emigration=%g", p),
					fmt.Sprintf("destination[0].wage.skilled=%g", beta))
				sc.Replicates = 3
				_, _, stock := cohortShares(t, sc)
				theta := ((1-p)*alpha + p*beta) / k
				want := (1 - p) * theta
				// Every graduate has skill theta; who leaves is a draw of p
				// for each of the graduated cohorts' youths.
				n := float64(sc.Replicates*sc.Years) * sc.Origin.YouthCohort
				tol := theta * binomialTol(1-p, n)
				m, _ := interval(stock)
				if p > 0 && p < 1 {
					checkShare(t, fmt.Sprintf("home stock at p=%g", p), stock, want, tol)
				} else if math.Abs(m-want) > 1e-6 {
					t.Errorf("home stock at p=%g = %.6f; want %.6f exactly (nobody leaves)", p, m, want)
				}
				if m > peakStock {
					peak, peakStock = p, m
				}
				// MODEL.md: a gain exactly when beta > 2 alpha and p < (beta -
				// 2 alpha) / (beta - alpha); checked where the closed form is
				// clear of the closed economy by more than the tolerance.
				switch gain := want - alpha/k; {
				case gain > tol && m <= alpha/k:
					t.Errorf("home stock %.4f at p=%g; want a gain over the closed economy's %.4f", m, p, alpha/k)
				case gain < -tol && m >= alpha/k:
					t.Errorf("home stock %.4f at p=%g; want a loss against the closed economy's %.4f", m, p, alpha/k)
				}
				if beta <= 2*alpha && m > alpha/k+tol {
					t.Errorf("beta = %g <= 2 alpha: home stock %.4f at p=%g above the closed economy's %.4f", beta, m, p, alpha/k)
				}
			}
			wantPeak := max(0, (beta-2*alpha)/(2*(beta-alpha)))
			t.Logf("beta=%g: home stock peaks at p=%g; theory %.4f", beta, peak, wantPeak)
			if math.Abs(peak-wantPeak) > gridStep+1e-9 {
				t.Errorf("home stock peaks at p=%g; want %.4f within one grid step (%g)", peak, wantPeak, gridStep)
			}
		})
	}
}

// TestStarkSkill checks the skill chosen through the engine: every graduate
// at home has theta = ((1 - p) alpha + p beta) / k exactly (float32).
func TestStarkSkill(t *testing.T) {
	for _, p := range []float64{0.1, 0.4} {
		sc := openTheory(t, "stark",
			fmt.Sprintf("training.perceived_migration=%g", p),
			fmt.Sprintf("training.graduate_emigration=%g", p))
		sc.Replicates = 1
		ts, err := Run(t.Context(), sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := ts.Values[0][len(ts.Step)-1][results.MetricIndex(ts.Metrics, results.SkillHome)]
		if want := (1-p)*1 + p*3; math.Abs(got-want) > 1e-6 {
			t.Errorf("p=%g: mean skill at home %.7f; want theta = %.7f", p, got, want)
		}
	}
}
