package main

import (
	"bufio"
	"fmt"
	"github.com/spf13/pflag"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/model"
	"github.com/brainsim/brainsim/sim"
)

// memoryShare is the share of the machine's physical memory a run may plan
// to use by default, leaving room for the system and the plots.
const memoryShare = 0.75

// unknownMemory is the default limit on a machine whose memory cannot be
// read: a laptop's worth.
const unknownMemory = 8 << 30

// memoryLimit is the --max-memory flag: the most memory, in bytes, a run
// may be estimated to need (sim.Estimate) before it is refused. The zero
// value is the default, a share of the machine's memory.
type memoryLimit struct {
	bytes float64
	set   bool // given on the command line; then 0 means no limit
}

func (l *memoryLimit) String() string {
	if !l.set {
		return ""
	}
	return strconv.FormatFloat(l.bytes, 'g', -1, 64)
}

func (l *memoryLimit) Set(s string) error {
	b, err := parseSize(s)
	if err != nil {
		return err
	}
	l.bytes, l.set = b, true
	return nil
}

func (l *memoryLimit) Type() string { return "SIZE" }

// register defines --max-memory on fs.
func (l *memoryLimit) register(fs *pflag.FlagSet) {
	fs.Var(l, "max-memory", "refuse a run estimated to need more memory than `SIZE`, e.g. 16GB or 500MB; 0 means no limit (default 75% of the machine's memory)")
}

// limit returns the limit in bytes (0 for none) and how it was set, for
// messages.
func (l *memoryLimit) limit() (float64, string) {
	if l.set {
		return l.bytes, "set by --max-memory"
	}
	if total, ok := physicalMemory(); ok {
		return memoryShare * total, fmt.Sprintf("%.0f%% of this machine's %s", memoryShare*100, gb(total))
	}
	return unknownMemory, "the default when the machine's memory is unknown"
}

// sizeUnits are the suffixes parseSize accepts, lower-case.
var sizeUnits = []struct {
	suffix string
	bytes  float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1e3}, {"m", 1e6}, {"g", 1e9}, {"t", 1e12},
	{"b", 1},
}

// parseSize reads a size such as "16GB", "1.5GiB", "500MB" or "0" (bytes
// without a unit), case-insensitively.
func parseSize(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range sizeUnits {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(num), u.bytes
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("want a size such as 16GB, 500MB or 0 (no limit), got %q", s)
	}
	return v * mult, nil
}

// physicalMemory returns the machine's memory in bytes, from MemTotal in
// /proc/meminfo; false where there is none (not Linux).
func physicalMemory() (float64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseFloat(fields[0], 64)
		if err != nil || kb <= 0 {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}

// gb formats bytes as gigabytes (10^9) with three significant digits, or
// as megabytes below 0.1 GB.
func gb(b float64) string {
	if b < 1e8 {
		return strconv.FormatFloat(b/1e6, 'g', 3, 64) + " MB"
	}
	return strconv.FormatFloat(b/1e9, 'g', 3, 64) + " GB"
}

// need is what a command is about to run: its peak memory and agent-steps
// and the sizes that explain them, for checkResources.
type need struct {
	res        sim.Resources // the peak run, or a total (see the callers)
	replicates int           // replicates (runs, for a sweep) in all
	steps      int           // steps per replicate
	runs       string        // what replicates counts: "replicates" or "runs"
}

// checkResources refuses, as invalid input (exit status 2), a run of what
// whose estimate exceeds the limit l, or that needs more agent slots than
// an engine can address. The message gives the estimate and the keys that
// change it.
func checkResources(what string, n need, l *memoryLimit) error {
	lim, how := l.limit()
	slots := n.res.PeakAgents > sim.MaxSlots
	if !slots && (lim <= 0 || n.res.PeakBytes <= lim) {
		return nil
	}
	var b strings.Builder
	if slots {
		fmt.Fprintf(&b, "%s: too large: up to %.4g agent slots a replicate, more than an engine can address (%d)", what, n.res.PeakAgents, sim.MaxSlots)
	} else {
		fmt.Fprintf(&b, "%s: too large for the memory limit: a run would need about %s at its peak; the limit is %s (%s)", what, gb(n.res.PeakBytes), gb(lim), how)
	}
	fmt.Fprintf(&b, "\n  estimate: %s of memory, up to %.0f agent slots a replicate, %.3g agent-steps (%d %s x %d steps), %s of recorded series (%d metrics a step)",
		gb(n.res.PeakBytes), n.res.PeakAgents, n.res.AgentSteps, n.replicates, n.runs, n.steps, gb(n.res.SeriesBytes), n.res.Metrics)
	if n.res.SeriesBytes > n.res.PeakBytes/2 {
		fmt.Fprint(&b, "\n  make it smaller with the scenario keys replicates, years or steps_per_year (the series kept), agents or origin.youth_cohort (the agents a replicate holds)")
		if perRep := n.res.SeriesBytes / float64(max(n.replicates, 1)); !slots && lim > 0 {
			if fit := math.Floor((lim - (n.res.PeakBytes - n.res.SeriesBytes)) / perRep); fit >= 1 {
				fmt.Fprintf(&b, ", e.g. --set replicates=%.0f", fit)
			}
		}
	} else {
		fmt.Fprint(&b, "\n  make it smaller with the scenario keys agents, origin.youth_cohort, origin.cohort_growth or years (the agents a replicate holds), or with fewer --workers (replicates at once)")
	}
	if !slots {
		b.WriteString("; or set the limit with --max-memory SIZE (e.g. 64GB; 0 = no limit)")
	}
	return &inputError{fmt.Errorf("%s", b.String())}
}

// scenarioNeed is the need of a run of sc on workers goroutines.
func scenarioNeed(sc *model.Scenario, workers int) need {
	return need{res: sim.Estimate(sc, workers), replicates: sc.Replicates, steps: sc.Steps(), runs: "replicates"}
}
