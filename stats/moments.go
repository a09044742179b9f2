package stats

import "math"

// Shift-invariant sums.
//
// Data far from zero relative to their spread (scores near 10^6 that differ
// in the fourth decimal) lose their digits when raw values are summed: the
// sum of three values near 10^6 carries an absolute rounding error of about
// 10^-10, which is 10^-6 of a spread of 10^-4. Every mean and sum of squares
// in this package is therefore formed from deviations from a reference
// value taken from the data (the first observation), which are exact when
// the data are close to it (Sterbenz's lemma) and small otherwise, and the
// sum of squares by the corrected two-pass formula (Chan, Golub & LeVeque
// 1983, "Algorithms for computing the sample variance", The American
// Statistician 37:242–247):
//
//	e_i = x_i − r,  ē = Σe_i/n (compensated sum),
//	SS = Σ(e_i − ē)² − (Σ(e_i − ē))²/n.
//
// The results do not change when a constant is added to every value (to the
// rounding of the data themselves).

// deviationMoments returns S = Σ(x_i − ref), ē = S/n = mean(x) − ref and
// SS = Σ(x_i − x̄)² of x, formed from the deviations x_i − ref. Empty x
// gives NaN and 0. (meanFrom turns S back into the mean.)
func deviationMoments(x []float64, ref float64) (dsum, dmean, ss float64) {
	n := float64(len(x))
	if n == 0 {
		return 0, math.NaN(), 0
	}
	dsum = deviationSum(x, ref)
	dmean = dsum / n
	var s2, s1 float64
	for _, v := range x {
		e := (v - ref) - dmean
		s2 += e * e
		s1 += e
	}
	return dsum, dmean, s2 - s1*s1/n
}

// deviationSum is Σ(x_i − ref) with Neumaier's compensated summation.
func deviationSum(x []float64, ref float64) float64 {
	var s, c float64
	for _, v := range x {
		e := v - ref
		t := s + e
		if math.Abs(s) >= math.Abs(e) {
			c += (s - t) + e
		} else {
			c += (e - t) + s
		}
		s = t
	}
	return s + c
}

// meanFrom returns the mean of n values whose deviations from ref sum to
// dsum, as (n·ref + dsum)/n: as accurate as ref + dsum/n on data far from
// zero, and the correctly rounded mean when the sum is exact (whole
// numbers), as a plain sum divided by n would be.
func meanFrom(ref, dsum float64, n int) float64 {
	fn := float64(n)
	return (fn*ref + dsum) / fn
}

// meanVariance returns the mean and the variance (n − 1) of x, shift-
// invariantly; the variance is NaN when n < 2.
func meanVariance(x []float64) (m, v float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	ref := x[0]
	ds, _, ss := deviationMoments(x, ref)
	v = math.NaN()
	if len(x) > 1 {
		v = math.Max(0, ss) / float64(len(x)-1)
	}
	return meanFrom(ref, ds, len(x)), v
}

// meanSD is meanVariance with the standard deviation.
func meanSD(x []float64) (m, sd float64) {
	m, v := meanVariance(x)
	return m, math.Sqrt(v)
}
