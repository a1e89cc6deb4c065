package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// fiscalFixture is small.toml made countable: nobody dies, drops out or
// enters training, and skill neither grows at home nor abroad, so every
// skilled person has skill 1 (education_quality = 1) and earns the sector's
// wage_home, and every student of the step before is a student of this
// step (or graduates in it, which is charged too).
func fiscalFixture(t *testing.T) *model.Scenario {
	t.Helper()
	sc := loadSmall(t)
	sc.Demography.Mortality = 0
	sc.Origin.YouthCohort = 0
	sc.Skill.GrowthAbroad = 0
	sc.Skill.GrowthHome = 0
	for s := range sc.Sectors {
		sc.Sectors[s].DropoutRate = 0
	}
	return sc
}

// fiscalTol is the relative tolerance of a closed form against the engine:
// the two sum the same terms in another order, so they agree to a few ulps
// of the sums (about 1e-16 x the number of terms).
const fiscalTol = 1e-9

func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= fiscalTol*math.Max(1, math.Abs(want))
}

// TestFiscalAccounts checks every account of a step against its closed form
// from counts taken independently of the tally: training spending is the
// publicly financed students at the start of the step x public_cost /
// steps_per_year; the tax is tax_rate x wage_home x skilled at home /
// steps_per_year, and the wage bill public_share of the same wages; the
// training lost abroad is the emigrations x public_cost x training_years
// (all emigrants of small.toml are publicly trained); the balance is tax -
// training - wage bill - policy cost in every row; and each recorded flow
// is the sum of its last steps_per_year steps.
func TestFiscalAccounts(t *testing.T) {
	sc := fiscalFixture(t)
	e := New(sc, 0, 1)
	spy := sc.StepsPerYear
	col := func(name string) int {
		i := results.MetricIndex(e.Metrics(), name)
		if i < 0 {
			t.Fatalf("no metric %q", name)
		}
		return i
	}
	type perStep struct{ spend, tax, bill, lost float64 }
	var history [][]perStep // [step][sector]
	for step := range sc.Steps() {
		students := make([]float64, e.nS)
		for i := range e.pop.rec {
			st := e.pop.rec[i].state
			if st == agents.Student && e.pop.rec[i].flags&flagPublic != 0 {
				students[e.pop.rec[i].sector] += e.weight
			}
		}
		e.Step()
		row := e.Row()
		steps := make([]perStep, e.nS)
		for s, sec := range sc.Sectors {
			skilled := row[col(results.BySector(results.SkilledHome, sec.Name))]
			wages := sec.WageHome * skilled / float64(spy)
			want := perStep{
				spend: students[s] * sec.PublicCost / float64(spy),
				tax:   sc.Origin.TaxRate * wages,
				bill:  sec.PublicShare * wages,
				lost:  e.persons(e.total.flow(flowEmigrate, s)) * sec.PublicCost * sec.TrainingYears,
			}
			got := perStep{e.trainingSpend(s), e.taxRevenue(s), e.wageBill(s), e.trainingLost(s)}
			if !closeTo(got.spend, want.spend) || !closeTo(got.tax, want.tax) || !closeTo(got.bill, want.bill) || !closeTo(got.lost, want.lost) {
				t.Errorf("step %d, %s: accounts %+v; want %+v", step+1, sec.Name, got, want)
			}
			steps[s] = want
		}
		history = append(history, steps)

		// The recorded rows: trailing-year sums of the closed forms, and
		// the balance identity.
		from := max(0, len(history)-spy)
		for s, sec := range sc.Sectors {
			var w perStep
			for _, h := range history[from:] {
				w.spend += h[s].spend
				w.tax += h[s].tax
				w.bill += h[s].bill
				w.lost += h[s].lost
			}
			for _, c := range []struct {
				base string
				want float64
			}{
				{results.TrainingSpend, w.spend}, {results.TaxRevenue, w.tax},
				{results.WageBill, w.bill}, {results.TrainingLostAbroad, w.lost},
			} {
				if got := row[col(results.BySector(c.base, sec.Name))]; !closeTo(got, c.want) {
					t.Errorf("step %d: %s.%s = %v; want %v", step+1, c.base, sec.Name, got, c.want)
				}
			}
		}
		balance := row[col(results.TaxRevenue)] - row[col(results.TrainingSpend)] - row[col(results.WageBill)] - row[col(results.PolicyCost)]
		if got := row[col(results.FiscalBalance)]; !closeTo(got, balance) {
			t.Errorf("step %d: fiscal_balance = %v; want tax - training - wage bill - policy cost = %v", step+1, got, balance)
		}
	}
	// The test means something only if the accounts are not all zero.
	row := e.Row()
	for _, name := range []string{results.TrainingSpend, results.TaxRevenue, results.WageBill, results.TrainingLostAbroad, results.PolicyCost} {
		if row[col(name)] <= 0 {
			t.Errorf("%s = %v at the end; the fixture should make it positive", name, row[col(name)])
		}
	}
}

