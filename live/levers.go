package live

import (
	"encoding/json"
	"errors"
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
	Group   string  `json:"group"`   // heading of the page it sits under, e.g. "Keep workers"
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
	LeverBonding     = "bonding"         // service owed after publicly funded training, months
	LeverRetention   = "retention"       // non-wage benefit (housing, car loans) for workers at home, USD a year
	LeverReturnGrant = "return_grant"    // one-off grant to each returnee, USD
	LeverAssignments = "assignments"     // temporary-return assignments a year, persons
	LeverPortable    = "portable"        // portable benefits: effect on the return decision, logit units
	LeverRegister    = "register"        // diaspora skills register: share of the diaspora registered, %
	LeverSeats       = "seats"           // training seats, × the preset's
	LeverScholarship = "scholarship"     // scholarship, USD per student-year
	LeverPartnership = "partnership"     // training partnership: extra places a year in each sector
	LeverStudyAbroad = "study_abroad"    // students a year per sector sent to study abroad, half of them obliged to return
	LeverTrainAbroad = "training_abroad" // places a year to train abroad for a fixed period, then come home
	LeverCap         = "recruitment_cap" // recruitment cap, persons a year per destination; null = none
	LeverVisaQuota   = "visa_quota"      // visa quota, persons a year per destination; null = none
	LeverRecognition = "recognition"     // credential recognition abroad, %; null = the preset's
	LeverOpenness    = "openness"        // migration openness, × the preset's emigration ceiling
	LeverFee         = "fee"             // remittance fee ceiling, % of the amount sent
	LeverMatching    = "matching"        // public match of collective remittances, USD per USD
	LeverInvestment  = "investment"      // diaspora investment fund: share of remittances invested, %
	LeverInsurance   = "insurance"       // diaspora-paid health micro-insurance: share of emigrants enrolled, %
	LeverShock       = "shock"           // change of wages abroad, %
)

// The groups of the page, in page order.
const (
	GroupKeep     = "Keep workers"
	GroupBack     = "Bring them back"
	GroupTrain    = "Train more"
	GroupMigrate  = "Manage migration"
	GroupDiaspora = "Remittances and diaspora"
	GroupShock    = "What if"
)

// Fixed terms of the policies the levers switch on. Each is a value of a
// shipped preset or of the sources, or assumed.
const (
	assignmentMonths     = 6     // length of a temporary-return assignment, months (MIDA Ghana Health ran 1-6 months)
	assignmentAcceptance = 0.5   // share of approached emigrants who accept an assignment (assumed)
	bondingBuyoutRate    = 0.2   // multiplier of the emigration hazard while bonded: some buy out (assumed)
	grantEffect          = 1.0   // logit units per year of home wage granted, as moldova.toml (assumed)
	partnershipAway      = 0.029 // share of partnership graduates on the away track: APTC's 2.9% (data/README.md)
	collectiveShare      = 0.05  // share of remittances sent collectively, through hometown associations (assumed)
	trainAbroadMonths    = 24    // length of training abroad, months: the UK MTI's "up to two years" (seeds/002, line 228)
	trainAbroadGain      = 0.1   // relative rise of skill from the training, as ghana.toml's uk_mti (assumed)
	studyYears           = 4     // length of a course abroad, years: a bachelor's degree, as moldova.toml's graduates_abroad (assumed)
	studyObliged         = 0.5   // share of students abroad on a scholarship with a return obligation (assumed)
	studyStayShare       = 0.5   // chance a graduate free to choose stays abroad, as moldova.toml (assumed)
	studyBuyout          = 20000 // USD an obliged graduate repays to stay abroad (assumed)
	retentionTakeUp      = 0.5   // share of workers who take a non-wage benefit up (assumed)
	registerMatchGain    = 0.5   // gain in take-up of diaspora programmes of a registered member, +50% (assumed; the seeds give none)
	investmentMatch      = 1.0   // public USD per USD the diaspora invests, one to one (assumed)
	insurancePremium     = 300   // USD a year per insured household (assumed)
	insuranceCover       = 0.5   // share of an insured household's health spending paid (assumed)
	insuranceAdditional  = 0.5   // share of premiums sent on top of cash remittances (assumed)
)

