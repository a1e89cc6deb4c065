package experiment

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/sensitivity"
)

// TestSobolIshigami checks the path from a sweep's runs to its indices (the
// order of the points, the replicate means, the design rebuilt from the
// plan) on the Ishigami function, whose indices are known. The estimator
// itself is tested in package sensitivity.
func TestSobolIshigami(t *testing.T) {
	// As in sensitivity's TestIndicesIshigami: at N = 20000 the Monte Carlo
	// error of the noisiest index is about 0.01, so 0.03 is three standard
	// errors, while a slip in the order of the outputs is off by 0.1 or more.
	const (
		n    = 20000
		tol  = 0.03
		reps = 2
	)
	ranges := []sensitivity.Range{{Name: "x1", Min: -math.Pi, Max: math.Pi}, {Name: "x2", Min: -math.Pi, Max: math.Pi}, {Name: "x3", Min: -math.Pi, Max: math.Pi}}
	d := sensitivity.NewDesign(n, ranges, rand.New(rand.NewPCG(3, 4)))
	p := &Plan{
		Replicates: reps,
		Parameters: []string{"x1", "x2", "x3"},
		Points:     d.Points(),
		Indicators: []Indicator{{Metric: "f", Step: 12, Year: "2026.0000"}, {Metric: "flat", Step: 12, Year: "2026.0000"}},
		Sobol:      &SobolDesign{N: n, Seed: d.Seed, Min: []float64{-math.Pi, -math.Pi, -math.Pi}, Max: []float64{math.Pi, math.Pi, math.Pi}},
	}
	// Replicates of a point differ by noise that cancels in their mean.
	sums := make([][]float64, len(p.Points))
	for i, x := range p.Points {
		f := sensitivity.Ishigami(x, 7, 0.1)
		sums[i] = []float64{(f + 0.5) + (f - 0.5), 2}
	}
	res := sobolIndices(p, sums)
	first, total := sensitivity.IshigamiIndices(7, 0.1)
	for i := range 3 {
		if got := res[0].Indices.First[i]; math.Abs(got-first[i]) > tol {
			t.Errorf("S_%d = %.4f; want %.4f ± %v", i+1, got, first[i], tol)
		}
		if got := res[0].Indices.Total[i]; math.Abs(got-total[i]) > tol {
			t.Errorf("ST_%d = %.4f; want %.4f ± %v", i+1, got, total[i], tol)
		}
	}
	if res[1].Err == nil || !math.IsNaN(res[1].Indices.First[0]) {
		t.Errorf("a constant indicator: %+v; want an error and NaN indices", res[1])
	}
	var b bytes.Buffer
	if err := WriteSobol(&b, res); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if want := "metric,year,parameter,first,first_lo,first_hi,total,total_lo,total_hi"; lines[0] != want {
		t.Errorf("header = %q; want %q", lines[0], want)
	}
	if want := "flat,2026.0000,x3,,,,,,"; lines[6] != want {
		t.Errorf("line 6 = %q; want %q", lines[6], want)
	}
}

// TestSobolSweep runs a small Sobol design on the model, in one process and
// in shards, and checks that both write the same sobol.csv and plots.
func TestSobolSweep(t *testing.T) {
	e := load(t, sobolExperiment)
	if n := len(e.Plan().Points); n != 12 {
		t.Fatalf("%d points; want N*(k+2) = 12", n)
	}
	dir := t.TempDir()
	sweepInto(t, e, dir, Options{Workers: 2})
	rep, err := Assemble(e.Plan(), dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"results.csv", "sobol.csv",
		"plots/sobol_emigrants_y4.png", "plots/sobol_emigrants_y4.svg",
		"plots/sobol_returnees_y4.png", "plots/sobol_returnees_y4.svg"}
	if strings.Join(rep.Files, " ") != strings.Join(want, " ") {
		t.Errorf("Files = %v; want %v", rep.Files, want)
	}
	sobol := string(readBytes(t, filepath.Join(dir, SobolFile)))
	if n := strings.Count(sobol, "\n"); n != 1+2*2 {
		t.Errorf("sobol.csv has %d lines; want a header and 2 indicators x 2 parameters:\n%s", n, sobol)
	}
	if !strings.Contains(sobol, "\nemigrants,2029.0000,emigration.base_rate,") {
		t.Errorf("sobol.csv lacks the row of emigrants and emigration.base_rate:\n%s", sobol)
	}

	root := t.TempDir()
	var shards []string
	for i := range 2 {
		d := filepath.Join(root, string(rune('a'+i)))
		if _, err := Run(t.Context(), e, d, Options{Shard: i, Shards: 2}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	out := filepath.Join(root, "merged")
	if _, _, err := Merge(out, shards...); err != nil {
		t.Fatal(err)
	}
	for _, f := range want {
		if !bytes.Equal(readBytes(t, filepath.Join(out, f)), readBytes(t, filepath.Join(dir, f))) {
			t.Errorf("merged %s differs from the one-process sweep's", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, RunsDir)); err == nil {
		t.Errorf("Merge copied the runs into %s", out)
	}
}
