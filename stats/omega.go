package stats

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// OmegaResult holds McDonald's omega total of one scale and the one-factor
// model it comes from.
type OmegaResult struct {
	N, K  int     // complete respondents, items
	Omega float64 // NaN with a reason when the model cannot be fitted
	// Loadings and Uniquenesses of the one-factor maximum-likelihood
	// solution on the item correlations (the loadings' common sign is
	// arbitrary, as in R; ω does not depend on it).
	Loadings, Uniquenesses []float64
}

// heywoodBound is factanal's lower bound on a uniqueness (its
// control$lower); a uniqueness that reaches it is a Heywood case.
const heywoodBound = 0.005

// McDonaldOmega returns McDonald's omega total of items (rows: respondents
// with every item answered; columns: items) from a one-factor
// maximum-likelihood factor analysis of the item correlation matrix, as
//
//	f <- factanal(covmat = cor(items), factors = 1); λ <- f$loadings
//	ω = (Σλ)² / ((Σλ)² + Σ(1 − λ²))
//
// (McDonald 1999, ch. 6). See OmegaFromCorrelation for the fit; fewer than
// 3 items, a singular correlation matrix or a Heywood case give an error
// that says so instead of a number.
func McDonaldOmega(items [][]float64) (OmegaResult, error) {
	if len(items) == 0 {
		return OmegaResult{Omega: math.NaN()}, degenerate("omega needs at least 2 complete respondents (have 0)")
	}
	acc := NewCovAccumulator(len(items[0]))
	for _, row := range items {
		acc.Add(row)
	}
	return acc.Omega()
}

// Omega returns McDonald's omega total of the accumulated items
// (McDonaldOmega).
func (c *CovAccumulator) Omega() (OmegaResult, error) {
	cov := make([]float64, c.k*c.k)
	if c.n > 1 {
		for i, m := range c.m2 {
			cov[i] = m / (c.n - 1)
		}
	}
	return omegaFromCov(cov, c.k, int(c.n))
}

// Omega returns McDonald's omega total of the accumulated items
// (McDonaldOmega), from the same exact co-moments as Alpha.
func (c *IntCovAccumulator) Omega() (OmegaResult, error) {
	k := c.k
	cov := make([]float64, k*k)
	if c.n > 1 {
		for a := 0; a < k; a++ {
			for b := a; b < k; b++ {
				v := c.cov(a, b)
				cov[a*k+b], cov[b*k+a] = v, v
			}
		}
	}
	return omegaFromCov(cov, k, int(c.n))
}

// omegaFromCov scales a k × k covariance matrix of n observations to
// correlations and fits the one-factor model.
func omegaFromCov(cov []float64, k, n int) (OmegaResult, error) {
	res := OmegaResult{N: n, K: k, Omega: math.NaN()}
	if k < 3 {
		return res, degenerate("omega needs at least 3 items for a one-factor model (have %d)", k)
	}
	if n < 2 {
		return res, degenerate("omega needs at least 2 complete respondents (have %d)", n)
	}
	sd := make([]float64, k)
	for a := 0; a < k; a++ {
		if !(cov[a*k+a] > 0) {
			return res, degenerate("item %d has zero variance among the %d complete respondents: omega is undefined", a+1, n)
		}
		sd[a] = math.Sqrt(cov[a*k+a])
	}
	r := mat.NewSymDense(k, nil)
	for a := 0; a < k; a++ {
		r.SetSym(a, a, 1)
		for b := a + 1; b < k; b++ {
			r.SetSym(a, b, cov[a*k+b]/(sd[a]*sd[b]))
		}
	}
	om, err := OmegaFromCorrelation(r)
	om.N = n
	return om, err
}

