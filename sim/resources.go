package sim

import (
	"math"
	"runtime"

	"github.com/brainsim/brainsim/model"
)

// Resources is what a run of a scenario is expected to need, estimated from
// its sizes before anything runs, so that a run that cannot fit is refused
// at once instead of failing hours later or exhausting the machine. Each
// figure is an upper bound of the run's real need, not a guess of it.
type Resources struct {
	// PeakAgents is the most agent slots one replicate can hold: the initial
	// agents and every entrant of the horizon (slots of the gone are reused,
	// so the real peak is lower).
	PeakAgents float64
	// AgentSteps is the agent-steps of all replicates, at most.
	AgentSteps float64
	// SeriesBytes is the memory of the recorded time series of all
	// replicates, which a run keeps until it is written.
	SeriesBytes float64
	// PeakBytes is the memory at the peak, in bytes: the engines that run at
	// once (one per worker, at most one per replicate) and the time series.
	PeakBytes float64
	// Metrics is the number of metrics recorded at every step.
	Metrics int
}

// MaxSlots is the most agent slots an engine can address: slot indices are
// int32 and identities uint32, so more would wrap.
const MaxSlots = math.MaxInt32

// bytesPerSlot is the memory of one agent slot: 22 bytes of person arrays
// (see population), twice over for the spare capacity of growing slices,
// and 4 for the free list.
const bytesPerSlot = 2*22 + 4

// Estimate returns the resources a run of sc with the given number of
// workers (0 means GOMAXPROCS) needs at most. sc must be valid
// (scenarios.Validate); Estimate does not build an engine.
func Estimate(sc *model.Scenario, workers int) Resources {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := Resources{Metrics: len(buildMetrics(sc))}
	initial := 0.0
	for _, sec := range sc.Sectors {
		initial += sec.Workers + sec.Students + sec.Returnees
	}
	for _, d := range sc.Destinations {
		for _, n := range d.Diaspora {
			initial += n
		}
	}
	agentsN := float64(sc.Agents)
	weight := math.Inf(1)
	if initial > 0 && agentsN > 0 {
		weight = initial / agentsN
	}
	// Entrants a year: the youth cohort in agents, or the seats when every
	// sector has a limit (a partnership adds its seats in its sectors).
	// Each intake rounds up by at most one agent: once a year, or at every
	// step with a spread intake.
	up := 1.0
	if sc.Origin.Intake == model.IntakeSpread {
		up = float64(sc.StepsPerYear)
	}
	seats, limited := 0.0, true
	for _, sec := range sc.Sectors {
		if sec.SeatsPerYear <= 0 {
			limited = false
		}
		seats += sec.SeatsPerYear/weight + up
	}
	for i := range sc.Policies {
		if l, ok := sc.Policies[i].Lever.(*model.TrainingPartnership); ok {
			seats += (l.Seats/weight + up) * float64(len(sc.Sectors))
		}
	}
	entrants := 0.0
	for y := range sc.Years {
		youths := sc.Origin.YouthCohort*math.Pow(1+sc.Origin.CohortGrowth, float64(y))/weight + up
		if limited {
			youths = min(youths, seats)
		}
		entrants += youths
	}
	r.PeakAgents = agentsN + entrants
	reps := float64(sc.Replicates)
	steps := float64(sc.Steps())
	r.AgentSteps = r.PeakAgents * steps * reps
	r.SeriesBytes = reps * steps * float64(r.Metrics) * 8
	engines := float64(min(workers, max(1, sc.Replicates)))
	perEngine := r.PeakAgents*bytesPerSlot +
		float64(sc.StepsPerYear*r.Metrics*8) + // the ring of flow values
		(sc.Demography.RetirementAge*float64(sc.StepsPerYear)+1)*8 // remittance decay by time abroad
	// Each replicate's rows are kept until the run ends, and a summary of
	// four values per row and metric is built from them.
	r.PeakBytes = engines*perEngine + r.SeriesBytes + 4*steps*float64(r.Metrics)*8
	return r
}
