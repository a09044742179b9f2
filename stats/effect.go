package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// CohensDCI returns the confidence interval of a standardized mean
// difference by inverting the noncentral t distribution (Steiger & Fouladi
// 1997), as effectsize::cohens_d does: the bounds are the noncentrality
// parameters λ with P(T ≤ t | df, λ) = 1 − (1−level)/2 and (1−level)/2,
// divided by scale (√n for d_z of n pairs; √(n1·n2/(n1+n2)) for the
// independent d).
//
// tStat is the observed t statistic (d·scale); level is e.g. 0.95.
func CohensDCI(tStat, df, scale, level float64) (lo, hi float64, err error) {
	if !(level > 0 && level < 1) {
		return math.NaN(), math.NaN(), degenerate("confidence level %g is not between 0 and 1", level)
	}
	if math.IsNaN(tStat) || math.IsInf(tStat, 0) || df <= 0 {
		return math.NaN(), math.NaN(), degenerate("the confidence interval needs a finite t statistic and positive df")
	}
	alpha := 1 - level
	lo = ncpFor(tStat, df, 1-alpha/2) / scale
	hi = ncpFor(tStat, df, alpha/2) / scale
	return lo, hi, nil
}

// ncpFor finds λ with P(T ≤ t | df, λ) = target. The CDF falls as λ grows,
// so the root is bracketed by widening and then found by bisection to the
// limit of float64 resolution.
func ncpFor(t, df, target float64) float64 {
	f := func(l float64) float64 { return distuv.NoncentralT{Nu: df, Mu: l}.CDF(t) - target }
	a, b := t-1, t+1
	for step := 1.0; f(a) < 0; step *= 2 {
		a -= step
	}
	for step := 1.0; f(b) > 0; step *= 2 {
		b += step
	}
	for i := 0; i < 200; i++ {
		m := 0.5 * (a + b)
		if m == a || m == b {
			break
		}
		if f(m) > 0 {
			a = m
		} else {
			b = m
		}
	}
	return 0.5 * (a + b)
}
