package experiment

import (
	"reflect"
	"testing"
)

func TestScanKeys(t *testing.T) {
	src := `# an experiment
name = "x"   # a comment with = sign
set = [
  "agents=500",   # [not a header]
  "years=4",
]
description = """
[[parameter]]
key = "not a key"
"""
"quoted key" = 1
indicators.years = [1, 2]

[[parameter]]
key = "a"
values = [0.1,
  0.2]

[ indicators ]
metrics = ["x"]

[[parameter]]
key = 'b'
min = { x = 1 }
`
	got := scanKeys(src)
	want := map[string]int{
		"name":                2,
		"set":                 3,
		"description":         7,
		"quoted key":          11,
		"indicators":          12,
		"indicators.years":    12,
		"parameter":           14,
		"parameter[0]":        14,
		"parameter[0].key":    15,
		"parameter[0].values": 16,
		"indicators.metrics":  20,
		"parameter[1]":        22,
		"parameter[1].key":    23,
		"parameter[1].min":    24,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scanKeys =\n%v\nwant\n%v", got, want)
	}
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"design", "replicates", "samples"}
	for _, tt := range []struct{ word, want string }{
		{"replicate", `did you mean "replicates"?`},
		{"Samples", `did you mean "samples"?`},
		{"colour", `valid keys are "design", "replicates", "samples"`},
	} {
		if got := didYouMean(tt.word, keys); got != tt.want {
			t.Errorf("didYouMean(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
}
