package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindRecruitmentCap, func(l *model.RecruitmentCap) lever { return capLever{l} })
	register(model.KindVisaQuota, func(l *model.VisaQuota) lever { return quotaLever{l.Quota} })
}

// quotaLever is a visa quota, or an ethical-recruitment cap on all
// admissions: admissions to the covered destinations are capped, per
// covered sector or in all.
type quotaLever struct {
	quota float64 // persons a year
}

func (quotaLever) adjust(*Engine, *conditions, int) {}

func (v quotaLever) quotas(e *Engine, q []float64, k int) {
	p := &e.pols[k]
	nS := e.nS
	for d, ok := range p.dests {
		if !ok {
			continue
		}
		row := q[d*(nS+1) : (d+1)*(nS+1)]
		if len(p.p.Sectors) == 0 {
			row[nS] = min(row[nS], v.quota)
			continue
		}
		for s, oks := range p.sectors {
			if oks {
				row[s] = min(row[s], v.quota)
			}
		}
	}
}

// capLever is an ethical-recruitment restriction: a quota on all
// admissions (quotaLever), or a cut of active recruitment whose turned-away
// applicants choose again (divert, settle.go); either only while the
// origin's health-worker density is below the safeguard threshold.
type capLever struct{ l *model.RecruitmentCap }

// inForce reports whether the safeguard trigger holds: no threshold, or the
// density of the previous step below it.
func (v capLever) inForce(e *Engine) bool {
	return v.l.SafeguardDensity <= 0 || e.healthDensity() < v.l.SafeguardDensity
}

// adjust turns away, with probability ActiveShare x Cut, each applicant of
// a covered sector to a covered destination: the actively recruited part
// of the flow that the restriction stops. Two restrictions on one corridor
// turn away independently.
func (v capLever) adjust(e *Engine, c *conditions, k int) {
	if v.l.Restricts != model.RestrictActive || !v.inForce(e) {
		return
	}
	q := v.l.ActiveShare * v.l.Cut
	p := &e.pols[k]
	for s, oks := range p.sectors {
		if !oks {
			continue
		}
		for d, ok := range p.dests {
			if ok {
				i := s*e.nD + d
				c.turnAway[i] = 1 - (1-c.turnAway[i])*(1-q)
			}
		}
	}
	c.diverting = true
}

// quotas caps all admissions, in force at the start of the year.
func (v capLever) quotas(e *Engine, q []float64, k int) {
	if v.l.Restricts == model.RestrictAdmissions && v.inForce(e) {
		quotaLever{v.l.Quota}.quotas(e, q, k)
	}
}
