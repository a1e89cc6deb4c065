package sim

import (
	"testing"

	"github.com/brainsim/brainsim/model"
)

// TestEveryKindHasALever checks that each kind of package model registers a
// lever here, which compilePolicies would otherwise panic on, and that the
// capabilities detected are those the kind's behaviour needs.
func TestEveryKindHasALever(t *testing.T) {
	for _, k := range model.Kinds() {
		if _, ok := leverMakers[k]; !ok {
			t.Errorf("kind %v has no lever registered in sim", k)
			continue
		}
		sc := &model.Scenario{Policies: []model.Policy{{Lever: k.NewLever()}}}
		c := compilePolicies(sc)[0]
		quotas := k == model.KindRecruitmentCap || k == model.KindVisaQuota || k == model.KindShock
		yearly := k == model.KindTemporaryReturn
		starts := yearly || k == model.KindTrainingAbroad || k == model.KindStudyAbroad
		if (c.quotas != nil) != quotas || (c.starter != nil) != starts || (c.settler != nil) != yearly {
			t.Errorf("kind %v: quotas %v, start of year %v, settles %v", k, c.quotas != nil, c.starter != nil, c.settler != nil)
		}
	}
}
