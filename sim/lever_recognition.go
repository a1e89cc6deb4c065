package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindCredentialRecognition, func(l *model.CredentialRecognition) lever { return recognitionLever{l} })
}

// recognitionLever sets the chance of recognition on arrival.
type recognitionLever struct{ l *model.CredentialRecognition }

func (v recognitionLever) adjust(e *Engine, c *conditions, k int) {
	for d, ok := range e.pols[k].dests {
		if ok {
			c.recognition[d] = v.l.Recognition
		}
	}
}
