package scenarios_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/brainsim/brainsim/scenarios"
)

func ExampleLoad() {
	s, err := scenarios.Load("testdata/valid.toml", "destination.UK.fee=0.03")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d years of %d steps, %d replicates\n", s.Name, s.Years, s.StepsPerYear, s.Replicates)
	for _, d := range s.Destinations {
		fmt.Printf("%s: nurse wage %.0f, fee %.2f\n", d.Name, d.Wage["nurse"], d.Fee)
	}
	// Output:
	// valid: 20 years of 12 steps, 4 replicates
	// UK: nurse wage 45000, fee 0.03
	// Germany: nurse wage 40000, fee 0.04
	// Canada: nurse wage 0, fee 0.00
}

func ExampleParse() {
	const file = `years = 20
[origin]
populaton = 1e6
wage_untrained = 2000.0

[[sector]]
name = "nurse"
training_years = 3.0
wage_home = "high"
workers = 100.0

[[destination]]
name = "UK"
fee = 1.4
wage = { nurse = 45000.0 }
`
	// Every problem in one pass: the typo, the wrong type and the range.
	_, err := scenarios.Parse("ghana.toml", []byte(file))
	fmt.Println(err)
	// Output:
	// scenarios: ghana.toml:3: unknown key "populaton" in origin; did you mean "population"?
	// scenarios: ghana.toml:9: sector[0].wage_home = "high": must be a number
	// scenarios: ghana.toml:14: destination[0].fee = 1.4: must be within [0, 1]
}

func ExampleProblems() {
	const file = `years = 500
[origin]
population = 1e6
wage_untrained = 2000.0

[[sector]]
name = "nurse"
training_years = 3.0
wage_home = 12000.0
workers = 100.0

[[destination]]
name = "UK"
fee = 1.4
wage = { nurse = 45000.0 }
`
	_, err := scenarios.Parse("ghana.toml", []byte(file), "sector.nurse.wage_home=-1")
	var ps scenarios.Problems
	if errors.As(err, &ps) {
		fmt.Println(len(ps), "problems:")
		for _, p := range ps {
			fmt.Printf("%s line %d: %s = %s: %s\n", p.File, p.Line, p.Key, p.Value, p.Msg)
		}
	}
	// Output:
	// 3 problems:
	// ghana.toml line 1: years = 500: must be within [1, 200]
	// ghana.toml line 14: destination[0].fee = 1.4: must be within [0, 1]
	// --set sector.nurse.wage_home=-1 line 0: sector[0].wage_home = -1: must be > 0
}
