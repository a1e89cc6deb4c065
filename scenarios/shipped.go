package scenarios

import (
	"brainsim/model"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// files holds the shipped scenario files, so the binary carries its presets.
//
//go:embed *.toml
var files embed.FS

// Shipped returns the names of the shipped scenarios (file names without
// .toml), sorted.
func Shipped() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic("scenarios: reading the embedded files: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// ShippedFile returns the text of a shipped scenario.
func ShippedFile(name string) ([]byte, error) {
	data, err := files.ReadFile(name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("scenarios: no shipped scenario %q; shipped: %s", name, strings.Join(Shipped(), ", "))
	}
	return data, nil
}

// LoadShipped loads a shipped scenario by name, with overrides, as Load does
// for a file.
func LoadShipped(name string, overrides ...string) (*model.Scenario, error) {
	data, err := ShippedFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name+".toml", data, overrides...)
}
