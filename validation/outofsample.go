package validation

import (
	"context"
	"fmt"
	"math"

	"github.com/brainsim/brainsim/data"
	"github.com/brainsim/brainsim/output/plot"
	"github.com/brainsim/brainsim/results"
)

// outOfSample fits each preset with a calibration file by ABC and checks
// its posterior predictive intervals against the data: the file's own
// targets, and figures held out of it, as trends (ratios) of the emigrant
// stocks (UN DESA, World Bank 2017) and of remittances (WDI), since the
// model holds only the skilled sectors and the data every migrant.
func outOfSample(ctx context.Context, o Options) ([]Check, error) {
	var cs []Check
	for _, tt := range []struct {
		preset     string
		iso3       []string
		from       int   // base year of the stock ratios (UN DESA)
		to         []int // years of the stock ratios
		rFrom, rTo int   // remittance ratio years (WDI, no break between)
		last       int   // last calendar year run
	}{
		// Ghana's preset starts in 2000 and its file fits 2000-2004: the
		// stocks of 2010-2019 and the remittances of 2012-2022 (after the
		// 2011 coverage break, data/breaks.csv) are held out.
		{"ghana", []string{"GHA"}, 2000, []int{2010, 2015, 2019}, 2012, 2022, 2022},
		// The others start in 2017, the year of the bilateral stocks, and
		// fit 2018: remittances to 2022 are held out, the stocks of 2019
		// are in sample (no UN DESA year after it).
		{"philippines", []string{"PHL"}, 2017, []int{2019}, 2017, 2022, 2022},
		{"moldova", []string{"MDA"}, 2017, []int{2019}, 2017, 2022, 2022},
		{"pacific", []string{"FJI", "SLB", "VUT", "WSM", "TON"}, 2017, []int{2019}, 2017, 2022, 2022},
	} {
		p, err := fitPosterior(ctx, o, tt.preset, tt.last)
		if err != nil {
			return nil, err
		}
		fitted := p.fittedChecks()
		if len(fitted) > 0 {
			fitted[0].Note += ". Fit: " + p.summary()
		}
		cs = append(cs, fitted...)
		ts := p.runs[0]
		emi, err := column(ts.Metrics, results.Emigrants)
		if err != nil {
			return nil, err
		}
		rem, err := column(ts.Metrics, results.Remittances)
		if err != nil {
			return nil, err
		}
		stock := func(y int) (float64, error) { return undesaStock(tt.iso3, y) }
		a, err := stock(tt.from)
		if err != nil {
			return nil, err
		}
		fig := tt.preset + "_emigrants.png"
		for _, to := range tt.to {
			b, err := stock(to)
			if err != nil {
				return nil, err
			}
			xs := p.stat(func(ts *results.Timeseries, rows [][]float64) float64 {
				return rows[rowAt(ts, float64(to+1))][emi] / rows[rowAt(ts, float64(tt.from+1))][emi]
			})
			cs = append(cs, p.predictiveCheck(fmt.Sprintf("emigrant stock %d/%d", to, tt.from), xs, b/a, results.Emigrants, to,
				fmt.Sprintf("skilled emigrants of the run (end of year) against all emigrants of %v in UN DESA 2019 (data/undesa_migrant_stock_by_origin.csv; 2017 interpolated)", tt.iso3), fig))
		}
		if tt.preset == "ghana" {
			c, err := ghanaBilateral(p, emi)
			if err != nil {
				return nil, err
			}
			cs = append(cs, c)
		}
		// Figure: the draws' emigrants, and the data scaled to the median
		// of the run at the base year, so that the trends start together.
		base := p.stat(func(ts *results.Timeseries, rows [][]float64) float64 {
			return rows[rowAt(ts, float64(tt.from+1))][emi]
		})
		first, _, _ := interval(base)
		pts := plot.Points{Label: "UN DESA, scaled"}
		for _, y := range []int{1990, 1995, 2000, 2005, 2010, 2015, 2017, 2019} {
			if y < p.start {
				continue
			}
			v, err := stock(y)
			if err != nil {
				return nil, err
			}
			pts.X, pts.Y = append(pts.X, float64(y)+0.5), append(pts.Y, first*v/a)
		}
		// The data: all emigrants, scaled to the run's median at the end
		// of the base year.
		title := fmt.Sprintf("%s: skilled emigrants; UN DESA trend from %d", tt.preset, tt.from)
		if err := p.drawBand(o, fig, title, "persons", results.Emigrants, pts); err != nil {
			return nil, err
		}
		// Remittances: the WDI ratio over the years, summed over the
		// countries, against the model's yearly remittances.
		var ra, rb float64
		for _, c := range tt.iso3 {
			pa, err := data.Value(data.RemittancesUSD, c, tt.rFrom)
			if err != nil {
				return nil, err
			}
			pb, err := data.Value(data.RemittancesUSD, c, tt.rTo)
			if err != nil {
				return nil, err
			}
			ra, rb = ra+pa.Value, rb+pb.Value
		}
		xs := p.stat(func(ts *results.Timeseries, rows [][]float64) float64 {
			return yearSum(ts, rows, rem, tt.rTo) / yearSum(ts, rows, rem, tt.rFrom)
		})
		cs = append(cs, p.predictiveCheck(fmt.Sprintf("remittances %d/%d", tt.rTo, tt.rFrom), xs, rb/ra, results.Remittances, tt.rTo,
			fmt.Sprintf("yearly remittances received of the run (skilled emigrants, USD PPP) against WDI personal remittances received (current USD) of %v; no break between the two years (data/breaks.csv: Ghana's coverage changes in 2011, before both)", tt.iso3), ""))
		if tt.preset == "ghana" {
			c, err := ghanaPerMigrant(p, emi, rem)
			if err != nil {
				return nil, err
			}
			cs = append(cs, c)
		}
	}
	is, err := island(ctx, o)
	if err != nil {
		return nil, err
	}
	return append(cs, is...), nil
}

