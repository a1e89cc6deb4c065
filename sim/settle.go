package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
)

// settle grants the emigration wishes of this step within the destinations'
// yearly quotas: where a sector's or a destination's applicants exceed what
// is left of its quota, a seeded lottery picks exactly that many. Applicants
// are taken in slot order (blocks in order), so the outcome does not depend
// on which worker stepped whom. Admitted persons become emigrants at once;
// the totals are adjusted to match.
func (e *Engine) settle(nb int, key uint64) {
	e.settleOffers(nb, key)
	e.pending = e.pending[:0]
	for _, b := range e.blocks[:nb] {
		e.pending = append(e.pending, b.applicants...)
	}
	if len(e.pending) == 0 {
		return
	}
	if e.cond.diverting {
		e.divert(key)
	}
	// The event engine admits in parallel, by shard, the applicants left
	// in e.pending with a destination (scheduleSettled); the quotas are
	// used here, and the lotteries need nothing else of an admission.
	later := e.ev != nil
	nS := e.nS
	for d := range e.nD {
		// Candidates for d, as indices into e.pending, in slot order.
		cand := e.candidates(d, -1, nil, &e.candBuf)
		if len(cand) == 0 {
			continue
		}
		quotas := e.quotaLeft[d*(nS+1) : (d+1)*(nS+1)]
		for s := range nS {
			if quotas[s] < 0 {
				continue
			}
			sub := e.candidates(d, s, cand, &e.subBuf)
			if int64(len(sub)) > quotas[s] {
				st := newStream(key, drawLottery, uint64(d*(nS+1)+s))
				e.chosen = lottery(len(sub), int(quotas[s]), &st, e.chosen)
				e.reject(sub, e.chosen)
			}
		}
		cand = e.candidates(d, -1, nil, &e.candBuf)
		if quotas[nS] >= 0 && int64(len(cand)) > quotas[nS] {
			st := newStream(key, drawLottery, uint64(d*(nS+1)+nS))
			e.chosen = lottery(len(cand), int(quotas[nS]), &st, e.chosen)
			e.reject(cand, e.chosen)
			cand = e.candidates(d, -1, nil, &e.candBuf)
		}
		for _, j := range cand {
			if later {
				e.useQuota(d, int(e.pop.rec[e.pending[j].slot].sector))
				continue
			}
			e.admit(e.pending[j], key)
		}
	}
}

// candidates returns the indices of pending applicants to destination d (of
// sector s, unless s < 0), drawn from within (all pending if within is nil).
// Rejected applicants carry dest = rejected and are skipped. The result lives
// in buf, reused between calls.
func (e *Engine) candidates(d, s int, within []int, buf *[]int) []int {
	out := (*buf)[:0]
	pick := func(j int) {
		a := e.pending[j]
		if int(a.dest) == d && (s < 0 || int(e.pop.rec[a.slot].sector) == s) {
			out = append(out, j)
		}
	}
	if within == nil {
		for j := range e.pending {
			pick(j)
		}
	} else {
		for _, j := range within {
			pick(j)
		}
	}
	*buf = out
	return out
}

// reject marks every candidate not among the winners (indices into cand).
func (e *Engine) reject(cand, winners []int) {
	w := 0
	for i, j := range cand {
		if w < len(winners) && winners[w] == i {
			w++
			continue
		}
		e.pending[j].dest = rejected
	}
}

// rejected marks an applicant who lost a quota lottery.
const rejected = math.MaxUint8

// admit turns an applicant into an emigrant at its chosen destination and
// uses the quotas (the step engine: the event engine admits by shard).
func (e *Engine) admit(a applicant, key uint64) {
	e.admitInto(&e.total, nil, a, key)
	e.useQuota(int(a.dest), int(e.pop.rec[a.slot].sector))
}

// useQuota counts an admission of sector s to d against the quotas left.
func (e *Engine) useQuota(d, s int) {
	nS := e.nS
	for _, q := range []int{d*(nS+1) + s, d*(nS+1) + nS} {
		if e.quotaLeft[q] > 0 {
			e.quotaLeft[q]--
		}
	}
}

