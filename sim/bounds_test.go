package sim

import (
	"errors"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestStepCountBounds holds the engine's 16-bit step counts: at the largest
// ages and durations a valid scenario allows (120 years, 1,440 months) with
// daily steps, nobody's age, tenure or timer wraps and the stocks are
// there; past them, New refuses instead of running with wrapped counts
// (which gave every stock 0 with retirement at 180 years and daily steps).
func TestStepCountBounds(t *testing.T) {
	sc := loadBaseline(t, 3000, 1, 1)
	sc.StepsPerYear = 365
	sc.Demography.RetirementAge = 120
	// Initial ages follow survival (sim/init.go): without mortality or
	// cohort growth they are uniform over the career, so some start just
	// below the limit.
	sc.Demography.Mortality, sc.Origin.CohortGrowth = 0, 0
	sc.Policies = []model.Policy{
		{Lever: &model.Bonding{Months: model.MaxMonths, BuyoutRate: 0.5}},
		{Lever: &model.TemporaryReturn{Assignments: 1e4, Months: model.MaxMonths, Acceptance: 1}},
	}
	for i := range sc.Sectors {
		sc.Sectors[i].PublicTraining = true
	}
	e := New(sc, 0, 1)
	for range 30 {
		e.Step()
	}
	var oldest uint16
	for i := range e.pop.rec {
		st := e.pop.rec[i].state
		if st != 0 {
			oldest = max(oldest, e.pop.rec[i].age)
		}
	}
	if limit := uint16(120 * 365); oldest > limit || oldest < limit-400 {
		t.Errorf("oldest agent is %d steps; want just below %d", oldest, limit)
	}
	if got := e.Row()[0] + e.Row()[1]; got <= 0 {
		t.Errorf("students + workers at home = %v; want the population", got)
	}

	for _, tt := range []struct {
		name string
		edit func(sc *model.Scenario)
		want string
	}{
		{"retirement at 180 years, daily steps", func(sc *model.Scenario) { sc.Demography.RetirementAge = 180 }, "demography.retirement_age"},
		{"bond of 65,539 months", func(sc *model.Scenario) {
			sc.Policies = []model.Policy{{Lever: &model.Bonding{Months: 65539}}}
		}, "bonding months"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := loadBaseline(t, 1000, 1, 1)
			sc.StepsPerYear = 365
			tt.edit(sc)
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, tt.want) {
					t.Errorf("New did not refuse: recovered %v; want a panic naming %s", r, tt.want)
				}
			}()
			e := New(sc, 0, 1)
			e.Step()
		})
	}
}

// TestOverflowIsAFailure checks that a run whose figures become infinite
// fails, naming the metric and the step, instead of writing them: the
// reproduction of issue 11 (workers = 1e308) with validation bypassed.
func TestOverflowIsAFailure(t *testing.T) {
	sc := loadBaseline(t, 500, 1, 2)
	sc.Sectors[0].Workers = 1e308
	_, err := Run(t.Context(), sc, Options{Workers: 2})
	var oe *OverflowError
	if !errors.As(err, &oe) || oe.Replicate != 0 || oe.Step > 12 || oe.Metric == "" {
		t.Fatalf("Run = %v; want an overflow at replicate 0 within a year", err)
	}
	if !strings.Contains(err.Error(), "is +Inf") {
		t.Errorf("message %q does not give the value", err)
	}
}
