package sim

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/brainsim/brainsim/model"
)

// EngineKind chooses how Run advances a replicate. The zero value,
// EngineStep, is the per-agent step engine, the reference: every person is
// stepped every step. EngineEvent is the event-driven engine (issue 16,
// event*.go), which touches a person only when something can happen to it;
// it simulates the same model and agrees with the step engine in
// distribution, not draw for draw.
type EngineKind uint8

const (
	EngineStep  EngineKind = iota // every person every step ("step", or left out)
	EngineEvent                   // persons at their candidate events only ("event")
)

var engineKindNames = [...]string{"step", "event"}

// String returns the name flags use, e.g. "event".
func (k EngineKind) String() string {
	if int(k) < len(engineKindNames) {
		return engineKindNames[k]
	}
	return "EngineKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText returns the name flags use.
func (k EngineKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name; "" is EngineStep.
func (k *EngineKind) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*k = EngineStep
		return nil
	}
	for i, n := range engineKindNames {
		if n == string(text) {
			*k = EngineKind(i)
			return nil
		}
	}
	return errors.New(`must be "step" or "event" (left out: "step")`)
}

// ErrEventUnsupported is wrapped by the error of EventSupport when a
// scenario uses a part of the model the event engine does not simulate yet.
var ErrEventUnsupported = errors.New("not supported by the event engine yet; use the step engine (--engine step)")

// EventSupport returns nil if the event engine simulates every part of the
// scenario, or an error wrapping ErrEventUnsupported that names the first
// part it does not (a policy kind, a mechanism), so that Run refuses the
// scenario rather than simulating a different model.
func EventSupport(sc *model.Scenario) error {
	unsupported := func(part string) error {
		return fmt.Errorf("sim: the event engine: %s: %w", part, ErrEventUnsupported)
	}
	// Policies: those that act through the conditions, the quotas and
	// settlement only, wage top-ups for everyone or the publicly trained,
	// temporary-return assignments (event.go), training partnerships
	// (event_partner.go), training abroad (event_training.go), top-ups for
	// returnees (event_topup.go, event_benefit.go), study abroad
	// (event_study.go), service bonds and scholarships (event_bond.go),
	// and the benefits, insurance, investment, matching and registers of
	// event_benefit.go.
	for k, p := range sc.Policies {
		switch p.Lever.(type) {
		case *model.VisaQuota, *model.RecruitmentCap, *model.Shock, *model.ReturnGrant, *model.RemittanceFeeCut,
			*model.TemporaryReturn, *model.TrainingAbroad, *model.CredentialRecognition:
			continue
		case *model.TrainingPartnership: // event_partner.go
			continue
		case *model.Bonding, *model.Scholarship, *model.StudyAbroad: // event_bond.go, event_study.go
			continue
		case *model.WageTopUp: // for returnees: event_topup.go (limited time), event_benefit.go (permanent)
			continue
		case *model.HealthInsurance, *model.RemittanceMatching, *model.DiasporaInvestment, *model.SkillsRegister,
			*model.RetentionBenefit, *model.PortableBenefits: // event_benefit.go
			continue
		}
		return unsupported(fmt.Sprintf("policy %q (%v)", sc.PolicyName(k), p.Kind()))
	}
	// Every setting of the sectors is simulated: a training delay is a
	// candidate hazard past the fixed length (event_delay.go), unemployment
	// in person keeps lists of the jobless (event_jobless.go). But not
	// unemployment in person with a retention benefit or a top-up for
	// returnees as long as they stay: their costs are kept from counts that
	// the moves of the wakes change (event_benefit.go), and a post filled or
	// lost outside a wake (fillPostsEvent) would not move them.
	inPerson := false
	for _, sec := range sc.Sectors {
		inPerson = inPerson || sec.Unemployed.InPerson()
	}
	if inPerson {
		for k, p := range sc.Policies {
			switch l := p.Lever.(type) {
			case *model.RetentionBenefit:
			case *model.WageTopUp:
				if l.Eligible != model.EligibleReturnees || l.Months > 0 {
					continue
				}
			default:
				continue
			}
			return unsupported(fmt.Sprintf("policy %q (%v) with unemployment in person", sc.PolicyName(k), p.Kind()))
		}
	}
	return nil
}

// NewKind returns an engine of the given kind at step 0 of the given
// replicate, as New does for the step engine: the event engine (issue 16)
// for EngineEvent, or an error wrapping ErrEventUnsupported when the event
// engine does not simulate the scenario. Replicate r of either kind is the
// replicate r that Run gives, so a sweep or calibration stepping engines
// itself agrees with 'brainsim run --engine' byte for byte.
func NewKind(sc *model.Scenario, replicate, workers int, kind EngineKind) (*Engine, error) {
	switch kind {
	case EngineStep:
		return New(sc, replicate, workers), nil
	case EngineEvent:
		if err := EventSupport(sc); err != nil {
			return nil, err
		}
		e := New(sc, replicate, workers)
		e.startEvents()
		return e, nil
	}
	return nil, fmt.Errorf("sim: %v: not an engine kind", kind)
}

// Events returns the candidate and scheduled events the event engine has
// processed so far; 0 for the step engine.
func (e *Engine) Events() int64 {
	if e.ev == nil {
		return 0
	}
	return e.ev.events
}

// Pair makes the event engine draw its candidates from sets that scenarios
// share (Options.Paired, event_cand.go), for runs compared with each other
// (a comparison, the points of a sweep); the step engine's draws are always
// shared, and it ignores the call. It panics after the first step.
func (e *Engine) Pair() {
	if e.ev == nil {
		return
	}
	if e.ev.started {
		panic("sim: Pair after the first step")
	}
	e.ev.paired = true
}