// undesaStock sums the UN DESA 2019 emigrant stocks of the countries in
// year, 2017 by geometric interpolation of 2015 and 2019.
func undesaStock(iso3 []string, y int, destinations ...string) (float64, error) {
	sum := 0.0
	for _, c := range iso3 {
		var v float64
		var err error
		if y == 2017 {
			a, err1 := data.Emigrants(c, 2015, destinations...)
			b, err2 := data.Emigrants(c, 2019, destinations...)
			v, err = math.Sqrt(a*b), firstErr(err1, err2)
		} else {
			v, err = data.Emigrants(c, y, destinations...)
		}
		if err != nil {
			return 0, err
		}
		sum += v
	}
	return sum, nil
}

// ghanaDestinations are the destinations of ghana.toml, as named by UN
// DESA and by the World Bank's 2017 bilateral table.
var ghanaDestinations = []struct{ undesa, worldBank string }{
	{"United Kingdom", "United Kingdom"},
	{"United States of America", "United States"},
	{"Germany", "Germany"},
	{"Netherlands", "Netherlands"},
}

// ghanaBilateral predicts the World Bank's 2017 bilateral stocks of
// Ghanaians in the preset's four destinations, as their growth from UN
// DESA's 2000 stocks in the same destinations, from the posterior fitted
// to the doctors abroad in 2000 and the stock of 2004.
func ghanaBilateral(p *posteriorRun, emi int) (Check, error) {
	var in2000, in2017 float64
	for _, d := range ghanaDestinations {
		a, err := data.Emigrants("GHA", 2000, d.undesa)
		if err != nil {
			return Check{}, err
		}
		b, err := data.Bilateral2017("Ghana", d.worldBank, false)
		if err != nil {
			return Check{}, err
		}
		in2000, in2017 = in2000+a, in2017+b
	}
	xs := p.stat(func(ts *results.Timeseries, rows [][]float64) float64 {
		return rows[rowAt(ts, 2018)][emi] / rows[rowAt(ts, 2001)][emi]
	})
	return p.predictiveCheck("emigrant stock in the UK, USA, Germany and Netherlands, 2017/2000", xs, in2017/in2000, results.Emigrants, 2017,
		fmt.Sprintf("skilled emigrants of the run (all in those four) against Ghanaians there in the World Bank's 2017 bilateral table (%.0f; data/migrant_stocks_bilateral_2017.csv) over UN DESA's 2000 stocks there (%.0f)", in2017, in2000), ""), nil
}

// ghanaPerMigrant compares Ghana's remittances per emigrant in 2017 with
// the World Bank's bilateral tables (USD 2,532 per Ghanaian migrant).
func ghanaPerMigrant(p *posteriorRun, emi, rem int) (Check, error) {
	stock, err := data.Bilateral2017("Ghana", "", false)
	if err != nil {
		return Check{}, err
	}
	sent, err := data.Bilateral2017("Ghana", "", true)
	if err != nil {
		return Check{}, err
	}
	xs := p.stat(func(ts *results.Timeseries, rows [][]float64) float64 {
		return yearSum(ts, rows, rem, 2017) / rows[rowAt(ts, 2018)][emi]
	})
	return p.predictiveCheck("remittances per emigrant 2017, USD", xs, sent*1e6/stock, results.Remittances, 2017,
		"the run's remittances per skilled emigrant (USD PPP) against the World Bank's 2017 bilateral remittances over bilateral stocks for all Ghanaian migrants (current USD; data/remittances_bilateral_2017.csv, data/migrant_stocks_bilateral_2017.csv); skilled emigrants earn more than the average migrant and the units differ (PPP against current USD), so a gap is expected, and the remittance share is not among the fitted parameters", ""), nil
}
