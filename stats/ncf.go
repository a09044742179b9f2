package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// NoncentralFCDF returns P(F ≤ x) for the noncentral F distribution with
// df1 and df2 degrees of freedom and noncentrality ncp, as R's
// pf(x, df1, df2, ncp = ncp). gonum has no noncentral F, hence this one.
//
// With y = df1·x/df2 the distribution is that of a noncentral beta at
// u = y/(1 + y) with shapes a = df1/2, b = df2/2 and c = ncp/2, a Poisson
// mixture of regularized incomplete beta functions:
//
//	P = Σ_j e^{−c} c^j / j! · I_u(a + j, b).
//
// The series is summed as R's pnbeta does (algorithm AS 226, Lenth 1987,
// with the correction R84 of Frick 1990): from the Poisson term
// j₀ = ⌊c − 7√c⌋ upward, each I_u obtained from the previous by the
// recurrence I_u(a+j+1, b) = I_u(a+j, b) − Γ(a+b+j)/(Γ(a+j+1)Γ(b))·u^{a+j}(1−u)^b,
// stopping when the bound on the remainder falls below 1e-9 (R's errmax),
// so the value agrees with R's to rounding. With ncp = 0 it is the central F.
func NoncentralFCDF(x, df1, df2, ncp float64) float64 {
	if math.IsNaN(x) || !(df1 > 0) || !(df2 > 0) || !(ncp >= 0) || math.IsInf(ncp, 0) {
		return math.NaN()
	}
	if x <= 0 {
		return 0
	}
	if math.IsInf(x, 1) {
		return 1
	}
	y := df1 / df2 * x
	return noncentralBetaCDF(y/(1+y), 1/(1+y), df1/2, df2/2, ncp)
}

// noncentralBetaCDF is R's pnbeta_raw (AS 226 + R84); ou = 1 − u given
// separately so that u near 1 keeps its precision.
func noncentralBetaCDF(u, ou, a, b, ncp float64) float64 {
	const (
		errmax = 1e-9
		itrmax = 10000
	)
	if u <= 0 {
		return 0
	}
	if ou <= 0 {
		return 1
	}
	c := ncp / 2
	x0 := math.Floor(math.Max(c-7*math.Sqrt(c), 0))
	a0 := a + x0
	la0, _ := math.Lgamma(a0)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a0 + b)
	lbeta := la0 + lb - lab
	temp := mathext.RegIncBeta(a0, b, u)
	log1mu := math.Log(ou)
	if u < 0.5 {
		log1mu = math.Log1p(-u)
	}
	gx := math.Exp(a0*math.Log(u) + b*log1mu - lbeta - math.Log(a0))
	var q float64
	if a0 > a {
		lx, _ := math.Lgamma(x0 + 1)
		q = math.Exp(-c + x0*math.Log(c) - lx)
	} else {
		q = math.Exp(-c)
	}
	sumq := 1 - q
	ans := q * temp
	for j := x0; ; {
		j++
		temp -= gx
		gx *= u * (a + b + j - 1) / (a + j)
		q *= c / j
		sumq -= q
		ans += temp * q
		errbd := (temp - gx) * sumq
		if !(errbd > errmax && j < itrmax+x0) {
			break
		}
	}
	return math.Min(ans, 1)
}

// NoncentralFNcp returns the noncentrality λ ≥ 0 at which
// P(F ≤ f | df1, df2, λ) = target: the root R finds with
// uniroot(function(l) pf(f, df1, df2, ncp = l) − target, ...). The CDF falls
// as λ grows, so when even λ = 0 gives a CDF at or below target there is
// no root and the answer is 0 (effectsize's convention for a bound that
// reaches the edge of the parameter space).
func NoncentralFNcp(f, df1, df2, target float64) float64 {
	zt := distuv.UnitNormal.Quantile(target)
	cdf := func(l float64) float64 { return probitGap(NoncentralFCDF(f, df1, df2, l), target, zt) }
	if math.IsNaN(f) || cdf(0) <= 0 {
		return 0
	}
	lo, hi := 0.0, math.Max(1, f*df1)
	for cdf(hi) > 0 {
		lo = hi
		hi *= 2
		if hi > 1e9 {
			return math.Inf(1)
		}
	}
	return bisect(cdf, lo, hi)
}

