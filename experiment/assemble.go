package experiment

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/brainsim/brainsim/output"
)

// ResultsFile is the name of the results of a sweep in its output folder.
const ResultsFile = "results.csv"

// Report says what Assemble wrote.
type Report struct {
	Files []string // the files written, relative to the output folder, in order
	// Sobol holds the Sobol indices of each indicator, for a Sobol design.
	Sobol []SobolResult
	// Warnings are problems that did not stop the assembly, such as an
	// indicator whose Sobol indices cannot be estimated.
	Warnings []string
}

// Header returns the header of results.csv for the plan: point, replicate,
// one column per parameter, then metric, step, year and value.
func (p *Plan) Header() []string {
	h := append([]string{"point", "replicate"}, p.Parameters...)
	return append(h, "metric", "step", "year", "value")
}

// Assemble writes the results of the plan into the output folder out from
// the run files under the runs folder of each of dirs: results.csv, with
// one row per point, replicate and indicator in that order (the point's
// parameter values as columns), and, for a Sobol design, sobol.csv and a
// bar plot per indicator under plots/; for a grid or Latin hypercube, a plot
// of each indicator against each parameter under plots/ (see sweepplot.go). The files depend only on the plan
// and the runs, so assembling the runs of the shards of a sweep gives the
// same bytes as a sweep in one process.
//
// It returns an error if a run is missing, damaged, or found in more than
// one of dirs; nothing is written then.
func Assemble(p *Plan, out string, dirs ...string) (*Report, error) {
	where, err := locateRuns(p, dirs)
	if err != nil {
		return nil, err
	}
	if err := output.MkdirOut(out); err != nil {
		return nil, err
	}
	// A run that is damaged stops the writing, and results.csv is left as
	// it was.
	sobol := p.Sobol != nil
	var means [][]float64
	if sobol {
		means = make([][]float64, len(p.Points))
		for i := range means {
			means[i] = make([]float64, len(p.Indicators))
		}
	}
	plots := newSweepPlots(p) // nil for a Sobol design
	rep := &Report{}
	err = output.WriteFileAtomic(filepath.Join(out, ResultsFile), func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.Write(p.Header()); err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		for i, d := range where {
			pt, r := i/p.Replicates, i%p.Replicates
			body, vals, err := readRun(filepath.Join(d, RunsDir, runName(pt, r)), p, pt, r, sobol || plots != nil)
			if err != nil {
				return err
			}
			if sobol {
				for k, v := range vals {
					means[pt][k] += v // summed in replicate order; divided in writeSobol
				}
			}
			if plots != nil {
				plots.add(pt, r, vals)
			}
			if _, err := w.Write(body); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.Files = append(rep.Files, ResultsFile)
	if sobol {
		if err := writeSobol(p, out, means, rep); err != nil {
			return nil, err
		}
	}
	if plots != nil {
		if err := plots.write(out, rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// locateRuns returns, for every run of p in order, the folder among dirs
// whose runs folder holds its file. It returns an error naming the runs
// missing, and those found in more than one folder.
func locateRuns(p *Plan, dirs []string) ([]string, error) {
	where := make([]string, p.Runs())
	var dups []string
	for _, d := range dirs {
		entries, err := os.ReadDir(filepath.Join(d, RunsDir))
		if errors.Is(err, fs.ErrNotExist) {
			continue // a shard with no run finished
		}
		if err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
		for _, en := range entries {
			pt, rep, ok := parseRunName(en.Name())
			if !ok {
				continue
			}
			if pt >= len(p.Points) || rep >= p.Replicates {
				return nil, fmt.Errorf("sweep: %s: run %s is not part of the plan of %d points x %d replicates",
					filepath.Join(d, RunsDir), en.Name(), len(p.Points), p.Replicates)
			}
			i := pt*p.Replicates + rep
			if where[i] != "" {
				dups = append(dups, fmt.Sprintf("%s in %s and %s", en.Name(), where[i], d))
				continue
			}
			where[i] = d
		}
	}
	if len(dups) > 0 {
		return nil, fmt.Errorf("sweep: %d runs are in more than one folder: %s%s", len(dups), strings.Join(dups[:min(3, len(dups))], "; "), more(len(dups), 3))
	}
	var missing []string
	n := 0
	for i, d := range where {
		if d == "" {
			n++
			if len(missing) < 5 {
				missing = append(missing, fmt.Sprintf("%s (point %d, replicate %d)", runName(i/p.Replicates, i%p.Replicates), i/p.Replicates, i%p.Replicates))
			}
		}
	}
	if n > 0 {
		return nil, fmt.Errorf("sweep: %d of %d runs are missing from %s: %s%s; run the sweep, or its unfinished shards, again",
			n, len(where), strings.Join(dirs, ", "), strings.Join(missing, ", "), more(n, len(missing)))
	}
	return where, nil
}

func more(n, shown int) string {
	if n > shown {
		return fmt.Sprintf(" and %d more", n-shown)
	}
	return ""
}

// Merge joins the output folders of the shards of a sweep into out: it
// checks that they hold runs of the same plan, writes out/plan.json and
// assembles the results as Assemble does, into the same bytes a sweep in one
// process writes.
func Merge(out string, dirs ...string) (*Plan, *Report, error) {
	if len(dirs) == 0 {
		return nil, nil, errors.New("sweep: merge: no folders to merge")
	}
	seen := map[string]string{}
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, nil, fmt.Errorf("sweep: merge: %w", err)
		}
		if seen[abs] != "" {
			return nil, nil, fmt.Errorf("sweep: merge: folder %s is given twice", d)
		}
		seen[abs] = d
	}
	var p *Plan
	for _, d := range dirs {
		q, err := ReadPlan(d)
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			p = q
			continue
		}
		if q.Engine != p.Engine {
			return nil, nil, fmt.Errorf("sweep: merge: %s holds runs of the %s engine and %s of the %s engine; runs of two engines never mix", dirs[0], p.Engine, d, q.Engine)
		}
		if q.Fingerprint != p.Fingerprint {
			return nil, nil, fmt.Errorf("sweep: merge: %s and %s hold runs of different plans (fingerprints %.12s and %.12s)", dirs[0], d, p.Fingerprint, q.Fingerprint)
		}
	}
	if err := preparePlan(out, p); err != nil {
		return nil, nil, err
	}
	rep, err := Assemble(p, out, dirs...)
	if err != nil {
		return nil, nil, err
	}
	return p, rep, nil
}
