package scenarios

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/model"
)

// A [[policy]] block is read by its kind: the key kind names a model.Kind,
// the common keys (name, start_year, ...) fill model.Policy, and the other
// keys fill the kind's lever (model.WageTopUp, ...). So the keys a block may
// set are those of its kind's lever type and no others: a key of another
// kind is simply an unknown key.

var (
	policiesType = reflect.TypeFor[[]model.Policy]()
	policyType   = reflect.TypeFor[model.Policy]()
	// commonBlockType is the schema of a block whose kind is unknown or
	// missing: the common keys only.
	commonBlockType = blockType(model.KindNone)
	blockTypes      = func() map[model.Kind]reflect.Type {
		m := map[model.Kind]reflect.Type{model.KindNone: commonBlockType}
		for _, k := range model.Kinds() {
			m[k] = blockType(k)
		}
		return m
	}()
)

// blockType returns the schema of a [[policy]] block of kind k: the key
// kind, the tagged fields of model.Policy, then those of k's lever, as one
// struct type that the strict checker and the overrides walk like any other
// table.
func blockType(k model.Kind) reflect.Type {
	fs := []reflect.StructField{{Name: "Kind", Type: reflect.TypeFor[string](), Tag: `toml:"kind"`}}
	add := func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && f.Tag.Get("toml") != "-" {
				fs = append(fs, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag})
			}
		}
	}
	add(policyType)
	if l := k.NewLever(); l != nil {
		add(reflect.TypeOf(l).Elem())
	}
	return reflect.StructOf(fs)
}

// blockKind returns the kind a decoded [[policy]] block names, its text, and
// whether the text names a kind.
func blockKind(v any) (kind model.Kind, text string, ok bool) {
	m, _ := v.(map[string]any)
	text, _ = m["kind"].(string)
	kind, ok = model.ParseKind(text)
	return kind, text, ok
}

// blockTypeOf returns the schema of the decoded [[policy]] block v, by its
// kind; the common keys only if it names no kind.
func blockTypeOf(v any) reflect.Type {
	k, _, _ := blockKind(v)
	return blockTypes[k]
}

// decodeLevers sets the lever of each policy of s from the blocks of the
// decoded tree, which strict checking has passed, and returns the kind text
// of each block, for validation to name a kind it does not know.
func decodeLevers(s *model.Scenario, tree map[string]any) ([]string, error) {
	elems := tableElems(tree["policy"])
	texts := make([]string, len(elems))
	for i, e := range elems {
		kind, text, _ := blockKind(e)
		texts[i] = text
		l := kind.NewLever()
		if l == nil || i >= len(s.Policies) {
			continue
		}
		var b bytes.Buffer
		if err := toml.NewEncoder(&b).Encode(e); err != nil {
			return nil, err
		}
		if _, err := toml.Decode(b.String(), l); err != nil {
			return nil, fmt.Errorf("policy[%d]: %w", i, err)
		}
		s.Policies[i].Lever = l
	}
	return texts, nil
}
