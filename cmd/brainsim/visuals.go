package main

import (
	"brainsim/output"
	"brainsim/scenarios"
)

// writeVisuals writes the plots and the report of a run into dir and returns
// the names of the files written, relative to dir.
func writeVisuals(dir string, sc *scenarios.Scenario, sum *output.Summary, m *output.Manifest) ([]string, error) {
	return nil, nil
}
