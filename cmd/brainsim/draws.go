package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sensitivity"
	"github.com/brainsim/brainsim/sim"
)

// drawStream keys the random numbers of the Latin hypercube of --draws,
// apart from every stream of the engine (which keys its own by seed and
// replicate): an arbitrary constant (assumed), "draws" in ASCII.
const drawStream = 0x6472617773

// drawPlan is the design of --draws N: the priors' paths and, per draw, a
// probability for each, from a Latin hypercube on [0, 1]^K (McKay, Beckman
// and Conover 1979) seeded by the scenario's seed. A scenario's value of a
// path at draw d is its own prior's quantile at U[d][j], so scenarios with
// the same prior take the same value, and every scenario of a comparison
// runs draw d with the same seed: differences are paired on both the
// parameters and the random numbers.
type drawPlan struct {
	Paths []string
	U     [][]float64 // U[d][j]: the probability of path j at draw d
	Seed  uint64      // the base seed; draw d runs with Seed + d
}

// planDraws returns the plan of n draws over the priors of scs, matched by
// path (the union, in order of path), or a usage error if none has a prior.
func planDraws(n int, seed uint64, scs ...*model.Scenario) (*drawPlan, error) {
	var paths []string
	for _, sc := range scs {
		for _, p := range sc.Priors {
			if !slices.Contains(paths, p.Path) {
				paths = append(paths, p.Path)
			}
		}
	}
	if len(paths) == 0 {
		return nil, usagef("--draws %d: the scenario gives no key a prior, so there is nothing to draw (docs/scenarios.md, \"Priors\")", n)
	}
	slices.Sort(paths)
	ranges := make([]sensitivity.Range, len(paths))
	for j := range ranges {
		ranges[j] = sensitivity.Range{Min: 0, Max: 1}
	}
	rng := rand.New(rand.NewPCG(seed, drawStream))
	return &drawPlan{Paths: paths, U: sensitivity.LatinHypercube(n, ranges, rng), Seed: seed}, nil
}

// seed returns the seed of draw d: each draw has its own random numbers,
// so that the spread between draws is not one set of replicates' noise.
func (p *drawPlan) seed(d int) uint64 { return p.Seed + uint64(d) }

// overrides returns the --set overrides that make sc draw d: its priors'
// values and the draw's seed.
func (p *drawPlan) overrides(sc *model.Scenario, d int) []string {
	var ov []string
	for _, pr := range sc.Priors {
		j := slices.Index(p.Paths, pr.Path)
		ov = append(ov, pr.Path+"="+strconv.FormatFloat(pr.Quantile(p.U[d][j]), 'g', -1, 64))
	}
	return append(ov, "seed="+strconv.FormatUint(p.seed(d), 10))
}

// runDraws runs scenario sc, loaded from arg (a file or a shipped
// scenario's name, as given) with its overrides, at every draw of p, and
// returns the draws pooled (results.Pool).
// options gives the engine's options for draw d and a function to call
// when it has run (to finish its progress display).
func runDraws(ctx context.Context, p *drawPlan, arg string, sc *model.Scenario, options func(d int) (sim.Options, func())) (*results.Timeseries, error) {
	draws := make([]*results.Timeseries, len(p.U))
	for d := range p.U {
		ov := append(slices.Clone(sc.Overrides), p.overrides(sc, d)...)
		scd, err := loadScenario(arg, ov...)
		if err != nil {
			return nil, fmt.Errorf("draw %d: %w", d, err)
		}
		opt, done := options(d)
		ts, err := sim.Run(ctx, scd, opt)
		done()
		if err != nil {
			return nil, fmt.Errorf("draw %d: %w", d, err)
		}
		draws[d] = ts
	}
	return results.Pool(draws)
}

// writeDraws writes draws.csv: per draw, its seed, its replicates in the
// pooled tables, and each path's probability and the value sc took.
func writeDraws(w io.Writer, p *drawPlan, sc *model.Scenario, perDraw int) error {
	cw := csv.NewWriter(w)
	header := []string{"draw", "seed", "first_replicate", "last_replicate"}
	for _, path := range p.Paths {
		header = append(header, path+":u", path)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for d, u := range p.U {
		rec := []string{strconv.Itoa(d), strconv.FormatUint(p.seed(d), 10),
			strconv.Itoa(d * perDraw), strconv.Itoa((d+1)*perDraw - 1)}
		for j, path := range p.Paths {
			val := ""
			for _, pr := range sc.Priors {
				if pr.Path == path {
					val = output.FormatFloat(pr.Quantile(u[j]))
				}
			}
			rec = append(rec, output.FormatFloat(u[j]), val)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// maxDraws bounds --draws (assumed: 10,000 draws of a preset would run for
// days; a larger design is a sweep's job).
const maxDraws = results.MaxDraws

// checkDraws checks --draws n.
func checkDraws(n int) error {
	if n < 0 || n > maxDraws {
		return usagef("--draws %d: want a number of parameter draws from 0 (none) to %d", n, maxDraws)
	}
	if n == 1 {
		return usagef("--draws 1: one draw has no spread between draws; want 2 or more (or 0 for none)")
	}
	return nil
}
