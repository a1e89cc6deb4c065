package sim

import (
	"slices"

	"github.com/brainsim/brainsim/agents"
)

// When the savings of an emigrant's cohort can reach the return's savings
// target (section 7.6: the logit rises by Return.Savings once they do). The
// return bound of returnBoundOf counted that term for every emigrant, as
// savings are not known ahead; but at the presets' figures most emigrants
// never reach the target (a nurse saves a few thousand a year against a
// target of 120,000), and the term, +1.5 logit units, made three return
// candidates in four be thinned away.
//
// A cohort's savings follow agents.Save step by step: S' = max(0, S + inc),
// inc = (income - living cost) / spy - sent, where sent (agents.RemitShare)
// depends on the cohort's sector, destination, recognition and sex, the
// conditions and its tenure only. While the conditions stay as they were,
// inc is a fixed function of the tenure for each of these, so a cohort's
// savings at a later tenure t are at most S + cum(t) - cum(now), cum the
// running sum of max(inc, 0) over tenures (a step that would lower them,
// or the clamp at 0, only lowers them; where inc stays positive, as for the
// recognised, the two are equal): the first tenure at which this bound
// reaches the target is found in cum by binary search. An emigrant's plan leaves the savings term out of its
// bound until that step and puts its scheduled step there, no later
// (plan); where inc is not positive from its tenure on, or the target is
// reached, the term stays in. The target is lowered by a millionth for the
// search, for the rounding of the running sum against the step's own and of
// the savings to float32 in decide.
//
// The tables are made once, at the first step, from its conditions. Should
// any condition they rest on change later (a fee cut, a shock to wages
// abroad, a labour market abroad), the projection is dropped for the rest
// of the run: every emigrant's candidate is drawn again with the term in
// (savingsBounds), once.

// savingsPaths holds the running sums of a cohort's savings increments by
// tenure, for each sector, destination, recognition and sex.
type savingsPaths struct {
	on bool // projections in use
	// cum[combo][t]: the sum of the positive parts of the increments of
	// tenures 1..t; combo = ((sector*nD + dest)*2 + female)*2 + recognised.
	cum [][]float64
	// The conditions the tables rest on, by destination and by sector and
	// destination.
	waste, remitWaste, fee []float64
	wageAbroad, remitRec   []float64
}

// savingsInit makes the tables from the first step's conditions, if the
// return logit has a savings term that raises the hazard.
func (e *Engine) savingsInit() {
	rp, ev := &e.sc.Return, e.ev
	if !(rp.SavingsTarget > 0 && rp.Savings > 0) || !ev.retTight {
		return
	}
	c, nS, nD := &e.cond, e.nS, e.nD
	sp := &ev.sav
	sp.on = true
	sp.waste, sp.remitWaste, sp.fee = slices.Clone(c.waste), slices.Clone(c.remitWaste), slices.Clone(c.fee)
	sp.wageAbroad, sp.remitRec = slices.Clone(c.wageAbroad[:nS*nD]), slices.Clone(c.remitRec[:nS*nD])
	tenures := int(e.retireSteps) + 2
	sp.cum = make([][]float64, nS*nD*4)
	for s := range nS {
		for d := range nD {
			sd := s*nD + d
			for female := range 2 {
				for rec := range 2 {
					income, remit := c.waste[d], c.remitWaste[d]
					if rec == 1 {
						income, remit = c.wageAbroad[sd], c.remitRec[sd]
					}
					living := e.sc.Destinations[d].LivingCost
					cum := make([]float64, tenures)
					for t := 1; t < tenures; t++ {
						r := agents.RemitShare(e.sc.Remittance, remit*e.remitDecay[min(t, len(e.remitDecay)-1)], income, female == 1, c.fee[d], e.spy)
						cum[t] = cum[t-1] + max(0, (income-living)/float64(e.spy)-r.Sent)
					}
					sp.cum[(sd*2+female)*2+rec] = cum
				}
			}
		}
	}
}

// savingsReach returns, for emigrant i of sector s whose fields are those
// after step touched[i], the first step after from at which its cohort's
// savings may reach the target (neverStep if they cannot before the end of
// the tables), and whether the savings term belongs in its bound from from
// on: when they have reached it, or when the projection cannot tell.
func (e *Engine) savingsReach(i, s, from int) (int, bool) {
	ev, p, sp := e.ev, &e.pop, &e.ev.sav
	fl := p.rec[i].flags
	arrived := int(ev.slot[i].touched) - int(p.rec[i].tenure)
	sav := ev.coSav[e.cohortIndex(arrived, s, int(p.rec[i].dest), fl)]
	target := e.sc.Return.SavingsTarget * (1 - 1e-6)
	if sav >= target {
		return neverStep, true
	}
	female, rec := int(fl&flagFemale), 0
	if fl&flagRecognised != 0 {
		rec = 1
	}
	combo := ((s*e.nD+int(p.rec[i].dest))*2+female)*2 + rec
	cum := sp.cum[combo]
	ten := from - arrived // tenure after step from
	if ten < 0 || ten+1 >= len(cum) {
		return neverStep, true
	}
	// The savings after tenure t > ten are at most sav + cum[t] - cum[ten].
	t, _ := slices.BinarySearch(cum[ten+1:], target-sav+cum[ten])
	if ten+1+t >= len(cum) {
		return neverStep, false // not before retirement
	}
	return arrived + ten + 1 + t, false
}

// savingsBounds drops the projection, once, when a condition the tables
// rest on has changed: every emigrant's candidate is drawn again with the
// savings term in its bound. It reports whether the calendar must be
// rebuilt.
func (e *Engine) savingsBounds(key uint64) bool {
	sp, c, nS, nD := &e.ev.sav, &e.cond, e.nS, e.nD
	if !sp.on {
		return false
	}
	if slices.Equal(sp.waste, c.waste) && slices.Equal(sp.remitWaste, c.remitWaste) && slices.Equal(sp.fee, c.fee) &&
		slices.Equal(sp.wageAbroad, c.wageAbroad[:nS*nD]) && slices.Equal(sp.remitRec, c.remitRec[:nS*nD]) {
		return false
	}
	sp.on = false
	for s := range nS {
		e.redraw(s, key, func(st agents.State) bool { return st == agents.Emigrant })
	}
	return true
}
