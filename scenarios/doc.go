// Package scenarios holds the scenario schema of brainsim, its loading from
// TOML with strict decoding and overrides, its validation, and the shipped
// scenario files.
//
// A scenario decodes straight into plain structs (Scenario, Origin, Sector,
// Destination and the parameter types of package agents). Load reports every
// problem at once, each naming the file, the line where known, the key path
// and what would be valid, e.g.
//
//	scenarios: ghana.toml:42: destination[1].fee = 1.4: must be within [0, 1]
package scenarios
