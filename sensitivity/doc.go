// Package sensitivity holds the sampling designs and estimators of global
// sensitivity analysis: Latin hypercube samples, Saltelli's design and Sobol
// indices.
//
// A parameter is described by a [Range]. [LatinHypercube] spreads a small
// number of runs evenly over the ranges, for sweeps and calibration. For
// variance-based sensitivity analysis, [NewDesign] draws Saltelli's design;
// the model is evaluated at every point of [Design.Points], and
// [Design.Indices] turns the outputs, in the same order, into first-order and
// total Sobol indices with bootstrap confidence intervals.
//
// Every sampler takes an explicit *rand.Rand (math/rand/v2) and the bootstrap
// uses a seed stored in the design, so results are reproducible bit for bit.
// The Ishigami function and its analytic indices ([Ishigami],
// [IshigamiIndices]) are the usual benchmark for checking an estimator.
//
// References:
//   - M. D. McKay, R. J. Beckman and W. J. Conover (1979), A comparison of three
//     methods for selecting values of input variables in the analysis of output
//     from a computer code, Technometrics 21(2), 239-245.
//   - A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto and
//     S. Tarantola (2010), Variance based sensitivity analysis of model output.
//     Design and estimator for the total sensitivity index, Computer Physics
//     Communications 181(2), 259-270.
//   - M. J. W. Jansen (1999), Analysis of variance designs for model output,
//     Computer Physics Communications 117(1-2), 35-43.
//   - T. Ishigami and T. Homma (1990), An importance quantification technique in
//     uncertainty analysis for computer models, Proceedings of ISUMA '90, 398-403.
package sensitivity
