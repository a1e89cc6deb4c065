package validation

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/data"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/scenarios"
)

// theory runs the closed-form checks of ../shared/MODEL.md ("Theory the
// model must reproduce") on the theory scenarios of scenarios/theory.
func theory(ctx context.Context, o Options) ([]Check, error) {
	var cs []Check
	// Docquier-Rapoport threshold model: w_L = 1, w_H = 2, c ~ U[0, 4]
	// (scenarios/theory/docquier_rapoport.toml); H_p = (1 - p) H_a / (1 -
	// p H_a) with H_a = F((1 - p) w_H + p w* - w_L).
	const wL, wH, cMax = 1.0, 2.0, 4.0
	var names []string
	var vals, los, his []float64
	for _, tt := range []struct{ p, wStar float64 }{{0.1, 6}, {0.3, 6}, {0.6, 6}, {0.6, 2.5}} {
		sc, err := load(o, "theory/docquier_rapoport",
			fmt.Sprintf("training.perceived_migration=%g", tt.p),
			fmt.Sprintf("training.graduate_emigration=%g", tt.p),
			fmt.Sprintf("destination[0].wage.skilled=%g", 1000*tt.wStar))
		if err != nil {
			return nil, err
		}
		_, hp, _, err := cohortShares(ctx, o, sc)
		if err != nil {
			return nil, err
		}
		wantA := min(1, ((1-tt.p)*wH+tt.p*tt.wStar-wL)/cMax)
		want := (1 - tt.p) * wantA / (1 - tt.p*wantA)
		m, lo, hi := estimate(hp)
		name := fmt.Sprintf("Docquier-Rapoport H_p, p = %g, w* = %g", tt.p, tt.wStar)
		cs = append(cs, Check{Group: Theory, Name: name, Model: m, Lo: lo, Hi: hi, Want: want,
			Pass:   lo <= want && want <= hi,
			Note:   "share of the skilled among stayers against the closed form (Beine, Docquier and Rapoport 2001); pass if the closed form lies in the 95% interval of the replicate mean",
			Figure: "docquier_rapoport.png"})
		names = append(names, fmt.Sprintf("p=%g w*=%g model", tt.p, tt.wStar), fmt.Sprintf("p=%g w*=%g theory", tt.p, tt.wStar))
		vals = append(vals, m, want)
		los = append(los, lo, want)
		his = append(his, hi, want)
	}
	if err := bars(o, "docquier_rapoport.png", "Docquier-Rapoport: H_p, model and closed form", "H_p", names, vals, los, his); err != nil {
		return nil, err
	}
	// Stark, Helmenstein and Prskawetz: home stock (1 - p) theta with
	// theta = ((1 - p) alpha + p beta) / k; alpha = k = 1000
	// (scenarios/theory/stark.toml), beta = 3000.
	const alpha, k, beta = 1000.0, 1000.0, 3000.0
	st := plot.Points{Label: "closed form (1 - p) theta"}
	var ms, lo95, hi95, ps []float64
	for _, p := range []float64{0, 0.1, 0.25, 0.4, 0.6} {
		sc, err := load(o, "theory/stark",
			fmt.Sprintf("training.perceived_migration=%g", p),
			fmt.Sprintf("training.graduate_emigration=%g", p),
			fmt.Sprintf("destination[0].wage.skilled=%g", beta))
		if err != nil {
			return nil, err
		}
		_, _, stock, err := cohortShares(ctx, o, sc)
		if err != nil {
			return nil, err
		}
		theta := ((1-p)*alpha + p*beta) / k
		want := (1 - p) * theta
		m, lo, hi := estimate(stock)
		// The interval of a nearly deterministic stock is tiny; a relative
		// tolerance of 2% (assumed: the binomial noise of the sim test's
		// tolerance at these sizes) is the pass band.
		tol := starkTolerance * want
		cs = append(cs, Check{Group: Theory, Name: fmt.Sprintf("Stark home stock, p = %g, beta = 2 alpha + 1000", p),
			Model: m, Lo: lo, Hi: hi, Want: want, Pass: math.Abs(m-want) <= max(tol, (hi-lo)/2),
			Note:   "(1 - p) theta against Stark, Helmenstein and Prskawetz (1997); pass within 2% or the interval",
			Figure: "stark.png"})
		ps, ms, lo95, hi95 = append(ps, p), append(ms, m), append(lo95, lo), append(hi95, hi)
		st.X, st.Y = append(st.X, p), append(st.Y, want)
	}
	if o.FigureDir != "" {
		pl, err := plot.XBands("Stark: skill at home per cohort member", "p, chance of migrating", "(1 - p) theta",
			[]plot.Band{{Label: "model", X: ps, Mean: ms, Lo: lo95, Hi: hi95}}, []plot.Points{st})
		if err != nil {
			return nil, err
		}
		if err := plot.Save(pl, o.FigureDir+"/stark.png", figW, figH); err != nil {
			return nil, err
		}
	}
	sf, err := stockFlow(ctx, o)
	if err != nil {
		return nil, err
	}
	dm, err := dustmann(ctx, o)
	if err != nil {
		return nil, err
	}
	return append(append(cs, sf), dm...), nil
}

