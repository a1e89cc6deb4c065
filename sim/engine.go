package sim

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/results"
)

// blockSize is the number of agent slots in a block, the unit of parallel
// work. Blocks are fixed ranges of slots, not per-worker shares, so partial
// sums and their reduction order do not depend on the number of workers.
const blockSize = 4096

// block is one block's scratch space, reused from step to step.
type block struct {
	t          tally
	applicants []applicant // emigration wishes, in slot order
	volunteers []applicant // acceptances of temporary-return offers, in slot order
	freed      []int32     // slots whose persons left this step, in slot order
	trace      []traceRec  // events of traced persons this step, in slot order
	events     int64       // wakes processed this step (event engine, event.go)
	noops      int64       // of which wakes where nothing could happen: the ring's end
	caps       int64       // persons whose skill at home reached the cap this step, touched outside a wake (event_cap.go)
	capBack    []capWatch  // scratch of capTouches: entries checked early, entered again
	ahead      []int32     // scratch of capTouches and settledAhead: slots whose fields touchAhead loads
	capKeys    []float32   // scratch of capTouches: their keys
	later      []laterWake // wakes planned in the shard's wakes, put in the buckets after them (event.go)
	touched    uint32      // a sum of the fields touchAhead loaded, kept so that its loads stay
	arrived    []float64   // [sector] skill of the persons who came to work at home this step (event engine, event.go)
	// Event engine (event.go): [sector*nD+dest] emigrants on assignment who
	// left this step, then [nS*nD + sector*nD+dest] whose assignment ended;
	// [sector] changes of the sums of the uncapped skills at home,
	// normalised, then raw.
	assignDelta []int64
	normDelta   []float64
	birthDelta  []countDelta // changes of the event state's byBirth, added after the wakes
	cohortDelta []countDelta // changes of its coN
	jobTouch    []int32      // slots woken this step, with unemployment in person (event_jobless.go)
	// The skill and savings after the previous step of the traced person
	// being woken (event_trace.go).
	traceSkill, traceSav float32
}

// applicant is a person who asks for a constrained slot this step: a visa to
// dest, or a temporary-return assignment from dest.
type applicant struct {
	slot int32
	dest uint8
}

// Engine steps one replicate of a scenario. The zero value is not usable;
// create one with New.
type Engine struct {
	sc      *model.Scenario
	rep     int
	repKey  uint64
	workers int
	spy     int     // steps per year
	nS, nD  int     // sectors, destinations
	weight  float64 // persons per agent
	step    int     // steps done
	nextID  uint32

	pop    population
	free   []int32 // slots of the gone, in the order freed, for entrants to take
	sink   uint32  // a sum of the fields population.touch loaded for intake, kept so that its loads stay
	blocks []*block
	total  tally // after the last step, including settlement

	// Constants derived from the scenario.
	trainSteps  []int     // [sector] steps of training
	retireSteps uint16    // age at retirement, steps
	entrySteps  uint16    // age at entry, steps
	mortality   []float64 // [age in years] probability of death in a step
	remitDecay  []float64 // [steps abroad] share of income remitted by a man (agents.RemitDecay)
	returnMax   float64   // bound of the return probability in a step
	ageBand     []uint8   // [age in steps] output age band (tally.go), up to the oldest age
	wageWeight  []float64 // [age in steps] wage-gap weight (agents.WageGapWeight); nil = 1 at every age

	// Per-step probabilities of constant hazards (agents.StepProb, exact
	// for any step length) and growth factors.
	emigMax    [2]float64 // bound of the emigration probability in a step of a worker [0] and a returnee [1], unbonded
	growAbroad float64    // factor of skill growth abroad in a step (agents.GrowthFactor)
	// spreadIntake: entrants of a step stand for entries through it, and
	// half of them graduate a step later (decide).
	spreadIntake bool

	// Policies, compiled; their per-step state.
	pols         []compiled
	scale        []float64       // [policy] budget scale in force this step
	lastCost     []float64       // [policy] cost of the previous step, USD
	fullCost     []float64       // [policy] cost of a step at full benefits, as last judged, USD
	spent        []float64       // [policy] cost so far this calendar year, USD
	slotsLeft    []int64         // [policy] temporary-return assignments left this year, agents
	fte          []int64         // [sector] emigrants on assignment at home after the last step
	eduSpent     []float64       // [step % spy] remittance spending on education in each step of the trailing year, USD
	eduYear      float64         // the sum of eduSpent: the trailing year's spending on education, USD
	lab          labour          // the labour market: wages, posts (labour.go)
	trainAbroad  []trainingTerms // [sector*nD + dest] terms of the training-abroad programme there; nil until one starts (lever_training_abroad.go)
	studyTerms   []studyTerms    // [sector*nD + dest] terms of the study-abroad programme there; nil until one starts (lever_study_abroad.go)
	youthsAbroad int             // youths of this year's cohort who left to study abroad, agents, still to be taken out of the cohort entering at home (enterCohort)

	// Conditions of the current step, from the previous step's aggregates.
	cond conditions

	// Settlement state.
	quotaLeft  []int64 // [dest*(nS+1) + sector or nS for all sectors] agents admissible this year; -1 = no cap
	quotaBuf   []float64
	pending    []applicant
	settledAt  []int   // [block] first index in pending of its applicants (event engine: scheduleSettled)
	chosen     []int   // lottery winners, reused
	candBuf    []int   // applicants to one destination, reused
	subBuf     []int   // applicants of one sector, reused
	tertiary   float64 // share of the last cohort that enrolled
	entered    []int64 // [sector] agents who entered training this step
	youthProbs []float64

	// Cohort entry of heterogeneous youths (enterYouths), reused.
	admitted     []int          // [sector] entrants this year, agents
	youths       []agents.Youth // [youth] ability and personal cost
	youthW       []float64      // [youth*(nS+1) + option] weights of agents.TrainingWeights
	waiting      []int32        // youths still to choose this round
	applied      [][]int32      // [sector] applicants this round
	appliedSkill [][]float32    // [sector] their skill factors
	skillIn      [][]float32    // [sector] skill factors of the admitted; nil when youths are alike

	ev *eventState // nil for the step engine (event.go)

	// Recording.
	tr      *tracer // nil unless agents are traced
	metrics []metricSpec
	ring    [][]float64 // [step % spy][metric] per-step flow values
	row     []float64
}

