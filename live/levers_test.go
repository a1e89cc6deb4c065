package live

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/scenarios"
)

// TestEveryLeverEveryPreset moves each lever, alone, to its minimum, the
// middle of its range and its maximum on every shipped preset: the scenario
// must stay valid, and a value other than the default must change it.
func TestEveryLeverEveryPreset(t *testing.T) {
	for _, name := range scenarios.Shipped() {
		sc, err := scenarios.LoadShipped(name)
		if err != nil {
			t.Fatal(err)
		}
		// Each case parses the preset afresh without checking its priors'
		// bounds again (scenarios.ParseRun), which LoadShipped did once:
		// with the presets' priors that check was most of the test's time
		// (over 8 minutes of the live package's under -race in CI).
		data, err := scenarios.ShippedFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ls := presetLevers(sc)
		for _, l := range ls {
			mid := l.Min + math.Round((l.Max-l.Min)/2/l.Step)*l.Step
			for _, v := range []float64{l.Min, mid, l.Max} {
				t.Run(fmt.Sprintf("%s/%s=%v", name, l.Key, v), func(t *testing.T) {
					got, err := scenarios.ParseRun(name+".toml", data)
					if err != nil {
						t.Fatal(err)
					}
					Levers{l.Key: &v}.apply(got)
					if err := scenarios.Validate(got); err != nil {
						t.Fatalf("invalid scenario: %v", err)
					}
					if v != l.Default && fmt.Sprint(got) == fmt.Sprint(sc) {
						// The fee at its maximum cuts nothing: it is the
						// preset's highest fee.
						if !(l.Key == LeverFee && v == l.Max) {
							t.Errorf("%s = %v left the preset unchanged", l.Key, v)
						}
					}
				})
			}
		}
	}
}

// TestLeverRanges checks that the server refuses a value of each lever
// outside its range with a message naming the lever, its key and its range,
// and that its table and the page's groups are complete.
func TestLeverRanges(t *testing.T) {
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	ls := presetLevers(sc)
	groups := map[string]bool{GroupKeep: true, GroupBack: true, GroupTrain: true, GroupMigrate: true, GroupDiaspora: true, GroupShock: true}
	for _, l := range ls {
		if !groups[l.Group] {
			t.Errorf("lever %s: group %q is not one of the page's", l.Key, l.Group)
		}
		if strings.Contains(l.Help, "{") {
			t.Errorf("lever %s: help %q has an unfilled placeholder", l.Key, l.Help)
		}
		for _, v := range []float64{l.Min - l.Step, l.Max + 2*l.Step, math.NaN()} {
			probs := Levers{l.Key: &v}.check(ls, "baseline")
			if len(probs) != 1 {
				t.Errorf("%s = %v: %d problems; want 1", l.Key, v, len(probs))
				continue
			}
			want := fmt.Sprintf("%s (%s) = %s: must be between %s and %s", l.Label, l.Key,
				withUnit(v, l.Unit), withUnit(l.Min, l.Unit), withUnit(l.Max, l.Unit))
			if !strings.HasPrefix(probs[0], want) {
				t.Errorf("%s = %v: %q; want it to begin %q", l.Key, v, probs[0], want)
			}
		}
		for _, v := range []float64{l.Min, l.Max} {
			if probs := (Levers{l.Key: &v}).check(ls, "baseline"); len(probs) > 0 {
				t.Errorf("%s = %v refused: %v", l.Key, v, probs)
			}
		}
	}
}

// TestCreateWithEveryLever starts a run with every lever moved from its
// default: the server accepts it and names every lever in its title.
func TestCreateWithEveryLever(t *testing.T) {
	_, hs := newTestServer(t, small)
	sc, err := scenarios.LoadShipped("baseline")
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, l := range presetLevers(sc) {
		v := l.Min + math.Round((l.Max-l.Min)/2/l.Step)*l.Step
		if v == l.Default {
			v += l.Step
		}
		parts = append(parts, fmt.Sprintf("%q:%v", l.Key, v))
	}
	in := start(t, hs, `{"preset":"baseline","speed":10,"levers":{`+strings.Join(parts, ",")+`}}`)
	if n := strings.Count(in.Settings, ",") + 1; n != len(leverTable) {
		t.Errorf("settings %q name %d levers; want %d", in.Settings, n, len(leverTable))
	}
}
