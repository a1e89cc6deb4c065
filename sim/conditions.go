package sim

import (
	"math"

	"github.com/brainsim/brainsim/agents"
)

// baseConditions sets the conditions that come from the scenario alone,
// before the policies in force adjust them.
func (e *Engine) baseConditions() {
	sc, c := e.sc, &e.cond
	for s, sec := range sc.Sectors {
		c.wageHome[s] = sec.WageHome
		c.topUps[s] = c.topUps[s][:0]
		c.scholarship[s] = c.scholarship[s][:0]
		c.circulation[s] = 0
		c.bond[s] = bond{}
		c.partner[s] = partnership{}
		c.skillTransfer[s] = 0
		c.retain[s] = c.retain[s][:0]
		c.service[s] = service{}
		for d, dst := range sc.Destinations {
			i := s*e.nD + d
			c.wageAbroad[i] = dst.Wage[sec.Name]
			c.returnExtra[i] = sec.ReturnShift // the sector's own propensity (docs/ODD.md 7.6); levers add to it
			c.grant[i] = c.grant[i][:0]
			c.assign[i] = assignment{}
		}
	}
	for d, dst := range sc.Destinations {
		c.waste[d] = dst.WasteWage
		c.fee[d] = dst.Fee
		c.recognition[d] = dst.Recognition
		c.appeal[d] = 0
		c.feeSubsidy[d] = c.feeSubsidy[d][:0]
	}
	c.matching = c.matching[:0]
	c.flatCost = c.flatCost[:0]
	c.investUSD, c.investPosts = 0, 0
	c.insured, c.premiums, c.premiumCash, c.claimShare = 0, 0, 0, 0
	c.training = 0
	clear(c.turnAway)
	c.diverting = false
	c.teaching = 0
	clear(c.teachSeats)
	for s := range c.benefits {
		c.benefits[s] = c.benefits[s][:0]
	}
}

// computeConditions turns the previous step's aggregates and the policies in
// force into the inputs of this step's decisions.
func (e *Engine) computeConditions() {
	sc, t, c := e.sc, &e.total, &e.cond
	c.year = sc.StartYear + e.step/e.spy
	e.baseConditions()
	e.labourMarket()
	if e.step%e.spy == 0 {
		clear(e.spent)
	}
	for k := range e.pols {
		if !e.pols[k].p.Active(c.year) {
			e.scale[k] = 1
			continue
		}
		e.scale[k] = e.budgetScale(k) // reads the scale of the previous step
		e.pols[k].lever.adjust(e, c, k)
	}
	for k := range e.pols {
		if l := e.pols[k].linger; l != nil {
			l.linger(e, c, k)
		}
	}

	// Unemployment: with more trained at home than funded posts, the home
	// wage is shared (wage times the share employed) or the unemployed earn
	// a fallback (labour.go).
	e.unemployment()

	// Education quality: teachers at home, with those on assignment, against
	// the number needed.
	c.quality = sc.Origin.EducationQuality
	if need := sc.Origin.TeachersNeeded; need > 0 {
		var teachers int64
		for s, sec := range sc.Sectors {
			if sec.Teacher {
				teachers += t.home(s) + e.fte[s]
			}
		}
		// Temporary returnees of other sectors who teach count too.
		if r := (float64(teachers) + c.teaching) * e.weight / need; r < 1 {
			c.quality *= math.Pow(r, sc.Origin.QualityElasticity)
		}
	}

	// Households and returnees shift the youth towards training.
	h := sc.Household
	if h.EducationEffect > 0 && e.step > 0 {
		cohort := sc.Origin.YouthCohort * math.Pow(1+sc.Origin.CohortGrowth, float64(e.step/e.spy))
		if cohort > 0 {
			c.training += h.EducationEffect * e.eduYear / cohort / sc.Origin.WageUntrained
		}
	}
	if skilled := e.skilledHome(-1); h.SocialEffect > 0 && skilled > 0 {
		c.training += h.SocialEffect * float64(t.stateTotal(agents.Returnee)) / float64(skilled)
	}

	for d, dst := range sc.Destinations {
		c.remitWaste[d] = agents.RemitFactor(sc.Remittance, c.fee[d], dst.Fee, c.waste[d], dst.WasteWage)
	}
	for s := range sc.Sectors {
		stock := float64(t.home(s)) * e.weight
		for d, dst := range sc.Destinations {
			i := s*e.nD + d
			eff := 0.0
			if c.wageAbroad[i] > 0 {
				eff = c.recognition[d]*c.wageAbroad[i] + (1-c.recognition[d])*c.waste[d]
			}
			diaspora := float64(t.diaspora(s, d)) * e.weight
			c.values[d] = agents.DestinationValue(sc.Emigration, eff, diaspora, stock, dst.MoveCost) + c.appeal[d]
		}
		// The sector's own propensity shifts the logit (docs/ODD.md 7.3);
		// -Inf (no destination open) stays -Inf.
		c.inclusive[s] = agents.Inclusive(c.values, c.destProb[s*e.nD:(s+1)*e.nD]) + sc.Sectors[s].EmigrationShift
		// Remittances respond to the fee in force against the scenario's
		// and to income (agents.RemitFactor): one factor per income a step.
		for d, dst := range sc.Destinations {
			c.remitRec[s*e.nD+d] = agents.RemitFactor(sc.Remittance, c.fee[d], dst.Fee, c.wageAbroad[s*e.nD+d], dst.Wage[sc.Sectors[s].Name])
		}
		drop := agents.DropoutRate(sc.Sectors[s].DropoutRate, c.quality, sc.Training.DropoutQuality)
		c.dropout[s] = agents.StepProb(drop, e.spy)
		// Past the fixed length, graduating and dropping out compete
		// (training_delay); resolved exactly by agents.Competing.
		c.graduate[s], c.dropLate[s] = agents.Competing(agents.CompletionRate(sc.Sectors[s].TrainingDelay), drop, e.spy)
		c.growHome[s] = agents.GrowthFactor(sc.Skill.GrowthHome+c.skillTransfer[s], e.spy)
	}
}