// conditions is what every decision in a step reads: aggregates of the
// previous step and the policies in force, turned into the inputs of the
// agents' rules.
type conditions struct {
	year        int       // calendar year of the step
	quality     float64   // education quality
	inclusive   []float64 // [sector] nested-logit inclusive value of moving
	destProb    []float64 // [sector*nD + dest] destination choice probabilities
	dropout     []float64 // [sector] probability of dropping out in a step
	graduate    []float64 // [sector] probability of graduating in a step past the fixed length (training_delay), competing with dropping out
	dropLate    []float64 // [sector] probability of dropping out in a step past the fixed length, competing with graduating
	growHome    []float64 // [sector] factor of skill growth at home in a step, with skill transfer (agents.GrowthFactor)
	values      []float64 // [dest] scratch for destination values
	wageHome    []float64 // [sector] home wage after shocks and unemployment
	wageAbroad  []float64 // [sector*nD + dest] recognised wage after shocks; 0 = no demand
	waste       []float64 // [dest] wage without recognition, after shocks
	fee         []float64 // [dest] corridor fee
	recognition []float64 // [dest] chance of recognition on arrival
	appeal      []float64 // [dest] logit shift from demand shocks

	topUps        [][]topUp     // [sector] wage top-ups in force
	returnExtra   []float64     // [sector*nD + dest] policy terms of the return logit
	grant         [][]payment   // [sector*nD + dest] return grants
	circulation   []float64     // [sector] policy terms of returnees' re-emigration logit
	bond          []bond        // [sector] service owed by new graduates
	scholarship   [][]payment   // [sector] per student-year
	partner       []partnership // [sector] extra seats of a training partnership
	assign        []assignment  // [sector*nD + dest] temporary-return programme
	skillTransfer []float64     // [sector] yearly skill growth of home workers from assignments
	service       []service     // [sector] service owed by study-abroad scholars (lever_study_abroad.go)
	feeSubsidy    [][]payment   // [dest] public cost per USD sent
	remitRec      []float64     // [sector*nD + dest] agents.RemitFactor of a recognised emigrant's income and the fee
	remitWaste    []float64     // [dest] agents.RemitFactor of the waste wage and the fee
	matching      []matching    // remittance matching in force
	training      float64       // logit shift of training from households and returnees
	retain        [][]retention // [sector] retention benefits in force (lever_retention.go)
	flatCost      []payment     // costs of the step not tied to persons (a diaspora fund's match), USD, charged in account
	investUSD     float64       // diaspora investment with its match this step, USD (lever_investment.go)
	investPosts   float64       // posts funded by diaspora investment this step, persons
	insured       float64       // households with health micro-insurance paid by emigrants (lever_insurance.go)
	premiums      float64       // their premiums this step, USD
	premiumCash   float64       // the part of the premiums paid out of the cash remittances households would receive, USD
	claimShare    float64       // share of households' health spending from remittances that the insurance pays, in [0, 1]

	// The labour market (labour.go), by sector.
	wagePost  []float64 // wage of a post at home after shocks, before any shared unemployment
	employ    []float64 // share of the trained at home who hold a post, when unemployment is in person; else 1
	idleFlat  []float64 // income of the unemployed, the same for all
	idleSkill []float64 // income of the unemployed per unit of skill (work in another sector)

	// Restrictions of active recruitment (lever_quota.go, settle.go).
	turnAway  []float64 // [sector*nD + dest] probability an applicant is turned away
	diverting bool      // some turnAway > 0 this step

	// Temporary returnees who teach (lever_temporary_return.go).
	teaching   float64   // teaching FTE of sectors that are not teacher sectors, agents
	teachSeats []float64 // [sector] training seats a year they open, persons

	benefits [][]benefit // [sector] portable benefits paid to returnees (lever_portable.go)
}

