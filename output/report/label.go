package report

import (
	"strings"

	"github.com/brainsim/brainsim/results"
)

// labels are readers' names for the metrics brainsim records.
var labels = map[string]string{
	results.Students:             "Students",
	results.WorkersHome:          "Workers at home",
	results.Emigrants:            "Emigrants abroad",
	results.Returnees:            "Returnees at home",
	results.SkilledHome:          "Skilled at home",
	results.EmigrationRate:       "Skilled emigration rate",
	results.BrainWasteRate:       "Brain-waste rate",
	results.HealthWorkersPer10k:  "Health workers per 10,000",
	results.EducationQuality:     "Education quality",
	results.TertiaryShare:        "Tertiary share of the cohort",
	results.SkillHome:            "Mean skill at home",
	results.Enrolments:           "Enrolments",
	results.Graduates:            "Graduates",
	results.Dropouts:             "Dropouts",
	results.Emigrations:          "Emigrations",
	results.Returns:              "Returns",
	results.Deaths:               "Deaths",
	results.Retirements:          "Retirements",
	results.Remittances:          "Remittances received",
	results.RemittancesSent:      "Remittances sent",
	results.CorridorFees:         "Corridor fees",
	results.RemittancesEducation: "Remittances spent on education",
	results.RemittancesHealth:    "Remittances spent on health",
	results.TemporaryFTE:         "Temporary returnees (FTE)",
	results.PolicyCost:           "Policy cost",
	results.Diaspora:             "Diaspora",
	results.Arrivals:             "Arrivals",
}

// Label returns a reader's name for a metric, e.g. "Skilled at home" for
// skilled_home and "Workers at home, nurse" for workers_home.nurse. A name
// it does not know is returned with underscores as spaces.
func Label(metric string) string {
	base, part, dotted := strings.Cut(metric, ".")
	l, ok := labels[base]
	if !ok {
		l = strings.ReplaceAll(base, "_", " ")
	}
	if dotted {
		l += ", " + part
	}
	return l
}
