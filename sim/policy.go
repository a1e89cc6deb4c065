package sim

import (
	"math"
	"strconv"

	"brainsim/scenarios"
)

// A lever is one policy of the scenario, compiled to sector and destination
// indices. While its policy is active, a lever adjusts the conditions of the
// step (wages, fees, recognition, hazards, seats, assignments) or the yearly
// quotas; the rules and the hot loop only ever read the conditions, so a new
// kind of policy is a new lever, not an edit of every rule.
type lever interface {
	// adjust changes the conditions of a step in which the policy is active.
	adjust(e *Engine, c *conditions, k int)
	// quotas changes the yearly quotas at the start of a year in which the
	// policy is active: q[d*(nS+1) + s] for sector s, q[d*(nS+1) + nS] for
	// all sectors, in persons; +Inf = no cap.
	quotas(e *Engine, q []float64, k int)
}

// noQuotas is embedded by levers that leave quotas alone.
type noQuotas struct{}

func (noQuotas) quotas(*Engine, []float64, int) {}

// compiled is a policy with its scope resolved.
type compiled struct {
	p       *scenarios.Policy
	sectors []bool // [sector] covered
	dests   []bool // [dest] covered
	lever   lever
}

// compilePolicies resolves every policy's scope and builds its lever.
func compilePolicies(sc *scenarios.Scenario) []compiled {
	cs := make([]compiled, len(sc.Policies))
	for i := range sc.Policies {
		p := &sc.Policies[i]
		c := compiled{p: p, sectors: make([]bool, len(sc.Sectors)), dests: make([]bool, len(sc.Destinations))}
		for s, sec := range sc.Sectors {
			c.sectors[s] = p.AppliesToSector(sec.Name)
		}
		for d, dst := range sc.Destinations {
			c.dests[d] = p.AppliesToDestination(dst.Name)
		}
		c.lever = newLever(p)
		cs[i] = c
	}
	return cs
}

// newLever returns the lever of a policy's kind. It panics on an unknown kind,
// which Validate rejects.
func newLever(p *scenarios.Policy) lever {
	switch p.Kind {
	case scenarios.KindWageTopUp:
		return topUpLever{}
	case scenarios.KindTemporaryReturn:
		return temporaryReturnLever{}
	case scenarios.KindReturnGrant:
		return returnGrantLever{}
	case scenarios.KindRecruitmentCap, scenarios.KindVisaQuota:
		return quotaLever{}
	case scenarios.KindTrainingPartner:
		return partnershipLever{}
	case scenarios.KindBonding:
		return bondingLever{}
	case scenarios.KindScholarship:
		return scholarshipLever{}
	case scenarios.KindRemittanceFeeCut:
		return feeCutLever{}
	case scenarios.KindRemittanceMatching:
		return matchingLever{}
	case scenarios.KindRecognition:
		return recognitionLever{}
	case scenarios.KindPortableBenefits:
		return portableLever{}
	case scenarios.KindShock:
		return shockLever{}
	}
	panic("sim: unknown policy kind " + p.Kind)
}

// policyName returns the label of policy i in outputs.
func policyName(sc *scenarios.Scenario, i int) string {
	p := sc.Policies[i]
	if p.Name != "" {
		return p.Name
	}
	n := 0
	for j := range i + 1 {
		if sc.Policies[j].Kind == p.Kind && sc.Policies[j].Name == "" {
			n++
		}
	}
	if n == 1 {
		return p.Kind
	}
	return p.Kind + "_" + strconv.Itoa(n)
}

// budgetScale returns the factor in [0, 1] by which policy k's benefits are
// scaled so that what it spends in a calendar year stays within its budget.
// The cost of a step at full benefits is judged from the previous step's cost
// at the scale then in force; what is left of the year's budget is spread
// over the steps left in the year, so a jump in the eligible stock (a
// graduating cohort) is made up for within the year. The first step with a
// cost to judge from is paid in full.
func (e *Engine) budgetScale(k int) float64 {
	b := e.sc.Policies[k].Budget
	if b <= 0 {
		return 1
	}
	if prev := e.scale[k]; prev > 0 && e.lastCost[k] > 0 {
		e.fullCost[k] = e.lastCost[k] / prev
	}
	if e.fullCost[k] <= 0 {
		return 1
	}
	stepsLeft := float64(e.spy - e.step%e.spy)
	return min(1, max(0, (b-e.spent[k])/(e.fullCost[k]*stepsLeft)))
}

