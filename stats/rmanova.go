package stats

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
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
	// Every sum is over deviations from one reference value, the first
	// observation (see moments.go): the results do not change when a
	// constant is added to all the data. The means below are those of
	// x_ij − ref.
	ref := data[0][0]
	grand := 0.0
	colMean := make([]float64, k)
	rowMean := make([]float64, n)
	for i, row := range data {
		if len(row) != k {
			return res, degenerate("row %d has %d values, not %d", i+1, len(row), k)
		}
		for j, v := range row {
			e := v - ref
			grand += e
			colMean[j] += e
			rowMean[i] += e
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
			e := (v - ref) - rowMean[i] - colMean[j] + grand
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

	// S = covariance of Y·C with C orthonormal contrasts (k × p). The
	// contrasts sum to zero, so Y·C is unchanged by subtracting each
	// subject's mean first, which keeps the products small.
	p := k - 1
	c := helmert(k)
	flat := make([]float64, 0, n*k)
	for i, row := range data {
		for _, v := range row {
			flat = append(flat, (v-ref)-rowMean[i])
		}
	}
	y := mat.NewDense(n, k, flat)
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
