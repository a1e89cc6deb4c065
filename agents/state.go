package agents

//go:generate go tool stringer -type=State -linecomment

// State is where a person is in the life cycle. The zero value, Gone, marks a
// slot whose person has left the model (retired, died or dropped out).
type State uint8

// The life-cycle states.
const (
	Gone     State = iota // gone
	Student               // student
	Worker                // worker at home
	Emigrant              // emigrant
	Returnee              // returnee
	// TraineeAbroad is a worker at home who trains abroad for a fixed time
	// (a training_abroad programme, such as the UK Medical Training
	// Initiative): neither skilled at home nor an emigrant in the
	// Docquier-Marfouk rate.
	TraineeAbroad // trainee abroad
	// StudentAbroad is a youth who studies abroad for a whole course (a
	// study_abroad programme): neither a student at home nor an emigrant;
	// on graduating, an emigrant or a worker at home.
	StudentAbroad // student abroad
	NumStates
)

// AtHome reports whether a person in state s works at home: a worker or a
// returnee. These form the skilled stock at home.
func (s State) AtHome() bool { return s == Worker || s == Returnee }