// New returns an engine at step 0 of the given replicate, with the initial
// population drawn. workers is the number of goroutines used inside a step;
// 0 means GOMAXPROCS. The scenario must be valid (scenarios.Validate); New
// panics if it has no sectors, no destinations or no agents.
func New(sc *model.Scenario, replicate, workers int) *Engine {
	if len(sc.Sectors) == 0 || len(sc.Destinations) == 0 || sc.Agents < 1 {
		panic("sim: New: scenario has no sectors, destinations or agents")
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	e := &Engine{
		sc:      sc,
		rep:     replicate,
		repKey:  replicateKey(sc.Seed, replicate),
		workers: workers,
		spy:     sc.StepsPerYear,
		nS:      len(sc.Sectors),
		nD:      len(sc.Destinations),
	}
	e.derive()
	e.populate()
	e.initJobs()
	e.metrics = buildMetrics(sc)
	e.ring = make([][]float64, e.spy)
	for i := range e.ring {
		e.ring[i] = make([]float64, len(e.metrics))
	}
	e.row = make([]float64, len(e.metrics))
	e.recount()
	return e
}

// derive computes the constants of the scenario in engine units.
func (e *Engine) derive() {
	sc, spy := e.sc, float64(e.spy)
	nS, nD := e.nS, e.nD
	e.trainSteps = make([]int, nS)
	for s, sec := range sc.Sectors {
		e.trainSteps[s] = max(1, int(math.Round(sec.TrainingYears*spy)))
	}
	e.entrySteps = steps16("demography.entry_age", sc.Demography.EntryAge*spy)
	e.retireSteps = steps16("demography.retirement_age", sc.Demography.RetirementAge*spy)
	e.mortality = make([]float64, int(sc.Demography.RetirementAge)+2)
	for a := range e.mortality {
		e.mortality[a] = agents.StepProb(agents.MortalityRate(sc.Demography, float64(a)+0.5), e.spy)
	}
	// Remittance shares by time abroad, up to a career's length.
	e.remitDecay = make([]float64, int(sc.Demography.RetirementAge*spy)+1)
	for n := range e.remitDecay {
		e.remitDecay[n] = agents.RemitDecay(sc.Remittance, max(0, float64(n)-0.5)/spy) // middle of the n-th step abroad
	}
	e.returnMax = agents.StepProb(sc.Return.BaseRate, e.spy)
	e.emigMax = [2]float64{agents.StepProb(sc.Emigration.BaseRate, e.spy),
		agents.StepProb(sc.Emigration.BaseRate*sc.Emigration.ReturneeFactor, e.spy)}
	e.growAbroad = agents.GrowthFactor(sc.Skill.GrowthAbroad, e.spy)
	e.spreadIntake = sc.Origin.Intake == model.IntakeSpread
	// Tables by age in steps, so that the hot loop and the emigration
	// decision look a band up instead of searching: every age a person can
	// reach, up to retirement (students finish before it), and one more.
	e.ageBand = make([]uint8, int(e.retireSteps)+2)
	for a := range e.ageBand {
		e.ageBand[a] = ageBandOf(float64(a) / spy)
	}
	if len(sc.Emigration.WageGapByAge) > 0 {
		e.wageWeight = make([]float64, len(e.ageBand))
		for a := range e.wageWeight {
			e.wageWeight[a] = agents.WageGapWeight(sc.Emigration, float64(a)/spy)
		}
	}
	e.pols = compilePolicies(sc)
	nP := len(e.pols)
	e.scale = make([]float64, nP)
	for k := range e.scale {
		e.scale[k] = 1 // full benefits until a budget is judged: a lever reading another's scale (registerFactor) sees 1, not 0, at the start
	}
	e.lastCost = make([]float64, nP)
	e.fullCost = make([]float64, nP)
	e.spent = make([]float64, nP)
	e.slotsLeft = make([]int64, nP)
	e.fte = make([]int64, nS)
	e.eduSpent = make([]float64, e.spy)
	e.cond = conditions{
		inclusive:     make([]float64, nS),
		destProb:      make([]float64, nS*nD),
		dropout:       make([]float64, nS),
		graduate:      make([]float64, nS),
		dropLate:      make([]float64, nS),
		growHome:      make([]float64, nS),
		values:        make([]float64, nD),
		wageHome:      make([]float64, nS),
		wageAbroad:    make([]float64, nS*nD),
		waste:         make([]float64, nD),
		fee:           make([]float64, nD),
		recognition:   make([]float64, nD),
		appeal:        make([]float64, nD),
		topUps:        make([][]topUp, nS),
		returnExtra:   make([]float64, nS*nD),
		grant:         make([][]payment, nS*nD),
		circulation:   make([]float64, nS),
		bond:          make([]bond, nS),
		scholarship:   make([][]payment, nS),
		partner:       make([]partnership, nS),
		assign:        make([]assignment, nS*nD),
		skillTransfer: make([]float64, nS),
		service:       make([]service, nS),
		feeSubsidy:    make([][]payment, nD),
		wagePost:      make([]float64, nS),
		employ:        make([]float64, nS),
		idleFlat:      make([]float64, nS),
		idleSkill:     make([]float64, nS),
		remitRec:      make([]float64, nS*nD),
		remitWaste:    make([]float64, nD),
		turnAway:      make([]float64, nS*nD),
		teachSeats:    make([]float64, nS),
		benefits:      make([][]benefit, nS),
		retain:        make([][]retention, nS),
	}
	e.lab = e.newLabour()
	e.baseConditions()
	e.entered = make([]int64, nS)
	e.quotaLeft = make([]int64, nD*(nS+1))
	e.quotaBuf = make([]float64, nD*(nS+1))
	e.youthProbs = make([]float64, nS+1)
	e.admitted = make([]int, nS)
	e.skillIn = make([][]float32, nS)
	if sc.Training.Heterogeneous() {
		e.applied = make([][]int32, nS)
		e.appliedSkill = make([][]float32, nS)
		for s := range e.skillIn {
			e.skillIn[s] = []float32{}
		}
	}
	e.total = newTally(nS, nD, nP)
}

// Step advances the population by one step: every person decides from the
// same conditions, computed from the previous step's aggregates; then
// emigration wishes are settled against quotas by lottery and, at the start of
// a year, the new cohort enters training. The settled step's costs are then
// charged to the policies' budgets (account), and only then is it recorded:
// recording reads the engine and changes nothing of the run. Step is
// synchronous: the parallel work inside it has finished when it returns.
func (e *Engine) Step() {
	if e.ev != nil {
		e.stepEvent()
		return
	}
	if e.tr != nil {
		e.tr.step = int32(e.step + 1)
	}
	e.computeConditions()
	if e.step%e.spy == 0 {
		e.newYear()
	}
	e.intake()
	key := stepKey(e.repKey, e.step)
	nb := (e.pop.len() + blockSize - 1) / blockSize
	for len(e.blocks) < nb {
		e.blocks = append(e.blocks, &block{t: newTally(e.nS, e.nD, len(e.pols))})
	}
	e.parallel(nb, func(b int) {
		lo := b * blockSize
		e.decide(e.blocks[b], lo, min(lo+blockSize, e.pop.len()), key)
	})
	if e.tr != nil {
		e.tr.gather(e.blocks[:nb])
	}
	e.total.reset()
	for _, b := range e.blocks[:nb] {
		e.total.add(&b.t)
	}
	e.total.deriveCounts()
	copy(e.fte, e.total.fte)
	for _, b := range e.blocks[:nb] {
		e.free = append(e.free, b.freed...)
	}
	for s, n := range e.entered {
		e.total.flows[flowEnrol*e.nS+s] += n
	}
	clear(e.entered)
	e.settle(nb, key)
	e.fillPosts(key)
	e.account()
	e.step++
	e.record()
}

// account does the bookkeeping of the settled step that later steps read:
// the policies' costs, with the public match of remittances, charged to
// their budgets, and the trailing year's remittance spending on education,
// which draws the youth into training. It belongs to the step, not to
// recording, so that the dynamics never depend on what is recorded or on
// how often.
func (e *Engine) account() {
	e.chargeMatching()
	for _, f := range e.cond.flatCost {
		e.total.cost[f.policy] += f.amount / e.weight // cost is kept per agent until here
	}
	for k, c := range e.total.cost {
		e.lastCost[k] = c * e.weight
		e.spent[k] += e.lastCost[k]
	}
	// Summed over the whole ring in slot order, as record sums the
	// remittances_education metric, so the two agree to the bit.
	e.eduSpent[e.step%e.spy], _, _ = e.spending()
	e.eduYear = 0
	for _, v := range e.eduSpent {
		e.eduYear += v
	}
}

// chargeMatching adds this step's public match to each matching policy's
// cost: the match is paid on what households receive, so it is known only
// once the step's remittances are summed.
func (e *Engine) chargeMatching() {
	received := sum(e.total.sent) - sum(e.total.fees)
	for _, m := range e.cond.matching {
		e.total.cost[m.policy] += m.match * m.share * received
	}
}

// parallel calls f for every block index in [0, nb) on up to e.workers
// goroutines. Which goroutine runs which block does not matter: a block's
// work reads shared read-only data and writes only its own slots and scratch.
func (e *Engine) parallel(nb int, f func(b int)) {
	w := min(e.workers, nb)
	if w <= 1 {
		for b := range nb {
			f(b)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			b := int(next.Add(1)) - 1
			if b >= nb {
				return
			}
			f(b)
		}
	}
	// The calling goroutine is one of the workers: one handoff fewer.
	var wg sync.WaitGroup
	for range w - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// Agents returns the number of agent slots, the gone included until an
// entrant takes their slot.
func (e *Engine) Agents() int { return e.pop.len() }

// Weight returns the number of persons each agent stands for.
func (e *Engine) Weight() float64 { return e.weight }

// StepsDone returns the number of steps taken.
func (e *Engine) StepsDone() int { return e.step }

// Done reports whether the scenario's horizon is reached.
func (e *Engine) Done() bool { return e.step >= e.sc.Steps() }

// Metrics returns the recorded metrics, in column order.
func (e *Engine) Metrics() []results.Metric { return metricsOf(e.metrics) }

// Metrics returns the metrics a run of sc records, in column order, without
// building an engine: they depend only on its sectors, destinations and
// policies.
func Metrics(sc *model.Scenario) []results.Metric { return metricsOf(buildMetrics(sc)) }

func metricsOf(specs []metricSpec) []results.Metric {
	ms := make([]results.Metric, len(specs))
	for i, m := range specs {
		ms[i] = m.Metric
	}
	return ms
}

// Row returns the metrics after the last step, in the order of Metrics. The
// slice is reused by the next step: copy it to keep it.
func (e *Engine) Row() []float64 { return e.row }

// Year returns the calendar year at the end of the last step.
func (e *Engine) Year() float64 {
	return float64(e.sc.StartYear) + float64(e.step)/float64(e.spy)
}

// band returns the output age band of an age in steps.
func (e *Engine) band(age uint16) uint8 { return e.ageBand[min(int(age), len(e.ageBand)-1)] }

// steps16 returns a duration of x steps as the 16-bit count the engine
// keeps for ages, tenures and timers. It panics when x does not fit, which
// the bounds of scenarios.Validate rule out: a count that wrapped would give
// wrong numbers without any sign.
func steps16(key string, x float64) uint16 {
	n := math.Round(x)
	if !(n >= 0 && n <= math.MaxUint16) {
		panic(fmt.Sprintf("sim: New: %s is %v steps, beyond the engine's 16-bit step counts (validate the scenario)", key, n))
	}
	return uint16(n)
}
