package model

import (
	"math"
	"slices"
	"testing"
)

// TestLeverValidate checks each lever's ranges at their boundaries: the
// keys of the problems found, in order.
func TestLeverValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		l    Lever
		want []string
	}{
		{"top-up zero", &WageTopUp{}, nil},
		{"top-up negative", &WageTopUp{TopUp: -0.1, Months: -1}, []string{"top_up", "months"}},
		{"an assignment must last", &TemporaryReturn{}, []string{"months"}},
		{"assignment ranges", &TemporaryReturn{Months: 6, Assignments: -1, Acceptance: 1.01, SkillTransfer: -1, CostPerAssignment: -1},
			[]string{"assignments", "acceptance", "skill_transfer", "cost_per_assignment"}},
		{"acceptance 1", &TemporaryReturn{Months: 0.1, Acceptance: 1}, nil},
		{"grant", &ReturnGrant{Grant: -1, GrantEffect: -1}, []string{"grant", "grant_effect"}},
		{"cap", &RecruitmentCap{Quota: -1}, []string{"quota"}},
		{"quota zero closes", &VisaQuota{}, nil},
		{"partnership", &TrainingPartnership{Seats: -1, AwayShare: 2, CostPerSeat: -1}, []string{"seats", "away_share", "cost_per_seat"}},
		{"bond", &Bonding{Months: -1, Buyout: -1, BuyoutRate: -0.5}, []string{"months", "buyout", "buyout_rate"}},
		{"scholarship", &Scholarship{Amount: -1}, []string{"amount"}},
		{"fee", &RemittanceFeeCut{Fee: 1.5, CostPerPoint: -1}, []string{"fee", "cost_per_point"}},
		{"matching", &RemittanceMatching{CollectiveShare: -0.1, Match: -1}, []string{"collective_share", "match"}},
		{"recognition", &CredentialRecognition{Recognition: 1.1}, []string{"recognition"}},
		{"portable any sign", &PortableBenefits{ReturnEffect: -3, CirculationEffect: 2}, nil},
		{"shock -100%", &Shock{WageAbroadChange: -1, WageHomeChange: -0.99, DemandChange: -2}, []string{"wage_abroad_change", "demand_change"}},
		{"NaN is left to the caller", &Scholarship{Amount: math.NaN()}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range tt.l.Validate() {
				got = append(got, p.Key)
				if p.Msg == "" || p.Value == nil {
					t.Errorf("problem %+v lacks a value or message", p)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate() keys %v; want %v", got, tt.want)
			}
		})
	}
}
