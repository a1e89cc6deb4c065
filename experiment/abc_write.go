package experiment

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/output"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/scenarios"
)

// WritePosterior writes every generation's particles as CSV:
//
//	generation,particle,<one column per parameter key>,weight,distance
//
// The last generation is the posterior sample; its weights sum to 1.
func WritePosterior(w io.Writer, c *Calibration, r *ABCResult) error {
	cw := csv.NewWriter(w)
	h := []string{"generation", "particle"}
	for _, b := range c.Parameters {
		h = append(h, b.Key)
	}
	if err := cw.Write(append(h, "weight", "distance")); err != nil {
		return err
	}
	f := output.FormatFloat
	for _, g := range r.Generations {
		for i, v := range g.Values {
			rec := []string{strconv.Itoa(g.Generation), strconv.Itoa(i)}
			for _, x := range v {
				rec = append(rec, f(x))
			}
			if err := cw.Write(append(rec, f(g.Weights[i]), f(g.Distances[i]))); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteDiagnostics writes one row per generation as CSV:
//
//	generation,epsilon,particles,simulations,acceptance_rate,ess
//
// epsilon is the tolerance (empty for generation 0, which accepts every
// run), acceptance_rate the share of its simulations accepted and ess the
// effective sample size of its weights.
func WriteDiagnostics(w io.Writer, r *ABCResult) error {
	cw := csv.NewWriter(w)
	f := output.FormatFloat
	rows := [][]string{{"generation", "epsilon", "particles", "simulations", "acceptance_rate", "ess"}}
	for _, g := range r.Generations {
		eps := ""
		if !math.IsInf(g.Epsilon, 1) {
			eps = f(g.Epsilon)
		}
		rows = append(rows, []string{strconv.Itoa(g.Generation), eps, strconv.Itoa(len(g.Values)),
			strconv.Itoa(g.Simulations), f(g.Acceptance()), f(g.ESS())})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WritePredictive writes the posterior predictive check of each target as
// CSV:
//
//	metric,kind,year,from_year,denominator,observed,sd,lo90,median,hi90,inside
func WritePredictive(w io.Writer, c *Calibration, r *ABCResult) error {
	cw := csv.NewWriter(w)
	f := output.FormatFloat
	rows := [][]string{{"metric", "kind", "year", "from_year", "denominator", "observed", "sd", "lo90", "median", "hi90", "inside"}}
	for j, tg := range c.Targets {
		p := r.Predictive[j]
		from := ""
		if tg.Kind == KindTrend {
			from = strconv.Itoa(tg.FromYear)
		}
		rows = append(rows, []string{tg.Metric, tg.Kind.String(), strconv.Itoa(tg.Year), from, tg.Denominator,
			f(tg.Value), f(tg.SD), f(p.Lo), f(p.Median), f(p.Hi), strconv.FormatBool(p.Inside)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WritePosteriorSummary writes each parameter's posterior median and 90%
// interval as CSV:
//
//	key,prior,prior_source,min,max,q05,median,q95
func WritePosteriorSummary(w io.Writer, c *Calibration, r *ABCResult) error {
	cw := csv.NewWriter(w)
	f := output.FormatFloat
	rows := [][]string{{"key", "prior", "prior_source", "min", "max", "q05", "median", "q95"}}
	for k, b := range c.Parameters {
		rows = append(rows, []string{b.Key, b.Prior.Shape.String(), b.PriorSource, f(b.Min), f(b.Max),
			f(r.Quantile(k, predictiveLo)), f(r.Quantile(k, 0.5)), f(r.Quantile(k, predictiveHi))})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// FittedForm is how fitted.toml gives a calibrated key. The zero value,
// FittedMedian, is the posterior median, a plain number.
type FittedForm uint8

const (
	FittedMedian FittedForm = iota // the posterior median ("median", or left out)
	// FittedNormal is a normal prior with the posterior's weighted mean and
	// sd, truncated to the parameter's [min, max] ("normal"): an
	// approximation that 'run --draws' can sample, as the scenario files'
	// priors do not yet read an empirical distribution from posterior.csv.
	FittedNormal
)

var fittedFormNames = [...]string{"median", "normal"}

// String returns the name the command line uses, e.g. "normal".
func (f FittedForm) String() string {
	if int(f) < len(fittedFormNames) {
		return fittedFormNames[f]
	}
	return "FittedForm(" + strconv.Itoa(int(f)) + ")"
}

// MarshalText returns the name the command line uses.
func (f FittedForm) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads a name; "" is FittedMedian.
func (f *FittedForm) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*f = FittedMedian
		return nil
	}
	for i, n := range fittedFormNames {
		if n == string(text) {
			*f = FittedForm(i)
			return nil
		}
	}
	return fmt.Errorf(`must be "median" or "normal"`)
}

// WriteFittedScenario writes the calibration's base scenario with each
// calibrated key set, in the given form, from its posterior, with a comment
// naming the posterior file, its 90% interval and the value it replaced.
// The calibration's own overrides (its set key, e.g. a smaller agent count)
// are not applied: the fitted scenario is the planner's scenario with the
// estimated values. It checks that the text it writes parses and, for
// medians, holds them.
func WriteFittedScenario(w io.Writer, c *Calibration, r *ABCResult, form FittedForm) error {
	text := string(c.base)
	var over []string
	g := r.Final()
	for k, b := range c.Parameters {
		med := r.Quantile(k, 0.5)
		interval := fmt.Sprintf("90%% interval [%s, %s]", output.FormatFloat(r.Quantile(k, predictiveLo)), output.FormatFloat(r.Quantile(k, predictiveHi)))
		where := fmt.Sprintf("posterior.csv, column %q", b.Key)
		if form == FittedNormal {
			var m, v float64
			for i, x := range g.Values {
				m += g.Weights[i] * x[k]
			}
			for i, x := range g.Values {
				v += g.Weights[i] * (x[k] - m) * (x[k] - m)
			}
			// A collapsed posterior still needs sd > 0.
			sd := max(math.Sqrt(v), 1e-9*(b.Max-b.Min))
			value := fmt.Sprintf(`{ prior = "normal", mean = %s, sd = %s, min = %s, max = %s, source = %q }`,
				output.FormatFloat(m), output.FormatFloat(sd), output.FormatFloat(b.Min), output.FormatFloat(b.Max),
				fmt.Sprintf("normal approximation of the posterior of calibrate --method abc (%s): median %s, %s; draws in %s",
					c.Name, output.FormatFloat(med), interval, where))
			text = setTOMLKey(text, b.Key, value, "calibrated: see posterior.csv")
			continue
		}
		note := fmt.Sprintf("posterior median of calibrate --method abc (%s); %s; draws in %s", c.Name, interval, where)
		text = setTOMLKey(text, b.Key, output.FormatFloat(med), note)
		over = append(over, b.Key+"="+output.FormatFloat(med))
	}
	head := fmt.Sprintf("# Fitted by 'brainsim calibrate --method abc' from %s (seed %d, %d generations, status %s).\n",
		filepath.Base(c.Path), c.Seed, len(r.Generations), r.Status)
	if len(c.Set) > 0 {
		head += "# The calibration's overrides were not applied: set = [" + strings.Join(quoteAll(c.Set), ", ") + "].\n"
	}
	text = head + text
	sc, err := scenarios.Parse(c.ScenarioPath, []byte(text))
	if err != nil {
		return fmt.Errorf("sweep: calibrate: the fitted scenario does not parse: %w", err)
	}
	if form == FittedNormal {
		for _, b := range c.Parameters {
			if !slices.ContainsFunc(sc.Priors, func(p model.Prior) bool { return p.Path == b.Key && p.Shape == agents.ShapeNormal }) {
				return fmt.Errorf("sweep: calibrate: the fitted scenario's text does not give %s a normal prior", b.Key)
			}
		}
	} else {
		want, err := scenarios.Parse(c.ScenarioPath, c.base, over...)
		if err != nil {
			return fmt.Errorf("sweep: calibrate: the posterior medians are not a valid scenario: %w", err)
		}
		// The provenance differs (the text's hash, the overrides): the model
		// must not.
		sc.Overrides, want.Overrides, sc.SHA256, want.SHA256 = nil, nil, "", ""
		if !reflect.DeepEqual(sc, want) {
			return fmt.Errorf("sweep: calibrate: the fitted scenario's text does not set %s as the overrides do", strings.Join(over, ", "))
		}
	}
	_, err = io.WriteString(w, text)
	return err
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

var tableHeader = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(#.*)?$`)

// setTOMLKey returns text with the dotted key set to value and note as a
// comment: it replaces the key's line if the key is in the text (as
// "leaf = " in its table, or as a dotted key in an enclosing one), adds it
// under its table's header if the table is there, and else appends the
// table. It handles the single-line values scenario files use; a caller
// checks the result by parsing it.
func setTOMLKey(text, key, value, note string) string {
	if out, ok := setArrayKey(text, key, value, note); ok {
		return out
	}
	lines := strings.Split(text, "\n")
	table := ""
	header := -1 // line of the key's table header
	firstHeader := -1
	dot := strings.LastIndex(key, ".")
	parent := ""
	if dot >= 0 {
		parent = key[:dot]
	}
	for i, l := range lines {
		if m := tableHeader.FindStringSubmatch(l); m != nil && !strings.HasPrefix(strings.TrimSpace(l), "[[") {
			table = m[1]
			if firstHeader < 0 {
				firstHeader = i
			}
			if table == parent {
				header = i
			}
			continue
		}
		eq := strings.Index(l, "=")
		if eq < 0 || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		k := strings.ReplaceAll(strings.TrimSpace(l[:eq]), " ", "")
		full := k
		if table != "" {
			full = table + "." + k
		}
		if full == key {
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			lines[i] = fmt.Sprintf("%s%s = %s # %s (was %s)", indent, k, value, note, strings.TrimSpace(stripComment(l[eq+1:])))
			return strings.Join(lines, "\n")
		}
	}
	leaf := key[dot+1:]
	line := fmt.Sprintf("%s = %s # %s", leaf, value, note)
	switch {
	case parent == "" && firstHeader >= 0:
		lines = insertLine(lines, firstHeader, line)
	case parent == "":
		lines = append(lines, line)
	case header >= 0:
		lines = insertLine(lines, header+1, line)
	default:
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		lines = append(lines, "", "["+parent+"]", line, "")
	}
	return strings.Join(lines, "\n")
}

// arrayKey matches a key of an element of an array of tables, by index
// ("sector[0].emigration_shift") or by the element's name
// ("sector.doctor.emigration_shift"), as --set and calibration keys give
// them.
var (
	arrayKeyIndex = regexp.MustCompile(`^([A-Za-z_]+)\[(\d+)\]\.([A-Za-z0-9_]+)$`)
	arrayKeyName  = regexp.MustCompile(`^([A-Za-z_]+)\.([^.\[\]]+)\.([A-Za-z0-9_]+)$`)
	nameLine      = regexp.MustCompile(`^\s*name\s*=\s*"([^"]*)"`)
)

// setArrayKey is setTOMLKey for a key of an element of an array of tables
// ([[sector]] and the like): it replaces the key's line in the element, or
// adds it right under the element's header. ok is false when the key is
// not of that form or the text has no such element.
func setArrayKey(text, key, value, note string) (string, bool) {
	var array, name, leaf string
	index := -1
	if m := arrayKeyIndex.FindStringSubmatch(key); m != nil {
		array, leaf = m[1], m[3]
		index, _ = strconv.Atoi(m[2])
	} else if m := arrayKeyName.FindStringSubmatch(key); m != nil {
		array, name, leaf = m[1], m[2], m[3]
	} else {
		return text, false
	}
	lines := strings.Split(text, "\n")
	// The elements of the array: the line of each header and the end of
	// the element's own keys (the next header of any kind).
	type element struct{ header, end int }
	var elems []element
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "[") {
			continue
		}
		if n := len(elems); n > 0 && elems[n-1].end < 0 {
			elems[n-1].end = i
		}
		if h := strings.TrimSpace(stripComment(t)); h == "[["+array+"]]" {
			elems = append(elems, element{header: i, end: -1})
		}
	}
	if n := len(elems); n > 0 && elems[n-1].end < 0 {
		elems[n-1].end = len(lines)
	}
	pick := -1
	switch {
	case index >= 0 && index < len(elems):
		pick = index
	case index < 0:
		for j, el := range elems {
			for _, l := range lines[el.header+1 : el.end] {
				if m := nameLine.FindStringSubmatch(l); m != nil && m[1] == name {
					pick = j
				}
			}
		}
	}
	if pick < 0 {
		return text, false
	}
	el := elems[pick]
	for i := el.header + 1; i < el.end; i++ {
		l := lines[i]
		eq := strings.Index(l, "=")
		if eq < 0 || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		if strings.TrimSpace(l[:eq]) == leaf {
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			lines[i] = fmt.Sprintf("%s%s = %s # %s (was %s)", indent, leaf, value, note, strings.TrimSpace(stripComment(l[eq+1:])))
			return strings.Join(lines, "\n"), true
		}
	}
	return strings.Join(insertLine(lines, el.header+1, fmt.Sprintf("%s = %s # %s", leaf, value, note)), "\n"), true
}

func insertLine(lines []string, at int, l string) []string {
	out := append([]string{}, lines[:at]...)
	out = append(out, l)
	return append(out, lines[at:]...)
}

// stripComment returns a single-line TOML value without its trailing
// comment; a '#' inside a string is kept.
func stripComment(v string) string {
	in := false
	for i, r := range v {
		switch {
		case r == '"':
			in = !in
		case r == '#' && !in:
			return v[:i]
		}
	}
	return v
}

// WriteABCPlots writes, in dir, posterior_<key> (a weighted histogram of
// each parameter's posterior over its prior range), abc_epsilon and abc_ess
// (the tolerance and the effective sample size by generation), each as .png
// and .svg as the sweeps' plots are. It returns the names written.
func WriteABCPlots(dir string, c *Calibration, r *ABCResult) ([]string, error) {
	var names []string
	g := r.Final()
	for k, b := range c.Parameters {
		xys := make(plotter.XYs, len(g.Values))
		for i, v := range g.Values {
			xys[i] = plotter.XY{X: v[k], Y: g.Weights[i]}
		}
		// Bins: about sqrt of the particles (the square-root choice),
		// between 5 and 30.
		bins := min(max(int(math.Sqrt(float64(len(xys)))), 5), 30)
		h, err := plotter.NewHistogram(xys, bins)
		if err != nil {
			return names, err
		}
		p := gplot.New()
		p.Title.Text = "posterior of " + b.Key
		p.X.Label.Text = b.Key
		p.Y.Label.Text = "posterior weight"
		p.X.Min, p.X.Max = b.Min, b.Max
		p.Add(h)
		n, err := savePlot(dir, "posterior_"+output.SafeName(b.Key), p)
		names = append(names, n...)
		if err != nil {
			return names, err
		}
	}
	for _, d := range []struct {
		name, label string
		y           func(g *ABCGeneration) float64
	}{
		{"abc_epsilon", "tolerance epsilon (log scale)", func(g *ABCGeneration) float64 { return g.Epsilon }},
		{"abc_ess", "effective sample size", func(g *ABCGeneration) float64 { return g.ESS() }},
	} {
		var xys plotter.XYs
		for _, g := range r.Generations {
			if y := d.y(&g); finite(y) && y > 0 {
				xys = append(xys, plotter.XY{X: float64(g.Generation), Y: y})
			}
		}
		if len(xys) == 0 {
			continue
		}
		p := gplot.New()
		p.Title.Text = c.Name + ": " + strings.TrimSuffix(d.label, " (log scale)") + " by generation"
		p.X.Label.Text = "generation"
		p.Y.Label.Text = d.label
		if d.name == "abc_epsilon" {
			p.Y.Scale = gplot.LogScale{}
			p.Y.Tick.Marker = gplot.LogTicks{Prec: -1}
		}
		l, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return names, err
		}
		p.Add(l, pts)
		n, err := savePlot(dir, d.name, p)
		names = append(names, n...)
		if err != nil {
			return names, err
		}
	}
	return names, nil
}

// savePlot saves p in dir as name.png and name.svg and returns the names.
func savePlot(dir, name string, p *gplot.Plot) ([]string, error) {
	var names []string
	for _, ext := range []string{".png", ".svg"} {
		if err := plot.Save(p, filepath.Join(dir, name+ext), plot.Width, plot.Height); err != nil {
			return names, err
		}
		names = append(names, name+ext)
	}
	return names, nil
}
