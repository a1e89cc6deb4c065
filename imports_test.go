// Package brainsim_test holds the test of the package graph: which of
// brainsim's packages may import which (docs/ARCHITECTURE.md). It runs with
// the rest of `go test ./...`, so an import that breaks the rule fails CI.
package brainsim_test

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/brainsim/brainsim"

// allowed lists, for each package of the module, the module's packages its
// non-test files may import. A pattern ending in "/..." stands for every
// package below that path. The rule: the engine (sim) knows no file, screen
// or file format; decision rules (agents) and the typed data (model,
// results) know nothing but themselves; only cmd/brainsim wires everything.
var allowed = map[string][]string{
	"agents":           nil,
	"results":          nil,
	"sensitivity":      nil,
	"scenarios/strict": nil,
	"data":             nil,
	"model":            {"agents"},
	"sim":              {"agents", "model", "results"},
	"scenarios":        {"agents", "model", "scenarios/strict"},
	// The report and charts show the model's parameters and policy
	// timeline, so output may read model data; it never imports the
	// engine or the scenario files.
	"output":       {"results", "model", "output/..."},
	"output/...":   {"results", "model", "output/..."},
	"experiment":   {"agents", "sim", "scenarios", "scenarios/strict", "model", "results", "sensitivity", "output", "output/..."},
	"live":         {"agents", "sim", "scenarios", "model", "results", "output", "output/..."},
	"validation":   {"agents", "data", "experiment", "sim", "scenarios", "scenarios/strict", "model", "results", "sensitivity", "output", "output/..."},
	"cmd/brainsim": {"..."},
}

// rule returns the allowed imports of package rel, and whether the table
// has a row for it.
func rule(rel string) ([]string, bool) {
	if a, ok := allowed[rel]; ok {
		return a, true
	}
	for pat, a := range allowed {
		if prefix, ok := strings.CutSuffix(pat, "/..."); ok && strings.HasPrefix(rel, prefix+"/") {
			return a, true
		}
	}
	return nil, false
}

// permits reports whether the allowed list a lets a package import dep.
func permits(a []string, dep string) bool {
	return slices.ContainsFunc(a, func(pat string) bool {
		if pat == "..." || pat == dep {
			return true
		}
		prefix, ok := strings.CutSuffix(pat, "/...")
		return ok && (dep == prefix || strings.HasPrefix(dep, prefix+"/"))
	})
}

// modulePackages returns the module's packages: each folder with non-test
// Go files, by path relative to the module root, with its internal imports.
func modulePackages(t *testing.T, root string) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(path, 0)
		if err != nil {
			if _, none := err.(*build.NoGoError); none {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		var deps []string
		for _, imp := range p.Imports {
			if dep, ok := strings.CutPrefix(imp, module+"/"); ok {
				deps = append(deps, dep)
			}
		}
		pkgs[rel] = deps
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestImportRule fails on any import between the module's packages that the
// table does not allow, and on a package the table has no row for.
func TestImportRule(t *testing.T) {
	pkgs := modulePackages(t, ".")
	if len(pkgs) < 10 {
		t.Fatalf("found %d packages; is the test run from the module root?", len(pkgs))
	}
	for _, rel := range slices.Sorted(func(yield func(string) bool) {
		for k := range pkgs {
			if !yield(k) {
				return
			}
		}
	}) {
		if rel == "." {
			continue
		}
		a, ok := rule(rel)
		if !ok {
			t.Errorf("package %s has no row in the import rule (imports_test.go, docs/ARCHITECTURE.md); add one", rel)
			continue
		}
		for _, dep := range pkgs[rel] {
			if !permits(a, dep) {
				t.Errorf("%s imports %s, which the rule forbids; %s may import only %v", rel, dep, rel, a)
			}
		}
	}
}
