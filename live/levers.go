package live

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/model"
)

// Lever is one slider of the page: a policy or a parameter that students
// move, with what it means. The page builds its sliders from the levers the
// server lists, so the ranges it offers are the ranges the server accepts.
type Lever struct {
	Key     string  `json:"key"`     // name in a request's levers, e.g. "top_up"
	Label   string  `json:"label"`   // e.g. "Salary top-up"
	Unit    string  `json:"unit"`    // e.g. "%", "per year", "×"
	Min     float64 `json:"min"`     // smallest value accepted
	Max     float64 `json:"max"`     // largest value accepted
	Step    float64 `json:"step"`    // slider step
	Default float64 `json:"default"` // value that leaves the preset as it is
	// Off, if not "", is what the slider shows one step above Max, where the
	// lever is switched off (sent as null), e.g. "no cap"; Default is then
	// Max + Step, the off position.
	Off  string `json:"off,omitempty"`
	Help string `json:"help"` // one or two sentences for students
}

// The keys of the levers, in page order.
const (
	LeverTopUp       = "top_up"          // salary top-up for workers at home, % of the wage
	LeverAssignments = "assignments"     // temporary-return assignments a year, persons
	LeverCap         = "recruitment_cap" // recruitment cap, persons a year per destination; null = none
	LeverSeats       = "seats"           // training seats, × the preset's
	LeverFee         = "fee"             // remittance fee ceiling, % of the amount sent
	LeverOpenness    = "openness"        // migration openness, × the preset's emigration ceiling
)

// Fixed terms of the policies the levers switch on.
const (
	assignmentMonths     = 6   // length of a temporary-return assignment, months (MIDA Ghana Health ran 1-6 months)
	assignmentAcceptance = 0.5 // share of approached emigrants who accept an assignment (assumed)
)

// Levers is the values of the levers in a request, each nil when left out
// (the lever's default). LeverCap is also nil for "no cap".
type Levers struct {
	TopUp          *float64 `json:"top_up"`
	Assignments    *float64 `json:"assignments"`
	RecruitmentCap *float64 `json:"recruitment_cap"`
	Seats          *float64 `json:"seats"`
	Fee            *float64 `json:"fee"`
	Openness       *float64 `json:"openness"`
}

// leverKeys lists the keys of Levers, for messages.
var leverKeys = []string{LeverTopUp, LeverAssignments, LeverCap, LeverSeats, LeverFee, LeverOpenness}

// presetLevers returns the levers of a preset, with its ranges and defaults:
// the remittance fee can only be cut below what the preset's corridors
// charge, and openness stops where the emigration ceiling would pass 1 a
// year.
func presetLevers(sc *model.Scenario) []Lever {
	feeNow := 0.0
	for _, d := range sc.Destinations {
		feeNow = max(feeNow, d.Fee)
	}
	feeMax := math.Ceil(feeNow*200-1e-9) / 2 // % rounded up to the slider step
	openMax := 3.0
	if r := sc.Emigration.BaseRate; r > 0 {
		openMax = min(openMax, math.Floor(1/r/0.25+1e-9)*0.25)
	}
	start := strconv.Itoa(sc.StartYear + 1)
	seats := Lever{Key: LeverSeats, Label: "Training seats", Unit: "×", Min: 0.5, Max: 3, Step: 0.25, Default: 1,
		Help: "Places in training a year, as a multiple of today's. More places train more people, some of whom will leave; " +
			"fewer places train fewer."}
	if slices.ContainsFunc(sc.Sectors, func(x model.Sector) bool { return x.SeatsPerYear == 0 }) {
		// Some training is unlimited: the lever sets a limit, in multiples
		// of today's intake, or leaves it off.
		seats.Default, seats.Off = seats.Max+seats.Step, "no limit"
		seats.Help = "Places in training a year, as a multiple of today's intake. With no limit, everyone who wants to train can; " +
			"a limit keeps the number trained down, even when more young people want to train."
	}
	return []Lever{
		{Key: LeverTopUp, Label: "Salary top-up", Unit: "%", Min: 0, Max: 100, Step: 5, Default: 0,
			Help: "Government raises the pay of skilled workers at home by this share, from " + start +
				". Higher pay at home makes leaving less attractive and returning more attractive (Ghana's salary top-ups)."},
		{Key: LeverAssignments, Label: "Temporary-return assignments", Unit: "per year", Min: 0, Max: 3000, Step: 100, Default: 0,
			Help: "Emigrants invited home for " + strconv.Itoa(assignmentMonths) + "-month assignments each year, from " + start +
				". They work at home for a while and pass on skills, then go back abroad (IOM's MIDA Ghana Health)."},
		{Key: LeverCap, Label: "Recruitment cap", Unit: "per year, each destination", Min: 0, Max: 3000, Step: 100, Default: 3100, Off: "no cap",
			Help: "Most skilled workers each destination may recruit a year, from " + start +
				" (the WHO Code on ethical recruitment). Fewer leave, but so do fewer remittances."},
		seats,
		{Key: LeverFee, Label: "Remittance fee", Unit: "%", Min: 0, Max: feeMax, Step: 0.5, Default: feeMax,
			Help: "Most that banks and money transfer firms may charge on money sent home, from " + start +
				" (today up to " + trimFloat(feeNow*100) + "%). Lower fees leave more for families at home."},
		{Key: LeverOpenness, Label: "Migration openness", Unit: "×", Min: 0, Max: openMax, Step: 0.25, Default: 1,
			Help: "How easy it is to leave: visas, job offers abroad, travel. ×0 closes the border; ×2 makes leaving up to twice as likely."},
	}
}

