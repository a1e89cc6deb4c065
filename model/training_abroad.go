package model

import (
	"errors"
	"strconv"
)

// TrainingAbroad sends workers at home to train at a destination for a
// fixed period and brings them back with more skill: the UK Medical
// Training Initiative ("a fixed period of training in the UK for up to two
// years ... so participants can return home and apply the skills",
// seeds/002_02df7b30806fa867.txt lines 226-229 and 344-353), and the
// training halves of MIDA Ghana Health ("specialized training at health
// care institutions in the Netherlands, Germany or the United Kingdom",
// lines 366-369) and TRQN ("internships and training opportunities in the
// Netherlands", lines 548-549).
//
// Each year Places workers (or returnees, per Eligibility) of the covered
// sectors, not under a service bond, are drawn by lottery and leave for the
// partner destination (the first the policy names, or the scenario's first)
// for Months. A share Obliged of them must come back; at the end of the
// training the obliged return home (Enforcement "visa_end"), or buy out the
// obligation with the chance StayShare x exp(-Buyout / yearly wage gain
// abroad) and pay Buyout to the budget (Enforcement "bond"). The rest stay
// abroad as emigrants with the chance StayShare, else return. Everyone
// gains SkillGain (a relative rise of skill, capped at skill.max) from the
// training. The origin pays CostPerPlace a trainee-year when PaidBy is
// "origin".
type TrainingAbroad struct {
	Places       float64     `toml:"places"`         // trainees leaving a year, persons; >= 0; 0 sends none
	Months       float64     `toml:"months"`         // length of the training abroad, months; > 0
	SkillGain    float64     `toml:"skill_gain"`     // relative rise of skill from the training (0.1 = +10%); >= 0
	Obliged      float64     `toml:"obliged"`        // share of trainees obliged to return; in [0, 1]
	Enforcement  Enforcement `toml:"enforcement"`    // how the obligation is enforced; the zero value is "visa_end"
	Buyout       float64     `toml:"buyout"`         // USD an obliged trainee pays to stay (Enforcement "bond"); >= 0
	StayShare    float64     `toml:"stay_share"`     // chance a trainee free to choose stays abroad at the end; in [0, 1]; 0 = all return
	Eligibility  Eligibility `toml:"eligibility"`    // who may be sent: "all" (left out), "public" graduates, "returnees"
	PaidBy       Payer       `toml:"paid_by"`        // who pays the places; the zero value is the destination
	CostPerPlace float64     `toml:"cost_per_place"` // USD a trainee-year, charged when PaidBy is "origin"; >= 0
}

// Kind returns KindTrainingAbroad.
func (*TrainingAbroad) Kind() Kind { return KindTrainingAbroad }

// Validate checks every parameter's range; a training must last.
func (l *TrainingAbroad) Validate() []Problem {
	var ps problems
	ps.nonNegative("places", l.Places)
	ps.months("months", l.Months, true)
	ps.nonNegative("skill_gain", l.SkillGain)
	ps.share("obliged", l.Obliged)
	ps.nonNegative("buyout", l.Buyout)
	ps.share("stay_share", l.StayShare)
	ps.nonNegative("cost_per_place", l.CostPerPlace)
	return ps
}

// Enforcement says how an obligation to return after training abroad is
// enforced. The zero value, EnforceVisaEnd, sends every obliged person home.
type Enforcement uint8

const (
	EnforceVisaEnd Enforcement = iota // the visa ends with the training: all obliged return ("visa_end", or left out)
	EnforceBond                       // a bond: an obliged person may stay by paying the buy-out ("bond")
)

var enforcementNames = [...]string{"visa_end", "bond"}

// String returns the name files use, e.g. "bond".
func (e Enforcement) String() string {
	if int(e) < len(enforcementNames) {
		return enforcementNames[e]
	}
	return "Enforcement(" + strconv.Itoa(int(e)) + ")"
}

// MarshalText returns the name files use.
func (e Enforcement) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads a name; "" is EnforceVisaEnd, as a key left out.
func (e *Enforcement) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*e = EnforceVisaEnd
		return nil
	}
	for i, n := range enforcementNames {
		if n == string(text) {
			*e = Enforcement(i)
			return nil
		}
	}
	return errors.New(`must be "visa_end" or "bond" (left out: "visa_end")`)
}
