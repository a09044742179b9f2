package stats

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// RMANOVAResult is the outcome of a one-way repeated-measures ANOVA.
type RMANOVAResult struct {
	N, K                     int // subjects (complete cases), time points
	SSTime, SSSubject, SSErr float64
	F, DF1, DF2, P           float64
	// MauchlyW and MauchlyP test sphericity; NaN when k = 2 (nothing to test)
	// or the contrasts' covariance is singular (n − 1 < k − 1).
	MauchlyW, MauchlyP float64
	GGEpsilon, GGP     float64
	// HFEpsilon is the Huynh–Feldt epsilon capped at 1 (HFEpsilonRaw uncapped);
	// HFP uses the capped value.
	HFEpsilon, HFEpsilonRaw, HFP float64
	PartialEtaSq                 float64 // SS_time/(SS_time + SS_err)
	GeneralizedEtaSq             float64 // SS_time/(SS_time + SS_subject + SS_err)
}

// RepeatedMeasuresANOVA performs the one-way within-subjects ANOVA of the
// rows of data (subjects) over its columns (time points), complete cases
// only, with the numbers of car::Anova on an mlm with idesign = ~time
// (summary with multivariate = FALSE):
//
//	SS_time = nΣ(x̄_j − x̄)²,  SS_subj = kΣ(x̄_i − x̄)²,  SS_err = SS_total − SS_time − SS_subj,
//	F = [SS_time/(k−1)] / [SS_err/((k−1)(n−1))].
//
// Sphericity (Mauchly's test, Greenhouse–Geisser and Huynh–Feldt epsilons)
// is computed by Sphericity from the covariance of the data times orthonormal
// contrasts with ν = n − 1; with one group Huynh–Feldt's original form and
// Lecoutre's agree.
func RepeatedMeasuresANOVA(data [][]float64) (RMANOVAResult, error) {
	res := RMANOVAResult{N: len(data)}
	if res.N == 0 {
		return res, degenerate("no complete cases")
	}
	res.K = len(data[0])
	k, n := res.K, res.N
	if k < 2 {
		return res, degenerate("a repeated-measures ANOVA needs at least 2 time points (have %d)", k)
	}
	if n < 2 {
		return res, degenerate("a repeated-measures ANOVA needs at least 2 complete cases (have %d)", n)
	}
	grand := 0.0
	colMean := make([]float64, k)
	rowMean := make([]float64, n)
	for i, row := range data {
		if len(row) != k {
			return res, degenerate("row %d has %d values, not %d", i+1, len(row), k)
		}
		for j, v := range row {
			grand += v
			colMean[j] += v
			rowMean[i] += v
		}
	}
	fn, fk := float64(n), float64(k)
	grand /= fn * fk
	for j := range colMean {
		colMean[j] /= fn
		res.SSTime += (colMean[j] - grand) * (colMean[j] - grand)
	}
	res.SSTime *= fn
	for i := range rowMean {
		rowMean[i] /= fk
		res.SSSubject += (rowMean[i] - grand) * (rowMean[i] - grand)
	}
	res.SSSubject *= fk
	// SS_err as the sum of squared interaction residuals (no cancellation).
	for i, row := range data {
		for j, v := range row {
			e := v - rowMean[i] - colMean[j] + grand
			res.SSErr += e * e
		}
	}
	res.DF1 = fk - 1
	res.DF2 = (fk - 1) * (fn - 1)
	res.PartialEtaSq = res.SSTime / (res.SSTime + res.SSErr)
	res.GeneralizedEtaSq = res.SSTime / (res.SSTime + res.SSSubject + res.SSErr)
	nan := math.NaN()
	res.MauchlyW, res.MauchlyP = nan, nan
	res.GGEpsilon, res.GGP, res.HFEpsilon, res.HFEpsilonRaw, res.HFP = nan, nan, nan, nan, nan
	if res.SSErr <= 1e-12*(res.SSTime+res.SSSubject+res.SSErr) || res.SSErr == 0 {
		res.F, res.P = nan, nan
		return res, degenerate("the error sum of squares is zero (every subject changes by the same amount): F is undefined")
	}
	res.F = (res.SSTime / res.DF1) / (res.SSErr / res.DF2)
	res.P = fUpper(res.F, res.DF1, res.DF2)
	if k == 2 {
		// One contrast: sphericity holds trivially; both epsilons are 1.
		res.GGEpsilon, res.HFEpsilon, res.HFEpsilonRaw = 1, 1, 1
		res.GGP, res.HFP = res.P, res.P
		return res, nil
	}

	// S = covariance of Y·C with C orthonormal contrasts (k × p).
	p := k - 1
	c := helmert(k)
	y := mat.NewDense(n, k, nil)
	for i, row := range data {
		y.SetRow(i, row)
	}
	var yc mat.Dense
	yc.Mul(y, c)
	s := mat.NewSymDense(p, nil)
	for a := 0; a < p; a++ {
		ma := mean(mat.Col(nil, a, &yc))
		for b := a; b < p; b++ {
			mb := mean(mat.Col(nil, b, &yc))
			cv := 0.0
			for i := 0; i < n; i++ {
				cv += (yc.At(i, a) - ma) * (yc.At(i, b) - mb)
			}
			s.SetSym(a, b, cv/(fn-1))
		}
	}
	sph := Sphericity(s, fn-1)
	res.MauchlyW, res.MauchlyP = sph.MauchlyW, sph.MauchlyP
	res.GGEpsilon, res.HFEpsilon, res.HFEpsilonRaw = sph.GGEpsilon, sph.HFEpsilon, sph.HFEpsilonRaw
	res.GGP = fUpper(res.F, res.DF1*res.GGEpsilon, res.DF2*res.GGEpsilon)
	res.HFP = fUpper(res.F, res.DF1*res.HFEpsilon, res.DF2*res.HFEpsilon)
	return res, nil
}

