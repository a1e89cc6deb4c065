package scenarios

import "testing"

func TestLevenshtein(t *testing.T) {
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
		if got := levenshtein([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
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
			if got := suggest(tt.word, keys); got != tt.want {
				t.Errorf("suggest(%q) = %q; want %q", tt.word, got, tt.want)
			}
		})
	}
	if got := suggest("x", nil); got != "" {
		t.Errorf("suggest with no candidates = %q; want \"\"", got)
	}
}

func TestDidYouMean(t *testing.T) {
	for _, tt := range []struct {
		word       string
		candidates []string
		want       string
	}{
		{"nurs", []string{"doctor", "nurse"}, `did you mean "nurse"?`},
		{"dentist", []string{"doctor", "nurse"}, `sectors are "doctor", "nurse"`},
		{"dentist", nil, "there are no sectors"},
	} {
		if got := didYouMean(tt.word, tt.candidates, "sectors are", "there are no sectors"); got != tt.want {
			t.Errorf("didYouMean(%q, %q) = %q; want %q", tt.word, tt.candidates, got, tt.want)
		}
	}
}