// leverSpec is one row of the lever table: the slider as the page shows it,
// how a preset changes its range, and how a value changes the scenario. A
// new lever is one row here and its key above.
type leverSpec struct {
	Lever
	// adapt, if not nil, sets the preset's range and default.
	adapt func(l *Lever, sc *model.Scenario)
	// apply changes sc by the lever's value v (never nil) from year start.
	apply func(sc *model.Scenario, v float64, start int)
	// short is the lever in a run's title, a format of the value, e.g.
	// "top-up %s%%"; the off position is described by Off.
	short string
	// note, if not "", ends the message of an out-of-range value.
	note func(l Lever, preset string) string
}

// policy returns a function that appends a policy named "live_"+name with
// lever made by mk, unless v is zero.
func policy(name string, mk func(v float64) model.Lever) func(*model.Scenario, float64, int) {
	return func(sc *model.Scenario, v float64, start int) {
		if v != 0 {
			sc.Policies = append(sc.Policies, model.Policy{Name: "live_" + name, StartYear: start, Lever: mk(v)})
		}
	}
}

// always is policy for levers whose every value, zero included, is a policy
// (a cap or a quota of 0 closes the door).
func always(name string, mk func(v float64) model.Lever) func(*model.Scenario, float64, int) {
	return func(sc *model.Scenario, v float64, start int) {
		sc.Policies = append(sc.Policies, model.Policy{Name: "live_" + name, StartYear: start, Lever: mk(v)})
	}
}

