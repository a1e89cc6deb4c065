package scenarios

import "github.com/brainsim/brainsim/scenarios/strict"

// didYouMean returns `did you mean "x"?` for the candidate closest to word,
// or, if none is close, what the valid choices are, introduced by what (e.g.
// "valid keys are"), or none if there are none; see strict.DidYouMean.
func didYouMean(word string, candidates []string, what, none string) string {
	return strict.DidYouMean(word, candidates, what, none)
}

// quoteList returns the strings quoted and separated by commas.
func quoteList(ss []string) string { return strict.QuoteList(ss) }
