package agents

import (
	"errors"
	"math"
	"strconv"
)

// ChoiceRule says how a youth turns the values of the options into a
// choice. The zero value, ChoiceLogit, is the multinomial logit with taste
// shocks (today's rule).
type ChoiceRule uint8

const (
	// ChoiceLogit picks by the multinomial logit of TrainingProbabilities
	// ("logit", or left out).
	ChoiceLogit ChoiceRule = iota
	// ChoiceThreshold picks, without taste shocks, the sector of highest
	// expected income net of costs if it is at least the untrained wage,
	// else no training ("threshold"): with one sector, two wages and a
	// uniform cost it is the rule of Beine, Docquier and Rapoport (2001).
	ChoiceThreshold
)

var choiceNames = [...]string{"logit", "threshold"}

// String returns the name files use, e.g. "threshold".
func (c ChoiceRule) String() string {
	if int(c) < len(choiceNames) {
		return choiceNames[c]
	}
	return "ChoiceRule(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText returns the name files use.
func (c ChoiceRule) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a name; "" is ChoiceLogit, as a key left out.
func (c *ChoiceRule) UnmarshalText(text []byte) error {
	i, err := enumIndex(text, choiceNames[:], `must be "logit" or "threshold" (left out: "logit")`)
	*c = ChoiceRule(i)
	return err
}

// SkillChoice says whether a youth who trains also chooses how much skill
// to acquire. The zero value, SkillFixed, gives every graduate the skill of
// the education quality (times ability).
type SkillChoice uint8

const (
	// SkillFixed: training gives skill 1 (times ability and education
	// quality) ("fixed", or left out).
	SkillFixed SkillChoice = iota
	// SkillQuadratic: the youth picks skill theta at a cost k theta^2 / 2
	// per year of working life, paid alpha per unit of skill at home and
	// beta abroad (Stark, Helmenstein and Prskawetz 1997) ("quadratic").
	SkillQuadratic
)

var skillChoiceNames = [...]string{"fixed", "quadratic"}

// String returns the name files use, e.g. "quadratic".
func (s SkillChoice) String() string {
	if int(s) < len(skillChoiceNames) {
		return skillChoiceNames[s]
	}
	return "SkillChoice(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText returns the name files use.
func (s SkillChoice) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a name; "" is SkillFixed, as a key left out.
func (s *SkillChoice) UnmarshalText(text []byte) error {
	i, err := enumIndex(text, skillChoiceNames[:], `must be "fixed" or "quadratic" (left out: "fixed")`)
	*s = SkillChoice(i)
	return err
}

// enumIndex returns the index of text among names; "" is 0.
func enumIndex(text []byte, names []string, want string) (int, error) {
	if len(text) == 0 {
		return 0, nil
	}
	for i, n := range names {
		if n == string(text) {
			return i, nil
		}
	}
	return 0, errors.New(want)
}

// Distribution is the distribution of one per-youth draw. Only the
// parameters of its Shape are read: Min and Max for uniform, Median and
// Sigma for lognormal.
type Distribution struct {
	Shape  Shape   `toml:"distribution"` // "none" (left out), "uniform" or "lognormal"; scenarios' validation refuses the others
	Min    float64 `toml:"min"`          // lower bound of the uniform, in the draw's unit
	Max    float64 `toml:"max"`          // upper bound of the uniform, >= Min
	Median float64 `toml:"median"`       // median of the lognormal, > 0
	Sigma  float64 `toml:"sigma"`        // standard deviation of the log, >= 0
}

// Quantile returns the draw at probability u in (0, 1) (inverse transform
// sampling, so that one keyed uniform gives one draw), or neutral for
// ShapeNone. A u of exactly 0 is moved to the smallest positive float so the
// lognormal stays finite.
func (d Distribution) Quantile(u, neutral float64) float64 {
	switch d.Shape {
	case ShapeUniform:
		return d.Min + u*(d.Max-d.Min)
	case ShapeLognormal:
		u = max(u, math.SmallestNonzeroFloat64)
		z := math.Sqrt2 * math.Erfinv(2*u-1)
		if math.IsInf(z, 0) { // u so close to 0 or 1 that Erfinv overflows
			z = math.Copysign(8, z)
		}
		return d.Median * math.Exp(d.Sigma*z)
	}
	return neutral
}

// Annuity returns the present value, at a discount rate per year, of one
// unit a year paid at the end of each of the next years years:
// (1 - (1 + rate)^-years) / rate, or years when rate is 0.
func Annuity(rate, years float64) float64 {
	if rate == 0 {
		return years
	}
	return -math.Expm1(-years*math.Log1p(rate)) / rate
}

// FeeFactor converts a cost paid each year of training into the equivalent
// cost per year of the working life that follows, at a discount rate per
// year: the fees' present value, carried forward to graduation and spread
// over the working life as an annuity,
//
//	Annuity(rate, T) (1 + rate)^T / Annuity(rate, W).
//
// With rate 0 it is T / W, the undiscounted spreading of the model before
// discounting. A higher rate weighs fees, paid first, more against income,
// earned later.
//
// It panics unless workYears > 0.
func FeeFactor(rate, trainYears, workYears float64) float64 {
	if !(workYears > 0) {
		panic("agents: FeeFactor: working years must be positive")
	}
	return Annuity(rate, trainYears) * math.Pow(1+rate, trainYears) / Annuity(rate, workYears)
}

// Youth is what distinguishes one member of a cohort in the training
// choice.
type Youth struct {
	// Ability multiplies the youth's earnings as a graduate, at home and
	// abroad, and becomes a factor of the graduate's skill; 1 = average.
	Ability float64
	// Cost is the personal cost of training (effort, earnings forgone,
	// living away from home), USD PPP per year of working life, the same
	// for every sector; the c of Beine, Docquier and Rapoport (2001).
	Cost float64
	// Means is what the youth's household can pay towards fees, USD PPP
	// per year of training; read only when TrainingParams.CreditLimit > 0.
	Means float64
}

// Heterogeneous reports whether the choice must be made youth by youth:
// draws of ability or cost, a threshold rule, a credit limit or a choice of
// skill. Otherwise youths are alike and the cohort's choices are one
// multinomial draw.
func (t TrainingParams) Heterogeneous() bool {
	return t.Ability.Shape != ShapeNone || t.Cost.Shape != ShapeNone || t.Choice != ChoiceLogit ||
		t.CreditLimit > 0 || t.SkillChoice != SkillFixed
}

// Returns gives the earnings a graduate of the sector expects per unit of
// skill a year, at home (alpha, the home wage) and abroad (beta, the
// recognition-weighted wage abroad), before the migration chance: the alpha
// and beta of Stark, Helmenstein and Prskawetz (1997). The engine pays
// emigrants their destination's wage whatever their skill, so beta is what
// the youth expect, not what an emigrant earns.
func Returns(o SectorOutlook) (alpha, beta float64) {
	return o.WageHome, o.Recognition*o.WageAbroad + (1-o.Recognition)*o.WageWaste
}

// YouthIncome returns what youth y expects from training in sector o, per
// year of working life, net of the sector's cost and the youth's own, and
// the skill factor theta the youth would graduate with. The migration
// chance is o.MigrationP scaled by t.MigrationResponse. With SkillFixed,
// theta is the ability and the income ability * ExpectedIncome gross of
// cost; with SkillQuadratic the youth chooses theta to maximise R theta - k
// theta^2 / 2, R = ability ((1 - p) alpha + p beta), so theta = R / k and
// the income is R^2 / (2k) (Stark, Helmenstein and Prskawetz 1997).
func YouthIncome(o SectorOutlook, t TrainingParams, y Youth) (income, theta float64) {
	p := o.MigrationP * t.MigrationResponse
	alpha, beta := Returns(o)
	r := y.Ability * ((1-p)*alpha + p*beta)
	if t.SkillChoice == SkillQuadratic {
		theta = r / t.SkillCost
		return r*r/(2*t.SkillCost) - o.Cost - y.Cost, theta
	}
	return r - o.Cost - y.Cost, y.Ability
}

// ChooseTraining returns the choice of youth y among the sectors: -1 for no
// training, else the sector's index, with the skill factor the youth would
// graduate with. A sector is open to the youth if it has seats
// (SeatsAvailable), its fee is within the household's means y.Means when
// there is a credit constraint (t.CreditLimit > 0) and its income net of
// costs is positive. By t.Choice: the logit draws with u in [0, 1) from
// utilities Sensitivity * ln(income / wageUntrained) + Preference against
// NoTraining, as TrainingProbabilities does for alike youths; the threshold
// rule takes the open sector of highest income if that is at least the
// untrained wage (ties to the first), ignoring tastes and u. It is
// TrainingWeights then PickTraining; scratch must have len(sectors)+1
// elements and is overwritten.
//
// It panics if len(scratch) != len(sectors)+1 or wageUntrained <= 0.
func ChooseTraining(scratch []float64, t TrainingParams, wageUntrained float64, sectors []SectorOutlook, y Youth, u float64) (sector int, theta float64) {
	TrainingWeights(scratch, t, wageUntrained, sectors, y)
	for s, o := range sectors {
		if !o.SeatsAvailable {
			scratch[1+s] = closed(t)
		}
	}
	sector = PickTraining(scratch, t, u)
	if sector < 0 {
		return -1, 0
	}
	_, theta = YouthIncome(sectors[sector], t, y)
	return sector, theta
}

// closed is the weight of an option that cannot be chosen.
func closed(t TrainingParams) float64 {
	if t.Choice == ChoiceThreshold {
		return math.Inf(-1)
	}
	return 0
}

// TrainingWeights fills w[0] with the weight of no training for youth y
// and w[1+s] with that of sector s, whatever its seats: under the logit,
// exp(utility) relative to the largest, 0 for a sector closed by the credit
// limit or a non-positive income; under the threshold rule, the income
// itself (the untrained wage for no training), -Inf for a closed sector. A
// choice among the sectors with seats is then PickTraining, without
// recomputing incomes, however many times seats run out.
//
// It panics if len(w) != len(sectors)+1 or wageUntrained <= 0.
func TrainingWeights(w []float64, t TrainingParams, wageUntrained float64, sectors []SectorOutlook, y Youth) {
	if len(w) != len(sectors)+1 {
		panic("agents: TrainingWeights: len(w) != len(sectors)+1")
	}
	if wageUntrained <= 0 {
		panic("agents: TrainingWeights: untrained wage must be positive")
	}
	threshold := t.Choice == ChoiceThreshold
	best := t.NoTraining
	w[0] = t.NoTraining
	if threshold {
		w[0] = wageUntrained
	}
	for s, o := range sectors {
		w[1+s] = math.Inf(-1)
		if t.CreditLimit > 0 && o.Fee > y.Means {
			continue
		}
		eu, _ := YouthIncome(o, t, y)
		if eu <= 0 {
			continue
		}
		if threshold {
			w[1+s] = eu
			continue
		}
		w[1+s] = t.Sensitivity*math.Log(eu/wageUntrained) + o.Preference
		best = max(best, w[1+s])
	}
	if !threshold {
		for i := range w {
			w[i] = math.Exp(w[i] - best) // exp(-Inf) = 0 for closed sectors
		}
	}
}

// PickTraining returns the choice from the weights w of TrainingWeights,
// with the sectors that have no seats set to their closed value (0 under
// the logit, -Inf under the threshold rule): -1 for no training, else the
// sector. The logit picks with the draw u in [0, 1); the threshold rule
// takes the sector of highest income if it is at least w[0], ties to the
// first, and ignores u.
func PickTraining(w []float64, t TrainingParams, u float64) int {
	if t.Choice == ChoiceThreshold {
		best, bestIncome := -1, w[0]
		for s, eu := range w[1:] {
			if eu > bestIncome || (best < 0 && eu == bestIncome) {
				best, bestIncome = s, eu
			}
		}
		return best
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	return Choose(w, u*sum) - 1
}
