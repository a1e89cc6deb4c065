package model

// StudyAbroad sends youths to train abroad for a whole course, self-funded
// or on a scholarship, instead of entering training at home: Moldova's
// graduates of overseas universities ("the Moldovan graduates of overseas
// universities of up to 35 years old who wished to come back",
// seeds/002_02df7b30806fa867.txt lines 402-421) and Malawi's "medical
// students studying abroad" (lines 485-505).
//
// Each year, Places persons plus a share CohortShare of the year's youth
// cohort leave, for each covered sector, to study at the partner
// destination (the first the policy names, or the scenario's first) for
// Years; they are taken out of the cohort that chooses training at home. On
// graduating, with skill Skill (relative to a home graduate at education
// quality 1), a student free to choose stays abroad as an emigrant with
// recognised credentials with the chance StayShare, else comes home as a
// worker. A share Obliged of the students hold a scholarship with a return
// obligation: they come home, or buy out the obligation with the chance
// StayShare x exp(-Buyout / yearly wage gain abroad) and pay Buyout to the
// budget; at home they owe ServiceYears of service, during which their
// emigration hazard is multiplied by ServiceRate (as bonding's rate; the
// obligation lapses if the policy ends). The origin pays CostPerYear a
// student-year when PaidBy is "origin"; self-funded students and
// destination scholarships cost it nothing (PaidBy left out).
type StudyAbroad struct {
	Places       float64 `toml:"places"`        // students leaving a year per covered sector, persons; >= 0
	CohortShare  float64 `toml:"cohort_share"`  // share of the year's youth cohort leaving per covered sector; in [0, 1]; 0 = none
	Years        float64 `toml:"years"`         // length of the course abroad, years; in (0, 10]
	Skill        float64 `toml:"skill"`         // skill of a graduate abroad, relative to a home graduate at quality 1; >= 0; 0 = 1
	StayShare    float64 `toml:"stay_share"`    // chance a graduate free to choose stays abroad; in [0, 1]; 0 = all return
	Obliged      float64 `toml:"obliged"`       // share of students on a scholarship with a return obligation; in [0, 1]
	Buyout       float64 `toml:"buyout"`        // USD an obliged graduate pays to stay abroad; >= 0; 0 = free to stay as the others
	ServiceYears float64 `toml:"service_years"` // years of service at home an obliged graduate owes; in [0, 100]; 0 = none
	ServiceRate  float64 `toml:"service_rate"`  // multiplier of the emigration hazard while serving; in [0, 1]; 0 = none leave
	PaidBy       Payer   `toml:"paid_by"`       // who pays the course; the zero value (destination) costs the origin nothing
	CostPerYear  float64 `toml:"cost_per_year"` // USD a student-year, charged when PaidBy is "origin"; >= 0
}

// MaxStudyYears bounds the length of a course abroad: the longest degree
// (medicine with a specialisation) is well under ten years (assumed).
const MaxStudyYears = 10

// Kind returns KindStudyAbroad.
func (*StudyAbroad) Kind() Kind { return KindStudyAbroad }

// Validate checks every parameter's range; a course must last.
func (l *StudyAbroad) Validate() []Problem {
	var ps problems
	ps.nonNegative("places", l.Places)
	ps.share("cohort_share", l.CohortShare)
	ps.check("years", l.Years, l.Years > 0 && l.Years <= MaxStudyYears, "must be within (0, 10]")
	ps.nonNegative("skill", l.Skill)
	ps.share("stay_share", l.StayShare)
	ps.share("obliged", l.Obliged)
	ps.nonNegative("buyout", l.Buyout)
	ps.check("service_years", l.ServiceYears, l.ServiceYears >= 0 && l.ServiceYears <= MaxMonths/12, "must be within [0, 120]")
	ps.share("service_rate", l.ServiceRate)
	ps.nonNegative("cost_per_year", l.CostPerYear)
	return ps
}
