package sim

import "github.com/brainsim/brainsim/model"

func init() {
	register(model.KindRecruitmentCap, func(l *model.RecruitmentCap) lever { return quotaLever{l.Quota} })
	register(model.KindVisaQuota, func(l *model.VisaQuota) lever { return quotaLever{l.Quota} })
}

// quotaLever is a visa quota or an ethical-recruitment cap: admissions to the
// covered destinations are capped, per covered sector or in all.
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
