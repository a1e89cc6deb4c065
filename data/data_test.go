package data

import (
	"math"
	"testing"
)

// TestFigures checks figures the shared README (../shared/data/README.md)
// states it checked against the sources, read through the loaders.
func TestFigures(t *testing.T) {
	tests := []struct {
		name string
		got  func() (float64, error)
		want float64
		tol  float64 // relative
	}{
		{"Ghana remittances 2017, USD", func() (float64, error) { p, err := Value(RemittancesUSD, "GHA", 2017); return p.Value, err }, 3.54e9, 0.005},
		{"Philippines remittances 2017, % GDP", func() (float64, error) { p, err := Value(RemittancesPctGDP, "PHL", 2017); return p.Value, err }, 9.99, 0.005},
		{"Ghana population 2017", func() (float64, error) { p, err := Value(Population, "GHA", 2017); return p.Value, err }, 30.0e6, 0.01},
		{"Philippines net migration 2015", func() (float64, error) { p, err := Value(NetMigration, "PHL", 2015); return p.Value, err }, -390702, 1e-9},
		{"Moldova migrant stock 2015", func() (float64, error) { p, err := Value(MigrantStock, "MDA", 2015); return p.Value, err }, 101730, 1e-9},
		{"Philippines-born in the USA 2019", func() (float64, error) {
			return Emigrants("PHL", 2019, "United States of America")
		}, 2047269, 1e-9},
		{"Ghana emigrants 2019", func() (float64, error) { return Emigrants("GHA", 2019) }, 0.97e6, 0.01},
		{"Moldova emigrants 2019", func() (float64, error) { return Emigrants("MDA", 2019) }, 1.03e6, 0.01},
		{"Clemens-Pettersson Ghana", func() (float64, error) { return Ref("literature:clemens_pettersson.physicians_abroad_share.GHA") }, 0.56, 1e-9},
		{"Malawi departures 2006", func() (float64, error) { return Ref("literature:malawi.health_worker_departures:2006") }, 30, 1e-9},
		{"TRQN", func() (float64, error) { return Ref("literature:trqn.assignments") }, 272, 1e-9},
		{"APTC", func() (float64, error) { return Ref("literature:aptc.graduates_migrated_share") }, 0.029, 1e-9},
		{"reference to a series", func() (float64, error) { return Ref(RemittancesUSD + ":PHL:2017") }, 32.8e9, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > tt.tol*math.Abs(tt.want) {
				t.Errorf("got %g, want %g within %g%%", got, tt.want, 100*tt.tol)
			}
		})
	}
}

// TestBreaks checks that the loaders mark the breaks the shared README
// lists: Ghana's remittances change coverage in 2011 and stay marked after.
func TestBreaks(t *testing.T) {
	tests := []struct {
		file, iso3 string
		year       int
		want       string
	}{
		{RemittancesUSD, "GHA", 2010, ""},
		{RemittancesUSD, "GHA", 2011, "coverage"},
		{RemittancesUSD, "GHA", 2017, "coverage"},
		{RemittancesUSD, "GHA", 2015, "outlier"},
		{RemittancesUSD, "WSM", 2004, "outlier"},
		{RemittancesUSD, "MWI", 2024, "repeat"},
		{MigrantStock, "MWI", 1990, "refugees"},
		{MigrantStock, "MDA", 2020, ""},
	}
	for _, tt := range tests {
		p, err := Value(tt.file, tt.iso3, tt.year)
		if err != nil {
			t.Fatal(err)
		}
		if p.Break != tt.want {
			t.Errorf("%s %s %d: break %q, want %q", tt.file, tt.iso3, tt.year, p.Break, tt.want)
		}
	}
}

// TestBilateral2017 checks the bilateral tables: Ghanaians in the UK and
// the remittances they send, and the per-migrant figure of the issue (USD
// 2,532 per Ghanaian migrant in 2017).
func TestBilateral2017(t *testing.T) {
	stock, err := Bilateral2017("Ghana", "", false)
	if err != nil {
		t.Fatal(err)
	}
	rem, err := Bilateral2017("Ghana", "", true)
	if err != nil {
		t.Fatal(err)
	}
	per := rem * 1e6 / stock
	const issueFigure, tol = 2532, 0.01
	if math.Abs(per-issueFigure) > tol*issueFigure {
		t.Errorf("remittances per Ghanaian migrant 2017 = USD %.0f, want %d within %g%%", per, issueFigure, 100*tol)
	}
}
