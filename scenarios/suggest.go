package scenarios

import (
	"fmt"
	"strings"
)

// suggest returns the candidate closest to word by edit distance, ignoring
// case, if it is close enough to be a likely typo: at most 2 edits, or at
// most a third of the length of word. Ties go to the earlier candidate. It
// returns "" if no candidate is close.
func suggest(word string, candidates []string) string {
	w := []rune(strings.ToLower(word))
	best, bestD := "", -1
	for _, c := range candidates {
		d := levenshtein(w, []rune(strings.ToLower(c)))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD >= 0 && (bestD <= 2 || bestD <= len(w)/3) {
		return best
	}
	return ""
}

// levenshtein returns the edit distance between a and b: the fewest
// insertions, deletions and substitutions that turn one into the other.
func levenshtein(a, b []rune) int {
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

// didYouMean returns `did you mean "x"?` for the candidate closest to word,
// or, if none is close, what the valid choices are, introduced by what (e.g.
// "valid keys are"), or none if there are none.
func didYouMean(word string, candidates []string, what, none string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	if len(candidates) == 0 {
		return none
	}
	return what + " " + quoteList(candidates)
}

// quoteList returns the strings quoted and separated by commas.
func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