// starkTolerance is the relative band of the Stark check (assumed).
const starkTolerance = 0.02

// cohortShares is sim's test helper of the same name (sim/theory_test.go):
// per replicate, the share of a cohort that trains, the share of the
// skilled among those who stay, and the skill at home per graduate, from
// the flows of the stationary years (from the second on).
func cohortShares(ctx context.Context, o Options, sc *model.Scenario) (ha, hp, stock []float64, err error) {
	const firstYear = 2 // as theoryFirstYear in sim/theory_test.go
	ts, _, err := run(ctx, o, sc)
	if err != nil {
		return nil, nil, nil, err
	}
	var idx [5]int
	for i, name := range []string{results.Enrolments, results.Emigrations, results.Graduates, results.SkilledHome, results.SkillHome} {
		if idx[i], err = column(ts.Metrics, name); err != nil {
			return nil, nil, nil, err
		}
	}
	cohort := sc.Origin.YouthCohort
	for _, rows := range ts.Values {
		var youths, entered, left, graduated float64
		for i, y := range ts.Year {
			graduated += rows[i][idx[2]]
			if int(y)-sc.StartYear < firstYear {
				continue
			}
			youths += cohort
			entered += rows[i][idx[0]]
			left += rows[i][idx[1]]
		}
		last := rows[len(rows)-1]
		ha = append(ha, entered/youths)
		hp = append(hp, (entered-left)/(youths-left))
		stock = append(stock, last[idx[3]]*last[idx[4]]/graduated)
	}
	return ha, hp, stock, nil
}

