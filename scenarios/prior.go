package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/agents"
	"github.com/brainsim/brainsim/model"
)

// A prior is written where a real-valued key's value goes, as an inline
// table with a "prior" key (docs/scenarios.md, "Priors"):
//
//	wage_gap = { prior = "normal", mean = 1.0, sd = 0.3, min = 0, max = 3, source = "assumed" }
//
// Before the file is checked against the schema, every such table is taken
// out of the decoded tree, recorded by key path, and replaced by the
// prior's median, so that the rest of loading and validation sees a plain
// value.

// priorKeys are the keys a prior table may have, sorted.
var priorKeys = []string{"alpha", "beta", "max", "mean", "median", "min", "mode", "prior", "sd", "sdlog", "source"}

// shapeKeys are the parameters each shape needs, and may have, besides
// prior and source.
var shapeKeys = map[agents.Shape]struct{ need, may []string }{
	agents.ShapeUniform:    {need: []string{"min", "max"}},
	agents.ShapeNormal:     {need: []string{"mean", "sd"}, may: []string{"min", "max"}},
	agents.ShapeLognormal:  {need: []string{"median", "sdlog"}, may: []string{"min", "max"}},
	agents.ShapeBeta:       {need: []string{"alpha", "beta"}, may: []string{"min", "max"}},
	agents.ShapeTriangular: {need: []string{"min", "mode", "max"}},
}

// priorAt is a prior with the key path that locates it in the file.
type priorAt struct {
	at    keyPath
	prior model.Prior
}

// priorSet is the priors of a file, as overrides change them.
type priorSet []priorAt

// drop forgets the prior at p: an override gave the key a plain value.
func (ps *priorSet) drop(p keyPath) {
	*ps = slices.DeleteFunc(*ps, func(q priorAt) bool { return q.at.String() == p.String() })
}

// merge adds the priors of more, replacing any at the same path.
func (ps *priorSet) merge(more []priorAt) {
	for _, q := range more {
		ps.drop(q.at)
		*ps = append(*ps, q)
	}
}

// list returns the priors sorted by path.
func (ps priorSet) list() []model.Prior {
	if len(ps) == 0 {
		return nil
	}
	out := make([]model.Prior, len(ps))
	for i, q := range ps {
		out[i] = q.prior
	}
	slices.SortFunc(out, func(a, b model.Prior) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// extractPriors takes every prior table out of the decoded tree, replacing
// it by the prior's median, and returns the priors. A prior with problems
// is reported at its key and dropped (the key keeps its default).
func (c *collector) extractPriors(tree map[string]any) []priorAt {
	var out []priorAt
	c.priorsIn(tree, scenarioType, nil, "", &out)
	return out
}

// priorsIn walks table m of struct type t at path p (name is the same path
// as --set takes it, by element name where an element has one).
func (c *collector) priorsIn(m map[string]any, t reflect.Type, p keyPath, name string, out *[]priorAt) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f, ok := fieldNamed(t, k)
		if !ok {
			continue // checkTree reports it
		}
		ft := deref(f.typ)
		kp, kn := p.child(k), joinLevel(name, k)
		switch v := m[k].(type) {
		case map[string]any:
			if _, isPrior := v["prior"]; isPrior {
				switch ft.Kind() {
				case reflect.Float64, reflect.Float32:
				default:
					c.add(kp, "", fmt.Sprintf("a prior applies to a real-valued key; %s is %s", kn, kindName(ft)))
					delete(m, k)
					c.prune(kp)
					continue
				}
				pr, msg := readPrior(v)
				if msg != "" {
					c.add(kp, "", msg)
					delete(m, k)
					c.prune(kp)
					continue
				}
				pr.Path = kn
				m[k] = pr.Central()
				*out = append(*out, priorAt{at: kp, prior: pr})
				continue
			}
			if ft.Kind() == reflect.Struct {
				c.priorsIn(v, ft, kp, kn, out)
			}
		case []map[string]any, []any:
			if !isTableArray(ft) {
				continue
			}
			for j, e := range tableElems(v) {
				sub, ok := e.(map[string]any)
				if !ok {
					continue
				}
				et := ft.Elem()
				if ft == policiesType {
					et = blockTypeOf(sub)
				}
				en := fmt.Sprintf("%s[%d]", kn, j)
				if s, ok := sub["name"].(string); ok && s != "" {
					en = joinLevel(kn, s)
				}
				c.priorsIn(sub, et, kp.elem(j), en, out)
			}
		}
	}
}

