package sim

import (
	"math"

	"github.com/brainsim/brainsim/model"
)

// A lever is the behaviour of one kind of policy in the engine. While its
// policy is active, a lever adjusts the conditions of the step (wages, fees,
// recognition, hazards, seats, assignments); the rules and the hot loop only
// ever read the conditions, so a new kind of policy is a new lever, not an
// edit of every rule. Each kind's lever is in a file of its own
// (lever_*.go), which registers it.
type lever interface {
	// adjust changes the conditions c of a step in which policy k is active.
	adjust(e *Engine, c *conditions, k int)
}

// A quotaAdjuster is a lever that also changes the yearly admission quotas,
// at the start of each year in which its policy is active: q[d*(nS+1) + s]
// for sector s, q[d*(nS+1) + nS] for all sectors, in persons; +Inf = no cap.
type quotaAdjuster interface {
	quotas(e *Engine, q []float64, k int)
}

// A yearStarter is a lever with work at the start of each year in which its
// policy is active (a programme's yearly allotment), drawing any rounding
// from st in policy order.
type yearStarter interface {
	startYear(e *Engine, st *stream, k int)
}

// A settler is a lever whose offers are settled after the parallel phase of
// a step, among the volunteers the blocks collected (vol, in slot order), by
// a lottery keyed by key.
type settler interface {
	settle(e *Engine, vol []applicant, key uint64, k int)
}

// A lingerer is a lever whose effect outlasts its policy: it adjusts the
// conditions of every step, its policy active or not, after the active
// policies' adjust (a skill transfer that lasts after the assignments).
type lingerer interface {
	linger(e *Engine, c *conditions, k int)
}

// compiled is a policy with its scope resolved, its lever built and the
// lever's optional capabilities detected once.
type compiled struct {
	p       *model.Policy
	sectors []bool // [sector] covered
	dests   []bool // [dest] covered
	lever   lever
	quotas  quotaAdjuster // nil if the lever leaves quotas alone
	starter yearStarter   // nil if it has nothing to do at the start of a year
	settler settler       // nil if it settles no offers
	linger  lingerer      // nil if nothing of it outlasts its steps
}

// leverMakers builds the lever of each kind from the policy's parameters;
// each lever_*.go file registers its kind.
var leverMakers = map[model.Kind]func(p *model.Policy) lever{}

// register records how to build the lever of kind k. It is called from the
// init function of the lever's file.
func register[L model.Lever](k model.Kind, make func(l L) lever) {
	leverMakers[k] = func(p *model.Policy) lever { return make(p.Lever.(L)) }
}

// compilePolicies resolves every policy's scope and builds its lever. It
// panics on a policy without a lever or of a kind with no lever registered,
// which Validate rejects and TestEveryKindHasALever rules out.
func compilePolicies(sc *model.Scenario) []compiled {
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
		mk, ok := leverMakers[p.Kind()]
		if !ok {
			panic("sim: no lever for policy kind " + p.Kind().String())
		}
		c.lever = mk(p)
		c.quotas, _ = c.lever.(quotaAdjuster)
		c.starter, _ = c.lever.(yearStarter)
		c.settler, _ = c.lever.(settler)
		c.linger, _ = c.lever.(lingerer)
		cs[i] = c
	}
	return cs
}

// budgetScale returns the factor in [0, 1] by which policy k's benefits are
// scaled so that what it spends in a calendar year stays within its budget.
// The cost of a step at full benefits is judged from the previous step's cost
// at the scale then in force; what is left of the year's budget is spread
// over the steps left in the year, so a jump in the eligible stock (a
// graduating cohort) is made up for within the year. The first step with a
// cost to judge from is paid in full.
func (e *Engine) budgetScale(k int) float64 {
	b := e.pols[k].p.Budget
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

// payment is an amount a policy pays per event or per step.
type payment struct {
	policy int
	amount float64
}

// monthsToSteps converts a duration in months to whole steps.
func (e *Engine) monthsToSteps(months float64) int {
	return int(math.Round(months / 12 * float64(e.spy)))
}
