package stats

import (
	"math"
	"math/bits"

	"gonum.org/v1/gonum/stat/distuv"
)

// Summary holds descriptive statistics of one sample.
type Summary struct {
	N              int
	Mean, SD       float64 // SD with n − 1 (R's sd); NaN when n < 2
	Median, Q1, Q3 float64 // R's quantile(type = 7)
	Min, Max       float64
}

// Describe summarises x (no NaN), as R's mean, sd, quantile(type = 7), min
// and max. An empty x gives N = 0 and NaN elsewhere. The mean and SD are
// formed from deviations from the first value (moments.go), so data far
// from zero keep their digits.
func Describe(x []float64) Summary {
	nan := math.NaN()
	s := Summary{N: len(x), Mean: nan, SD: nan, Median: nan, Q1: nan, Q3: nan, Min: nan, Max: nan}
	if s.N == 0 {
		return s
	}
	sorted := newOrderStats(x) // counted when x is large with few distinct values (distinct.go)
	s.Mean, s.SD = meanSD(x)   // shift-invariant sums (moments.go)
	s.Min, s.Max = sorted.at(0), sorted.at(s.N-1)
	s.Q1 = quantile7(s.N, sorted.at, 0.25)
	s.Median = quantile7(s.N, sorted.at, 0.5)
	s.Q3 = quantile7(s.N, sorted.at, 0.75)
	return s
}

// MeanSD returns Describe(x)'s Mean and SD without its order statistics
// (which sort, or count, the sample).
func MeanSD(x []float64) (mean, sd float64) { return meanSD(x) }

// QuantileType7 returns the p-quantile of the sorted sample by R's default
// definition (quantile(type = 7), Hyndman & Fan 1996): with h = (n − 1)p,
//
//	Q(p) = x_(⌊h⌋+1) + (h − ⌊h⌋)(x_(⌊h⌋+2) − x_(⌊h⌋+1)).
//
// gonum's stat.Quantile implements other definitions, hence this one.
func QuantileType7(sorted []float64, p float64) float64 {
	return quantile7(len(sorted), func(i int) float64 { return sorted[i] }, p)
}

// quantile7 is QuantileType7 over the order statistics at(0..n−1).
func quantile7(n int, at func(int) float64, p float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return at(n - 1)
	}
	return at(i) + (h-lo)*(at(i+1)-at(i))
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
// The update runs on deviations from the first observation (moments.go),
// so non-integer data far from zero keep their digits.
type CovAccumulator struct {
	k    int
	n    float64
	ref  []float64 // the first observation
	mean []float64 // mean of x − ref
	m2   []float64 // k × k co-moments Σ(x_a − x̄_a)(x_b − x̄_b)
	d    []float64
	e    []float64
}

// NewCovAccumulator returns an accumulator for k variables.
func NewCovAccumulator(k int) *CovAccumulator {
	return &CovAccumulator{k: k, ref: make([]float64, k), mean: make([]float64, k), m2: make([]float64, k*k),
		d: make([]float64, k), e: make([]float64, k)}
}

