package report

import "strings"

// labels are readers' names for the metrics brainsim records.
var labels = map[string]string{
	"students":               "Students",
	"workers_home":           "Workers at home",
	"emigrants":              "Emigrants abroad",
	"returnees":              "Returnees at home",
	"skilled_home":           "Skilled at home",
	"emigration_rate":        "Skilled emigration rate",
	"brain_waste_rate":       "Brain-waste rate",
	"health_workers_per_10k": "Health workers per 10,000",
	"education_quality":      "Education quality",
	"tertiary_share":         "Tertiary share of the cohort",
	"skill_home":             "Mean skill at home",
	"enrolments":             "Enrolments",
	"graduates":              "Graduates",
	"dropouts":               "Dropouts",
	"emigrations":            "Emigrations",
	"returns":                "Returns",
	"deaths":                 "Deaths",
	"retirements":            "Retirements",
	"remittances":            "Remittances received",
	"remittances_sent":       "Remittances sent",
	"corridor_fees":          "Corridor fees",
	"remittances_education":  "Remittances spent on education",
	"remittances_health":     "Remittances spent on health",
	"temporary_fte":          "Temporary returnees (FTE)",
	"policy_cost":            "Policy cost",
	"diaspora":               "Diaspora",
	"arrivals":               "Arrivals",
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