// stockFlow checks the stock-flow identity (MODEL.md): a closed population
// of 10,000 skilled persons, all at home at the start, with constant
// yearly hazards of emigration e and return r, no deaths, no retirement and
// no entrants (as TestMeanField in sim/validation_test.go). With monthly
// step probabilities pe = 1 - exp(-e/12), pr = 1 - exp(-r/12), the share
// abroad after n steps is pe / (pe + pr) (1 - (1 - pe - pr)^n), tending to
// e / (e + r).
func stockFlow(ctx context.Context, o Options) (Check, error) {
	const e, r, years, persons = 0.1, 0.2, 10, 10_000
	sc := scenarios.Defaults()
	sc.Name = "stock_flow"
	sc.Origin = model.Origin{Name: "home", Population: 1e6, WageUntrained: 1000, EducationQuality: 1}
	sc.Sectors = []model.Sector{{Name: "skilled", TrainingYears: 1, WageHome: 2000, Workers: persons}}
	sc.Destinations = []model.Destination{{Name: "abroad", Recognition: 1, Wage: map[string]float64{"skilled": 6000}}}
	// Every slope off: the logistics are 1/2, so the ceilings are twice
	// the rates (constantHazards in sim/validation_test.go).
	sc.Emigration = agents.EmigrationParams{BaseRate: 2 * e, ReturneeFactor: 1}
	sc.Return = agents.ReturnParams{BaseRate: 2 * r}
	sc.Remittance = agents.RemittanceParams{}
	sc.Skill = agents.SkillParams{Max: 1}
	sc.Demography = agents.DemographyParams{EntryAge: 18, RetirementAge: 150, FemaleShare: 0.5}
	sc.Agents, sc.Years, sc.Replicates = persons, years, o.Replicates
	ts, s, err := run(ctx, o, &sc)
	if err != nil {
		return Check{}, err
	}
	col, err := column(ts.Metrics, results.EmigrationRate)
	if err != nil {
		return Check{}, err
	}
	spy := float64(sc.StepsPerYear)
	pe, pr := 1-math.Exp(-e/spy), 1-math.Exp(-r/spy)
	closed := func(steps float64) float64 { return pe / (pe + pr) * (1 - math.Pow(1-pe-pr, steps)) }
	last := len(ts.Year) - 1
	m, lo, hi := estimate(perReplicate(ts, func(rows [][]float64) float64 { return rows[last][col] }))
	want := closed(float64(ts.Step[last]))
	if o.FigureDir != "" {
		b, _ := plot.FromSummary(s, results.EmigrationRate, "engine, 95% interval")
		pts := plot.Points{Label: "closed form"}
		for i, st := range ts.Step {
			if st%sc.StepsPerYear == 0 {
				pts.X, pts.Y = append(pts.X, ts.Year[i]), append(pts.Y, closed(float64(st)))
			}
		}
		pl, err := plot.XBands("Stock-flow identity: share abroad", "year", "share abroad", []plot.Band{b}, []plot.Points{pts})
		if err != nil {
			return Check{}, err
		}
		if err := plot.Save(pl, o.FigureDir+"/stock_flow.png", figW, figH); err != nil {
			return Check{}, err
		}
	}
	return Check{Group: Theory, Name: fmt.Sprintf("stock-flow identity: share abroad after %d years (e = %g, r = %g)", years, e, r),
		Model: m, Lo: lo, Hi: hi, Want: want, Pass: lo <= want && want <= hi, Figure: "stock_flow.png",
		Note: fmt.Sprintf("closed population of %d, constant hazards; the limit e / (e + r) = %.4f; pass if the closed form lies in the 95%% interval of the replicate mean", persons, e/(e+r))}, nil
}

