package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/model"
)

// files holds the shipped scenario files, so the binary carries its presets.
//
//go:embed *.toml
var files embed.FS

// Shipped returns the names of the shipped scenarios (file names without
// .toml), sorted.
func Shipped() []string { return tomlNames(files, ".") }

// tomlNames returns the names of the .toml files in folder dir of fsys,
// without the extension, sorted. The files are embedded, so a failure to
// read them is a broken build.
func tomlNames(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic("scenarios: reading the embedded files: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		// A preset's calibration file (NAME.calibration.toml, beside it)
		// is not a scenario.
		if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok && !strings.HasSuffix(n, CalibrationSuffix) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// CalibrationSuffix ends the name of a preset's calibration file, beside
// the preset: ghana.calibration.toml holds the targets of ghana.toml
// (docs/VALIDATION.md, data/README.md).
const CalibrationSuffix = ".calibration"

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

// Open loads the scenario that arg names, as the command line takes it: the
// file at path arg if there is one (a path always wins), else the shipped
// scenario of that name, such as "ghana". Problems of a file that exists
// name the file; an arg that is neither gives a problem listing the
// shipped names.
func Open(arg string, overrides ...string) (*model.Scenario, error) {
	if _, err := os.Stat(arg); err == nil || !isName(arg) {
		return Load(arg, overrides...)
	}
	if slices.Contains(Shipped(), arg) {
		return LoadShipped(arg, overrides...)
	}
	return nil, Problems{{File: arg, Msg: "no such file, and not a shipped scenario; " +
		didYouMean(arg, Shipped(), "shipped scenarios are", "")}}
}

// isName reports whether arg could name a shipped scenario: a bare word
// without a folder or an extension.
func isName(arg string) bool {
	return arg != "" && !strings.ContainsAny(arg, `/\.`)
}

// Bench is the shipped scenario that `brainsim bench` runs: a reference
// workload for measuring speed, not a setting to teach or plan with.
const Bench = "bench"

// Presets returns the shipped scenarios offered to people (the classroom
// page, `brainsim scenarios list`): every shipped scenario but Bench.
func Presets() []string {
	return slices.DeleteFunc(Shipped(), func(n string) bool { return n == Bench })
}

// experimentFiles holds the shipped experiment and calibration files, whose
// base scenario is a shipped scenario ("../baseline.toml").
//
//go:embed experiments/*.toml
var experimentFiles embed.FS

// ExperimentsDir is the folder of the shipped experiment and calibration
// files, relative to the shipped scenarios: their scenario keys name
// ../NAME.toml.
const ExperimentsDir = "experiments"

// ShippedExperiments returns the names of the shipped experiment and
// calibration files (file names without .toml), sorted.
func ShippedExperiments() []string { return tomlNames(experimentFiles, ExperimentsDir) }

// ShippedExperimentFile returns the text of a shipped experiment or
// calibration file.
func ShippedExperimentFile(name string) ([]byte, error) {
	data, err := experimentFiles.ReadFile(ExperimentsDir + "/" + name + ".toml")
	if err != nil {
		return nil, fmt.Errorf("scenarios: no shipped experiment or calibration %q; shipped: %s", name, strings.Join(ShippedExperiments(), ", "))
	}
	return data, nil
}

// IsShippedName reports whether arg is to be read as the name of a shipped
// file among names rather than as a path: it is a bare word without a
// folder or an extension, it names one of names, and no file of that name
// exists (a path always wins).
func IsShippedName(arg string, names []string) bool {
	if !isName(arg) || !slices.Contains(names, arg) {
		return false
	}
	_, err := os.Stat(arg)
	return err != nil
}

// Description returns the first line of the description key of a TOML
// file's text, or "" if it has none or does not parse.
func Description(data []byte) string {
	var top struct {
		Description string `toml:"description"`
	}
	if _, err := toml.Decode(string(data), &top); err != nil {
		return ""
	}
	line, _, _ := strings.Cut(strings.TrimSpace(top.Description), "\n")
	return strings.TrimSpace(line)
}
