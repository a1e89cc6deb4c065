package sim

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/model"
)

// teachingScenario is the baseline, seat caps kept, with a year-long
// diaspora programme for doctors of which a share teaches.
func teachingScenario(t *testing.T, share float64) *model.Scenario {
	sc := loadBaseline(t, 10_000, 4, 1)
	sc.Policies = []model.Policy{{StartYear: 2025, Sectors: []string{"doctor"},
		Lever: &model.TemporaryReturn{Assignments: 3000, Months: 12, Acceptance: 1, TeachingShare: share, SeatsPerTeacher: 4}}}
	// Twice the teachers the baseline has, so that quality is below full
	// and responds to teachers.
	sc.Origin.TeachersNeeded *= 2
	return sc
}

// TestTeachingAssignments checks the teaching posts of temporary return, at
// each step with doctors on assignment: the seats they add to
// medical training are share x FTE x seats_per_teacher (persons), and the
// doctors who teach count as teachers in education quality, q0 x ((teachers
// + share x FTE) / teachers_needed)^elasticity below full quality. With the
// doctors' seat cap binding, the entrants to medicine rise by those seats
// against the same run without teaching (common random numbers): at each
// intake by at most the seats added and the random rounding of two counts
// (2 agents), over the run by at least 90% of them (a step's applicants may
// fall short of the seats).
func TestTeachingAssignments(t *testing.T) {
	const share, perTeacher = 0.5, 4.0
	with, without := New(teachingScenario(t, share), 0, 1), New(teachingScenario(t, 0), 0, 1)
	const doc, teacher = 0, 2 // the baseline's sectors
	sc := with.sc
	checked, gotSum, wantSum := 0, 0.0, 0.0
	for !with.Done() {
		fte := float64(with.fte[doc]) // on assignment after the last step, read by this step's conditions
		with.Step()
		without.Step()
		c, w := &with.cond, with.weight
		if fte <= 0 {
			continue
		}
		if got, want := c.teaching, share*fte; math.Abs(got-want) > 1e-12*want {
			t.Errorf("step %d: teaching FTE %v agents; want share x FTE = %v", with.step, got, want)
		}
		if got, want := c.teachSeats[doc], share*fte*w*perTeacher; math.Abs(got-want) > 1e-9*want {
			t.Errorf("step %d: seats added %v; want FTE x seats per FTE = %v", with.step, got, want)
		}
		// The part of the year's seats that enters in this step (the
		// intake, year.go).
		part := 0.0
		switch {
		case sc.Origin.Intake == model.IntakeSpread:
			part = 1 / float64(with.spy)
		case (with.step-1)%with.spy == 0:
			part = 1
		}
		if part == 0 {
			continue
		}
		// Entrants to medicine: seats capped, so the difference is the
		// seats added, rounded at random.
		enrolW, enrolWO := with.total.flows[flowEnrol*with.nS+doc], without.total.flows[flowEnrol*without.nS+doc]
		added := part * c.teachSeats[doc] / w
		if d := float64(enrolW-enrolWO) - added; d > 2 {
			t.Errorf("step %d: entrants to medicine %d with teaching, %d without; want at most %.1f more (the seats added)", with.step, enrolW, enrolWO, added)
		}
		gotSum += float64(enrolW - enrolWO)
		wantSum += added
		checked++
	}
	if checked == 0 {
		t.Fatal("no intake with teaching doctors checked")
	}
	// In a step whose applicants fall short of the seats some added seats
	// stay empty: over the run, at least 90% are filled.
	if gotSum < 0.9*wantSum || gotSum > wantSum+2*math.Sqrt(float64(checked)) {
		t.Errorf("entrants to medicine: %.0f more with teaching; want the %.0f seats added (at least 90%% filled)", gotSum, wantSum)
	}
	t.Logf("entrants to medicine: %.0f more with teaching for %.1f seats added", gotSum, wantSum)
	// Quality, by the formula, from the engine's own counts after a
	// recomputation of the conditions at the last step.
	with.computeConditions()
	c := &with.cond
	o := sc.Origin
	teachers := float64(with.total.home(teacher)+with.fte[teacher]) + share*float64(with.fte[doc])
	want := o.EducationQuality * math.Pow(min(1, teachers*with.weight/o.TeachersNeeded), o.QualityElasticity)
	if math.Abs(c.quality-want) > 1e-12 {
		t.Errorf("quality %v; want %v with %.0f teaching doctors", c.quality, want, share*float64(with.fte[doc])*with.weight)
	}
	without.computeConditions()
	if want >= o.EducationQuality {
		t.Fatalf("quality %v at full: the test checks nothing", want)
	}
	if c.quality <= without.cond.quality {
		t.Errorf("quality %v with teaching doctors; want above %v without", c.quality, without.cond.quality)
	}
	t.Logf("quality %.5f with teaching doctors, %.5f without", c.quality, without.cond.quality)
}