// admitInto turns an applicant into an emigrant at its chosen destination,
// in tally t. The totals follow the person: its count at home is taken back
// and its count abroad added once its recognition is drawn. b is the
// person's block when the event engine admits by shard (scheduleSettled),
// whose deltas take its event state's changes; nil for the step engine.
func (e *Engine) admitInto(t *tally, b *block, a applicant, key uint64) {
	p, i := &e.pop, int(a.slot)
	s, d, nS := int(p.rec[i].sector), int(a.dest), e.nS
	from, tenure := p.rec[i].state, int(p.rec[i].tenure)
	band := e.band(p.rec[i].age)
	t.removePerson(from, s, int(p.rec[i].dest), p.rec[i].flags, p.skill[i], t.fineIndex(from, s, p.rec[i].flags, band))
	t.flows[flowEmigrate*nS+s]++
	t.emigrated(p.rec[i].flags, band)
	t.arrivals[d]++
	if p.rec[i].flags&(flagPublic|flagPartner) == flagPublic {
		t.lostPublic[s]++ // takes the state's training with it (fiscal.go)
	}
	if (from == agents.Worker || from == agents.Returnee) && len(e.cond.retain[s]) > 0 {
		e.repayRetention(t, i, s, from) // reads tenure and flags before they are reset
	}
	p.rec[i].state = agents.Emigrant
	p.rec[i].dest = uint8(d)
	p.rec[i].tenure = 0
	p.savings[i] = 0
	p.rec[i].flags &^= flagRecognised | flagJobless
	if p.rec[i].timer > 0 && from == agents.Worker {
		// A bonded worker buys out the rest of the service.
		if bd := e.cond.bond[s]; bd.steps > 0 {
			t.cost[bd.policy] -= bd.buyout
		}
		p.rec[i].timer = 0
	}
	recog := e.cond.recognition[d]
	if pt := &e.cond.partner[s]; p.rec[i].flags&flagPartner != 0 && pt.dest == d && pt.recognition > recog {
		recog = pt.recognition // trained to the partner's standard
	}
	if uniform(agentKey(key, p.id[i]), drawRecognition) < recog {
		p.rec[i].flags |= flagRecognised
	}
	t.addPerson(agents.Emigrant, s, d, p.rec[i].flags, p.skill[i], t.fineIndex(agents.Emigrant, s, p.rec[i].flags, band))
	t.addRare(agents.Emigrant, s, p.rec[i].flags)
	t.count[int(agents.Emigrant)*nS+s]++ // addPerson leaves count to deriveCounts
	if p.rec[i].flags&flagTraced != 0 {
		if b != nil {
			b.trace = append(b.trace, note(p, i, evEmigrate, from, agents.Emigrant)) // gathered after the shards
		} else {
			e.noteSeq(i, evEmigrate, from, agents.Emigrant)
		}
	}
	if b != nil {
		e.eventAdmitted(b, i, from, tenure) // the event engine admits by shard only
	}
}

// settleOffers settles the offers of the levers that make them
// (temporary-return assignments): the volunteers of every block, in slot
// order, go to each such policy's lever in policy order.
func (e *Engine) settleOffers(nb int, key uint64) {
	e.pending = e.pending[:0]
	for _, b := range e.blocks[:nb] {
		e.pending = append(e.pending, b.volunteers...)
	}
	if len(e.pending) == 0 {
		return
	}
	for k := range e.pols {
		if s := e.pols[k].settler; s != nil {
			s.settle(e, e.pending, key, k)
		}
	}
}

// divert applies the restrictions of active recruitment to the pending
// applicants, in slot order: an applicant of sector s to d is turned away
// with probability turnAway[s, d] and chooses again among the other
// destinations by the destination choice model, d' with probability
// destProb[s, d'] / (1 - destProb[s, d]) (the nested logit's choice within
// the nest of moving, with d gone); there a restriction may turn the
// applicant away again, and then the person stays home. The quotas of the
// new destination apply as to any applicant. A person who has decided to
// move keeps to it: the restriction stops recruiters, not the wish to leave
// (docs/ODD.md 7.4).
func (e *Engine) divert(key uint64) {
	c, p, nD := &e.cond, &e.pop, e.nD
	for j := range e.pending {
		a := &e.pending[j]
		s, d := int(p.rec[a.slot].sector), int(a.dest)
		row, away := c.destProb[s*nD:(s+1)*nD], c.turnAway[s*nD:(s+1)*nD]
		if away[d] == 0 {
			continue
		}
		k := agentKey(key, p.id[a.slot])
		if uniform(k, drawTurnAway) >= away[d] {
			continue
		}
		a.dest = rejected
		u := uniform(k, drawDivert) * (1 - row[d])
		for d2, pr := range row {
			if d2 == d || pr <= 0 {
				continue
			}
			if u < pr {
				// A second restriction, at d2, turns away with a draw of
				// its own.
				if st := newStream(k, drawTurnAway, uint64(d2)); away[d2] == 0 || st.float() >= away[d2] {
					a.dest = uint8(d2)
				}
				break
			}
			u -= pr
		}
	}
}