// fUpper is P(F > x) for the F(d1, d2) distribution, computed as
// I_{d2/(d2 + d1·x)}(d2/2, d1/2) to keep the upper tail's precision.
func fUpper(x, d1, d2 float64) float64 {
	if x <= 0 {
		return 1
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*x))
}

// helmert returns k × (k−1) orthonormal contrasts (normalised Helmert).
func helmert(k int) *mat.Dense {
	c := mat.NewDense(k, k-1, nil)
	for j := 1; j < k; j++ {
		norm := math.Sqrt(float64(j * (j + 1)))
		for i := 0; i < j; i++ {
			c.Set(i, j-1, 1/norm)
		}
		c.Set(j, j-1, -float64(j)/norm)
	}
	return c
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// FriedmanResult is the outcome of the Friedman rank-sum test.
type FriedmanResult struct {
	N, K             int
	Statistic, DF, P float64
	KendallW         float64 // χ²/(n(k − 1))
}

// Friedman performs the Friedman rank-sum test of the rows of data
// (blocks: subjects) over its columns (time points), as R's friedman.test,
// with its tie correction:
//
//	χ² = 12Σ(R_j − n(k+1)/2)² / [nk(k+1) − ΣΣ(t³ − t)/(k − 1)],  df = k − 1.
func Friedman(data [][]float64) (FriedmanResult, error) {
	res := FriedmanResult{N: len(data)}
	if res.N == 0 {
		return res, degenerate("no complete cases")
	}
	res.K = len(data[0])
	k := res.K
	if k < 2 {
		return res, degenerate("the Friedman test needs at least 2 time points (have %d)", k)
	}
	colRank := make([]float64, k)
	ties := 0.0
	row := make([]float64, k)
	for i, r := range data {
		if len(r) != k {
			return res, degenerate("row %d has %d values, not %d", i+1, len(r), k)
		}
		for j, v := range r {
			row[j] = signif(v)
		}
		rk, t := Ranks(row)
		for j, v := range rk {
			colRank[j] += v
		}
		ties += tieSum(t)
	}
	fn, fk := float64(res.N), float64(k)
	num := 0.0
	for _, r := range colRank {
		num += (r - fn*(fk+1)/2) * (r - fn*(fk+1)/2)
	}
	den := fn*fk*(fk+1) - ties/(fk-1)
	res.DF = fk - 1
	if den <= 0 {
		res.Statistic, res.P, res.KendallW = math.NaN(), math.NaN(), math.NaN()
		return res, degenerate("every subject gives the same value at every time point: the Friedman statistic is undefined")
	}
	res.Statistic = 12 * num / den
	res.P = distuv.ChiSquared{K: res.DF}.Survival(res.Statistic)
	res.KendallW = res.Statistic / (fn * (fk - 1))
	return res, nil
}
