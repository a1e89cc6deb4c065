// Package report holds what brainsim reports to a planner: the headline
// indicators of one run or of several scenarios compared with common random
// numbers (means with 95% intervals, paired differences to a baseline, the
// cost per additional skilled worker at home), their CSV and Markdown
// tables, and report.html, one self-contained HTML file with the charts
// embedded as SVG, the scenario parameters, a timeline of the active
// policies and the manifest of the run.
//
// A report reads well opened from disk or sent by mail: it holds no script
// and refers to no other file or address.
package report
