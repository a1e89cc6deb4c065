package scenarios

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/scenarios/strict"
)

// Load reads the scenario file at path and returns it with overrides
// applied, as Parse does. Problems name the file by path as given; a path
// that is not a readable regular file of at most strict.MaxFileBytes is a
// problem too.
func Load(path string, overrides ...string) (*model.Scenario, error) {
	data, p := strict.ReadFile(path)
	if p != nil {
		return nil, Problems{p}
	}
	return Parse(path, data, overrides...)
}

// Parse decodes the TOML scenario data, read from the file name, applies
// overrides and validates the result. It returns either a valid scenario or
// a non-nil error, which is of type Problems unless something other than the
// scenario went wrong.
//
// Keys the file leaves out keep their values from Defaults. Decoding is
// strict: an unknown key is a problem, with a suggestion for a likely typo,
// and so are a value of the wrong type and a key of a [[policy]] block that
// its kind does not read (its lever type in package model has no such field); these, like the problems Validate
// finds, name the file, the line and the key path. If the file has such
// problems, Parse reports them and goes no further.
//
// Each override is key.path=value, applied in order after the file. The key
// path is as in problems, an array of tables element picked by 0-based index
// or by name: "sector[1].wage_home" or "sector.nurse.wage_home". A key may be
// quoted, as in TOML: `destination."New Zealand".fee`. The value is a TOML
// value (1.5, true, "text", [1, 2], {nurse = 6e4}); a word that is not one
// is taken as a string, so origin.name=Ghana sets "Ghana". Problems caused
// by an override name its flag, e.g. "--set destination.UK.fee=1.4", instead
// of a line. The scenario records name in Path, the overrides in
// Overrides and the SHA-256 of data in SHA256.
func Parse(name string, data []byte, overrides ...string) (*model.Scenario, error) {
	return parse(name, data, true, overrides...)
}

// ParseRun is Parse without the check of the file's priors' extreme draws
// against the keys' ranges, for the many runs of an experiment (a sweep's
// points, a calibration's simulations) over a file that Parse accepted once
// with the experiment's own settings. Every value a run uses is still
// validated, the overrides' included; what it leaves out is a property of
// the file's priors, which does not change from run to run, and costs two
// more parses a prior (about 70% of a calibration's CPU on ghana.toml,
// docs/PERFORMANCE.md).
func ParseRun(name string, data []byte, overrides ...string) (*model.Scenario, error) {
	return parse(name, data, false, overrides...)
}

// parse is Parse; bounds says whether to check the extreme draws of the
// file's priors against the keys' ranges (checkPriorBounds), which parses
// the file again with bounds false.
func parse(name string, data []byte, bounds bool, overrides ...string) (*model.Scenario, error) {
	src := string(data)
	var tree map[string]any
	if _, err := toml.Decode(src, &tree); err != nil {
		return nil, Problems{strict.Syntax(name, src, err)}
	}
	ix := newIndex(name, src)
	// Every problem is found in one pass: checking drops the keys it
	// reports from the tree, so the rest still decodes and is validated,
	// and problems that would only follow from a dropped key are not
	// reported. A dropped name, table or array stops before validation,
	// since what refers to it would only give follow-on problems.
	c := &collector{ix: ix, file: name}
	priors := priorSet(c.extractPriors(tree))
	c.checkTree(tree)
	if len(overrides) > 0 {
		applyOverrides(c, tree, ix, overrides, &priors)
	}
	if c.structural {
		return nil, c.err()
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(tree); err != nil {
		return nil, fmt.Errorf("scenarios: %s: re-encoding the checked file: %w", name, err)
	}
	src = b.String()

	s := Defaults()
	md, err := toml.Decode(src, &s)
	if err != nil {
		// checkTable lets through only what decodes, so this is a bug.
		return nil, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	kinds, err := decodeLevers(&s, tree)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	for _, k := range md.Undecoded() { // a safety net: checkTable found them all
		if len(k) > 0 && k[0] == "policy" {
			continue // the kind and the lever's keys, read by decodeLevers
		}
		c.addAt(location{file: name}, "", "", fmt.Sprintf("unknown key %q", k.String()))
	}
	s.Path = name
	s.Overrides = slices.Clone(overrides)
	s.SHA256 = fmt.Sprintf("%x", sha256.Sum256(data))
	s.Priors = priors.list()
	validateInto(c, &s, kinds)
	if bounds && len(priors) > 0 && c.err() == nil {
		c.checkPriorBounds(name, data, overrides, priors)
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return &s, nil
}
