package strict

import "testing"

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"fee", "fee", 0},
		{"fe", "fee", 1},
		{"kitten", "sitting", 3},
		{"populaton", "population", 1},
		{"wage_hom", "wage_home", 1},
		{"base_rate", "rate_base", 4},
		{"naïve", "naive", 1},
	} {
		if got := distance([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("distance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"fee", "living_cost", "move_cost", "name", "population_growth", "recognition", "waste_wage"}
	for _, tt := range []struct {
		name, word string
		want       string
	}{
		{"one edit", "fe", "fee"},
		{"two edits", "nmae", "name"},
		{"case only", "Fee", "fee"},
		{"a third of a long word", "recognitoin_x", "recognition"}, // 3 edits, 13 letters
		{"too far for a short word", "cost", ""},                   // "fee" and "name" are 3 away
		{"too far", "colour", ""},
		{"closest wins", "move_cst", "move_cost"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.word, keys); got != tt.want {
				t.Errorf("Suggest(%q) = %q; want %q", tt.word, got, tt.want)
			}
		})
	}
	if got := Suggest("x", nil); got != "" {
		t.Errorf("Suggest with no candidates = %q; want \"\"", got)
	}
}

func TestDidYouMean(t *testing.T) {
	sectors := []string{"doctor", "nurse"}
	keys := []string{"design", "replicates", "samples"}
	for _, tt := range []struct {
		word, what, none string
		candidates       []string
		want             string
	}{
		{"nurs", "sectors are", "there are no sectors", sectors, `did you mean "nurse"?`},
		{"dentist", "sectors are", "there are no sectors", sectors, `sectors are "doctor", "nurse"`},
		{"dentist", "sectors are", "there are no sectors", nil, "there are no sectors"},
		{"replicate", "valid keys are", "no keys are valid here", keys, `did you mean "replicates"?`},
		{"Samples", "valid keys are", "no keys are valid here", keys, `did you mean "samples"?`},
		{"colour", "valid keys are", "no keys are valid here", keys, `valid keys are "design", "replicates", "samples"`},
	} {
		if got := DidYouMean(tt.word, tt.candidates, tt.what, tt.none); got != tt.want {
			t.Errorf("DidYouMean(%q, %q) = %q; want %q", tt.word, tt.candidates, got, tt.want)
		}
	}
}
