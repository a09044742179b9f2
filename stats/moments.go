package stats

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Shift-invariant sums.
//
// Data far from zero relative to their spread (scores near 10^6 that differ
// in the fourth decimal) lose their digits when raw values are summed: the
// sum of three values near 10^6 carries an absolute rounding error of about
// 10^-10, which is 10^-6 of a spread of 10^-4. Means and sums of squares in
// this package are therefore formed from deviations: from the first
// observation where the data come one at a time or as a matrix
// (CovAccumulator, RepeatedMeasuresANOVA), and otherwise in two passes, as
// R's mean and var (Chan, Golub & LeVeque 1983, "Algorithms for computing
// the sample variance", The American Statistician 37:242–247):
//
//	m₀ = Σx_i/n,  e_i = x_i − m₀,
//	x̄ = m₀ + c,  c = Σe_i/n,
//	SS = Σe_i² − (Σe_i)²/n.
//
// The deviations e_i are exact or small (m₀ lies among the data), so c
// corrects the rounding of the first pass and SS does not cancel; a
// difference of two means is formed as (m₀ − m₀′) + (c − c′), whose first
// term is exact when the means are close. The results do not change when a
// constant is added to every value (to the rounding of the data themselves).

// moments returns the mean of x as m0 + c (see above) and SS = Σ(x_i − x̄)².
// Empty x gives NaN.
func moments(x []float64) (m0, c, ss float64) {
	n := float64(len(x))
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	m0 = floats.Sum(x) / n
	// Two accumulators for each sum: independent chains run in parallel.
	var s1a, s1b, s2a, s2b float64
	i := 0
	for ; i+1 < len(x); i += 2 {
		ea, eb := x[i]-m0, x[i+1]-m0
		s1a += ea
		s1b += eb
		s2a += ea * ea
		s2b += eb * eb
	}
	if i < len(x) {
		e := x[i] - m0
		s1a += e
		s2a += e * e
	}
	s1, s2 := s1a+s1b, s2a+s2b
	return m0, s1 / n, s2 - s1*s1/n
}

// meanVariance returns the mean and the variance (n − 1) of x, shift-
// invariantly; the variance is NaN when n < 2.
func meanVariance(x []float64) (m, v float64) {
	m0, c, ss := moments(x)
	v = math.NaN()
	if len(x) > 1 {
		v = math.Max(0, ss) / float64(len(x)-1)
	}
	return m0 + c, v
}

// meanSD is meanVariance with the standard deviation.
func meanSD(x []float64) (m, sd float64) {
	m, v := meanVariance(x)
	return m, math.Sqrt(v)
}