// lever returns the lever with the given key from ls.
func lever(ls []Lever, key string) Lever {
	for _, l := range ls {
		if l.Key == key {
			return l
		}
	}
	panic("live: no lever " + key)
}

// check returns the problems of the levers' values against the preset's
// ranges, one per lever out of range, each naming the lever and its range.
func (lv *Levers) check(ls []Lever, preset string) []string {
	var probs []string
	for _, x := range []struct {
		key string
		v   *float64
	}{
		{LeverTopUp, lv.TopUp}, {LeverAssignments, lv.Assignments}, {LeverCap, lv.RecruitmentCap},
		{LeverSeats, lv.Seats}, {LeverFee, lv.Fee}, {LeverOpenness, lv.Openness},
	} {
		if x.v == nil {
			continue
		}
		l := lever(ls, x.key)
		if v := *x.v; v < l.Min || v > l.Max || math.IsNaN(v) {
			msg := fmt.Sprintf("%s (%s) = %s: must be between %s and %s", l.Label, l.Key,
				withUnit(v, l.Unit), withUnit(l.Min, l.Unit), withUnit(l.Max, l.Unit))
			switch {
			case l.Off != "":
				msg += ", or null for " + l.Off
			case x.key == LeverFee:
				msg += " for preset " + preset + ": the fee can only be cut below what its corridors charge"
			case x.key == LeverOpenness && l.Max < 3:
				msg += " for preset " + preset + ": more would make the yearly chance of leaving exceed 1"
			}
			probs = append(probs, msg)
		}
	}
	return probs
}

// value returns *p, or def if p is nil.
func value(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// apply changes sc, a valid preset, by the levers' values. The policies it
// adds start in the second year, so the first year shows the preset as it is.
func (lv *Levers) apply(sc *model.Scenario) {
	start := sc.StartYear + 1
	if t := value(lv.TopUp, 0); t > 0 {
		sc.Policies = append(sc.Policies, model.Policy{Name: "live_top_up", StartYear: start, Lever: &model.WageTopUp{TopUp: t / 100, Eligible: model.EligibleAll}})
	}
	if a := value(lv.Assignments, 0); a > 0 {
		sc.Policies = append(sc.Policies, model.Policy{Name: "live_temporary_return", StartYear: start, Lever: &model.TemporaryReturn{Assignments: a, Months: assignmentMonths, Acceptance: assignmentAcceptance}})
	}
	if lv.RecruitmentCap != nil {
		sc.Policies = append(sc.Policies, model.Policy{Name: "live_recruitment_cap", StartYear: start, Lever: &model.RecruitmentCap{Quota: *lv.RecruitmentCap}})
	}
	if lv.Seats != nil {
		f := *lv.Seats
		for i := range sc.Sectors {
			sec := &sc.Sectors[i]
			switch intake := sec.Students / sec.TrainingYears; {
			case sec.SeatsPerYear > 0:
				sec.SeatsPerYear *= f
			case intake > 0: // unlimited: limited to f × today's intake
				sec.SeatsPerYear = math.Ceil(f * intake)
			}
		}
	}
	if lv.Fee != nil {
		fee := *lv.Fee / 100
		var cut []string
		for _, d := range sc.Destinations {
			if d.Fee > fee {
				cut = append(cut, d.Name)
			}
		}
		if len(cut) > 0 {
			sc.Policies = append(sc.Policies, model.Policy{Name: "live_fee_cut", StartYear: start, Destinations: cut, Lever: &model.RemittanceFeeCut{Fee: fee}})
		}
	}
	sc.Emigration.BaseRate = min(1, sc.Emigration.BaseRate*value(lv.Openness, 1))
}

// describe returns the levers that differ from the preset, for a title:
// e.g. "top-up 30%, cap 500/yr"; "no policy" if none.
func (lv *Levers) describe(ls []Lever) string {
	var parts []string
	add := func(p *float64, key, format string) {
		if p != nil && *p != lever(ls, key).Default {
			parts = append(parts, fmt.Sprintf(format, trimFloat(*p)))
		}
	}
	add(lv.TopUp, LeverTopUp, "top-up %s%%")
	add(lv.Assignments, LeverAssignments, "%s assignments/yr")
	if lv.RecruitmentCap != nil {
		parts = append(parts, "cap "+trimFloat(*lv.RecruitmentCap)+"/yr")
	}
	add(lv.Seats, LeverSeats, "seats ×%s")
	add(lv.Fee, LeverFee, "fee %s%%")
	add(lv.Openness, LeverOpenness, "openness ×%s")
	if len(parts) == 0 {
		return "no policy"
	}
	return strings.Join(parts, ", ")
}

// withUnit formats v with the unit of a lever: "30%", "×1.5", "200 per year".
func withUnit(v float64, unit string) string {
	switch unit {
	case "%":
		return trimFloat(v) + "%"
	case "×":
		return "×" + trimFloat(v)
	}
	return trimFloat(v) + " " + unit
}

// trimFloat formats v with up to 3 decimals and no trailing zeros.
func trimFloat(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}
