package sim

import (
	"context"
	"errors"
	"testing"

	"github.com/brainsim/brainsim/scenarios"
)

func TestEngineKindText(t *testing.T) {
	for _, k := range []EngineKind{EngineStep, EngineEvent} {
		b, _ := k.MarshalText()
		var got EngineKind
		if err := got.UnmarshalText(b); err != nil || got != k {
			t.Errorf("%v: round trip gave %v, %v", k, got, err)
		}
	}
	var k EngineKind
	if err := k.UnmarshalText([]byte("")); err != nil || k != EngineStep {
		t.Errorf(`"": got %v, %v; want step`, k, err)
	}
	if err := k.UnmarshalText([]byte("events")); err == nil {
		t.Error(`"events": no error`)
	}
}

// TestEventRefusesUnsupported: a scenario the event engine cannot simulate
// is refused with ErrEventUnsupported, never run as a different model.
func TestEventRefusesUnsupported(t *testing.T) {
	sc, err := scenarios.LoadShipped("ghana")
	if err != nil {
		t.Fatal(err)
	}
	if EventSupport(sc) == nil {
		t.Skip("the event engine supports ghana")
	}
	sc.Agents, sc.Years, sc.Replicates = 200, 1, 1
	_, err = Run(context.Background(), sc, Options{Engine: EngineEvent})
	if !errors.Is(err, ErrEventUnsupported) {
		t.Fatalf("got %v, want ErrEventUnsupported", err)
	}
}
