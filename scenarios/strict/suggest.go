package strict

import (
	"fmt"
	"strings"
)

// Suggest returns the candidate closest to word by edit distance, ignoring
// case, if it is close enough to be a likely typo: at most 2 edits, or at
// most a third of the length of word in characters. Ties go to the earlier
// candidate. It returns "" if no candidate is close.
func Suggest(word string, candidates []string) string {
	w := []rune(strings.ToLower(word))
	best, bestD := "", -1
	for _, c := range candidates {
		d := distance(w, []rune(strings.ToLower(c)))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD >= 0 && (bestD <= 2 || bestD <= len(w)/3) {
		return best
	}
	return ""
}

// DidYouMean returns `did you mean "x"?` for the candidate x that Suggest
// picks for word, or, if none is close, the choices introduced by what
// (e.g. `valid keys are "a", "b"`), or none if there are no candidates.
func DidYouMean(word string, candidates []string, what, none string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	if len(candidates) == 0 {
		return none
	}
	return what + " " + QuoteList(candidates)
}

// QuoteList returns the strings quoted as Go and TOML do and separated by
// commas, e.g. `"doctor", "nurse"`.
func QuoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// distance returns the Levenshtein distance between a and b: the fewest
// insertions, deletions and substitutions of characters that turn one into
// the other. It takes time len(a)*len(b) and space len(b).
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
