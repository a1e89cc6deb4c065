package model

// CredentialRecognition sets the chance that an arrival's credentials are
// recognised at the covered destinations (mutual recognition agreements).
type CredentialRecognition struct {
	Recognition float64 `toml:"recognition"` // probability; in [0, 1]
}

// Kind returns KindCredentialRecognition.
func (*CredentialRecognition) Kind() Kind { return KindCredentialRecognition }

// Validate checks that the recognition is a probability.
func (l *CredentialRecognition) Validate() []Problem {
	var ps problems
	ps.share("recognition", l.Recognition)
	return ps
}
