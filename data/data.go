// Package data carries the observed figures brainsim's presets and
// validation use, embedded in the binary: the World Bank and UN DESA time
// series, the 2017 bilateral migrant stocks and remittances, the OECD's
// foreign-trained doctors of 2018, and the figures and causal estimates of
// the literature (literature.csv). README.md beside this file gives each
// file's source, licence and vintage. The CSVs are copied value for value
// from ../shared/data; the breaks in the series (a change of coverage, an
// outlier, a repeated value) are listed in breaks.csv, not edited into the
// data, and the loaders attach them to the points they concern.
//
// The package imports nothing of brainsim's: any package may read it.
package data

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

//go:embed *.csv
var files embed.FS

// Time-series files (columns country_iso3,country,year,value).
const (
	RemittancesUSD    = "wdi_remittances_received_usd.csv"
	RemittancesPctGDP = "wdi_remittances_received_pct_gdp.csv"
	Population        = "wdi_population_total.csv"
	NetMigration      = "wdi_net_migration.csv"
	MigrantStock      = "wdi_migrant_stock.csv"
)

// Other files.
const (
	EmigrantStocksByOrigin  = "undesa_migrant_stock_by_origin.csv"
	ForeignTrainedDoctors   = "oecd_foreign_trained_doctors_2018.csv"
	BilateralStocks2017     = "migrant_stocks_bilateral_2017.csv"
	BilateralRemittances    = "remittances_bilateral_2017.csv"
	RemittanceIncomeShare   = "remittance_income_share_by_pair.csv"
	RemittanceCostByRegion  = "remittance_cost_by_region.csv"
	LiteratureFile          = "literature.csv"
	BreaksFile              = "breaks.csv"
	undesaIndicatorEmigrant = "international_migrant_stock_by_origin"
)

// Point is one year of a series.
type Point struct {
	Year  int
	Value float64
	// Break is the kind of break (breaks.csv) the point lies in, "" if
	// none: "coverage" marks every year from a change of coverage on (not
	// comparable with the years before), "outlier", "repeat", "zero",
	// "refugees" the point itself.
	Break string
}

// Break is one row of breaks.csv: a span of years of one country in one
// file that is not to be fitted as it stands.
type Break struct {
	File     string
	Country  string // ISO3
	From, To int    // years; To = 0: open-ended (every year from From on)
	Kind     string // coverage, outlier, repeat, gap, zero, refugees
	Note     string
}

// covers reports whether the break concerns year y.
func (b Break) covers(y int) bool { return y >= b.From && (b.To == 0 || y <= b.To) }

// Figure is one row of literature.csv: a figure from the literature with
// its unit and source.
type Figure struct {
	Key     string
	Value   float64
	Unit    string
	Year    string // a year or a span such as 2006-2011
	Country string // ISO3, "" if none
	Source  string
}

