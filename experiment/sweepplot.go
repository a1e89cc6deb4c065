package experiment

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"

	"github.com/brainsim/brainsim/output/charts"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
)

// maxGroups is the most lines a plot of a grid sweep draws, one per
// combination of the other parameters' values; beyond it the plot draws
// the mean over them.
const maxGroups = 6

// sweepPlots collects, for a grid or Latin-hypercube sweep, the values of
// the indicators it plots against each parameter, and draws them.
type sweepPlots struct {
	p    *Plan
	inds []int         // indices in p.Indicators of the indicators plotted
	vals [][][]float64 // vals[point][replicate][k], k indexing inds
}

// newSweepPlots returns the collector of the plots of p's sweep, or nil for
// a Sobol design (whose plots are the indices) or a plan with no
// parameter. An indicator kept at given years is plotted at each of them;
// one kept after every step (a series) only after the last step, since a
// plot per step would bury the folder.
func newSweepPlots(p *Plan) *sweepPlots {
	if p.Design == Sobol || len(p.Parameters) == 0 || len(p.Points) == 0 {
		return nil
	}
	last := map[string]int{}
	for k, in := range p.Indicators {
		if j, ok := last[in.Metric]; !ok || in.Step > p.Indicators[j].Step {
			last[in.Metric] = k
		}
	}
	s := &sweepPlots{p: p}
	for k, in := range p.Indicators {
		if last[in.Metric] == k || !p.series() {
			s.inds = append(s.inds, k)
		}
	}
	s.vals = make([][][]float64, len(p.Points))
	for i := range s.vals {
		s.vals[i] = make([][]float64, p.Replicates)
	}
	return s
}

// series reports whether p keeps its indicators after every step: some
// metric is kept at more than one step that is not a whole year.
func (p *Plan) series() bool {
	for _, in := range p.Indicators {
		if p.StepsPerYear > 0 && in.Step%p.StepsPerYear != 0 {
			return true
		}
	}
	return false
}

// add records the indicators of the run of replicate r at point pt, vals
// in the order of p.Indicators.
func (s *sweepPlots) add(pt, r int, vals []float64) {
	row := make([]float64, len(s.inds))
	for k, i := range s.inds {
		row[k] = vals[i]
	}
	s.vals[pt][r] = row
}

// write draws every plotted indicator against every parameter as PNG and
// SVG under out/plots, named sweep_METRIC_yYEARS_PARAMETER, and records
// the files in rep.
func (s *sweepPlots) write(out string, rep *Report) error {
	if err := os.MkdirAll(filepath.Join(out, PlotsDir), 0o755); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	for k, i := range s.inds {
		in := s.p.Indicators[i]
		for j, param := range s.p.Parameters {
			pl, err := s.plot(k, j)
			if err != nil {
				return err
			}
			years := strconv.FormatFloat(float64(in.Step)/float64(s.p.StepsPerYear), 'f', -1, 64)
			base := "sweep_" + charts.FileSafe(in.Metric) + "_y" + years + "_" + charts.FileSafe(param)
			for _, ext := range []string{".png", ".svg"} {
				name := filepath.Join(PlotsDir, base+ext)
				if err := plot.Save(pl, filepath.Join(out, name), plot.Width, plot.Height); err != nil {
					return err
				}
				rep.Files = append(rep.Files, filepath.ToSlash(name))
			}
		}
	}
	return nil
}