// topUp is a wage top-up in force for one sector.
type topUp struct {
	policy   int
	rate     float64 // share of the home wage
	eligible uint8   // eligibleAll, eligiblePublic or eligibleReturnees
	steps    int     // returnees: steps after return it is paid; 0 = always
}

const (
	eligibleAll uint8 = iota
	eligiblePublic
	eligibleReturnees
)

type topUpLever struct{ noQuotas }

func (topUpLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	el := eligibleAll
	switch p.p.Eligible {
	case "public":
		el = eligiblePublic
	case "returnees":
		el = eligibleReturnees
	}
	t := topUp{policy: k, rate: p.p.TopUp * e.scale[k], eligible: el, steps: int(math.Round(p.p.Months / 12 * float64(e.spy)))}
	for s, ok := range p.sectors {
		if ok {
			c.topUps[s] = append(c.topUps[s], t)
		}
	}
}

// topUpRate returns the top-up share of the home wage a person receives and,
// unless cost is nil, charges rate x wage to each policy paying it.
func (c *conditions) topUpRate(s int, returnee, public bool, tenure int, wage float64, cost []float64) float64 {
	rate := 0.0
	for _, t := range c.topUps[s] {
		switch t.eligible {
		case eligiblePublic:
			if !public {
				continue
			}
		case eligibleReturnees:
			if !returnee || (t.steps > 0 && tenure > t.steps) {
				continue
			}
		}
		rate += t.rate
		if cost != nil {
			cost[t.policy] += t.rate * wage
		}
	}
	return rate
}

type returnGrantLever struct{ noQuotas }

func (returnGrantLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	g := p.p.Grant * e.scale[k]
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		for d, okd := range p.dests {
			if okd {
				i := s*e.nD + d
				c.returnExtra[i] += p.p.GrantEffect * g / e.sc.Sectors[s].WageHome
				c.grant[i] = append(c.grant[i], payment{policy: k, amount: g})
			}
		}
	}
}

// payment is an amount a policy pays per event or per step.
type payment struct {
	policy int
	amount float64
}

type portableLever struct{ noQuotas }

func (portableLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		c.circulation[s] += p.p.CirculationEffect
		for d, okd := range p.dests {
			if okd {
				c.returnExtra[s*e.nD+d] += p.p.ReturnEffect
			}
		}
	}
}

// quotaLever is a visa quota or an ethical-recruitment cap: admissions to the
// covered destinations are capped, per covered sector or in all.
type quotaLever struct{}

func (quotaLever) adjust(*Engine, *conditions, int) {}

func (quotaLever) quotas(e *Engine, q []float64, k int) {
	p := e.pols[k]
	nS := e.nS
	for d, ok := range p.dests {
		if !ok {
			continue
		}
		row := q[d*(nS+1) : (d+1)*(nS+1)]
		if len(p.p.Sectors) == 0 {
			row[nS] = min(row[nS], p.p.Quota)
			continue
		}
		for s, oks := range p.sectors {
			if oks {
				row[s] = min(row[s], p.p.Quota)
			}
		}
	}
}

type bondingLever struct{ noQuotas }

func (bondingLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	for s, ok := range p.sectors {
		if ok && e.sc.Sectors[s].PublicTraining {
			c.bond[s] = bond{policy: k, steps: uint16(math.Round(p.p.Months / 12 * float64(e.spy))),
				rate: p.p.BuyoutRate, buyout: p.p.Buyout}
		}
	}
}

// bond is the service obligation of graduates of a sector.
type bond struct {
	policy int
	steps  uint16  // steps owed; 0 = no bond
	rate   float64 // multiplier of the emigration hazard while bonded
	buyout float64 // paid by a bonded worker who leaves, USD
}

type scholarshipLever struct{ noQuotas }

func (scholarshipLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	for s, ok := range p.sectors {
		if ok {
			c.scholarship[s] = append(c.scholarship[s], payment{policy: k, amount: p.p.Amount * e.scale[k]})
		}
	}
}

type feeCutLever struct{ noQuotas }

func (feeCutLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	for d, ok := range p.dests {
		if ok && p.p.Fee < c.fee[d] {
			if p.p.CostPerPoint > 0 {
				c.feeSubsidy[d] = append(c.feeSubsidy[d], payment{policy: k, amount: (c.fee[d] - p.p.Fee) * 100 * p.p.CostPerPoint / 1000})
			}
			c.fee[d] = p.p.Fee
		}
	}
}