// Files returns the names of the embedded CSV files, sorted.
func Files() []string {
	es, err := files.ReadDir(".")
	if err != nil {
		panic("data: reading the embedded files: " + err.Error())
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// Open returns the text of an embedded file.
func Open(name string) ([]byte, error) { return files.ReadFile(name) }

// records reads an embedded CSV file and returns its rows after the header,
// checking the header.
func records(name string, header ...string) ([][]string, error) {
	f, err := files.Open(name)
	if err != nil {
		return nil, fmt.Errorf("data: no file %q", name)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	if !slices.Equal(head, header) {
		return nil, fmt.Errorf("data: %s: header %v, want %v", name, head, header)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", name, err)
		}
		rows = append(rows, rec)
	}
}

// Breaks returns the rows of breaks.csv.
func Breaks() ([]Break, error) {
	rows, err := records(BreaksFile, "file", "country_iso3", "from_year", "to_year", "kind", "note")
	if err != nil {
		return nil, err
	}
	var bs []Break
	for i, r := range rows {
		b := Break{File: r[0], Country: r[1], Kind: r[4], Note: r[5]}
		if b.From, err = strconv.Atoi(r[2]); err != nil {
			return nil, fmt.Errorf("data: %s:%d: from_year: %w", BreaksFile, i+2, err)
		}
		if r[3] != "" {
			if b.To, err = strconv.Atoi(r[3]); err != nil {
				return nil, fmt.Errorf("data: %s:%d: to_year: %w", BreaksFile, i+2, err)
			}
		}
		bs = append(bs, b)
	}
	return bs, nil
}

// Series returns country iso3's points of a time-series file (one of
// RemittancesUSD, RemittancesPctGDP, Population, NetMigration,
// MigrantStock), by year, each with the break it lies in.
func Series(file, iso3 string) ([]Point, error) {
	rows, err := records(file, "country_iso3", "country", "year", "value")
	if err != nil {
		return nil, err
	}
	bs, err := Breaks()
	if err != nil {
		return nil, err
	}
	var ps []Point
	for i, r := range rows {
		if r[0] != iso3 {
			continue
		}
		p := Point{}
		if p.Year, err = strconv.Atoi(r[2]); err != nil {
			return nil, fmt.Errorf("data: %s:%d: year: %w", file, i+2, err)
		}
		if p.Value, err = strconv.ParseFloat(r[3], 64); err != nil {
			return nil, fmt.Errorf("data: %s:%d: value: %w", file, i+2, err)
		}
		for _, b := range bs {
			if b.File == file && b.Country == iso3 && b.covers(p.Year) {
				p.Break = b.Kind
			}
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("data: %s: no rows for %q", file, iso3)
	}
	return ps, nil
}

// Value returns the value of country iso3 in year of a time-series file,
// with its break.
func Value(file, iso3 string, year int) (Point, error) {
	ps, err := Series(file, iso3)
	if err != nil {
		return Point{}, err
	}
	for _, p := range ps {
		if p.Year == year {
			return p, nil
		}
	}
	return Point{}, fmt.Errorf("data: %s: no value for %s in %d", file, iso3, year)
}

// Emigrants returns the UN DESA 2019 stock of emigrants from origin iso3
// in year (1990, 1995, ..., 2015, 2019), summed over the destinations
// named, or over all if none is named.
func Emigrants(iso3 string, year int, destinations ...string) (float64, error) {
	rows, err := records(EmigrantStocksByOrigin, "origin_iso3", "destination", "year", "indicator", "value")
	if err != nil {
		return 0, err
	}
	sum, found := 0.0, false
	for i, r := range rows {
		if r[0] != iso3 || r[2] != strconv.Itoa(year) || r[3] != undesaIndicatorEmigrant {
			continue
		}
		if len(destinations) > 0 && !slices.Contains(destinations, r[1]) {
			continue
		}
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			return 0, fmt.Errorf("data: %s:%d: value: %w", EmigrantStocksByOrigin, i+2, err)
		}
		sum += v
		found = true
	}
	if !found {
		return 0, fmt.Errorf("data: %s: no emigrants of %s in %d", EmigrantStocksByOrigin, iso3, year)
	}
	return sum, nil
}

// Bilateral2017 returns the World Bank's 2017 estimate for the pair
// (origin, destination) by country name: the migrant stock (persons) if
// remittances is false, else the remittances sent from destination to
// origin (USD millions). An empty destination sums over all.
func Bilateral2017(origin, destination string, remittances bool) (float64, error) {
	file, header := BilateralStocks2017, []string{"origin_country", "destination_country", "migrants"}
	from, to := 0, 1 // columns of origin and destination
	if remittances {
		file, header = BilateralRemittances, []string{"sending_country", "receiving_country", "usd_millions"}
		from, to = 1, 0
	}
	rows, err := records(file, header...)
	if err != nil {
		return 0, err
	}
	sum, found := 0.0, false
	for i, r := range rows {
		if r[from] != origin || (destination != "" && r[to] != destination) {
			continue
		}
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			return 0, fmt.Errorf("data: %s:%d: %w", file, i+2, err)
		}
		sum += v
		found = true
	}
	if !found {
		return 0, fmt.Errorf("data: %s: no row for %q to %q", file, origin, destination)
	}
	return sum, nil
}

// Literature returns the rows of literature.csv.
func Literature() ([]Figure, error) {
	rows, err := records(LiteratureFile, "key", "value", "unit", "year", "country_iso3", "source")
	if err != nil {
		return nil, err
	}
	var fs []Figure
	for i, r := range rows {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			return nil, fmt.Errorf("data: %s:%d: value: %w", LiteratureFile, i+2, err)
		}
		fs = append(fs, Figure{Key: r[0], Value: v, Unit: r[2], Year: r[3], Country: r[4], Source: r[5]})
	}
	return fs, nil
}

// Lookup returns the figure of literature.csv with key and, if year is not
// "", that year.
func Lookup(key, year string) (Figure, error) {
	fs, err := Literature()
	if err != nil {
		return Figure{}, err
	}
	for _, f := range fs {
		if f.Key == key && (year == "" || f.Year == year) {
			return f, nil
		}
	}
	return Figure{}, fmt.Errorf("data: no figure %q (year %q) in %s", key, year, LiteratureFile)
}

// Ref resolves a reference of the form "FILE:ISO3:YEAR" (a time series) or
// "literature:KEY[:YEAR]" to its value, as calibration files name their
// observed values.
func Ref(ref string) (float64, error) {
	parts := strings.Split(ref, ":")
	switch {
	case len(parts) >= 2 && parts[0] == "literature":
		year := ""
		if len(parts) == 3 {
			year = parts[2]
		}
		f, err := Lookup(parts[1], year)
		return f.Value, err
	case len(parts) == 3:
		y, err := strconv.Atoi(parts[2])
		if err != nil {
			return 0, fmt.Errorf("data: reference %q: year: %w", ref, err)
		}
		p, err := Value(parts[0], parts[1], y)
		return p.Value, err
	}
	return 0, fmt.Errorf("data: reference %q: want FILE:ISO3:YEAR or literature:KEY[:YEAR]", ref)
}
