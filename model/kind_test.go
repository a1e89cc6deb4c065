package model

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestKindNames(t *testing.T) {
	ks := Kinds()
	// Every kind has its section in docs/policies.md, whatever their number.
	doc, err := os.ReadFile("../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if !strings.Contains(string(doc), "### `"+k.String()+"`") {
			t.Errorf("kind %s has no section in docs/policies.md", k)
		}
	}
	seen := map[string]bool{}
	for _, k := range ks {
		name := k.String()
		if name == "" || seen[name] {
			t.Errorf("kind %d: name %q empty or repeated", uint8(k), name)
		}
		seen[name] = true
		if got, ok := ParseKind(name); !ok || got != k {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", name, got, ok, k)
		}
		text, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Kind
		if err := back.UnmarshalText(text); err != nil || back != k {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, back, err, k)
		}
	}
	if !slices.Equal(KindNames()[:2], []string{"wage_top_up", "temporary_return"}) {
		t.Errorf("KindNames starts %v; want documentation order", KindNames()[:2])
	}
}

func TestKindUnknown(t *testing.T) {
	if _, ok := ParseKind("wage_topup"); ok {
		t.Error(`ParseKind("wage_topup") ok`)
	}
	var k Kind
	if err := k.UnmarshalText([]byte("wage_topup")); err == nil {
		t.Error("UnmarshalText of an unknown kind: no error")
	}
	if _, err := KindNone.MarshalText(); err == nil {
		t.Error("KindNone.MarshalText: no error")
	}
	if KindNone.NewLever() != nil || Kind(200).NewLever() != nil {
		t.Error("NewLever of no kind is not nil")
	}
	if got := Kind(200).String(); got != "Kind(200)" {
		t.Errorf("Kind(200).String() = %q", got)
	}
}

// TestEveryKindHasALever checks the registry: each kind builds a fresh lever
// of its own kind.
func TestEveryKindHasALever(t *testing.T) {
	for _, k := range Kinds() {
		a, b := k.NewLever(), k.NewLever()
		if a == nil || a.Kind() != k {
			t.Fatalf("%v: NewLever() = %T, kind %v", k, a, a.Kind())
		}
		if a == b {
			t.Errorf("%v: NewLever returns the same value twice", k)
		}
	}
}