// kindName says what kind of value a key of type t holds, for a problem.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	}
	return "not a number"
}

// readPrior reads a prior table, or returns a message saying what is wrong
// and what is valid.
func readPrior(m map[string]any) (model.Prior, string) {
	var pr model.Prior
	name, ok := m["prior"].(string)
	if !ok {
		return pr, `prior must be a string: "uniform", "normal", "lognormal", "beta" or "triangular"`
	}
	var err error
	if pr.Shape, err = agents.ParseShape(name, agents.PriorShapes[:]...); err != nil {
		return pr, fmt.Sprintf("prior = %q: %v", name, err)
	}
	sk := shapeKeys[pr.Shape]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	allowed := append(append([]string{"prior", "source"}, sk.need...), sk.may...)
	nums := map[string]float64{}
	for _, k := range keys {
		if !slices.Contains(priorKeys, k) {
			return pr, fmt.Sprintf("unknown key %q in a prior; %s", k, didYouMean(k, priorKeys, "prior keys are", ""))
		}
		if !slices.Contains(allowed, k) {
			return pr, fmt.Sprintf("a %s prior does not read %q; it reads %s", name, k, joinWords(allowed, "and"))
		}
		if k == "prior" || k == "source" {
			continue
		}
		switch x := m[k].(type) {
		case float64:
			nums[k] = x
		case int64:
			nums[k] = float64(x)
		default:
			return pr, fmt.Sprintf("%s must be a number, not %s", k, tomlType(m[k]))
		}
	}
	for _, k := range sk.need {
		if _, ok := nums[k]; !ok {
			return pr, fmt.Sprintf("a %s prior needs %s", name, joinWords(sk.need, "and"))
		}
	}
	src, _ := m["source"].(string)
	if strings.TrimSpace(src) == "" {
		return pr, `a prior needs its source: source = "..." (a reference, or "assumed")`
	}
	pr.Source = src
	pr.Min, pr.Max = math.Inf(-1), math.Inf(1)
	switch pr.Shape {
	case agents.ShapeLognormal:
		pr.Min = 0
	case agents.ShapeBeta:
		pr.Min, pr.Max = 0, 1
	}
	for k, x := range nums {
		switch k {
		case "mean":
			pr.Mean = x
		case "sd":
			pr.SD = x
		case "median":
			pr.Median = x
		case "sdlog":
			pr.SDLog = x
		case "alpha":
			pr.Alpha = x
		case "beta":
			pr.Beta = x
		case "mode":
			pr.Mode = x
		case "min":
			pr.Min = x
		case "max":
			pr.Max = x
		}
	}
	if err := pr.Validate(); err != nil {
		return pr, err.Error()
	}
	return pr, ""
}

// checkPriorBounds reports a prior whose lowest or highest draw the key's
// own validation rejects: the scenario is parsed again with the key set
// to each, and the first problem is reported at the prior.
func (c *collector) checkPriorBounds(name string, data []byte, overrides []string, ps priorSet) {
	for _, q := range ps {
		for _, end := range []struct {
			what string
			x    float64
		}{{"lowest", q.prior.Lowest()}, {"highest", q.prior.Highest()}} {
			set := q.prior.Path + "=" + strconv.FormatFloat(end.x, 'g', -1, 64)
			_, err := parse(name, data, false, append(slices.Clone(overrides), set)...)
			var probs Problems
			if errors.As(err, &probs) && len(probs) > 0 {
				c.add(q.at, "", fmt.Sprintf("the prior's %s draw, %s, is out of the key's range: %s",
					end.what, fmtFloat(roundSig(end.x, 4)), probs[0].Msg))
				break
			}
		}
	}
}

// joinWords quotes ws and joins them as a list ending in "and" or "or".
func joinWords(ws []string, last string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = strconv.Quote(w)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + last + " " + q[len(q)-1]
}