// leverTable holds every lever of the page, in page order.
var leverTable = []leverSpec{
	{Lever: Lever{Key: LeverTopUp, Group: GroupKeep, Label: "Salary top-up", Unit: "%", Min: 0, Max: 100, Step: 5,
		Help: "Government raises the pay of skilled workers at home by this share, from {start}. " +
			"Higher pay at home makes leaving less attractive and returning more attractive (Ghana's salary top-ups; Malawi's 52% in 2004)."},
		apply: policy("top_up", func(v float64) model.Lever {
			return &model.WageTopUp{TopUp: v / 100, Eligible: model.EligibleAll}
		}), short: "top-up %s%%"},
	{Lever: Lever{Key: LeverBonding, Group: GroupKeep, Label: "Service after training", Unit: "months", Min: 0, Max: 72, Step: 6,
		Help: "Graduates of publicly paid training must work at home this long before they may leave, from {start}; " +
			"a few buy themselves out. It delays leaving; it does not make staying more attractive."},
		apply: policy("bonding", func(v float64) model.Lever {
			return &model.Bonding{Months: v, BuyoutRate: bondingBuyoutRate}
		}), short: "bond %s months"},
	{Lever: Lever{Key: LeverRetention, Group: GroupKeep, Label: "Housing and car loans", Unit: "USD a year", Min: 0, Max: 5000, Step: 250,
		Help: "Benefits other than pay, worth this much a year to the half of workers who take them, from {start}; " +
			"the government pays what they are worth (Ghana's car hire-purchase and housing loans for health workers)."},
		apply: policy("retention_benefit", func(v float64) model.Lever {
			return &model.RetentionBenefit{TakeUp: retentionTakeUp, Value: v, Cost: v}
		}), short: "benefits USD %s/yr"},
	{Lever: Lever{Key: LeverReturnGrant, Group: GroupBack, Label: "Return grant", Unit: "USD", Min: 0, Max: 20000, Step: 1000,
		Help: "A one-off payment to every skilled emigrant who comes home, from {start} (Moldova paid graduates' travel home). " +
			"It tips the choice of those already thinking of returning."},
		apply: policy("return_grant", func(v float64) model.Lever {
			return &model.ReturnGrant{Grant: v, GrantEffect: grantEffect}
		}), short: "grant USD %s"},
	{Lever: Lever{Key: LeverAssignments, Group: GroupBack, Label: "Temporary-return assignments", Unit: "per year", Min: 0, Max: 3000, Step: 100,
		Help: "Emigrants invited home for " + strconv.Itoa(assignmentMonths) + "-month assignments each year, from {start}. " +
			"They work at home for a while and pass on skills, then go back abroad (IOM's MIDA Ghana Health)."},
		apply: policy("temporary_return", func(v float64) model.Lever {
			return &model.TemporaryReturn{Assignments: v, Months: assignmentMonths, Acceptance: assignmentAcceptance}
		}), short: "%s assignments/yr"},
	{Lever: Lever{Key: LeverPortable, Group: GroupBack, Label: "Portable benefits", Unit: "logit", Min: 0, Max: 2, Step: 0.25,
		Help: "Pensions and social insurance earned abroad follow the worker home, from {start}, " +
			"so returning costs less. The value is how much more likely a return becomes (0 = none, 1 = a strong effect)."},
		apply: policy("portable_benefits", func(v float64) model.Lever {
			return &model.PortableBenefits{ReturnEffect: v}
		}), short: "portable benefits %s"},
	{Lever: Lever{Key: LeverRegister, Group: GroupBack, Label: "Diaspora skills register", Unit: "%", Min: 0, Max: 100, Step: 10,
		Help: "Share of emigrants listed in a register of their skills, from {start}, so that programmes at home can find them: " +
			"more accept temporary assignments (the Franco-Malian fund registered Malians' skills)."},
		apply: policy("skills_register", func(v float64) model.Lever {
			return &model.SkillsRegister{Registered: v / 100, MatchGain: registerMatchGain}
		}), short: "register %s%%"},
	{Lever: Lever{Key: LeverSeats, Group: GroupTrain, Label: "Training seats", Unit: "×", Min: 0.5, Max: 3, Step: 0.25, Default: 1,
		Help: "Places in training a year, as a multiple of today's. More places train more people, some of whom will leave; " +
			"fewer places train fewer."},
		adapt: func(l *Lever, sc *model.Scenario) {
			if slices.ContainsFunc(sc.Sectors, func(x model.Sector) bool { return x.SeatsPerYear == 0 }) {
				// Some training is unlimited: the lever sets a limit, in
				// multiples of today's intake, or leaves it off.
				l.Default, l.Off = l.Max+l.Step, "no limit"
				l.Help = "Places in training a year, as a multiple of today's intake. With no limit, everyone who wants to train can; " +
					"a limit keeps the number trained down, even when more young people want to train."
			}
		},
		apply: func(sc *model.Scenario, f float64, _ int) {
			for i := range sc.Sectors {
				sec := &sc.Sectors[i]
				switch intake := sec.Students / sec.TrainingYears; {
				case sec.SeatsPerYear > 0:
					sec.SeatsPerYear *= f
				case intake > 0: // unlimited: limited to f × today's intake
					sec.SeatsPerYear = math.Ceil(f * intake)
				}
			}
		}, short: "seats ×%s"},
	{Lever: Lever{Key: LeverScholarship, Group: GroupTrain, Label: "Scholarship", Unit: "USD a year", Min: 0, Max: 5000, Step: 250,
		Help: "Pays part of every student's training cost, from {start}. Cheaper training draws more young people into it."},
		apply: policy("scholarship", func(v float64) model.Lever {
			return &model.Scholarship{Amount: v}
		}), short: "scholarship USD %s"},
	{Lever: Lever{Key: LeverPartnership, Group: GroupTrain, Label: "Training partnership", Unit: "places a year", Min: 0, Max: 2000, Step: 100,
		Help: "A destination pays for extra training places in every sector, to its own standard, from {start} " +
			"(the Australia-Pacific Technical College). A few graduates (2.9% at the APTC) go to work there; the rest stay."},
		apply: func(sc *model.Scenario, v float64, start int) {
			if v != 0 && len(sc.Destinations) > 0 {
				sc.Policies = append(sc.Policies, model.Policy{Name: "live_partnership", StartYear: start,
					Destinations: []string{sc.Destinations[0].Name},
					Lever:        &model.TrainingPartnership{Seats: v, AwayShare: partnershipAway, PaidBy: model.PaidByDestination}})
			}
		}, short: "%s partnership places/yr"},
	{Lever: Lever{Key: LeverStudyAbroad, Group: GroupTrain, Label: "Study abroad", Unit: "places a year", Min: 0, Max: 1000, Step: 50,
		Help: "Young people sent each year, in every sector, to study abroad for four years, from {start}; half hold a scholarship " +
			"that obliges them to come home or repay USD 20,000, and of the others half stay abroad (Moldova's graduates of foreign universities)."},
		apply: policy("study_abroad", func(v float64) model.Lever {
			return &model.StudyAbroad{Places: v, Years: studyYears, Obliged: studyObliged, StayShare: studyStayShare, Buyout: studyBuyout}
		}), short: "%s study abroad/yr"},
	{Lever: Lever{Key: LeverTrainAbroad, Group: GroupTrain, Label: "Training abroad", Unit: "places a year", Min: 0, Max: 500, Step: 10,
		Help: "Skilled workers sent to train abroad for two years each year, from {start}, who must then come home with better skills " +
			"(the UK's Medical Training Initiative). While away they are missing at home."},
		apply: policy("training_abroad", func(v float64) model.Lever {
			return &model.TrainingAbroad{Places: v, Months: trainAbroadMonths, SkillGain: trainAbroadGain, Obliged: 1}
		}), short: "%s trained abroad/yr"},
	{Lever: Lever{Key: LeverCap, Group: GroupMigrate, Label: "Recruitment cap", Unit: "per year, each destination", Min: 0, Max: 3000, Step: 100, Off: "no cap",
		Help: "Most skilled workers each destination may recruit a year, from {start} " +
			"(the WHO Code on ethical recruitment). Fewer leave, but so do fewer remittances."},
		apply: always("recruitment_cap", func(v float64) model.Lever {
			return &model.RecruitmentCap{Quota: v}
		}), short: "cap %s/yr"},
	{Lever: Lever{Key: LeverVisaQuota, Group: GroupMigrate, Label: "Visa quota", Unit: "per year, each destination", Min: 0, Max: 5000, Step: 250, Off: "no quota",
		Help: "Most skilled visas each destination grants a year, from {start}. Those refused may try another destination or stay."},
		apply: always("visa_quota", func(v float64) model.Lever {
			return &model.VisaQuota{Quota: v}
		}), short: "visas %s/yr"},
	{Lever: Lever{Key: LeverRecognition, Group: GroupMigrate, Label: "Diplomas recognised abroad", Unit: "%", Min: 0, Max: 100, Step: 5, Off: "as today",
		Help: "Share of arrivals abroad whose qualifications are recognised, from {start}. " +
			"The others work below their skill (brain waste), which makes leaving less attractive."},
		apply: always("credential_recognition", func(v float64) model.Lever {
			return &model.CredentialRecognition{Recognition: v / 100}
		}), short: "recognised %s%%"},
	{Lever: Lever{Key: LeverOpenness, Group: GroupMigrate, Label: "Migration openness", Unit: "×", Min: 0, Max: 3, Step: 0.25, Default: 1,
		Help: "How easy it is to leave: visas, job offers abroad, travel. ×0 closes the border; ×2 makes leaving up to twice as likely."},
		adapt: func(l *Lever, sc *model.Scenario) {
			if r := sc.Emigration.BaseRate; r > 0 {
				l.Max = min(l.Max, math.Floor(1/r/0.25+1e-9)*0.25)
			}
		},
		apply: func(sc *model.Scenario, v float64, _ int) {
			sc.Emigration.BaseRate = min(1, sc.Emigration.BaseRate*v)
		}, short: "openness ×%s",
		note: func(l Lever, preset string) string {
			if l.Max < 3 {
				return " for preset " + preset + ": more would make the yearly chance of leaving exceed 1"
			}
			return ""
		}},
	{Lever: Lever{Key: LeverFee, Group: GroupDiaspora, Label: "Remittance fee", Unit: "%", Min: 0, Step: 0.5,
		Help: "Most that banks and money transfer firms may charge on money sent home, from {start} " +
			"(today up to {fee}%). Lower fees leave more for families at home."},
		adapt: func(l *Lever, sc *model.Scenario) {
			feeNow := 0.0
			for _, d := range sc.Destinations {
				feeNow = max(feeNow, d.Fee)
			}
			l.Max = math.Ceil(feeNow*200-1e-9) / 2 // % rounded up to the slider step
			l.Default = l.Max
			l.Help = strings.ReplaceAll(l.Help, "{fee}", trimFloat(feeNow*100))
		},
		apply: func(sc *model.Scenario, v float64, start int) {
			fee := v / 100
			var cut []string
			for _, d := range sc.Destinations {
				if d.Fee > fee {
					cut = append(cut, d.Name)
				}
			}
			if len(cut) > 0 {
				sc.Policies = append(sc.Policies, model.Policy{Name: "live_fee_cut", StartYear: start, Destinations: cut, Lever: &model.RemittanceFeeCut{Fee: fee}})
			}
		}, short: "fee %s%%",
		note: func(_ Lever, preset string) string {
			return " for preset " + preset + ": the fee can only be cut below what its corridors charge"
		}},
	{Lever: Lever{Key: LeverMatching, Group: GroupDiaspora, Label: "Matching of diaspora projects", Unit: "USD per USD", Min: 0, Max: 3, Step: 0.5,
		Help: "Government adds this much to every dollar that hometown associations abroad send for local projects, from {start} " +
			"(Mexico's 3x1 programme matches 3 to 1). More goes to schools and clinics at home."},
		apply: policy("remittance_matching", func(v float64) model.Lever {
			return &model.RemittanceMatching{CollectiveShare: collectiveShare, Match: v}
		}), short: "matching %s:1"},
	{Lever: Lever{Key: LeverInvestment, Group: GroupDiaspora, Label: "Diaspora investment fund", Unit: "%", Min: 0, Max: 10, Step: 1,
		Help: "Share of the money sent home that goes into a fund for businesses and services at home, from {start}, " +
			"matched one to one by the government; it pays for jobs (Senegal's PAISD, El Salvador's investment programme)."},
		apply: policy("diaspora_investment", func(v float64) model.Lever {
			return &model.DiasporaInvestment{RemittanceShare: v / 100, Match: investmentMatch}
		}), short: "investment %s%%"},
	{Lever: Lever{Key: LeverInsurance, Group: GroupDiaspora, Label: "Health insurance paid from abroad", Unit: "%", Min: 0, Max: 100, Step: 10,
		Help: "Share of emigrants who pay a health insurance for their family at home, from {start} " +
			"(migrants from Mali, Senegal and the Comoros in France). It pays half of the insured families' health spending."},
		apply: policy("health_insurance", func(v float64) model.Lever {
			return &model.HealthInsurance{Premium: insurancePremium, Enrolment: v / 100, Cover: insuranceCover, Additional: insuranceAdditional}
		}), short: "insured %s%%"},
	{Lever: Lever{Key: LeverShock, Group: GroupShock, Label: "Wages abroad change", Unit: "%", Min: -50, Max: 50, Step: 5,
		Help: "A boom (+) or a recession (−) abroad from {start}: wages there rise or fall by this share for everyone. " +
			"Not a policy: a test of how the others hold up."},
		apply: policy("shock", func(v float64) model.Lever {
			return &model.Shock{WageAbroadChange: v / 100}
		}), short: "wages abroad %s%%"},
}

