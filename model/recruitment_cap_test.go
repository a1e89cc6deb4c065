package model

import "testing"

func TestRecruitmentCapValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		l    RecruitmentCap
		keys []string // keys with a problem, in order
	}{
		{"quota", RecruitmentCap{Quota: 100}, nil},
		{"negative quota", RecruitmentCap{Quota: -1}, []string{"quota"}},
		{"active", RecruitmentCap{Restricts: RestrictActive, ActiveShare: 0.3, Cut: 1, SafeguardDensity: 49}, nil},
		{"active without shares", RecruitmentCap{Restricts: RestrictActive}, []string{"active_share", "cut"}},
		{"active with a quota", RecruitmentCap{Restricts: RestrictActive, ActiveShare: 0.3, Cut: 1, Quota: 5}, []string{"quota"}},
		{"shares with a quota", RecruitmentCap{Quota: 5, ActiveShare: 0.3, Cut: 1}, []string{"active_share", "cut"}},
		{"share above 1", RecruitmentCap{Restricts: RestrictActive, ActiveShare: 1.5, Cut: 1}, []string{"active_share"}},
		{"negative threshold", RecruitmentCap{Quota: 5, SafeguardDensity: -1}, []string{"safeguard_density"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.l.Validate()
			if len(ps) != len(tt.keys) {
				t.Fatalf("problems %v; want at %v", ps, tt.keys)
			}
			for i, p := range ps {
				if p.Key != tt.keys[i] {
					t.Errorf("problem %d at %q; want %q", i, p.Key, tt.keys[i])
				}
			}
		})
	}
}

func TestTrainingPartnershipValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		l    TrainingPartnership
		keys []string
	}{
		{"shared", TrainingPartnership{OriginShare: 0.3, EmigrationFactor: 0.13, Recognition: 1}, nil},
		{"share with the origin paying all", TrainingPartnership{PaidBy: PaidByOrigin, OriginShare: 0.3}, []string{"origin_share"}},
		{"share above 1", TrainingPartnership{OriginShare: 1.2}, []string{"origin_share"}},
		{"factor above 10", TrainingPartnership{EmigrationFactor: 11}, []string{"emigration_factor"}},
		{"recognition above 1", TrainingPartnership{Recognition: 2}, []string{"recognition"}},
		{"student pays part, origin the rest", TrainingPartnership{PaidBy: PaidByOrigin, StudentShare: 0.4}, nil},
		{"three-way split", TrainingPartnership{OriginShare: 0.3, StudentShare: 0.3}, nil},
		{"shares above 1 together", TrainingPartnership{OriginShare: 0.7, StudentShare: 0.4}, []string{"student_share"}},
		{"student share above 1", TrainingPartnership{PaidBy: PaidByOrigin, StudentShare: 1.5}, []string{"student_share"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.l.Validate()
			if len(ps) != len(tt.keys) {
				t.Fatalf("problems %v; want at %v", ps, tt.keys)
			}
			for i, p := range ps {
				if p.Key != tt.keys[i] {
					t.Errorf("problem %d at %q; want %q", i, p.Key, tt.keys[i])
				}
			}
		})
	}
}
