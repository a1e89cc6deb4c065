package scenarios

import (
	"fmt"
	"regexp"
	"strings"
)

// Audit of a scenario file's numbers (issue 14, item 5): every numeric
// parameter is classed by the comment beside it, following the conventions
// of the shipped files (docs/scenarios.md, "Sources, and what "assumed"
// means"): a source, "calibrated", "assumed", or a distribution (a prior)
// instead of a value. The audit reads the text, not the parsed scenario,
// because the class lives in the comments.

// ParamClass is the class of a numeric parameter of a scenario file.
type ParamClass int

const (
	// ClassUnit is a number whose comment gives only its unit or meaning,
	// or a key whose unit was given where the file first set it (the
	// convention of baseline.toml): neither a source nor "assumed".
	ClassUnit ParamClass = iota
	// ClassSourced is a number whose comment cites a source (a file of
	// ../shared, a year of publication, an institution) and does not say
	// "assumed" or "calibrated".
	ClassSourced
	// ClassCalibrated is a number whose comment says "calibrated": fitted
	// so that the run reproduces a figure, named in the comment; or a
	// key given a distribution whose source starts with "calibrated" (a
	// calibration's posterior, carried by --draws).
	ClassCalibrated
	// ClassAssumed is a number whose comment says "assumed", without a
	// prior.
	ClassAssumed
	// ClassPrior is a key given a distribution whose source starts with
	// "assumed": assumed, with its uncertainty stated (docs/scenarios.md,
	// "Priors").
	ClassPrior
	numClasses
)

// classNames are the names of the classes in the audit table.
var classNames = [numClasses]string{"unit only", "sourced", "calibrated", "assumed", "assumed with prior"}

// String returns the class's name as the audit table prints it.
func (c ParamClass) String() string {
	if c < 0 || c >= numClasses {
		return fmt.Sprintf("ParamClass(%d)", int(c))
	}
	return classNames[c]
}

// AuditCounts counts the numeric parameters of a file by class.
type AuditCounts [numClasses]int

// Total returns the number of numeric parameters counted.
func (a AuditCounts) Total() int {
	n := 0
	for _, v := range a {
		n += v
	}
	return n
}

// AuditProblem is a numeric parameter with no comment: neither a unit, a
// source nor "assumed".
type AuditProblem struct {
	File string
	Line int
	Key  string
}

func (p AuditProblem) String() string {
	return fmt.Sprintf("%s:%d: %s: a number with no comment; give its unit, its source, \"calibrated\" or \"(assumed)\"", p.File, p.Line, p.Key)
}

var (
	// auditNumber matches a key set to a number (TOML's integers, with
	// underscores, and floats), in a line or an inline table.
	auditNumber = regexp.MustCompile(`([A-Za-z0-9_"\-]+)\s*=\s*[-+]?(?:\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?|inf|nan)\b`)
	// auditPrior matches a key given a distribution.
	auditPrior = regexp.MustCompile(`^\s*([A-Za-z0-9_"\-]+)\s*=\s*\{\s*prior\s*=`)
	// auditPriorSource is the source of a prior.
	auditPriorSource = regexp.MustCompile(`source\s*=\s*"([^"]*)"`)
	// auditSource matches a citation in a comment: a file of ../shared, a
	// year of publication, or an institution whose data the files quote.
	auditSource = regexp.MustCompile(`(seeds|data)/|\.csv|\b(19|20)\d\d\b|World Bank|WDI|WHO|OECD|UN DESA|\bet al\b|\bseeds\b`)
)

// Audit classes the numeric parameters of the scenario file named file
// with text src. It counts the keys of the model's tables; it leaves out
// the run settings before the first table (seed, replicates, agents, the
// calendar) and the [[policy]] blocks, whose figures are the question a
// scenario asks, documented in the comment block above each. A number
// without a comment is a problem, unless the same key had one earlier in
// the file (a unit given once, as in baseline.toml's second sector) or the
// header of its table has one.
func Audit(file string, src []byte) (AuditCounts, []AuditProblem) {
	var (
		counts     AuditCounts
		problems   []AuditProblem
		table      string
		documented = map[string]bool{}
	)
	for i, line := range strings.Split(string(src), "\n") {
		code, comment := splitComment(line)
		trimmed := strings.TrimSpace(code)
		if strings.HasPrefix(trimmed, "[") && !strings.Contains(trimmed, "=") {
			table = strings.Trim(trimmed, "[] ")
			// A comment on the header gives the unit of the table's keys
			// (baseline.toml's [destination.wage]).
			if strings.TrimSpace(comment) != "" {
				documented[table+".*"] = true
			}
			continue
		}
		if table == "" || table == "policy" || strings.HasPrefix(table, "policy.") {
			continue
		}
		if m := auditPrior.FindStringSubmatch(code); m != nil {
			src := ""
			if s := auditPriorSource.FindStringSubmatch(code); s != nil {
				src = s[1]
			}
			c := ClassSourced
			switch s := strings.ToLower(strings.TrimSpace(src)); {
			case strings.HasPrefix(s, "assumed"):
				c = ClassPrior
			case strings.HasPrefix(s, "calibrated"):
				// A posterior carried as a prior (calibrate --fitted
				// normal): fitted to targets, not taken from a source.
				c = ClassCalibrated
			}
			counts[c]++
			documented[table+"."+m[1]] = true
			continue
		}
		for _, m := range auditNumber.FindAllStringSubmatch(code, -1) {
			key := table + "." + m[1]
			c, ok := classify(comment)
			if !ok {
				if !documented[key] && !documented[table+".*"] {
					problems = append(problems, AuditProblem{File: file, Line: i + 1, Key: m[1]})
				}
				c = ClassUnit
			}
			documented[key] = true
			counts[c]++
		}
	}
	return counts, problems
}

// classify returns the class of a number from its comment, and false if
// there is no comment.
func classify(comment string) (ParamClass, bool) {
	c := strings.ToLower(strings.TrimSpace(comment))
	switch {
	case c == "":
		return ClassUnit, false
	case strings.Contains(c, "calibrated"):
		return ClassCalibrated, true
	case strings.Contains(c, "assumed"):
		return ClassAssumed, true
	case auditSource.MatchString(comment):
		return ClassSourced, true
	}
	return ClassUnit, true
}

// splitComment splits a TOML line into its code and its comment, minding
// '#' inside a string.
func splitComment(line string) (code, comment string) {
	inString := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			inString = !inString
		case '\\':
			if inString {
				i++
			}
		case '#':
			if !inString {
				return line[:i], line[i+1:]
			}
		}
	}
	return line, ""
}

// AuditTable returns the Markdown table of the audit of the named files,
// one row a file: the count of numeric parameters in each class and the
// share that is sourced, calibrated or assumed with a prior.
func AuditTable(names []string, counts []AuditCounts) string {
	var b strings.Builder
	b.WriteString("| preset | numbers |")
	for c := ParamClass(0); c < numClasses; c++ {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString(" sourced, calibrated or with prior |\n|---|---:|")
	for c := ParamClass(0); c < numClasses; c++ {
		b.WriteString("---:|")
	}
	b.WriteString("---:|\n")
	for i, name := range names {
		a := counts[i]
		fmt.Fprintf(&b, "| `%s.toml` | %d |", name, a.Total())
		for c := ParamClass(0); c < numClasses; c++ {
			fmt.Fprintf(&b, " %d |", a[c])
		}
		good := a[ClassSourced] + a[ClassCalibrated] + a[ClassPrior]
		fmt.Fprintf(&b, " %.0f%% |\n", 100*float64(good)/float64(max(a.Total(), 1)))
	}
	return b.String()
}
