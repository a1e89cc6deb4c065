package experiment

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/results"
	"github.com/brainsim/brainsim/sim"
)

// RunsDir is the folder, inside an output folder, that holds one file per
// finished run.
const RunsDir = "runs"

// Options tune how Run uses the machine; none of them changes the results.
type Options struct {
	// Workers is the number of runs in progress at once, each on one
	// goroutine; 0 means GOMAXPROCS.
	Workers int
	// Shard and Shards select a slice of the runs: this call runs those
	// whose number modulo Shards is Shard. Shards 0 means 1 (all runs).
	Shard, Shards int
	// Progress, if not nil, is called after every run with the runs done
	// and the runs to do in this call. It is called from several goroutines
	// at once.
	Progress func(done, total int)
	// Warn, if not nil, is told about run files found damaged, which are
	// run again.
	Warn func(msg string)
}

// Status says what a call to Run did.
type Status struct {
	Runs    int // runs of the shard (all runs without shards)
	Skipped int // finished by an earlier call, kept
	Ran     int // finished by this call
	Redone  int // found damaged and run again (also counted in Ran)
}

// Run runs the runs of the experiment's plan (or of one shard of it) into
// the output folder dir, and is resumable: each finished run is written to
// its own file under dir/runs, atomically, so that a run either has a
// complete file or none, whenever the process is stopped (Ctrl-C, kill -9,
// a lost node). Run skips the runs whose files are there and whole, so
// calling it again after an interruption finishes the sweep without running
// anything twice; Assemble then writes the results from the files.
//
// Each run is replicate r of its point's scenario (sim.NewKind(sc, r, 1,
// the plan's Engine), paired if the plan is: the replicate r of 'brainsim
// compare' on the engine) stepped to the last step any indicator needs; runs
// go on in parallel, one
// per worker. Run writes dir/plan.json, or checks that the plan there is
// the experiment's, so that runs of different plans never mix.
//
// If ctx is cancelled, Run stops the runs in progress, keeps those
// finished, and returns ctx's error.
func Run(ctx context.Context, e *Experiment, dir string, opt Options) (Status, error) {
	p := e.plan
	shards := max(opt.Shards, 1)
	if opt.Shard < 0 || opt.Shard >= shards {
		return Status{}, fmt.Errorf("sweep: shard %d/%d: want 0 <= shard < %d", opt.Shard, shards, shards)
	}
	if err := preparePlan(dir, p); err != nil {
		return Status{}, err
	}
	runs := filepath.Join(dir, RunsDir)
	if err := os.MkdirAll(runs, 0o755); err != nil {
		return Status{}, fmt.Errorf("sweep: %w", err)
	}
	// Temporary files of runs and assemblies stopped by kill -9.
	output.RemoveTemporaries(dir, filepath.Join(dir, PlotsDir), runs)

	var st Status
	var todo []int
	for i := opt.Shard; i < p.Runs(); i += shards {
		st.Runs++
		name := runName(i/p.Replicates, i%p.Replicates)
		_, _, err := readRun(filepath.Join(runs, name), p, i/p.Replicates, i%p.Replicates, false)
		switch {
		case err == nil:
			st.Skipped++
			continue
		case !errors.Is(err, fs.ErrNotExist):
			st.Redone++
			if opt.Warn != nil {
				opt.Warn(fmt.Sprintf("%v; running it again", err))
			}
		}
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return st, nil
	}

	w := opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	w = min(w, len(todo))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	byStep := indicatorsByStep(p.Indicators)
	var (
		mu   sync.Mutex
		next int
		done int
		wg   sync.WaitGroup
	)
	for range w {
		wg.Go(func() {
			var sc *model.Scenario
			point := -1
			for ctx.Err() == nil {
				mu.Lock()
				if next >= len(todo) {
					mu.Unlock()
					return
				}
				i := todo[next]
				next++
				mu.Unlock()

				pt, rep := i/p.Replicates, i%p.Replicates
				if pt != point {
					var err error
					if sc, err = e.PointScenario(pt); err != nil {
						cancel(err)
						return
					}
					point = pt
				}
				vals, err := runWith(ctx, sc, rep, 1, p.Engine, p.Paired, p.Indicators, byStep)
				if err != nil {
					cancel(err)
					return
				}
				path := filepath.Join(runs, runName(pt, rep))
				if err := output.WriteFileAtomic(path, func(w io.Writer) error {
					return writeRun(w, p, pt, rep, vals)
				}); err != nil {
					cancel(fmt.Errorf("sweep: %w", err))
					return
				}
				mu.Lock()
				done++
				st.Ran++
				d := done
				mu.Unlock()
				if opt.Progress != nil {
					opt.Progress(d, len(todo))
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return st, err
	}
	return st, nil
}

// runName returns the file name of a run.
func runName(point, rep int) string { return fmt.Sprintf("p%06d-r%04d.csv", point, rep) }

// parseRunName returns the point and replicate of a run file's name.
func parseRunName(name string) (point, rep int, ok bool) {
	s, ok := strings.CutSuffix(name, ".csv")
	if !ok || !strings.HasPrefix(s, "p") {
		return 0, 0, false
	}
	ps, rs, ok := strings.Cut(s[1:], "-r")
	if !ok {
		return 0, 0, false
	}
	point, err1 := strconv.Atoi(ps)
	rep, err2 := strconv.Atoi(rs)
	if err1 != nil || err2 != nil || point < 0 || rep < 0 || runName(point, rep) != name {
		return 0, 0, false
	}
	return point, rep, true
}

// indicatorsByStep returns, for each step s, the indices of the indicators
// read after it.
func indicatorsByStep(inds []Indicator) [][]int {
	last := 0
	for _, in := range inds {
		last = max(last, in.Step)
	}
	by := make([][]int, last+1)
	for k, in := range inds {
		by[in.Step] = append(by[in.Step], k)
	}
	return by
}

// runWith runs replicate rep of sc with the engine kind (paired: see
// sim.Engine.Pair), with workers
// goroutines inside each step, up to the last step byStep needs, and
// returns the indicators' values. It returns ctx's cause if ctx is
// cancelled, checking once a simulated year.
func runWith(ctx context.Context, sc *model.Scenario, rep, workers int, kind sim.EngineKind, paired bool, inds []Indicator, byStep [][]int) ([]float64, error) {
	last := len(byStep) - 1
	if last > sc.Steps() {
		return nil, fmt.Errorf("sweep: indicators need %d steps; the scenario has %d", last, sc.Steps())
	}
	eng, err := sim.NewKind(sc, rep, workers, kind)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if paired {
		eng.Pair()
	}
	ms := eng.Metrics()
	col := make([]int, len(inds))
	for k, in := range inds {
		if col[k] = results.MetricIndex(ms, in.Metric); col[k] < 0 {
			return nil, fmt.Errorf("sweep: the scenario has no metric %q", in.Metric)
		}
	}
	vals := make([]float64, len(inds))
	for s := 1; s <= last; s++ {
		eng.Step()
		row := eng.Row()
		for _, k := range byStep[s] {
			vals[k] = row[col[k]]
		}
		if s%sc.StepsPerYear == 0 && ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
	}
	return vals, nil
}

// A run file holds the rows of results.csv of one run, in order, then a
// trailer line that proves it whole:
//
//	#end fingerprint=<plan fingerprint> point=12 replicate=3 rows=6 crc32=<hex of the rows' bytes>

// writeRun writes the run file of replicate rep of point pt.
func writeRun(w io.Writer, p *Plan, pt, rep int, vals []float64) error {
	var body bytes.Buffer
	cw := csv.NewWriter(&body)
	rec := make([]string, 0, len(p.Parameters)+6)
	for k, in := range p.Indicators {
		rec = append(rec[:0], strconv.Itoa(pt), strconv.Itoa(rep))
		for _, v := range p.Points[pt] {
			rec = append(rec, output.FormatFloat(v))
		}
		rec = append(rec, in.Metric, strconv.Itoa(in.Step), in.Year, output.FormatFloat(vals[k]))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if _, err := w.Write(body.Bytes()); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s\n", trailer(p, pt, rep, body.Bytes()))
	return err
}

func trailer(p *Plan, pt, rep int, body []byte) string {
	return fmt.Sprintf("#end fingerprint=%s point=%d replicate=%d rows=%d crc32=%08x",
		p.Fingerprint, pt, rep, len(p.Indicators), crc32.ChecksumIEEE(body))
}

// readRun reads the run file at path of replicate rep of point pt and
// returns its rows (without the trailer) and, if values is true, the
// indicators' values. It returns an error wrapping fs.ErrNotExist if there
// is no file, and another error if the file is not whole or belongs to
// another run or plan.
func readRun(path string, p *Plan, pt, rep int, values bool) ([]byte, []float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("sweep: %w", err)
	}
	bad := func(why string) ([]byte, []float64, error) {
		return nil, nil, fmt.Errorf("sweep: run file %s is damaged or foreign: %s", path, why)
	}
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return bad("it does not end with a whole line")
	}
	i := bytes.LastIndexByte(b[:len(b)-1], '\n') + 1
	body, last := b[:i], string(b[i:len(b)-1])
	if want := trailer(p, pt, rep, body); last != want {
		if !strings.HasPrefix(last, "#end ") {
			return bad("no #end line")
		}
		return bad(fmt.Sprintf("%q; want %q", last, want))
	}
	if !values {
		return body, nil, nil
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		return bad(err.Error())
	}
	if len(recs) != len(p.Indicators) {
		return bad(fmt.Sprintf("%d rows; want %d", len(recs), len(p.Indicators)))
	}
	vals := make([]float64, len(recs))
	for k, rec := range recs {
		v, err := parseValue(rec[len(rec)-1])
		if err != nil {
			return bad(err.Error())
		}
		vals[k] = v
	}
	return body, vals, nil
}

// parseValue reads a value written by output.FormatFloat: "" is NaN.
func parseValue(s string) (float64, error) {
	if s == "" {
		return nan, nil
	}
	return strconv.ParseFloat(s, 64)
}