// plot returns the plot of plotted indicator k against parameter j: for a
// grid, the replicate mean at each value of the parameter with its 95%
// interval, one line per combination of the other parameters' values (or,
// beyond maxGroups of them, the mean over them with the 95% interval over
// their runs); for a Latin hypercube, the replicate mean at each point as a
// dot, and the mean of the points in bins along the parameter with its 95%
// interval over them.
func (s *sweepPlots) plot(k, j int) (*gplot.Plot, error) {
	in := s.p.Indicators[s.inds[k]]
	param := s.p.Parameters[j]
	title := fmt.Sprintf("%s at %s (year %s) against %s", in.Metric, in.Year[:4],
		strconv.FormatFloat(float64(in.Step)/float64(s.p.StepsPerYear), 'f', -1, 64), param)
	if s.p.Design == LHS {
		xs, ys := s.pointMeans(k, j)
		band := binnedMean(xs, ys)
		band.Label = "binned mean of the points, 95% interval"
		return plot.XBands(title+"\n"+fmt.Sprintf("%d points, mean of %d replicates each", len(xs), s.p.Replicates),
			param, in.Metric, []plot.Band{band}, []plot.Points{{Label: "a point (replicate mean)", X: xs, Y: ys}})
	}
	groups := s.groups(j)
	var bands []plot.Band
	if len(groups) <= maxGroups {
		for _, g := range groups {
			bands = append(bands, s.gridBand(k, j, g.points, g.label))
		}
	} else {
		all := make([]int, len(s.p.Points))
		for i := range all {
			all[i] = i
		}
		bands = append(bands, s.gridBand(k, j, all, fmt.Sprintf("mean over the %d combinations of the other parameters", len(groups))))
	}
	return plot.XBands(title+"\n"+fmt.Sprintf("mean and 95%% interval over %d replicates", s.p.Replicates), param, in.Metric, bands, nil)
}

// group is the points of a grid that share the values of the parameters
// other than one.
type group struct {
	label  string // "k=v, ..." of the other parameters; "" when there is none
	points []int
}

// groups returns the points of the grid by the values of the parameters
// other than j, in order of first appearance.
func (s *sweepPlots) groups(j int) []group {
	var gs []group
	at := map[string]int{}
	for i, pt := range s.p.Points {
		var parts []string
		for q, name := range s.p.Parameters {
			if q != j {
				parts = append(parts, name+"="+strconv.FormatFloat(pt[q], 'g', -1, 64))
			}
		}
		key := strings.Join(parts, ", ")
		g, ok := at[key]
		if !ok {
			g = len(gs)
			at[key] = g
			gs = append(gs, group{label: key})
		}
		gs[g].points = append(gs[g].points, i)
	}
	return gs
}

// gridBand returns the band of plotted indicator k over the values of
// parameter j among points: at each value, the mean and 95% interval of
// the values of every replicate of those points.
func (s *sweepPlots) gridBand(k, j int, points []int, label string) plot.Band {
	byX := map[float64][]float64{}
	var xs []float64
	for _, i := range points {
		x := s.p.Points[i][j]
		if _, ok := byX[x]; !ok {
			xs = append(xs, x)
		}
		for _, row := range s.vals[i] {
			byX[x] = append(byX[x], row[k])
		}
	}
	slices.Sort(xs)
	b := plot.Band{Label: label, X: xs, Mean: make([]float64, len(xs)), Lo: make([]float64, len(xs)), Hi: make([]float64, len(xs))}
	for i, x := range xs {
		e := results.MeanCI(byX[x])
		b.Mean[i], b.Lo[i], b.Hi[i] = e.Mean, e.Lo, e.Hi
	}
	return b
}

// pointMeans returns parameter j's value and the replicate mean of
// plotted indicator k at every point.
func (s *sweepPlots) pointMeans(k, j int) (xs, ys []float64) {
	col := make([]float64, s.p.Replicates)
	for i, pt := range s.p.Points {
		for r, row := range s.vals[i] {
			col[r] = row[k]
		}
		xs = append(xs, pt[j])
		ys = append(ys, results.MeanCI(col).Mean)
	}
	return xs, ys
}

// binnedMean returns the mean of ys in bins of consecutive xs, in order
// of x: about √n bins of at least 3 points each, each at the mean x of its
// points, with the 95% interval of the mean of its ys.
func binnedMean(xs, ys []float64) plot.Band {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	n := len(idx)
	bins := max(1, min(int(math.Sqrt(float64(n))), n/3))
	var b plot.Band
	for q := range bins {
		lo, hi := q*n/bins, (q+1)*n/bins
		var bx, by []float64
		for _, i := range idx[lo:hi] {
			bx = append(bx, xs[i])
			by = append(by, ys[i])
		}
		e := results.MeanCI(by)
		b.X = append(b.X, results.MeanCI(bx).Mean)
		b.Mean, b.Lo, b.Hi = append(b.Mean, e.Mean), append(b.Lo, e.Lo), append(b.Hi, e.Hi)
	}
	return b
}