// leverKeys lists the keys of the levers, in page order, for messages.
var leverKeys = func() []string {
	keys := make([]string, len(leverTable))
	for i, l := range leverTable {
		keys[i] = l.Key
	}
	return keys
}()

// Levers is the values of the levers in a request by key, each nil or
// absent for the lever's default (or its off position).
type Levers map[string]*float64

// UnmarshalJSON decodes the levers' object, naming the lever in a type
// error ("levers.top_up: want a number").
func (lv *Levers) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(Levers, len(raw))
	for k, r := range raw {
		var v *float64
		if err := json.Unmarshal(r, &v); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				te.Field = k
			}
			return err
		}
		out[k] = v
	}
	*lv = out
	return nil
}

// presetLevers returns the levers of a preset, with its ranges and
// defaults: the remittance fee can only be cut below what the preset's
// corridors charge, and openness stops where the emigration ceiling would
// pass 1 a year. A lever with an off position has Default one step above
// Max.
func presetLevers(sc *model.Scenario) []Lever {
	start := strconv.Itoa(sc.StartYear + 1)
	ls := make([]Lever, len(leverTable))
	for i, spec := range leverTable {
		l := spec.Lever
		if spec.adapt != nil {
			spec.adapt(&l, sc)
		}
		if l.Off != "" {
			l.Default = l.Max + l.Step
		}
		l.Help = strings.ReplaceAll(l.Help, "{start}", start)
		ls[i] = l
	}
	return ls
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

// unknown returns the first key of lv, in sorted order, that is not a
// lever, and false if there is none.
func (lv Levers) unknown() (string, bool) {
	keys := make([]string, 0, len(lv))
	for k := range lv {
		if !slices.Contains(leverKeys, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", false
	}
	slices.Sort(keys)
	return keys[0], true
}

// check returns the problems of the levers' values against the preset's
// ranges, one per lever out of range, each naming the lever and its range.
func (lv Levers) check(ls []Lever, preset string) []string {
	var probs []string
	for i, spec := range leverTable {
		p := lv[spec.Key]
		if p == nil {
			continue
		}
		l := lever(ls, spec.Key)
		if v := *p; v < l.Min || v > l.Max || math.IsNaN(v) {
			msg := fmt.Sprintf("%s (%s) = %s: must be between %s and %s", l.Label, l.Key,
				withUnit(v, l.Unit), withUnit(l.Min, l.Unit), withUnit(l.Max, l.Unit))
			switch {
			case l.Off != "":
				msg += ", or null for " + l.Off
			case leverTable[i].note != nil:
				msg += leverTable[i].note(l, preset)
			}
			probs = append(probs, msg)
		}
	}
	return probs
}

// apply changes sc, a valid preset, by the levers' values. The policies it
// adds start in the second year, so the first year shows the preset as it is.
func (lv Levers) apply(sc *model.Scenario) {
	start := sc.StartYear + 1
	for _, spec := range leverTable {
		if p := lv[spec.Key]; p != nil {
			spec.apply(sc, *p, start)
		}
	}
}

// describe returns the levers that differ from the preset, for a title:
// e.g. "top-up 30%, cap 500/yr"; "no policy" if none.
func (lv Levers) describe(ls []Lever) string {
	var parts []string
	for _, spec := range leverTable {
		p := lv[spec.Key]
		if p == nil {
			continue
		}
		l := lever(ls, spec.Key)
		if l.Off == "" && *p == l.Default {
			continue
		}
		parts = append(parts, fmt.Sprintf(spec.short, trimFloat(*p)))
	}
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