// OmegaFromCorrelation returns McDonald's omega total from a k × k item
// correlation matrix, fitting the one-factor model by maximum likelihood as
// R's factanal(covmat = r, factors = 1) does (factanal.fit.mle): over the
// uniquenesses ψ ∈ [0.005, 1] it minimises
//
//	F(ψ) = Σ_{i≥2} (e_i − log e_i) − (k − 1),
//
// e_1 ≥ e_2 ≥ … the eigenvalues of Ψ^{−1/2} R Ψ^{−1/2} (Jöreskog 1967), from
// factanal's start ψ_i = (1 − 1/(2k))/(R⁻¹)_ii; the loadings are
// λ = Ψ^{1/2} v_1 √max(e_1 − 1, 0). factanal uses L-BFGS-B on the box
// [0.005, 1]; here gonum's L-BFGS runs on ψ = 0.005 + e^θ, with the analytic
// gradient ∂F/∂ψ_i = (λ_i² + ψ_i − 1)/ψ_i², to a gradient far below
// factanal's default stopping rule, then Newton steps on the gradient (see
// polish). The upper bound needs no constraint: at a stationary point
// λ_i² + ψ_i = 1, so ψ_i ≤ 1 (a logistic map onto the box would stall
// where ψ saturates at 1). A uniqueness that ends at the bound 0.005 (a
// loading of about 1: a Heywood case, where factanal reports the bound)
// gives an error instead of a number.
func OmegaFromCorrelation(r *mat.SymDense) (OmegaResult, error) {
	k := r.SymmetricDim()
	res := OmegaResult{K: k, Omega: math.NaN()}
	if k < 3 {
		return res, degenerate("omega needs at least 3 items for a one-factor model (have %d)", k)
	}
	var chol mat.Cholesky
	const singular = "the item correlation matrix is singular (fewer respondents than items, or an item that is a linear combination of others): omega is undefined"
	if !chol.Factorize(r) {
		return res, degenerate(singular)
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return res, degenerate(singular)
	}
	theta := make([]float64, k)
	for i := range theta {
		psi := (1 - 0.5/float64(k)) / inv.At(i, i)
		theta[i] = math.Log(math.Max(psi-heywoodBound, 1e-3))
	}
	fa := newOneFactor(r)
	psiOf := func(th []float64) []float64 {
		psi := make([]float64, len(th))
		for i, t := range th {
			psi[i] = heywoodBound + math.Exp(t)
		}
		return psi
	}
	problem := optimize.Problem{
		Func: func(th []float64) float64 {
			f, _ := fa.eval(psiOf(th), false)
			return f
		},
		Grad: func(grad, th []float64) {
			psi := psiOf(th)
			_, lambda := fa.eval(psi, true)
			if lambda == nil {
				for i := range grad {
					grad[i] = math.NaN()
				}
				return
			}
			for i, t := range th {
				g := (lambda[i]*lambda[i] + psi[i] - 1) / (psi[i] * psi[i])
				grad[i] = g * math.Exp(t)
			}
		},
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-13,
		Converger:         &optimize.FunctionConverge{Iterations: 20},
		MajorIterations:   10000,
	}
	out, err := optimize.Minimize(problem, theta, settings, &optimize.LBFGS{})
	if err != nil && out == nil {
		return res, degenerate("the one-factor model did not converge: %v", err)
	}
	psi := fa.polish(psiOf(out.X))
	_, lambda := fa.eval(psi, true)
	if lambda == nil {
		return res, degenerate("the one-factor model could not be fitted (eigen decomposition failed)")
	}
	res.Loadings, res.Uniquenesses = lambda, psi
	for i, p := range psi {
		if p < heywoodBound+1e-6 {
			return res, degenerate("Heywood case: item %d's uniqueness reaches the bound %g (loading %.3f): the one-factor model does not fit, omega is not reported", i+1, heywoodBound, lambda[i])
		}
	}
	sum, uniq := 0.0, 0.0
	for _, l := range lambda {
		sum += l
		uniq += 1 - l*l
	}
	res.Omega = sum * sum / (sum*sum + uniq)
	return res, nil
}

