package stats

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Summary holds descriptive statistics of one sample.
type Summary struct {
	N              int
	Mean, SD       float64 // SD with n − 1 (R's sd); NaN when n < 2
	Median, Q1, Q3 float64 // R's quantile(type = 7)
	Min, Max       float64
}

// Describe summarises x (no NaN). An empty x gives N = 0 and NaN elsewhere.
func Describe(x []float64) Summary {
	nan := math.NaN()
	s := Summary{N: len(x), Mean: nan, SD: nan, Median: nan, Q1: nan, Q3: nan, Min: nan, Max: nan}
	if s.N == 0 {
		return s
	}
	sorted := append([]float64(nil), x...)
	sort.Float64s(sorted)
	s.Mean = stat.Mean(x, nil)
	if s.N > 1 {
		s.SD = stat.StdDev(x, nil)
	}
	s.Min, s.Max = sorted[0], sorted[s.N-1]
	s.Q1 = QuantileType7(sorted, 0.25)
	s.Median = QuantileType7(sorted, 0.5)
	s.Q3 = QuantileType7(sorted, 0.75)
	return s
}

// QuantileType7 returns the p-quantile of the sorted sample by R's default
// definition (quantile(type = 7), Hyndman & Fan 1996): with h = (n − 1)p,
//
//	Q(p) = x_(⌊h⌋+1) + (h − ⌊h⌋)(x_(⌊h⌋+2) − x_(⌊h⌋+1)).
//
// gonum's stat.Quantile implements other definitions, hence this one.
func QuantileType7(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

// AlphaResult holds Cronbach's alpha for one scale.
type AlphaResult struct {
	N, K int     // complete respondents, items
	Raw  float64 // from the covariance matrix
	Std  float64 // from the correlation matrix (standardized alpha)
}

// CronbachAlpha returns Cronbach's alpha of items (rows: respondents with
// every item answered; columns: items), as psych::alpha's raw_alpha and
// std.alpha on complete data:
//
//	α = k/(k − 1)·(1 − tr C / ΣC),   α_std = k/(k − 1)·(1 − k / ΣR),
//
// C the item covariance and R the item correlation matrix. Respondents with
// a missing item are to be left out by the caller (listwise, as SPSS;
// psych's default is pairwise).
func CronbachAlpha(items [][]float64) (AlphaResult, error) {
	res := AlphaResult{N: len(items), Raw: math.NaN(), Std: math.NaN()}
	if res.N < 2 {
		return res, degenerate("alpha needs at least 2 complete respondents (have %d)", res.N)
	}
	res.K = len(items[0])
	k := res.K
	if k < 2 {
		return res, degenerate("alpha needs at least 2 items (have %d)", k)
	}
	cols := make([][]float64, k)
	for j := range cols {
		cols[j] = make([]float64, res.N)
		for i, row := range items {
			cols[j][i] = row[j]
		}
	}
	sd := make([]float64, k)
	for j := range cols {
		sd[j] = stat.StdDev(cols[j], nil)
	}
	trC, sumC, sumR := 0.0, 0.0, 0.0
	zeroVar := false
	for a := 0; a < k; a++ {
		if sd[a] == 0 {
			zeroVar = true
		}
		for b := 0; b < k; b++ {
			c := stat.Covariance(cols[a], cols[b], nil)
			sumC += c
			if a == b {
				trC += c
				sumR++
			} else if sd[a] > 0 && sd[b] > 0 {
				sumR += c / (sd[a] * sd[b])
			}
		}
	}
	fk := float64(k)
	if sumC == 0 {
		return res, degenerate("every item has zero variance: alpha is undefined")
	}
	res.Raw = fk / (fk - 1) * (1 - trC/sumC)
	if !zeroVar {
		res.Std = fk / (fk - 1) * (1 - fk/sumR)
	}
	return res, nil
}
