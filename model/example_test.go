package model_test

import (
	"fmt"

	"github.com/brainsim/brainsim/model"
)

// A policy is built in code as its common part and a lever of its kind; the
// lever's type says which parameters exist.
func ExampleScenario_PolicyName() {
	s := &model.Scenario{Policies: []model.Policy{
		{StartYear: 2027, Sectors: []string{"nurse"},
			Lever: &model.WageTopUp{TopUp: 0.3, Eligible: model.EligiblePublic}},
		{Name: "mida_health", Lever: &model.TemporaryReturn{Assignments: 100, Months: 6, Acceptance: 0.3}},
		{Lever: &model.WageTopUp{TopUp: 0.1}},
	}}
	for i, p := range s.Policies {
		fmt.Printf("%s: %v, %d problems\n", s.PolicyName(i), p.Kind(), len(p.Lever.Validate()))
	}
	// Output:
	// wage_top_up: wage_top_up, 0 problems
	// mida_health: temporary_return, 0 problems
	// wage_top_up_2: wage_top_up, 0 problems
}
