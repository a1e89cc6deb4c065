package strict_test

import (
	"fmt"

	"github.com/brainsim/brainsim/scenarios/strict"
)

// A reader checks the values it decoded and names each problem by its key
// path; the index of the text gives the lines, and the list reports every
// problem at once, in the order of the file.
func Example() {
	const src = `replicates = 0

[[parameter]]
key = "emigration.base_rate"
valeus = [0.1, 0.2]
`
	problems := strict.List{Index: strict.NewIndex("sweep.toml", src)}
	param := strict.Path{}.Key("parameter").Index(0)
	problems.Add(param.Key("valeus"), "", `unknown key "valeus"; `+
		strict.DidYouMean("valeus", []string{"key", "values"}, "valid keys are", "no keys are valid here"))
	problems.Add(param.Key("values"), "", "missing: the values of a grid")
	problems.Add(strict.Path{}.Key("replicates"), "0", "must be >= 1")
	fmt.Println(problems.Err())
	// Output:
	// scenarios: sweep.toml:1: replicates = 0: must be >= 1
	// scenarios: sweep.toml:3: parameter[0].values: missing: the values of a grid
	// scenarios: sweep.toml:5: parameter[0].valeus: unknown key "valeus"; did you mean "values"?
}