type matchingLever struct{ noQuotas }

func (matchingLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	c.matching = append(c.matching, matching{policy: k, share: p.p.CollectiveShare, match: p.p.Match * e.scale[k]})
}

// matching is a public match of collective remittances.
type matching struct {
	policy       int
	share, match float64
}

type recognitionLever struct{ noQuotas }

func (recognitionLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	for d, ok := range p.dests {
		if ok {
			c.recognition[d] = p.p.Recognition
		}
	}
}

type shockLever struct{}

func (shockLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		c.wageHome[s] *= 1 + p.p.WageHomeChange
		for d, okd := range p.dests {
			if okd {
				c.wageAbroad[s*e.nD+d] *= 1 + p.p.WageAbroadChange
			}
		}
	}
	for d, ok := range p.dests {
		if ok && p.p.DemandChange > -1 {
			c.appeal[d] += math.Log1p(p.p.DemandChange)
		}
	}
}

// quotas scales the covered destinations' quotas with the change in demand.
func (shockLever) quotas(e *Engine, q []float64, k int) {
	p := e.pols[k]
	if p.p.DemandChange == 0 {
		return
	}
	nS := e.nS
	for d, ok := range p.dests {
		if !ok {
			continue
		}
		for i := d * (nS + 1); i < (d+1)*(nS+1); i++ {
			if !math.IsInf(q[i], 1) {
				q[i] = max(0, q[i]*(1+p.p.DemandChange))
			}
		}
	}
}

type partnershipLever struct{ noQuotas }

func (partnershipLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	// The partner is the first destination the policy names (the first of
	// the scenario when it names none).
	dest := 0
	if len(p.p.Destinations) > 0 {
		for d, dst := range e.sc.Destinations {
			if dst.Name == p.p.Destinations[0] {
				dest = d
			}
		}
	}
	cost := 0.0
	if p.p.PaidBy == "origin" {
		cost = p.p.CostPerSeat
	}
	for s, ok := range p.sectors {
		if ok {
			c.partner[s] = partnership{policy: k, seats: p.p.Seats, away: p.p.AwayShare, dest: dest, cost: cost}
		}
	}
}

// partnership is a training partnership's extra seats in one sector.
type partnership struct {
	policy int
	seats  float64 // persons a year; 0 = none
	away   float64 // share on the away track
	dest   int     // partner destination
	cost   float64 // origin's cost per student-year
}

type temporaryReturnLever struct{ noQuotas }

func (temporaryReturnLever) adjust(e *Engine, c *conditions, k int) {
	p := e.pols[k]
	steps := max(1, int(math.Round(p.p.Months/12*float64(e.spy))))
	// Approach enough eligible emigrants that the year's slots left are
	// offered evenly over the steps left in the year: twice the needed
	// number, since only some accept and some approached are turned away
	// by the lottery when more accept than there are slots.
	eligible := 0.0
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		for d, okd := range p.dests {
			if okd {
				eligible += float64(e.total.diaspora(s, d))
			}
		}
	}
	left := float64(e.slotsLeft[k])
	stepsLeft := float64(e.spy - e.step%e.spy)
	approach := 0.0
	if eligible > 0 && left > 0 {
		approach = min(1, 2*left/stepsLeft/eligible)
	}
	a := assignment{policy: k, prob: approach * p.p.Acceptance, steps: uint16(steps),
		costPerStep: p.p.CostPerAssignment / float64(steps)}
	for s, ok := range p.sectors {
		if !ok {
			continue
		}
		for d, okd := range p.dests {
			if okd {
				c.assign[s*e.nD+d] = a
			}
		}
		// Skill transfer: each person on assignment raises the summed
		// skill of home colleagues by SkillTransfer a year.
		if home := float64(e.total.home(s)); home > 0 {
			c.skillTransfer[s] += p.p.SkillTransfer * float64(e.fte[s]) / home
		}
	}
}

// assignment is a temporary-return programme open to emigrants of one
// sector at one destination.
type assignment struct {
	policy      int
	prob        float64 // chance a member is approached and accepts this step
	steps       uint16  // length of an assignment, steps
	costPerStep float64 // USD per person on assignment per step
}
