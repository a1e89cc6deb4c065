package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// TestEventStudyCosts checks the origin's cost of study abroad in the event
// engine (studyCosts, studyEnd) against its definition every step: the cost
// of a student-step times the students it steps, those still studying at
// the step's end plus those who graduated in it (nobody dies, so that none
// is stepped and then lost from both). Moldova's programme, paid by the
// origin at 12,000 USD a student-year (assumed for the test), over a run
// in which its first cohort graduates.
func TestEventStudyCosts(t *testing.T) {
	sc := moldovaImmortal(t, 5000, 6, 1)
	k := -1
	for j, p := range sc.Policies {
		if l, ok := p.Lever.(*model.StudyAbroad); ok {
			l.PaidBy, l.CostPerYear = model.PaidByOrigin, 12_000
			k = j
		}
	}
	if k < 0 {
		t.Fatal("moldova.toml has no study_abroad")
	}
	e := newEvent(sc, 0, 2)
	perStep := 12_000 / float64(e.spy)
	stepped, graduated := int64(0), int64(0)
	for range sc.Steps() {
		e.Step()
		var n int64
		for s := range e.nS {
			n += e.total.n(agents.StudentAbroad, s) + e.total.flow(flowStudyGrad, s)
			graduated += e.total.flow(flowStudyGrad, s)
		}
		stepped += n
		want := float64(n) * perStep
		if got := e.total.cost[k]; math.Abs(got-want) > 1e-9*max(1, want) {
			t.Fatalf("step %d: study abroad cost %v, want %v (%d students stepped)", e.step-1, got, want, n)
		}
	}
	if stepped < 1000 || graduated < 10 {
		t.Fatalf("%d student-steps, %d graduates: the test checks too little", stepped, graduated)
	}
	t.Logf("%d student-steps charged, %d graduates", stepped, graduated)
}
