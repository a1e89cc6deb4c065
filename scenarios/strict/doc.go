// Package strict holds what brainsim's strict TOML readers share: the line
// index of a TOML document (which line sets each key path), the "did you
// mean" suggestion for a mistyped word, and the list of problems a reader
// reports all at once, each reading
//
//	scenarios: FILE:LINE: KEY = VALUE: MSG
//
// Scenario files (package scenarios) and experiment and calibration files
// (package experiment) are read through it, so their problems look alike.
// The package decodes nothing itself: a reader decodes with
// github.com/BurntSushi/toml, checks the values, and names each problem by
// its key Path; an Index built from the same text gives the line.
package strict
