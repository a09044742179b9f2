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
	if len(items) == 0 {
		return AlphaResult{Raw: math.NaN(), Std: math.NaN()}, degenerate("alpha needs at least 2 complete respondents (have 0)")
	}
	acc := NewCovAccumulator(len(items[0]))
	for _, row := range items {
		acc.Add(row)
	}
	return acc.Alpha()
}

// CovAccumulator accumulates the means and co-moments of k variables one
// observation at a time (Welford's update, generalised to co-moments), so
// that alpha over a million respondents needs k² numbers, not the data.
type CovAccumulator struct {
	k    int
	n    float64
	mean []float64
	m2   []float64 // k × k co-moments Σ(x_a − x̄_a)(x_b − x̄_b)
	d    []float64
}

// NewCovAccumulator returns an accumulator for k variables.
func NewCovAccumulator(k int) *CovAccumulator {
	return &CovAccumulator{k: k, mean: make([]float64, k), m2: make([]float64, k*k), d: make([]float64, k)}
}

// Add adds one observation (len(x) = k, no NaN).
func (c *CovAccumulator) Add(x []float64) {
	c.n++
	for a := 0; a < c.k; a++ {
		c.d[a] = x[a] - c.mean[a]
		c.mean[a] += c.d[a] / c.n
	}
	for a := 0; a < c.k; a++ {
		ea := x[a] - c.mean[a] // deviation from the updated mean
		row := c.m2[a*c.k : (a+1)*c.k]
		for b := 0; b < c.k; b++ {
			row[b] += c.d[b] * ea
		}
	}
}

// N returns the number of observations added.
func (c *CovAccumulator) N() int { return int(c.n) }

// Alpha returns Cronbach's alpha of the accumulated items.
func (c *CovAccumulator) Alpha() (AlphaResult, error) {
	res := AlphaResult{N: int(c.n), K: c.k, Raw: math.NaN(), Std: math.NaN()}
	if res.N < 2 {
		return res, degenerate("alpha needs at least 2 complete respondents (have %d)", res.N)
	}
	k := c.k
	if k < 2 {
		return res, degenerate("alpha needs at least 2 items (have %d)", k)
	}
	trC, sumC, sumR := 0.0, 0.0, 0.0
	zeroVar := false
	for a := 0; a < k; a++ {
		if c.m2[a*k+a] == 0 {
			zeroVar = true
		}
	}
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			cv := c.m2[a*k+b] / (c.n - 1)
			sumC += cv
			if a == b {
				trC += cv
				sumR++
			} else if !zeroVar {
				sumR += c.m2[a*k+b] / math.Sqrt(c.m2[a*k+a]*c.m2[b*k+b])
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