// yearSum returns the flow column col over calendar year y: flows are
// recorded as sums over the trailing year (results.Flow), so it is the row
// at the end of year y.
func yearSum(ts *results.Timeseries, rows [][]float64, col, y int) float64 {
	return rows[rowAt(ts, float64(y+1))][col]
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// policies compares policy effects with causal estimates.
func policies(ctx context.Context, o Options) ([]Check, error) {
	var cs []Check
	// Antwi and Phillips (2013): a 10% wage rise cut the annual attrition
	// of 20-35 year-olds by 1.0 point (0.9 to 1.6 in the working paper).
	// The model: Ghana with its top-up at a 10% rise (its window and
	// eligibility, the preset's rate set to apWageRise) and without it, with
	// the same seeds; attrition = emigrations a year of the young over their
	// stock at home, 2006-2010. The paper's figure is per 10% of wage (its
	// ten-year survival, 0.43 to 0.49, is about that of attrition falling
	// from 8% to 7% a year: 0.92^10 = 0.43, 0.93^10 = 0.48), so the model is
	// given a 10% rise. This check used to scale the
	// preset's 50% top-up (assumed) down by ln 1.1 / ln 1.5, as if attrition
	// were linear in the log wage; the model's hazard is linear in the log
	// wage in its logit (docs/ODD.md 7.3), so the fall per log point is not
	// constant and the scaled figure depended on the assumed 50%: at the
	// calibrated preset (8 replicates of 5,000 agents) the young's rate,
	// 8.1% a year without the top-up, falls by 10.6% per 10% by the scaled
	// 50% and by 12.6% with a 10% rise.
	with, err := load(o, "ghana", fmt.Sprintf("agents=%d", o.Agents), "years=11")
	if err != nil {
		return nil, err
	}
	without, err := load(o, "ghana", fmt.Sprintf("agents=%d", o.Agents), "years=11")
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(without.Policies, func(p model.Policy) bool { return p.Name == "health_top_up" })
	if i < 0 {
		return nil, fmt.Errorf("validation: ghana has no policy health_top_up")
	}
	topUp, ok := without.Policies[i].Lever.(*model.WageTopUp)
	if !ok {
		return nil, fmt.Errorf("validation: ghana's health_top_up is not a wage top-up")
	}
	without.Policies = slices.Delete(without.Policies, i, i+1)
	rise := *topUp // the preset's top-up, its rate set to the paper's rise
	rise.TopUp = apWageRise
	with.Policies[i].Lever = &rise
	// The young, as in the paper: the bands of 15-24 and 25-34 year-olds
	// (Ghana's entrants are 18 or older, so about 18-34 against the
	// paper's 20-35), emigrations over workers and returnees at home.
	young := []string{results.AgeBand(15, 25), results.AgeBand(25, 35)}
	attrition := func(sc *model.Scenario) ([]float64, *results.Summary, error) {
		ts, s, err := run(ctx, o, sc)
		if err != nil {
			return nil, nil, err
		}
		var em, home []int
		for _, b := range young {
			e, err1 := column(ts.Metrics, results.ByAgeBand(results.Emigrations, b))
			w, err2 := column(ts.Metrics, results.ByAgeBand(results.WorkersHome, b))
			r, err3 := column(ts.Metrics, results.ByAgeBand(results.Returnees, b))
			if err := firstErr(err1, err2, err3); err != nil {
				return nil, nil, err
			}
			em = append(em, e)
			home = append(home, w, r)
		}
		return perReplicate(ts, func(rows [][]float64) float64 {
			sum := 0.0
			for y := apFrom; y <= apTo; y++ {
				left, stock := 0.0, 0.0
				for _, c := range em {
					left += yearSum(ts, rows, c, y)
				}
				for _, c := range home {
					stock += rows[rowAt(ts, float64(y))][c]
				}
				sum += left / stock
			}
			return sum / (apTo - apFrom + 1)
		}), s, nil
	}
	aw, sw, err := attrition(with)
	if err != nil {
		return nil, err
	}
	ao, so, err := attrition(without)
	if err != nil {
		return nil, err
	}
	var diff []float64
	for r := range aw {
		diff = append(diff, 100*(aw[r]-ao[r]))
	}
	m, lo, hi := estimate(diff)
	cs = append(cs, Check{Group: PolicyEffect, Name: "Antwi-Phillips: attrition per 10% wage, points a year", Model: m, Lo: lo, Hi: hi,
		Want: -1.0, Pass: m >= apLow && m <= apHigh, Figure: "antwi_phillips.png",
		Note: fmt.Sprintf("Ghana with its top-up at a %.0f%% rise (the preset's %.0f%% set to the paper's unit; its window and eligibility) and without it (same seeds), emigrations a year of workers and returnees aged 15-34 over their stock at home, %d-%d; Antwi and Phillips (2013): -1.0 point among 20-35 year-olds from a mean of 8, -0.9 to -1.6 in the working paper (pass band); data/literature.csv", 100*apWageRise, 100*topUp.TopUp, apFrom, apTo)})
	if o.FigureDir != "" {
		bw, _ := plot.FromSummary(sw, results.Emigrations, fmt.Sprintf("with a %.0f%% top-up", 100*apWageRise))
		bo, _ := plot.FromSummary(so, results.Emigrations, "without")
		pl, err := plot.Bands(fmt.Sprintf("Ghana: emigrations over the trailing year, with a %.0f%% top-up from %d and without", 100*apWageRise, with.Policies[i].StartYear), "persons per year", []plot.Band{bw, bo}, nil)
		if err != nil {
			return nil, err
		}
		if err := plot.Save(pl, o.FigureDir+"/antwi_phillips.png", figW, figH); err != nil {
			return nil, err
		}
	}
	fee, err := feeElasticity(ctx, o)
	if err != nil {
		return nil, err
	}
	mw, err := malawi(ctx, o)
	if err != nil {
		return nil, err
	}
	return append(append(cs, fee), mw...), nil
}

// The Antwi-Phillips window, wage rise and pass band (data/literature.csv).
const (
	apFrom, apTo   = 2006, 2010
	apWageRise     = 0.10 // the rise the paper's figure is per, a share of the wage
	apLow, apHigh  = -1.6, -0.9
	feeReformYears = 3 // years of the fee cut compared
)

// feeElasticity runs the Philippines with and without its fee cut to 3%
// and compares the change in remittances with the elasticity Kpodar and
// Imam's figure implies, 1.45 to the price of sending 1/(1 - fee).
func feeElasticity(ctx context.Context, o Options) (Check, error) {
	lit, err := data.Lookup("kpodar_imam.fee_elasticity", "")
	if err != nil {
		return Check{}, err
	}
	with, err := load(o, "philippines", fmt.Sprintf("agents=%d", o.Agents))
	if err != nil {
		return Check{}, err
	}
	without, err := load(o, "philippines", fmt.Sprintf("agents=%d", o.Agents))
	if err != nil {
		return Check{}, err
	}
	i := slices.IndexFunc(without.Policies, func(p model.Policy) bool { return p.Kind() == model.KindRemittanceFeeCut })
	if i < 0 {
		return Check{}, fmt.Errorf("validation: philippines has no remittance fee cut")
	}
	start := without.Policies[i].StartYear
	without.Policies = slices.Delete(without.Policies, i, i+1)
	sent := func(sc *model.Scenario) ([]float64, error) {
		ts, _, err := run(ctx, o, sc)
		if err != nil {
			return nil, err
		}
		c, err := column(ts.Metrics, results.RemittancesSent)
		if err != nil {
			return nil, err
		}
		return perReplicate(ts, func(rows [][]float64) float64 {
			s := 0.0
			for y := start; y < start+feeReformYears; y++ {
				s += yearSum(ts, rows, c, y)
			}
			return s
		}), nil
	}
	w, err := sent(with)
	if err != nil {
		return Check{}, err
	}
	wo, err := sent(without)
	if err != nil {
		return Check{}, err
	}
	// The elasticity implied: ln(sent ratio) / ln(price ratio), the price
	// 1/(1 - fee) falling from the mean corridor fee to 3%.
	meanFee := 0.0
	for _, d := range with.Destinations {
		meanFee += d.Fee / float64(len(with.Destinations))
	}
	lnPrice := math.Log((1 - meanFee) / (1 - sdgFee))
	var el []float64
	for r := range w {
		el = append(el, math.Log(w[r]/wo[r])/-lnPrice)
	}
	m, lo, hi := estimate(el)
	return Check{Group: PolicyEffect, Name: "remittance fee elasticity (Philippines, fee cut to 3%)", Model: m, Lo: lo, Hi: hi,
		Want: lit.Value, Pass: math.Abs(m-lit.Value) <= feeTolerance*lit.Value,
		Note: fmt.Sprintf("remittances sent in the %d years from the cut, with and without it (same seeds), as an elasticity to the price of sending, against %s: %g; pass within 25%% (assumed). The preset sets fee_elasticity = 1.5 from the same source, so this checks the mechanism, not the source", feeReformYears, lit.Source, lit.Value)}, nil
}

const (
	sdgFee       = 0.03 // the SDG target the Philippine preset's cut reaches (data/literature.csv)
	feeTolerance = 0.25 // relative pass band of the fee elasticity (assumed)
)
