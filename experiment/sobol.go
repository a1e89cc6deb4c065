package experiment

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"

	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/sensitivity"
)

// SobolFile is the name of the Sobol indices in the output folder of a
// sweep with a Sobol design.
const SobolFile = "sobol.csv"

// PlotsDir is the folder, inside an output folder, of the Sobol bar plots.
const PlotsDir = "plots"

var nan = math.NaN()

// SobolResult holds the Sobol indices of one indicator.
type SobolResult struct {
	Indicator Indicator
	// Indices are the first-order and total indices of the parameters,
	// estimated from the replicate means of the indicator at each point,
	// with 95% bootstrap intervals. Their slices are NaN where Err is set.
	Indices sensitivity.Indices
	Err     error // why the indices could not be estimated, e.g. a constant indicator
}

// sobolIndices estimates the indices of every indicator from sums[i][k],
// the sum over replicates of indicator k at point i.
func sobolIndices(p *Plan, sums [][]float64) []SobolResult {
	k := len(p.Parameters)
	d := &sensitivity.Design{N: p.Sobol.N, Seed: p.Sobol.Seed, Ranges: make([]sensitivity.Range, k)}
	for j, name := range p.Parameters {
		d.Ranges[j] = sensitivity.Range{Name: name, Min: p.Sobol.Min[j], Max: p.Sobol.Max[j]}
	}
	res := make([]SobolResult, len(p.Indicators))
	y := make([]float64, len(p.Points))
	for ind, in := range p.Indicators {
		for i := range y {
			y[i] = sums[i][ind] / float64(p.Replicates)
		}
		r := SobolResult{Indicator: in}
		r.Indices, r.Err = d.Indices(y)
		if r.Err != nil {
			r.Indices = sensitivity.Indices{
				Names:   append([]string(nil), p.Parameters...),
				First:   nans(k),
				Total:   nans(k),
				FirstCI: make([][2]float64, k),
				TotalCI: make([][2]float64, k),
			}
			for j := range k {
				r.Indices.FirstCI[j] = [2]float64{nan, nan}
				r.Indices.TotalCI[j] = [2]float64{nan, nan}
			}
		}
		res[ind] = r
	}
	return res
}

func nans(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = nan
	}
	return xs
}

// writeSobol writes sobol.csv and the plots of the indices into out, and
// records them in rep.
func writeSobol(p *Plan, out string, sums [][]float64, rep *Report) error {
	res := sobolIndices(p, sums)
	rep.Sobol = res
	for _, r := range res {
		if r.Err != nil {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("no Sobol indices for %s at %s: %v", r.Indicator.Metric, strings.TrimSuffix(r.Indicator.Year, ".0000"), r.Err))
		}
	}
	if err := output.WriteFileAtomic(filepath.Join(out, SobolFile), func(w io.Writer) error {
		return WriteSobol(w, res)
	}); err != nil {
		return err
	}
	rep.Files = append(rep.Files, SobolFile)

	if err := os.MkdirAll(filepath.Join(out, PlotsDir), 0o755); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	for _, r := range res {
		if r.Err != nil {
			continue
		}
		pl, err := SobolPlot(r, p.StepsPerYear)
		if err != nil {
			return err
		}
		base := fmt.Sprintf("sobol_%s_y%s", r.Indicator.Metric, strconv.FormatFloat(float64(r.Indicator.Step)/float64(p.StepsPerYear), 'f', -1, 64))
		for _, ext := range []string{".png", ".svg"} {
			name := filepath.Join(PlotsDir, base+ext)
			if err := plot.Save(pl, filepath.Join(out, name), plot.Width, plot.Height); err != nil {
				return err
			}
			rep.Files = append(rep.Files, name)
		}
	}
	return nil
}

// WriteSobol writes the Sobol indices as CSV: a header
// "metric,year,parameter,first,first_lo,first_hi,total,total_lo,total_hi",
// then one row per indicator and parameter, lo and hi being the bounds of
// the 95% bootstrap intervals. Numbers are formatted by output.FormatFloat;
// indices that could not be estimated are empty.
func WriteSobol(w io.Writer, res []SobolResult) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"metric", "year", "parameter", "first", "first_lo", "first_hi", "total", "total_lo", "total_hi"}); err != nil {
		return err
	}
	f := output.FormatFloat
	for _, r := range res {
		ix := r.Indices
		for j, name := range ix.Names {
			rec := []string{r.Indicator.Metric, r.Indicator.Year, name,
				f(ix.First[j]), f(ix.FirstCI[j][0]), f(ix.FirstCI[j][1]),
				f(ix.Total[j]), f(ix.TotalCI[j][0]), f(ix.TotalCI[j][1])}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// SobolPlot returns a bar plot of the first-order and total indices of one
// indicator, two bars per parameter, with their 95% bootstrap intervals.
func SobolPlot(r SobolResult, stepsPerYear int) (*gplot.Plot, error) {
	ix := r.Indices
	var labels []string
	var vals, lo, hi []float64
	for j, name := range ix.Names {
		labels = append(labels, name+" (first-order)", name+" (total)")
		vals = append(vals, ix.First[j], ix.Total[j])
		lo = append(lo, ix.FirstCI[j][0], ix.TotalCI[j][0])
		hi = append(hi, ix.FirstCI[j][1], ix.TotalCI[j][1])
	}
	years := strconv.FormatFloat(float64(r.Indicator.Step)/float64(stepsPerYear), 'f', -1, 64)
	title := fmt.Sprintf("Sobol indices of %s after %s years (%s)", r.Indicator.Metric, years, r.Indicator.Year[:4])
	return plot.Bars(title, "share of variance (bars: estimate; lines: 95% bootstrap interval)", labels, vals, lo, hi)
}
