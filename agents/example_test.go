package agents_test

import (
	"fmt"

	"github.com/brainsim/brainsim/agents"
)

func ExampleTrainingProbabilities() {
	// A youth choosing between nursing, with a fair chance of working
	// abroad, and teaching, which keeps them home; incomes in USD PPP a year.
	t := agents.TrainingParams{Sensitivity: 2, NoTraining: 0.5, MigrationResponse: 1}
	sectors := []agents.SectorOutlook{
		{WageHome: 3000, WageAbroad: 9000, WageWaste: 1500, Recognition: 0.5, MigrationP: 0.2, Cost: 500, SeatsAvailable: true},
		{WageHome: 2000, SeatsAvailable: true},
	}
	p := make([]float64, len(sectors)+1)
	agents.TrainingProbabilities(p, t, 1000, sectors)
	fmt.Printf("expected income as a nurse %.4f\n", agents.ExpectedIncome(sectors[0]))
	fmt.Printf("no training %.4f, nurse %.4f, teacher %.4f\n", p[0], p[1], p[2])

	// Without seats for nurses the others share the cohort.
	sectors[0].SeatsAvailable = false
	agents.TrainingProbabilities(p, t, 1000, sectors)
	fmt.Printf("no training %.4f, nurse %.4f, teacher %.4f\n", p[0], p[1], p[2])
	// Output:
	// expected income as a nurse 2950.0000
	// no training 0.1149, nurse 0.6064, teacher 0.2787
	// no training 0.2919, nurse 0.0000, teacher 0.7081
}

func ExampleEmigrationRate() {
	e := agents.EmigrationParams{BaseRate: 0.2, WageGap: 1.2, Network: 0.5, Age: 0.05, Cost: 1}
	// Two destinations for doctors earning 6000 at home: one paying 30000
	// with a diaspora of 2000 against 8000 at home, one closed (no demand).
	values := []float64{
		agents.DestinationValue(e, 30000, 2000, 8000, 0.3),
		agents.DestinationValue(e, 0, 0, 8000, 0.3),
	}
	probs := make([]float64, len(values))
	inclusive := agents.Inclusive(values, probs)
	for _, age := range []float64{30, 40} {
		rate := agents.EmigrationRate(e, inclusive, 6000, 6000, 1, age)
		fmt.Printf("age %.0f: %.4f a year, %.4f a month\n", age, rate, agents.StepProb(rate, 12))
	}
	fmt.Printf("destinations %.4f %.4f\n", probs[0], probs[1])
	// Output:
	// age 30: 0.1355 a year, 0.0112 a month
	// age 40: 0.1121 a year, 0.0093 a month
	// destinations 1.0000 0.0000
}

func ExampleRemit() {
	r := agents.RemittanceParams{Share: 0.1, FemaleExtra: 0.2, Decay: 0.05}
	// A nurse earning 24000 a year abroad, through a corridor charging 5%.
	for _, years := range []float64{0, 10} {
		man := agents.Remit(r, 24000, years, false, 0.05, 12)
		woman := agents.Remit(r, 24000, years, true, 0.05, 12)
		fmt.Printf("after %2.0f years: man sends %.4f (fee %.4f), woman sends %.4f, received %.4f\n",
			years, man.Sent, man.Fee, woman.Sent, woman.Received)
	}
	// Output:
	// after  0 years: man sends 200.0000 (fee 10.0000), woman sends 240.0000, received 228.0000
	// after 10 years: man sends 121.3061 (fee 6.0653), woman sends 145.5674, received 138.2890
}

func ExampleChooseTraining() {
	// Beine, Docquier and Rapoport's threshold rule (MODEL.md): w_L = 1,
	// w_H = 2, w* = 6 (thousands of USD PPP a year), a migration chance of
	// 0.3, so a youth trains iff the personal cost is at most 2.2.
	t := agents.TrainingParams{Choice: agents.ChoiceThreshold, MigrationResponse: 1}
	sectors := []agents.SectorOutlook{{WageHome: 2, WageAbroad: 6, Recognition: 1, MigrationP: 0.3, SeatsAvailable: true}}
	scratch := make([]float64, len(sectors)+1)
	for _, c := range []float64{1, 2.1, 2.3} {
		s, _ := agents.ChooseTraining(scratch, t, 1, sectors, agents.Youth{Ability: 1, Cost: c}, 0)
		fmt.Printf("cost %.1f: sector %d\n", c, s)
	}

	// Stark's choice of skill: alpha = 1, beta = 3, k = 1 gives theta = 1.5.
	t = agents.TrainingParams{Choice: agents.ChoiceThreshold, SkillChoice: agents.SkillQuadratic, SkillCost: 1, MigrationResponse: 1}
	sectors[0] = agents.SectorOutlook{WageHome: 1, WageAbroad: 3, Recognition: 1, MigrationP: 0.25, SeatsAvailable: true}
	_, theta := agents.ChooseTraining(scratch, t, 0.01, sectors, agents.Youth{Ability: 1}, 0)
	fmt.Printf("skill chosen %.2f, home stock %.3f\n", theta, (1-0.25)*theta)
	// Output:
	// cost 1.0: sector 0
	// cost 2.1: sector 0
	// cost 2.3: sector -1
	// skill chosen 1.50, home stock 1.125
}