// probitGap returns a number with the sign of p − target whose size is
// Φ⁻¹(p) − Φ⁻¹(target) (zt = Φ⁻¹(target)): a CDF's distance to its target
// on the probit scale, on which a noncentral t or F CDF is nearly linear in
// the noncentrality, so that findRoot's interpolation steps land close.
// Where Φ⁻¹ cannot tell p from target it is the smallest float of the
// right sign; where p is 0 or 1 (or past them by rounding), infinite
// (findRoot then bisects).
func probitGap(p, target, zt float64) float64 {
	d := p - target
	if d == 0 || math.IsNaN(d) {
		return d
	}
	if !(p > 0 && p < 1) { // a CDF rounded to (or just past) 0 or 1
		return math.Copysign(math.Inf(1), d)
	}
	g := distuv.UnitNormal.Quantile(p) - zt
	if !(g*d > 0) {
		return math.Copysign(math.SmallestNonzeroFloat64, d)
	}
	return g
}

// bisect finds the root of a function that is positive at a and negative
// at b, to the resolution of float64: it stops when a and b are adjacent
// floats (or f is exactly 0) and returns their midpoint, as bisection to
// that point would. Steps are regula falsi with the Illinois modification
// (Dowell & Jarratt 1971: the value kept at the end that did not move is
// halved), superlinear on a smooth monotone f; a step that lands on or
// outside the bracket, or three steps that did not halve its width
// between them, give way to bisection, so that it never takes more than
// about three times bisection's evaluations.
func bisect(f func(float64) float64, a, b float64) float64 {
	return findRoot(f, a, b, f(a), f(b))
}

// findRoot is bisect with f(a) and f(b) known.
func findRoot(f func(float64) float64, a, b, fa, fb float64) float64 {
	switch {
	case fa == 0:
		return a
	case fb == 0:
		return b
	case !(fa > 0) || !(fb < 0):
		return bisectPlain(f, a, b)
	}
	side := 0                // which end moved last: −1 a, +1 b
	width := math.Abs(b - a) // the width three steps ago
	for i := 0; i < 400; i++ {
		m := 0.5 * (a + b)
		if m == a || m == b {
			break
		}
		var x float64
		if i%3 == 2 && !(math.Abs(b-a) < 0.5*width) {
			x = m
		} else {
			x = a + fa/(fa-fb)*(b-a)
			// At least a few units in the last place from either end, so
			// that an estimate already at the root brackets it (Brent
			// 1973, ch. 4).
			lo, hi := math.Min(a, b), math.Max(a, b)
			d := 4 * 0x1p-52 * math.Max(math.Abs(lo), math.Abs(hi))
			x = math.Max(x, lo+d)
			x = math.Min(x, hi-d)
			if !(x > lo && x < hi) {
				x = m
			}
		}
		if i%3 == 2 {
			width = math.Abs(b - a)
		}
		fx := f(x)
		if math.IsNaN(fx) {
			return bisectPlain(f, a, b)
		}
		if fx > 0 {
			a, fa = x, fx
			if side == -1 {
				fb *= 0.5
			}
			side = -1
		} else {
			if fx == 0 {
				return x
			}
			b, fb = x, fx
			if side == 1 {
				fa *= 0.5
			}
			side = 1
		}
	}
	return 0.5 * (a + b)
}

// bisectPlain is plain bisection (f positive at a, not positive at b).
func bisectPlain(f func(float64) float64, a, b float64) float64 {
	for i := 0; i < 2000; i++ {
		m := 0.5 * (a + b)
		if m <= math.Min(a, b) || m >= math.Max(a, b) {
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

// PartialEtaSqCI returns the two-sided confidence interval of partial η²
// from an F statistic on df1 and df2 degrees of freedom, as
// effectsize::F_to_eta2(f, df1, df2, ci = level, alternative = "two.sided")
// computes it (effectsize 0.8.3; its default is one-sided): the
// noncentralities λ_lo and λ_hi with
//
//	P(F ≤ f | λ_lo) = (1 + level)/2,  P(F ≤ f | λ_hi) = (1 − level)/2
//
// (Steiger 2004), each 0 when no λ ≥ 0 reaches it, are mapped to η² as
// λ/(λ + df2). effectsize finds the λ with a coarse optimiser; here they are
// found by bisection to float64 resolution, as R's uniroot on pf(ncp = ).
func PartialEtaSqCI(f, df1, df2, level float64) (lo, hi float64, err error) {
	if !(level > 0 && level < 1) {
		return math.NaN(), math.NaN(), degenerate("confidence level %g is not between 0 and 1", level)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || !(df1 > 0) || !(df2 > 0) {
		return math.NaN(), math.NaN(), degenerate("the confidence interval of partial eta squared needs a finite F and positive df")
	}
	alpha := 1 - level
	llo := NoncentralFNcp(f, df1, df2, 1-alpha/2)
	lhi := NoncentralFNcp(f, df1, df2, alpha/2)
	return llo / (llo + df2), lhi / (lhi + df2), nil
}
