// Package model holds what brainsim simulates, as typed data: the calendar
// and size of a run, the origin country, the sectors it trains for, the
// destinations that receive its emigrants, the parameters of the decision
// rules (from package agents), and the policies switched on, each a typed
// lever (WageTopUp, TemporaryReturn, ...) with its own file, units,
// documented zero values and Validate.
//
// model imports nothing of brainsim's but agents, and no file format: the
// struct tags name each field's key as scenario files and --set paths write
// it, which package scenarios reads by reflection, and reports list by the
// same names. Package scenarios turns TOML into a Scenario and checks it;
// package sim runs one.
package model
