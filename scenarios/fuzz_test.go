package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad, seeded with the files in testdata and the shipped scenarios,
// checks that Parse never panics, that it returns either a scenario
// or Problems, and that a scenario it returns is valid.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*.toml")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed files in testdata: %v", err)
	}
	sets := []string{"", "sector.nurse.wage_home=15000", "destination[0].fee=1.4", "origin={population = 1.0}", "sector[0]=3"}
	for i, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, sets[i%len(sets)])
	}
	for _, name := range Shipped() {
		data, err := files.ReadFile(name + ".toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("[[sector]]\nname = 'a'\n[[sector]]\n[sector.x]\n"), "sector.a.x=1")
	f.Add([]byte("sector = [{}, 1]\ndestination = 3"), "destination=[]")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		var overrides []string
		if set != "" {
			overrides = []string{set}
		}
		s, err := Parse("fuzz.toml", data, overrides...)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Parse error %q is %T; want Problems", err, err)
			}
			if s != nil {
				t.Fatalf("Parse returned a scenario with the error %v", err)
			}
			return
		}
		if verr := Validate(s); verr != nil {
			t.Fatalf("Parse returned a scenario without error, but Validate() = %v", verr)
		}
	})
}
