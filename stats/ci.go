package stats

import (
	"math"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Confidence intervals of the numbers a paper reports beside its tests:
// mean differences (t), standardized mean differences (noncentral t),
// correlations (Fisher's z). Every function takes the confidence level
// (0.95 for a 95% interval) and gives a two-sided interval.

// checkLevel rejects a confidence level outside (0, 1).
func checkLevel(level float64) error {
	if !(level > 0 && level < 1) {
		return degenerate("confidence level %g is not between 0 and 1", level)
	}
	return nil
}

// TInterval returns estimate ± t_{(1+level)/2, df}·se, the interval
// R's t.test reports as conf.int.
func TInterval(estimate, se, df, level float64) (lo, hi float64) {
	if checkLevel(level) != nil || !(df > 0) || math.IsNaN(se) {
		return math.NaN(), math.NaN()
	}
	q := tQuantile(df, (1+level)/2)
	return estimate - q*se, estimate + q*se
}

// tQuantiles memoizes the t quantiles of whole-number df (paired and
// Student's tests: one analysis asks for the same few many times; gonum
// inverts the incomplete beta iteratively each time). Bounded: past
// maxTQuantiles entries new ones are computed and not kept.
var (
	tQuantiles  sync.Map // tqKey → float64
	nTQuantiles atomic.Int64
)

const maxTQuantiles = 4096

type tqKey struct{ df, p float64 }

// tQuantile is distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p).
func tQuantile(df, p float64) float64 {
	whole := df == math.Trunc(df) && df < 1e9
	key := tqKey{df, p}
	if whole {
		if q, ok := tQuantiles.Load(key); ok {
			return q.(float64)
		}
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
	if whole && nTQuantiles.Load() < maxTQuantiles {
		if _, loaded := tQuantiles.LoadOrStore(key, q); !loaded {
			nTQuantiles.Add(1)
		}
	}
	return q
}

// PairedIntervals holds the confidence intervals of a paired comparison of
// x and y (the differences x − y).
type PairedIntervals struct {
	MeanDiffLow, MeanDiffHigh float64 // of mean(x − y)
	DzLow, DzHigh             float64 // of d_z = mean(x − y)/sd(x − y)
	DavLow, DavHigh           float64 // of d_av = mean(x − y)/((s_x + s_y)/2)
}

// PairedCI returns the confidence intervals of the paired mean difference
// and of the paired standardized differences, with t = mean(d)/(sd(d)/√n)
// and df = n − 1:
//
//   - mean difference: mean(d) ± t_{(1+level)/2, n−1}·sd(d)/√n, as
//     t.test(x, y, paired = TRUE)$conf.int;
//   - d_z: the noncentral-t interval of t divided by √n (CohensDCI), as
//     effectsize::cohens_d(x, y, paired = TRUE) defines it (its bounds come
//     from a coarse optimiser; these are the exact roots);
//   - d_av (Cumming 2012, Lakens 2013): the same noncentralities divided by
//     √n·s_av/sd(d), s_av = (s_x + s_y)/2, the approximation of Algina &
//     Keselman (2003) that treats the ratio of the standardizers as known.
//
// The interval of d_z needs sd(d) > 0; that of d_av also s_av > 0.
func PairedCI(x, y []float64, level float64) (PairedIntervals, error) {
	return PairedCIScratch(x, y, nil, level)
}

// PairedCIScratch is PairedCI forming the differences in scratch when it has
// room for len(x) (else in a new slice), for a caller that reuses one
// buffer across many pairs of samples.
func PairedCIScratch(x, y, scratch []float64, level float64) (PairedIntervals, error) {
	nan := math.NaN()
	res := PairedIntervals{nan, nan, nan, nan, nan, nan}
	if err := checkLevel(level); err != nil {
		return res, err
	}
	if len(x) != len(y) {
		return res, degenerate("x has %d values and y %d: paired data need the same number", len(x), len(y))
	}
	n := len(x)
	if n < 2 {
		return res, degenerate("a confidence interval needs at least 2 complete pairs (have %d)", n)
	}
	d := differences(x, y, scratch)
	m, sd := stat.MeanStdDev(d, nil)
	fn := math.Sqrt(float64(n))
	df := float64(n - 1)
	res.MeanDiffLow, res.MeanDiffHigh = TInterval(m, sd/fn, df, level)
	if sd == 0 {
		return res, degenerate("the %d differences are all equal: the interval of d is undefined", n)
	}
	t := m / (sd / fn)
	// The noncentralities once; each interval divides them by its scale
	// (CohensDCI with scale 1 gives them).
	nlo, nhi, err := CohensDCI(t, df, 1, level)
	if err != nil {
		return res, err
	}
	res.DzLow, res.DzHigh = nlo/fn, nhi/fn
	sav := (stat.StdDev(x, nil) + stat.StdDev(y, nil)) / 2
	if sav > 0 {
		s := fn * sav / sd
		res.DavLow, res.DavHigh = nlo/s, nhi/s
	}
	return res, nil
}

// IndependentIntervals holds the confidence intervals of a comparison of
// two independent samples x and y (x − y).
type IndependentIntervals struct {
	MeanDiffLow, MeanDiffHigh float64 // of mean(x) − mean(y), Welch's or Student's
	DLow, DHigh               float64 // of Cohen's d with the pooled SD
	GLow, GHigh               float64 // of Hedges' g
}

// IndependentCI returns the confidence intervals of a two-sample
// comparison:
//
//   - mean difference: (m_x − m_y) ± t_{(1+level)/2, df}·SE with Welch's SE
//     and df (pooled = false; t.test(x, y)$conf.int) or the pooled ones
//     (pooled = true; t.test(x, y, var.equal = TRUE)$conf.int);
//   - Cohen's d with the pooled SD (whichever t test is run), by inverting
//     the noncentral t of t = d·√(n1n2/(n1+n2)) on n1 + n2 − 2 df
//     (CohensDCI), as effectsize::cohens_d(x, y) defines it;
//   - Hedges' g: the bounds of d times the exact correction HedgesJ, as
//     effectsize::hedges_g.
func IndependentCI(x, y []float64, pooled bool, level float64) (IndependentIntervals, error) {
	nan := math.NaN()
	res := IndependentIntervals{nan, nan, nan, nan, nan, nan}
	if err := checkLevel(level); err != nil {
		return res, err
	}
	if len(x) < 2 || len(y) < 2 {
		return res, degenerate("each group needs at least 2 values (have %d and %d)", len(x), len(y))
	}
	n1, n2 := float64(len(x)), float64(len(y))
	m1, v1 := stat.MeanVariance(x, nil)
	m2, v2 := stat.MeanVariance(y, nil)
	dfPooled := n1 + n2 - 2
	sp := math.Sqrt(((n1-1)*v1 + (n2-1)*v2) / dfPooled)
	if pooled {
		res.MeanDiffLow, res.MeanDiffHigh = TInterval(m1-m2, sp*math.Sqrt(1/n1+1/n2), dfPooled, level)
	} else {
		a, b := v1/n1, v2/n2
		df := (a + b) * (a + b) / (a*a/(n1-1) + b*b/(n2-1))
		res.MeanDiffLow, res.MeanDiffHigh = TInterval(m1-m2, math.Sqrt(a+b), df, level)
	}
	if sp == 0 {
		return res, degenerate("both groups have zero variance: the interval of d is undefined")
	}
	scale := math.Sqrt(n1 * n2 / (n1 + n2))
	var err error
	res.DLow, res.DHigh, err = CohensDCI((m1-m2)/sp*scale, dfPooled, scale, level)
	j := HedgesJ(dfPooled)
	res.GLow, res.GHigh = res.DLow*j, res.DHigh*j
	return res, err
}

// fisherZCI returns tanh(atanh(r) ± z_{(1+level)/2}·se).
func fisherZCI(r, se, level float64) (lo, hi float64) {
	q := distuv.UnitNormal.Quantile((1 + level) / 2)
	z := math.Atanh(r)
	return math.Tanh(z - q*se), math.Tanh(z + q*se)
}

// SignedRankRankBiserialCI returns the confidence interval of the
// matched-pairs rank-biserial correlation rb of nd non-zero differences,
// as effectsize::rank_biserial(x, y, paired = TRUE) (0.8.3) computes it:
// Fisher's z with the standard error of rb itself,
//
//	tanh(atanh(rb) ± z_{(1+level)/2}·SE),  SE = √((2nd³ + 3nd² + nd)/6) / (nd(nd + 1)/2).
//
// nd is the number of ranked (non-zero) differences, whose rank sum the SE
// describes. effectsize 0.8.3 counts the non-zero values of x instead
// (sum((x − mu) != 0) with x not yet differenced), which is the same
// whenever no difference is zero and no x is 0; with zero differences its
// interval is a little narrower than this one.
func SignedRankRankBiserialCI(rb float64, nd int, level float64) (lo, hi float64, err error) {
	if err := checkLevel(level); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if nd < 1 || math.IsNaN(rb) {
		return math.NaN(), math.NaN(), degenerate("the rank-biserial interval needs at least one non-zero difference")
	}
	n := float64(nd)
	se := math.Sqrt((2*n*n*n+3*n*n+n)/6) / ((n*n + n) / 2)
	lo, hi = fisherZCI(rb, se, level)
	return lo, hi, nil
}

// MannWhitneyRankBiserialCI returns the confidence interval of the
// two-sample rank-biserial correlation rb of groups of n1 and n2, as
// effectsize::rank_biserial(x, y) (0.8.3) computes it:
//
//	tanh(atanh(rb) ± z_{(1+level)/2}·SE),  SE = √((n1 + n2 + 1)/(3·n1·n2)).
func MannWhitneyRankBiserialCI(rb float64, n1, n2 int, level float64) (lo, hi float64, err error) {
	if err := checkLevel(level); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if n1 < 1 || n2 < 1 || math.IsNaN(rb) {
		return math.NaN(), math.NaN(), degenerate("the rank-biserial interval needs both groups")
	}
	a, b := float64(n1), float64(n2)
	se := math.Sqrt((a + b + 1) / (3 * a * b))
	lo, hi = fisherZCI(rb, se, level)
	return lo, hi, nil
}

// CorrelationCI returns the Fisher-z confidence interval of a correlation
// r from n observations, as psych::r.con(r, n, p = level) (and
// cor.test's conf.int for Pearson's r):
//
//	tanh(atanh(r) ± z_{(1+level)/2}/√(n − 3)).
//
// pssa applies it to the rank tests' r = z/√n, read as a correlation.
func CorrelationCI(r float64, n int, level float64) (lo, hi float64, err error) {
	if err := checkLevel(level); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if n < 4 {
		return math.NaN(), math.NaN(), degenerate("the interval of r needs at least 4 observations (have %d)", n)
	}
	if math.IsNaN(r) || math.Abs(r) > 1 {
		return math.NaN(), math.NaN(), degenerate("r = %g is not a correlation", r)
	}
	lo, hi = fisherZCI(r, 1/math.Sqrt(float64(n-3)), level)
	return lo, hi, nil
}
