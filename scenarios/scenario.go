package scenarios

import (
	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// Defaults returns the values a scenario file starts from: every key a file
// leaves out keeps the value here. Sectors and destinations have no defaults.
func Defaults() model.Scenario {
	return model.Scenario{
		Seed:         1,
		Replicates:   10,
		Agents:       100_000,
		StartYear:    2025,
		Years:        30,
		StepsPerYear: 12,
		Origin: model.Origin{
			Name:             "origin",
			EducationQuality: 1,
		},
		Training: agents.TrainingParams{
			Sensitivity:       2,
			MigrationResponse: 1,
		},
		Emigration: agents.EmigrationParams{
			BaseRate:       0.2,
			WageGap:        1,
			Network:        1,
			Age:            0.08,
			Cost:           4,
			ReturneeFactor: 1,
		},
		Return: agents.ReturnParams{
			BaseRate:    0.2,
			Intercept:   -1,
			WageGap:     1,
			Savings:     1,
			Age:         0.03,
			YearsAbroad: 0.1,
		},
		Remittance: agents.RemittanceParams{
			Share:          0.15,
			FemaleExtra:    0.1,
			Decay:          0.03,
			EducationShare: 0.2,
			HealthShare:    0.1,
			// The amount sent is proportional to income abroad unless a
			// file sets another elasticity.
			IncomeElasticity: 1,
		},
		Skill: agents.SkillParams{GrowthAbroad: 0.02, Max: 2},
		Demography: agents.DemographyParams{
			EntryAge:        18,
			RetirementAge:   65,
			Mortality:       0.001,
			MortalityGrowth: 0.085,
			FemaleShare:     0.5,
		},
	}
}
