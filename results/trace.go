package results

// Event is what happens to a person in one transition of a trace: its
// value is the word written in the trace's event column.
type Event string

// The events of a life history, in the order of the life cycle.
const (
	// EventEnter: the person enters the model, in the initial population
	// (step 0) or with the youth cohort of a year, as a student.
	EventEnter Event = "enter"
	// EventGraduate: a student completes training and works at home, or, on
	// a training partnership's away track, goes straight abroad (To is
	// then StateEmigrant and the timeseries counts both a graduation and
	// an emigration).
	EventGraduate Event = "graduate"
	// EventDropout: a student leaves training, and the model.
	EventDropout Event = "dropout"
	// EventEmigrate: a worker or returnee whose wish to emigrate was
	// admitted within the quotas leaves for Destination.
	EventEmigrate Event = "emigrate"
	// EventReturn: an emigrant returns home from Destination.
	EventReturn Event = "return"
	// EventAssignmentStart: an emigrant starts a temporary-return
	// assignment at home; the state stays StateEmigrant.
	EventAssignmentStart Event = "assignment_start"
	// EventAssignmentEnd: a temporary-return assignment ends and the
	// emigrant goes back to Destination; the state stays StateEmigrant.
	EventAssignmentEnd Event = "assignment_end"
	// EventDeath: the person dies, and leaves the model.
	EventDeath Event = "death"
	// EventRetire: the person reaches retirement age, and leaves the model.
	EventRetire Event = "retire"
	// EventTrainingStart: a worker or returnee leaves for a fixed period of
	// training at Destination (a training_abroad programme).
	EventTrainingStart Event = "training_start"
	// EventTrainingEnd: the training abroad ends: the trainee returns home
	// (To is StateWorker) or stays at Destination (To is StateEmigrant).
	EventTrainingEnd Event = "training_end"
)

// The life-cycle states as written in traces and snapshots.
const (
	StateOutside       = "outside" // not in the model: before entering, after leaving
	StateStudent       = "student"
	StateWorker        = "worker" // trained, working at home, never emigrated
	StateEmigrant      = "emigrant"
	StateReturnee      = "returnee"       // working at home after a spell abroad
	StateTrainee       = "trainee_abroad" // training abroad for a fixed period (training_abroad)
	StateStudentAbroad = "student_abroad" // studying abroad for a course (study_abroad)
)

// Transition is one row of an agent trace: one change in one sampled
// person's life, with the person's attributes just after it.
type Transition struct {
	Replicate int
	Step      int // the step in which it happened, 1-based as Timeseries.Step; 0 for the initial population
	Year      int // calendar year of that step: the start year for step 0
	Agent     int // the person's id, unique within a replicate
	Event     Event
	From, To  string // life-cycle states (StateStudent, ...); StateOutside before entering and after leaving
	Sector    string
	// Destination is the country abroad, when From or To is StateEmigrant
	// (the one left on returning); "" otherwise. A returnee's is not kept:
	// the scenario does not say where the initial returnees came from.
	Destination string
	Age         float64 // years, exact: steps of age / steps per year
	Female      bool
	Skill       float32 // human capital; 1 = a full-quality graduate; 0 before graduating
	Savings     float32 // savings abroad, USD PPP; 0 unless abroad
}

// AgentState is one row of a snapshot: one person's state at the end of a
// calendar year.
type AgentState struct {
	Replicate   int
	Year        int // the calendar year at whose end the state is taken
	Agent       int // the person's id, unique within a replicate
	State       string
	Sector      string
	Destination string  // the country abroad of an emigrant; "" otherwise
	Age         float64 // years, exact: steps of age / steps per year
	Female      bool
	Skill       float32 // human capital; 1 = a full-quality graduate
	Savings     float32 // savings abroad, USD PPP
	Tenure      float64 // years in the current state (abroad: years abroad)
	Recognised  bool    // an emigrant whose credentials are recognised at Destination
	Public      bool    // trained in a publicly financed programme
	Assigned    bool    // an emigrant on a temporary-return assignment at home
}