// TestFiscalSizes checks the accounts of the first year against figures
// worked out by hand from small.toml's inputs: about 2,200 engineering and
// 1,400 nursing students at 3,000 and 2,000 USD a year cost the state
// 9.4 million a year, less what graduation takes away during the year
// (training of 3 and 4 years: a third and a quarter of them, uniformly
// spread, so about a sixth and an eighth on average: 8.1 million); 35,000
// workers at about 10,000 USD (15,000 nurses at 9,000, 20,000 engineers at
// 11,000: 355 million of wages) pay 20%, about 71 million, and the state
// pays 0.8 x 135 + 0.3 x 220 = 174 million of them. Graduates, emigrants
// and returns move these by a few percent in a year; the band is 10%.
func TestFiscalSizes(t *testing.T) {
	sc := fiscalFixture(t)
	e := New(sc, 0, 1)
	for range sc.StepsPerYear {
		e.Step()
	}
	row := e.Row()
	const band = 0.10
	for _, tt := range []struct {
		name string
		want float64
	}{
		{results.TrainingSpend, 2_200*3_000*(1-1.0/8) + 1_400*2_000*(1-1.0/6)},
		{results.TaxRevenue, 0.2 * (15_000*9_000 + 20_000*11_000)},
		{results.WageBill, 0.8*15_000*9_000 + 0.3*20_000*11_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := row[results.MetricIndex(e.Metrics(), tt.name)]
			if math.Abs(got-tt.want) > band*tt.want {
				t.Errorf("%s after a year = %.4g; want %.4g within %.0f%%", tt.name, got, tt.want, 100*band)
			}
		})
	}
}

// TestFiscalZeroValues checks that the zero values of the fiscal keys keep
// today's behaviour: no account but the policies' cost, whose negative is
// the balance in every row, to the bit.
func TestFiscalZeroValues(t *testing.T) {
	sc := loadSmall(t)
	sc.Origin.TaxRate = 0
	for s := range sc.Sectors {
		sc.Sectors[s].PublicCost, sc.Sectors[s].PublicShare = 0, 0
	}
	e := New(sc, 0, 1)
	ms := e.Metrics()
	cost := results.MetricIndex(ms, results.PolicyCost)
	balance := results.MetricIndex(ms, results.FiscalBalance)
	positive := false
	for range sc.Steps() {
		e.Step()
		row := e.Row()
		for i, m := range ms {
			switch m.Base {
			case results.TrainingSpend, results.WageBill, results.TaxRevenue, results.TrainingLostAbroad:
				if row[i] != 0 {
					t.Errorf("step %d: %s = %v; want 0", e.StepsDone(), m.Name, row[i])
				}
			}
		}
		if row[balance] != -row[cost] {
			t.Errorf("step %d: fiscal_balance = %v; want -policy_cost = %v", e.StepsDone(), row[balance], -row[cost])
		}
		positive = positive || row[cost] > 0
	}
	if !positive {
		t.Error("policy_cost is zero throughout; the test needs a policy that costs")
	}
}