// oneFactor evaluates factanal's objective for one factor.
type oneFactor struct {
	r     *mat.SymDense
	s     *mat.SymDense
	eig   mat.EigenSym
	vecs  mat.Dense
	k     int
	scale []float64
}

func newOneFactor(r *mat.SymDense) *oneFactor {
	k := r.SymmetricDim()
	return &oneFactor{r: r, s: mat.NewSymDense(k, nil), k: k, scale: make([]float64, k)}
}

// eval returns F(ψ) and, when asked, the loadings.
func (o *oneFactor) eval(psi []float64, loadings bool) (float64, []float64) {
	k := o.k
	for i, p := range psi {
		o.scale[i] = 1 / math.Sqrt(p)
	}
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			o.s.SetSym(a, b, o.r.At(a, b)*o.scale[a]*o.scale[b])
		}
	}
	if !o.eig.Factorize(o.s, loadings) {
		return math.Inf(1), nil
	}
	e := o.eig.Values(nil) // ascending: the largest is e[k−1]
	f := 0.0
	for _, v := range e[:k-1] {
		f += v - math.Log(v)
	}
	f -= float64(k - 1)
	if !loadings {
		return f, nil
	}
	o.eig.VectorsTo(&o.vecs)
	g := math.Sqrt(math.Max(e[k-1]-1, 0))
	lambda := make([]float64, k)
	for i := range lambda {
		lambda[i] = math.Sqrt(psi[i]) * o.vecs.At(i, k-1) * g
	}
	return f, lambda
}

// gradient is ∂F/∂ψ_i = (λ_i² + ψ_i − 1)/ψ_i² (factanal's FAgr for a
// correlation matrix).
func (o *oneFactor) gradient(psi []float64) []float64 {
	_, lambda := o.eval(psi, true)
	g := make([]float64, len(psi))
	if lambda == nil {
		return nil
	}
	for i, p := range psi {
		g[i] = (lambda[i]*lambda[i] + p - 1) / (p * p)
	}
	return g
}

// polish takes Newton steps on ∂F/∂ψ = 0 from the optimiser's answer. Near
// the minimum F is flat to within its rounding, so a line search on F stops
// some 1e-8 short; the gradient is still accurate there, and a few steps
// reach the root to ~1e-12. The Jacobian (forward differences of the
// analytic gradient) is formed once and reused (the chord method: from so
// close, each step gains several digits). A step is kept only if it stays
// inside the bounds and shrinks the gradient; at a bound (a Heywood case)
// nothing is done.
func (o *oneFactor) polish(psi []float64) []float64 {
	k := len(psi)
	norm := func(g []float64) float64 {
		m := 0.0
		for _, v := range g {
			m = math.Max(m, math.Abs(v))
		}
		return m
	}
	for _, p := range psi {
		if p < heywoodBound+1e-6 {
			return psi
		}
	}
	g := o.gradient(psi)
	if g == nil {
		return psi
	}
	jac := mat.NewDense(k, k, nil)
	for j := 0; j < k; j++ {
		h := 1e-7 * psi[j]
		up := append([]float64(nil), psi...)
		up[j] += h
		gu := o.gradient(up)
		if gu == nil {
			return psi
		}
		for i := 0; i < k; i++ {
			jac.Set(i, j, (gu[i]-g[i])/h)
		}
	}
	var lu mat.LU
	lu.Factorize(jac)
	for iter := 0; iter < 8 && norm(g) > 1e-14; iter++ {
		var step mat.VecDense
		if err := lu.SolveVecTo(&step, false, mat.NewVecDense(k, g)); err != nil {
			return psi
		}
		next := make([]float64, k)
		for i := range next {
			next[i] = psi[i] - step.AtVec(i)
			if !(next[i] > heywoodBound) {
				return psi
			}
		}
		gn := o.gradient(next)
		if gn == nil || norm(gn) >= norm(g) {
			return psi
		}
		psi, g = next, gn
	}
	return psi
}
