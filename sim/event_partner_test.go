package sim

import (
	"testing"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// Parameters of pacificVariant, chosen to exercise what pacific.toml does
// not within a short run (assumed: test settings, not model values).
const (
	// variantAway is the away-track share: graduates who move to the
	// partner at once, outside its quota.
	variantAway = 0.3
	// variantCost is the origin's cost per student-year, USD (pacific.toml's
	// cost_per_seat, paid by the origin here).
	variantCost = 8000
)

// pacificShipped returns pacific.toml at the given size.
func pacificShipped(t testing.TB, agents, years, reps int) *model.Scenario {
	return shippedSized(t, "pacific", agents, years, reps)
}

// pacificVariant returns pacific.toml whose partnerships are paid by the
// origin (variantCost a student-year), send variantAway of their entrants
// on the away track, and end after their first year, so that the factor of
// their graduates' emigration hazard returns to 1 within a short run (its
// bound is raised) and the cost per student-year is charged.
func pacificVariant(t testing.TB, agents, years, reps int) *model.Scenario {
	sc := pacificShipped(t, agents, years, reps)
	sc.Name = "pacific variant"
	for k := range sc.Policies {
		l, ok := sc.Policies[k].Lever.(*model.TrainingPartnership)
		if !ok {
			continue
		}
		l.PaidBy, l.OriginShare, l.CostPerSeat = model.PaidByOrigin, 0, variantCost
		l.AwayShare = variantAway
		sc.Policies[k].EndYear = sc.StartYear + 1
	}
	return sc
}

// partnerRecount checks the event engine's count of partnership students
// against a recount of the population.
func partnerRecount(t *testing.T, e *Engine) {
	t.Helper()
	pt := e.ev.part
	if pt == nil {
		return
	}
	got := make([]int64, e.nS)
	for i := range e.pop.rec {
		st := e.pop.rec[i].state
		if st == agents.Student && e.pop.rec[i].flags&flagPartner != 0 {
			got[e.pop.rec[i].sector]++
		}
	}
	for s := range e.nS {
		if got[s] != pt.students[s] {
			t.Fatalf("step %d sector %d: %d partnership students counted, %d recounted", e.step, s, pt.students[s], got[s])
		}
	}
}

// TestEventPartnerCharges checks, step by step, what the event engine
// charges for the partnerships' students against the population itself:
// the origin's cost of a partnership in a step is variantCost / 12 for
// every student on its seats stepped in it (still a student after it, or
// graduated or dropped out in it), and the publicly financed students
// counted are those of the sectors' students who are not on partnership
// seats, as decide charges them. Mortality is 0, so that a partnership
// student gone in a step dropped out (students retire only with a
// training_delay); persons are followed by id. pacificVariant, 3,000
// agents, 3 years.
func TestEventPartnerCharges(t *testing.T) {
	sc := pacificVariant(t, 3000, 3, 1)
	sc.Demography.Mortality = 0
	e := newEvent(sc, 0, 2)
	p := &e.pop
	charged, students := 0.0, int64(0)
	for range sc.Steps() {
		// Students before the step, by id: on partnership seats, and
		// publicly financed.
		partner, public := map[uint32]int{}, map[uint32]int{}
		for i := range p.rec {
			st := p.rec[i].state
			if st != agents.Student {
				continue
			}
			switch {
			case p.rec[i].flags&flagPartner != 0:
				partner[p.id[i]] = int(p.rec[i].sector)
			case p.rec[i].flags&flagPublic != 0:
				public[p.id[i]] = int(p.rec[i].sector)
			}
		}
		firstNew := e.nextID // the step's entrants have ids from here
		e.Step()
		n := e.step - 1 // the step just done
		wantPart := make([]int64, e.nS)
		wantPub := make([]int64, e.nS)
		for i := range p.rec {
			st := p.rec[i].state
			// Students after the step, and the step's entrants who
			// dropped out in it (their slots keep their fields until
			// the next step's entrants take them).
			if st != agents.Student && (st != agents.Gone || p.id[i] < firstNew) {
				continue
			}
			switch {
			case p.rec[i].flags&flagPartner != 0:
				wantPart[p.rec[i].sector]++
				delete(partner, p.id[i])
			case p.rec[i].flags&flagPublic != 0:
				wantPub[p.rec[i].sector]++
				delete(public, p.id[i])
			}
		}
		// Those left graduated or dropped out in the step.
		for _, s := range partner {
			wantPart[s]++
		}
		for _, s := range public {
			wantPub[s]++
		}
		cost := make([]float64, len(e.pols))
		for s := range e.nS {
			if pt := e.cond.partner[s]; pt.seats > 0 {
				cost[pt.policy] += float64(wantPart[s]) * variantCost / float64(e.spy)
				students += wantPart[s]
			}
			if got := e.total.public[s]; got != wantPub[s] {
				t.Fatalf("step %d sector %d: %d public students counted, want %d", n, s, got, wantPub[s])
			}
		}
		for k, l := range e.pols {
			if _, ok := l.p.Lever.(*model.TrainingPartnership); !ok {
				continue
			}
			if got := e.total.cost[k]; !closeRel(got, cost[k], 1e-12) {
				t.Fatalf("step %d policy %d: cost %v, want %v", n, k, got, cost[k])
			}
			charged += e.total.cost[k]
		}
	}
	if students == 0 || charged <= 0 {
		t.Fatalf("no partnership student charged (%d student-steps, cost %v)", students, charged)
	}
	t.Logf("%d partnership student-steps charged %.0f USD per agent weight 1", students, charged)
}

// closeRel tells whether a and b agree within rel relative (both 0 agree).
func closeRel(a, b, rel float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	m := max(a, b, -a, -b)
	return d <= rel*m
}

// TestEventPartnerEquivalence runs the harness of TestEventEquivalence on
// pacificVariant (the away track, the cost per student-year paid by the
// origin, the end of the partnerships raising the bound of their
// graduates' factor): 30 replicates of each engine, 1,000 agents, 5
// years, every metric at years 1 and 5, Welch and KS with Holm at 1%.
func TestEventPartnerEquivalence(t *testing.T) {
	if testing.Short() {
		t.Skip("30 replicates of both engines")
	}
	agents, years := 1000, 5
	if raceEnabled {
		agents = equivAgentsRace
	}
	sc := pacificVariant(t, agents, years, equivReplicates)
	step, event := runBoth(t, sc)
	checkEquivalent(t, sc, step, event)
}

// TestEventPartnerFactorBound follows the bound of the factor of the
// partnership graduates' emigration hazard on pacificVariant (3,000 agents,
// 3 years): every step it is at least the conditions' factor; it starts at
// the partnerships' 0.14 (pacific.toml) and is raised to 1 when they end,
// at the start of the third year, with partnership graduates at home whose
// candidates are then drawn again (TestEventBoundsHold checks each of
// their bounds).
func TestEventPartnerFactorBound(t *testing.T) {
	const aptcFactor = 0.14 // pacific.toml's emigration_factor
	sc := pacificVariant(t, 3000, 3, 1)
	e := newEvent(sc, 0, 1)
	covered := []int{0, 1, 2} // construction, hospitality, nurse
	raisedAt, atHome := -1, 0
	for range sc.Steps() {
		e.Step()
		pt := e.ev.part
		for s := range e.nS {
			if f := partnerFactor(&e.cond, s); f > pt.factor[s] {
				t.Fatalf("step %d sector %d: factor %v above its bound %v", e.step-1, s, f, pt.factor[s])
			}
		}
		if e.step == 1 {
			for _, s := range covered {
				if pt.factor[s] != aptcFactor {
					t.Fatalf("sector %d: first bound %v, want %v", s, pt.factor[s], aptcFactor)
				}
			}
		}
		if raisedAt < 0 && pt.factor[covered[0]] == 1 {
			raisedAt = e.step - 1
			for i := range e.pop.rec {
				st := e.pop.rec[i].state
				if st.AtHome() && e.pop.rec[i].flags&flagPartner != 0 {
					atHome++
				}
			}
		}
	}
	if want := 2 * e.spy; raisedAt != want || atHome == 0 {
		t.Errorf("bound raised to 1 at step %d with %d partnership graduates at home; want step %d, with some", raisedAt, atHome, want)
	}
	t.Logf("raised at step %d, %d partnership graduates at home", raisedAt, atHome)
}
