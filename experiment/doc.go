// Package experiment runs experiments on the brainsim model: parameter sweeps over
// a grid or a Latin hypercube, variance-based sensitivity analysis (Sobol
// indices from Saltelli's design), and calibration of parameters to target
// indicators; on one machine, or sliced into shards for a Slurm job array.
//
// An experiment file (TOML; see docs/experiments.md) names a base scenario,
// the parameters to vary, the replicates and the indicators to keep:
//
//	scenario = "../baseline.toml"   # relative to this file
//	replicates = 5
//	design = "grid"                 # or "lhs", "sobol" with samples = N
//
//	[[parameter]]
//	key = "emigration.base_rate"
//	values = [0.15, 0.25, 0.35]     # lhs and sobol take min and max
//
//	[indicators]
//	metrics = ["emigration_rate.doctor", "skilled_home"]
//	years = [10, 20]                # years after the start; or series = true
//
// [Load] reads and checks it and draws its [Plan]: the points, and the
// indicators kept from each run. A run is one replicate of one point; all
// runs share the experiment's seed, so points are compared under common
// random numbers. [Run] runs the runs (or the slice of them a shard owns)
// on a pool of workers, writing each finished run to its own file under
// DIR/runs atomically, which makes a sweep resumable after any interruption
// without losing or duplicating a row. [Assemble] then writes results.csv
// from the run files in canonical order (point, replicate, indicator), and
// for a Sobol design sobol.csv and bar plots; [Merge] does the same from the
// output folders of several shards, giving the same bytes. [WriteSlurm]
// writes the batch scripts of a Slurm job array and its merge job.
//
// [LoadCalibration] reads a calibration file (parameters with bounds and
// start values, target values of indicators) and [Calibration.Fit] fits it
// with Nelder-Mead from gonum.org/v1/gonum/optimize, on replicate means
// under common random numbers. [Calibration.CalibrateABC] estimates its
// posterior by ABC-SMC; [Calibration.ABCShard] and [Calibration.MergeABC]
// run the same calibration stage by stage as shards and merges, giving
// the same bytes, and [WriteABCSlurm] writes the Slurm scripts that chain
// them.
//
// Problems in experiment and calibration files are reported as
// scenarios.Problems, each naming the file, the line and the key.
package experiment