// Add adds one observation (len(x) = k, no NaN).
func (c *CovAccumulator) Add(x []float64) {
	if c.n == 0 {
		copy(c.ref, x[:c.k])
	}
	c.n++
	for a := 0; a < c.k; a++ {
		c.e[a] = x[a] - c.ref[a]
		c.d[a] = c.e[a] - c.mean[a]
		c.mean[a] += c.d[a] / c.n
	}
	for a := 0; a < c.k; a++ {
		ea := c.e[a] - c.mean[a] // deviation from the updated mean
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
	cov := make([]float64, c.k*c.k)
	if c.n > 1 {
		for i, m := range c.m2 {
			cov[i] = m / (c.n - 1)
		}
	}
	return alphaFromCov(cov, c.k, int(c.n))
}

// alphaFromCov is alpha from a k × k covariance matrix of n observations.
func alphaFromCov(cov []float64, k, n int) (AlphaResult, error) {
	res := AlphaResult{N: n, K: k, Raw: math.NaN(), Std: math.NaN()}
	if n < 2 {
		return res, degenerate("alpha needs at least 2 complete respondents (have %d)", n)
	}
	if k < 2 {
		return res, degenerate("alpha needs at least 2 items (have %d)", k)
	}
	trC, sumC, sumR := 0.0, 0.0, 0.0
	zeroVar := false
	for a := 0; a < k; a++ {
		if cov[a*k+a] <= 0 {
			zeroVar = true
		}
	}
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			cv := cov[a*k+b]
			sumC += cv
			if a == b {
				trC += cv
				sumR++
			} else if !zeroVar {
				sumR += cv / math.Sqrt(cov[a*k+a]*cov[b*k+b])
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

// IntCovAccumulator accumulates the sums and cross-products of k
// non-negative whole-number variables (item responses) exactly, in 64-bit
// integers, and forms the covariances with 128-bit arithmetic, so that the
// only rounding is the final division: faster than CovAccumulator on Likert
// items and at least as accurate.
type IntCovAccumulator struct {
	k   int
	n   uint64
	s   []uint64 // Σx_a
	sab []uint64 // Σx_a·x_b, upper triangle (a ≤ b), row-major k × k
}

// NewIntCovAccumulator returns an accumulator for k variables.
func NewIntCovAccumulator(k int) *IntCovAccumulator {
	return &IntCovAccumulator{k: k, s: make([]uint64, k), sab: make([]uint64, k*k)}
}

// Add adds one observation: k values in 0..2^20 (callers shift responses to
// start at 0; covariances do not change).
func (c *IntCovAccumulator) Add(x []uint32) {
	c.n++
	k := c.k
	for a := 0; a < k; a++ {
		xa := uint64(x[a])
		c.s[a] += xa
		row := c.sab[a*k : (a+1)*k]
		for b := a; b < k; b++ {
			row[b] += xa * uint64(x[b])
		}
	}
}

// N returns the number of observations added.
func (c *IntCovAccumulator) N() int { return int(c.n) }

// cov returns the covariance of a and b: (n·Σxy − Σx·Σy) / (n(n − 1)),
// the numerator exact in 128 bits.
func (c *IntCovAccumulator) cov(a, b int) float64 {
	if a > b {
		a, b = b, a
	}
	h1, l1 := bits.Mul64(c.n, c.sab[a*c.k+b])
	h2, l2 := bits.Mul64(c.s[a], c.s[b])
	neg := h1 < h2 || h1 == h2 && l1 < l2
	if neg {
		h1, l1, h2, l2 = h2, l2, h1, l1
	}
	lo, borrow := bits.Sub64(l1, l2, 0)
	hi, _ := bits.Sub64(h1, h2, borrow)
	num := float64(hi)*0x1p64 + float64(lo)
	if neg {
		num = -num
	}
	n := float64(c.n)
	return num / (n * (n - 1))
}

// Alpha returns Cronbach's alpha of the accumulated items.
func (c *IntCovAccumulator) Alpha() (AlphaResult, error) {
	k := c.k
	cov := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			v := c.cov(a, b)
			cov[a*k+b], cov[b*k+a] = v, v
		}
	}
	return alphaFromCov(cov, k, int(c.n))
}

// MeanCI returns the mean of x and its confidence interval from the t
// distribution, mean ± t_{(1+level)/2, n−1}·s/√n, as R's t.test(x)$conf.int.
// NaN bounds when n < 2. The mean and SD are shift-invariant sums
// (moments.go).
func MeanCI(x []float64, level float64) (mean, lo, hi float64) {
	n := len(x)
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	m, sd := meanSD(x)
	if n < 2 {
		return m, math.NaN(), math.NaN()
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
	half := q * sd / math.Sqrt(float64(n))
	return m, m - half, m + half
}
