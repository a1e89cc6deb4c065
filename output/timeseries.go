package output

// Metric describes one recorded quantity: a column of timeseries.csv and a row
// group of summary.csv.
type Metric struct {
	Name        string // column name, e.g. "workers_home" or "workers_home.nurse"
	Unit        string // e.g. "persons", "persons/year", "USD/year", "share"
	Description string // one sentence for the data dictionary
}

// Timeseries holds every replicate's record of a run: one row per step and one
// value per metric. It is what the engine produces and what the writers consume.
type Timeseries struct {
	Metrics []Metric
	Step    []int     // step index of each row, 1-based: the state after that step
	Year    []float64 // calendar year at the end of each row's step, e.g. 2025.0833
	// Values[r][i][m] is replicate r's value of metric m after row i.
	// Replicate numbers are 0..len(Values)-1.
	Values [][][]float64
}

// Summary holds, per row and metric, the mean across replicates, the standard
// deviation and the 95% confidence interval of the mean.
type Summary struct {
	Metrics    []Metric
	Step       []int
	Year       []float64
	Replicates int
	// Mean[i][m], SD[i][m], Lo[i][m] and Hi[i][m] for row i and metric m.
	// With one replicate SD is 0 and Lo = Hi = Mean.
	Mean, SD, Lo, Hi [][]float64
}

// MetricIndex returns the index of the named metric, or -1 if there is none.
func MetricIndex(ms []Metric, name string) int {
	for i, m := range ms {
		if m.Name == name {
			return i
		}
	}
	return -1
}
