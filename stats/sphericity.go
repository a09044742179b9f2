package stats

import (
	"math"

	"github.com/pssa-project/pssa/stats/internal/cholesky"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// SphericityResult holds Mauchly's test and the Greenhouse–Geisser and
// Huynh–Feldt epsilons of a within-subjects effect.
type SphericityResult struct {
	// MauchlyW and MauchlyP are NaN when the error matrix is singular
	// (error df below the number of contrasts) or there is one contrast.
	MauchlyW, MauchlyP float64
	GGEpsilon          float64
	// HFEpsilon is the Huynh–Feldt epsilon capped at 1 (HFEpsilonRaw
	// uncapped); a non-positive or undefined raw value is also taken as 1.
	HFEpsilon, HFEpsilonRaw float64
}

// Sphericity computes, from the p × p error sums of squares and products
// matrix E of p = k − 1 orthonormal contrasts over k time points (or any
// multiple of it, such as a covariance matrix) with ν error degrees of
// freedom, the quantities of car's summary.Anova.mlm (which afex reports):
//
//	Mauchly's W = det E / (tr E / p)^p,
//	χ² = −ν·ρ·ln W,  ρ = 1 − (2p² + p + 2)/(6pν),  df = p(p + 1)/2 − 1,
//	p-value = P₁ + ω₂(P₂ − P₁) with P₁ = P(χ²_df > χ²), P₂ = P(χ²_{df+4} > χ²),
//	ω₂ = (p + 2)(p − 1)(p − 2)(2p³ + 6p² + 3k + 2) / (288(νpρ)²)
//	  (Anderson 1958's second-order term as stats::mauchly.test and car write
//	  it, with 3k where Anderson has 3p: it matters only for k ≥ 4),
//	ε_GG = (tr E)² / (p·tr E²),
//	ε_HF = ((ν + 1)·p·ε_GG − 2) / (p·(ν − p·ε_GG))   (car's HF(): Lecoutre
//	  1991's correction; with g groups of N participants ν = N − g, and with
//	  one group it is Huynh and Feldt's original form).
//
// With p = 1 both epsilons are 1 and Mauchly's test is NaN.
func Sphericity(e *mat.SymDense, nu float64) SphericityResult {
	nan := math.NaN()
	res := SphericityResult{MauchlyW: nan, MauchlyP: nan}
	p := e.SymmetricDim()
	if p < 2 {
		res.GGEpsilon, res.HFEpsilon, res.HFEpsilonRaw = 1, 1, 1
		return res
	}
	fp := float64(p)
	fk := fp + 1
	tr, tr2 := 0.0, 0.0
	for a := 0; a < p; a++ {
		tr += e.At(a, a)
		for b := 0; b < p; b++ {
			tr2 += e.At(a, b) * e.At(a, b)
		}
	}
	res.GGEpsilon = tr * tr / (fp * tr2)
	res.HFEpsilonRaw = ((nu+1)*fp*res.GGEpsilon - 2) / (fp * (nu - fp*res.GGEpsilon))
	res.HFEpsilon = math.Min(1, res.HFEpsilonRaw)
	if res.HFEpsilonRaw < 0 || math.IsInf(res.HFEpsilonRaw, 0) || math.IsNaN(res.HFEpsilonRaw) {
		// ν ≤ p·ε_GG: the formula's denominator is not positive; car reports
		// the same quotient and we cap it at 1 as for any value above 1.
		res.HFEpsilon = 1
	}

	var chol cholesky.Cholesky // no condition estimate: only the determinant is used
	if nu >= fp && chol.Factorize(e) {
		logW := chol.LogDet() - fp*math.Log(tr/fp)
		res.MauchlyW = math.Exp(logW)
		rho := 1 - (2*fp*fp+fp+2)/(6*fp*nu)
		w2 := (fp + 2) * (fp - 1) * (fp - 2) * (2*fp*fp*fp + 6*fp*fp + 3*fk + 2) / (288 * (nu * fp * rho) * (nu * fp * rho))
		z := -nu * rho * logW
		f := fp*(fp+1)/2 - 1
		pr1 := distuv.ChiSquared{K: f}.Survival(z)
		pr2 := distuv.ChiSquared{K: f + 4}.Survival(z)
		res.MauchlyP = pr1 + w2*(pr2-pr1)
	}
	return res
}

// OrthonormalContrasts returns k × (k−1) orthonormal contrasts over k time
// points (normalised Helmert): column j compares time j+1 with the mean of
// the earlier ones. Any orthonormal basis of the contrasts gives the same
// sums of squares, epsilons and Mauchly's W.
func OrthonormalContrasts(k int) *mat.Dense { return helmert(k) }

// FUpper is P(F > x) for the F(d1, d2) distribution, R's
// pf(x, d1, d2, lower.tail = FALSE), computed as I_{d2/(d2 + d1·x)}(d2/2, d1/2)
// so that small p-values keep their precision.
func FUpper(x, d1, d2 float64) float64 { return fUpper(x, d1, d2) }
