package sim

import "math/bits"

// Keyed randomness: every draw is a pure function of (seed, replicate, agent,
// step, purpose), computed with the SplitMix64 finaliser, a counter-based
// generator. No state is carried between draws, so the order in which
// goroutines step agents cannot change any result.

const (
	golden = 0x9e3779b97f4a7c15 // SplitMix64 increment (2^64 / phi)
	kRep   = 0xd1b54a32d192ed03
	kStep  = 0x8cb92ba72f3d8dd7
	kAgent = 0xaef17502108ef2d9
)

// mix is the SplitMix64 output function (Steele, Lea and Flood 2014), a
// bijective avalanche mixer of 64-bit words.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// replicateKey is the root key of one replicate's draws.
func replicateKey(seed uint64, replicate int) uint64 {
	return mix(mix(seed+golden) ^ (uint64(replicate)+1)*kRep)
}

// stepKey derives the key of one step from a replicate key.
func stepKey(rep uint64, step int) uint64 { return mix(rep ^ (uint64(step)+1)*kStep) }

// agentKey derives the key of one agent within a step.
func agentKey(step uint64, id uint32) uint64 { return mix(step ^ (uint64(id)+1)*kAgent) }

// purpose names what a draw decides, so that adding a draw for one decision
// leaves the draws of the others unchanged (common random numbers across
// scenarios).
type purpose uint64

const (
	drawDeath purpose = iota + 1
	drawDropout
	drawEmigrate
	drawDestination
	drawReturn
	drawRecognition
	drawFemale
	drawInitAge
	drawInitTenure
	drawInitDest
	drawYouth
	drawSeats
	drawLottery
	drawRounding
	drawAssign
	drawTrack
	drawJobs         // the lottery of vacant posts (labour.go)
	drawAbility      // a youth's ability (cohort entry)
	drawCost         // a youth's personal cost of training
	drawTaste        // a youth's taste shock in the logit, per round
	drawMeans        // the means of a youth's household
	drawTrainAbroad  // the lottery of training-abroad places (lever_training_abroad.go)
	drawObliged      // whether a trainee abroad is obliged to return
	drawTrainStay    // whether a trainee abroad stays at the end of the training
	drawRetain       // whether a worker takes a retention benefit up, once per person and policy
	drawStudyObliged // whether a student abroad holds a scholarship with a return obligation (lever_study_abroad.go)
	drawStudyStay    // whether a student abroad stays at graduation
	drawTurnAway     // an applicant turned away by a restriction of active recruitment
	drawDivert       // the destination a turned-away applicant chooses again
)

// uniform returns the draw in [0, 1) for purpose p under key k.
func uniform(k uint64, p purpose) float64 {
	return float64(mix(k+uint64(p)*golden)>>11) * 0x1p-53
}

// stream is a sequence of draws under one key, for the settlement phase where
// a variable number of draws is needed (lotteries, cohort entry).
type stream struct{ key, n uint64 }

func newStream(k uint64, p purpose, sub uint64) stream {
	return stream{key: mix(k ^ uint64(p)*kAgent ^ mix(sub+golden))}
}

// float returns the next draw in [0, 1).
func (s *stream) float() float64 {
	s.n++
	return float64(mix(s.key+s.n*golden)>>11) * 0x1p-53
}

// intn returns the next draw in [0, n), without modulo bias worth noting for
// the n below 2^32 used here (Lemire's multiply-shift on 64 bits).
func (s *stream) intn(n int) int {
	s.n++
	hi, _ := bits.Mul64(mix(s.key+s.n*golden), uint64(n))
	return int(hi)
}

// round rounds x to a whole number at random, up with probability equal to
// its fractional part, so that expected counts are kept exactly.
func (s *stream) round(x float64) int {
	if x <= 0 {
		return 0
	}
	n := int(x)
	if s.float() < x-float64(n) {
		n++
	}
	return n
}

// Uint64 makes a stream a math/rand/v2 Source, for gonum's samplers.
func (s *stream) Uint64() uint64 {
	s.n++
	return mix(s.key + s.n*golden)
}
