package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// noP asks PairedT and independentT for everything but the p-value (NaN):
// PairedEffects and WelchEffects.
const noP Alternative = -1

// tP returns the p-value of a t statistic on df degrees of freedom.
func tP(t, df float64, alt Alternative) float64 {
	if alt == noP {
		return math.NaN()
	}
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	switch alt {
	case Less:
		return dist.CDF(t)
	case Greater:
		return dist.Survival(t)
	}
	return math.Min(1, 2*dist.CDF(-math.Abs(t)))
}

// PairedTResult is the outcome of the paired t-test on x − y.
type PairedTResult struct {
	N        int
	T, DF, P float64
	MeanDiff float64 // mean of x − y
	SDDiff   float64
	// Dz is the mean difference over the SD of the differences, what SPSS 28
	// prints as Cohen's d for paired samples (effectsize::cohens_d(paired = TRUE)).
	Dz float64
	// Dav is the mean difference over the mean of the two SDs, (s_x + s_y)/2
	// (Cumming 2012's d_av).
	Dav float64
}

// PairedT performs the paired t-test on x − y, as R's
// t.test(x, y, paired = TRUE):
//
//	t = mean(d) / (sd(d)/√n),  df = n − 1.
func PairedT(x, y []float64, alt Alternative) (PairedTResult, error) {
	return pairedT(x, y, nil, alt)
}

// pairedT is PairedT with the differences formed in scratch when it has
// room for them (else in a new slice).
func pairedT(x, y, scratch []float64, alt Alternative) (PairedTResult, error) {
	if len(x) != len(y) {
		return PairedTResult{}, degenerate("x has %d values and y %d: paired data need the same number", len(x), len(y))
	}
	res := PairedTResult{N: len(x)}
	if res.N < 2 {
		return res, degenerate("a paired t-test needs at least 2 complete pairs (have %d)", res.N)
	}
	d := differences(x, y, scratch)
	res.MeanDiff, res.SDDiff = meanSD(d)
	res.DF = float64(res.N - 1)
	_, sx := meanSD(x)
	_, sy := meanSD(y)
	res.Dav = res.MeanDiff / ((sx + sy) / 2)
	if res.SDDiff == 0 {
		res.Dz = math.NaN()
		return res, degenerate("the %d differences are all equal (%g): the t statistic is undefined", res.N, d[0])
	}
	res.T = res.MeanDiff / (res.SDDiff / math.Sqrt(float64(res.N)))
	res.P = tP(res.T, res.DF, alt)
	res.Dz = res.MeanDiff / res.SDDiff
	return res, nil
}

// IndependentTResult is the outcome of Student's or Welch's t-test.
type IndependentTResult struct {
	N1, N2       int
	Mean1, Mean2 float64
	SD1, SD2     float64
	T, DF, P     float64
	// D is Cohen's d with the pooled SD, (m1 − m2)/s_p,
	// s_p² = ((n1−1)s1² + (n2−1)s2²)/(n1 + n2 − 2), for Welch's test too.
	D float64
	// G is Hedges' g = J·d with the exact correction
	// J = Γ(df/2) / (√(df/2)·Γ((df−1)/2)), df = n1 + n2 − 2 (as effectsize::hedges_g).
	G float64
}

// StudentT performs the two-sample t-test with pooled variance, as R's
// t.test(x, y, var.equal = TRUE).
func StudentT(x, y []float64, alt Alternative) (IndependentTResult, error) {
	return independentT(x, y, alt, true)
}

// WelchT performs Welch's unequal-variance t-test, as R's t.test(x, y):
//
//	t = (m1 − m2)/√(s1²/n1 + s2²/n2),
//	df = (s1²/n1 + s2²/n2)² / [(s1²/n1)²/(n1−1) + (s2²/n2)²/(n2−1)].
func WelchT(x, y []float64, alt Alternative) (IndependentTResult, error) {
	return independentT(x, y, alt, false)
}

// WelchEffects is WelchT without the p-value (P is NaN): the statistic,
// df and effect sizes beside a rank test, without the t distribution's
// incomplete beta function.
func WelchEffects(x, y []float64) (IndependentTResult, error) {
	return independentT(x, y, noP, false)
}

// PairedEffects is PairedT without the p-value (P is NaN).
func PairedEffects(x, y []float64) (PairedTResult, error) {
	return PairedT(x, y, noP)
}

// PairedEffectsScratch is PairedEffects forming the differences in scratch
// when it has room for len(x) (else in a new slice), for a caller that
// reuses one buffer across many pairs of samples.
func PairedEffectsScratch(x, y, scratch []float64) (PairedTResult, error) {
	return pairedT(x, y, scratch, noP)
}

// PairedTScratch is PairedT forming the differences in scratch (see
// PairedEffectsScratch).
func PairedTScratch(x, y, scratch []float64, alt Alternative) (PairedTResult, error) {
	return pairedT(x, y, scratch, alt)
}

// differences returns x − y elementwise, in scratch when it has room.
func differences(x, y, scratch []float64) []float64 {
	d := scratch
	if cap(d) < len(x) {
		d = make([]float64, len(x))
	}
	d = d[:len(x)]
	for i := range x {
		d[i] = x[i] - y[i]
	}
	return d
}

func independentT(x, y []float64, alt Alternative, pooled bool) (IndependentTResult, error) {
	res := IndependentTResult{N1: len(x), N2: len(y)}
	if res.N1 < 2 || res.N2 < 2 {
		return res, degenerate("each group needs at least 2 values (have %d and %d)", res.N1, res.N2)
	}
	n1, n2 := float64(res.N1), float64(res.N2)
	// Two-pass means and sums of squares; the difference of the means is
	// formed from the two passes' parts (see moments.go).
	m1, c1, ss1 := moments(x)
	m2, c2, ss2 := moments(y)
	v1, v2 := math.Max(0, ss1)/(n1-1), math.Max(0, ss2)/(n2-1)
	diff := (m1 - m2) + (c1 - c2)
	res.Mean1, res.Mean2 = m1+c1, m2+c2
	res.SD1, res.SD2 = math.Sqrt(v1), math.Sqrt(v2)
	dfPooled := n1 + n2 - 2
	sp := math.Sqrt(((n1-1)*v1 + (n2-1)*v2) / dfPooled)
	if sp == 0 {
		res.D, res.G = math.NaN(), math.NaN()
		return res, degenerate("both groups have zero variance: the t statistic is undefined")
	}
	res.D = diff / sp
	res.G = res.D * HedgesJ(dfPooled)
	if pooled {
		res.DF = dfPooled
		res.T = diff / (sp * math.Sqrt(1/n1+1/n2))
	} else {
		a, b := v1/n1, v2/n2
		res.DF = (a + b) * (a + b) / (a*a/(n1-1) + b*b/(n2-1))
		res.T = diff / math.Sqrt(a+b)
	}
	res.P = tP(res.T, res.DF, alt)
	return res, nil
}

// HedgesJ is the exact small-sample correction of Hedges (1981),
// Γ(df/2) / (√(df/2)·Γ((df−1)/2)).
func HedgesJ(df float64) float64 {
	a, _ := math.Lgamma(df / 2)
	b, _ := math.Lgamma((df - 1) / 2)
	return math.Exp(a - b - 0.5*math.Log(df/2))
}
