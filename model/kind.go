package model

import (
	"fmt"
	"strings"
)

// Kind is a kind of policy. The zero Kind, KindNone, is no kind: the kind of
// a policy without a lever.
type Kind uint8

// The kinds of policy, in documentation order; docs/policies.md gives an
// example of each.
const (
	KindNone                  Kind = iota
	KindWageTopUp                  // raises the home wage of eligible workers
	KindTemporaryReturn            // assignments at home for diaspora members (MIDA, TRQN)
	KindReturnGrant                // one-off payment and job matching for returnees
	KindRecruitmentCap             // WHO Code: a destination caps active recruitment
	KindVisaQuota                  // a destination's yearly admissions
	KindTrainingPartnership        // extra seats funded by a destination, home and away tracks
	KindBonding                    // compulsory service after publicly funded training
	KindScholarship                // lowers the cost of training
	KindRemittanceFeeCut           // lowers the corridor fee
	KindRemittanceMatching         // public match of collective remittances (3x1)
	KindCredentialRecognition      // share of arrivals whose credentials are recognised
	KindPortableBenefits           // lowers the frictions of return and circular moves
	KindShock                      // demand surge or recession abroad, crisis at home
	KindTrainingAbroad             // workers train abroad for a fixed period, then return (UK MTI)
	KindRetentionBenefit           // non-wage benefits for workers at home (Ghana's car and housing loans)
	KindDiasporaInvestment         // diaspora funds, with a public match, financing posts at home (PAISD)
	KindSkillsRegister             // a diaspora skills database raising take-up of diaspora programmes
	KindHealthInsurance            // health micro-insurance for households paid by emigrants
	KindStudyAbroad                // youths study abroad for a course, then stay or come home
	numKinds
)

// registry gives each kind its name in files and outputs and a constructor
// of its lever with every parameter at its zero value. Adding a kind is one
// line here, one file in this package and one in package sim.
var registry = [numKinds]struct {
	name string
	new  func() Lever
}{
	KindNone:                  {"", nil},
	KindWageTopUp:             {"wage_top_up", func() Lever { return new(WageTopUp) }},
	KindTemporaryReturn:       {"temporary_return", func() Lever { return new(TemporaryReturn) }},
	KindReturnGrant:           {"return_grant", func() Lever { return new(ReturnGrant) }},
	KindRecruitmentCap:        {"recruitment_cap", func() Lever { return new(RecruitmentCap) }},
	KindVisaQuota:             {"visa_quota", func() Lever { return new(VisaQuota) }},
	KindTrainingPartnership:   {"training_partnership", func() Lever { return new(TrainingPartnership) }},
	KindBonding:               {"bonding", func() Lever { return new(Bonding) }},
	KindScholarship:           {"scholarship", func() Lever { return new(Scholarship) }},
	KindRemittanceFeeCut:      {"remittance_fee_cut", func() Lever { return new(RemittanceFeeCut) }},
	KindRemittanceMatching:    {"remittance_matching", func() Lever { return new(RemittanceMatching) }},
	KindCredentialRecognition: {"credential_recognition", func() Lever { return new(CredentialRecognition) }},
	KindPortableBenefits:      {"portable_benefits", func() Lever { return new(PortableBenefits) }},
	KindShock:                 {"shock", func() Lever { return new(Shock) }},
	KindTrainingAbroad:        {"training_abroad", func() Lever { return new(TrainingAbroad) }},
	KindRetentionBenefit:      {"retention_benefit", func() Lever { return new(RetentionBenefit) }},
	KindDiasporaInvestment:    {"diaspora_investment", func() Lever { return new(DiasporaInvestment) }},
	KindSkillsRegister:        {"skills_register", func() Lever { return new(SkillsRegister) }},
	KindHealthInsurance:       {"health_insurance", func() Lever { return new(HealthInsurance) }},
	KindStudyAbroad:           {"study_abroad", func() Lever { return new(StudyAbroad) }},
}

// Kinds returns every kind but KindNone, in documentation order.
func Kinds() []Kind {
	ks := make([]Kind, 0, numKinds-1)
	for k := KindNone + 1; k < numKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}

// KindNames returns the names of Kinds, in the same order.
func KindNames() []string {
	var ns []string
	for _, k := range Kinds() {
		ns = append(ns, k.String())
	}
	return ns
}

// String returns the kind's name as files and outputs write it, e.g.
// "wage_top_up"; "" for KindNone.
func (k Kind) String() string {
	if k >= numKinds {
		return fmt.Sprintf("Kind(%d)", uint8(k))
	}
	return registry[k].name
}

// ParseKind returns the kind named name, and false if there is none.
func ParseKind(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if registry[k].name == name {
			return k, true
		}
	}
	return KindNone, false
}

// NewLever returns a lever of kind k with every parameter at its zero value,
// or nil for KindNone or an unknown kind.
func (k Kind) NewLever() Lever {
	if k == KindNone || k >= numKinds {
		return nil
	}
	return registry[k].new()
}

// MarshalText returns the kind's name.
func (k Kind) MarshalText() ([]byte, error) {
	if k == KindNone || k >= numKinds {
		return nil, fmt.Errorf("model: no name for kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText sets k to the kind named by text.
func (k *Kind) UnmarshalText(text []byte) error {
	kind, ok := ParseKind(string(text))
	if !ok {
		return fmt.Errorf("not a kind of policy; kinds are %s", strings.Join(KindNames(), ", "))
	}
	*k = kind
	return nil
}
