package stats

import (
	"math"

	"github.com/pssa-project/pssa/stats/internal/cholesky"

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
// e_1 ≥ e_2 ≥ … the eigenvalues of M = Ψ^{−1/2} R Ψ^{−1/2} (Jöreskog 1967),
// from factanal's start ψ_i = (1 − 1/(2k))/(R⁻¹)_ii; the loadings are
// λ = Ψ^{1/2} v_1 √max(e_1 − 1, 0). factanal uses L-BFGS-B on the box
// [0.005, 1]. Here Newton's method with the analytic Hessian (newton) is
// tried first, then for a Heywood case the projected Newton method
// (boundedNewton); when neither gives an answer, gonum's L-BFGS runs
// on ψ = 0.005 + e^θ, with the analytic gradient
// ∂F/∂ψ_i = (λ_i² + ψ_i − 1)/ψ_i², to a gradient far below factanal's
// default stopping rule (fit). Both end with Newton steps on the gradient
// (see polish). The upper bound needs no constraint: at a stationary point
// λ_i² + ψ_i = 1, so ψ_i ≤ 1 (a logistic map onto the box would stall
// where ψ saturates at 1). A uniqueness that ends at the bound 0.005 (a
// loading of about 1: a Heywood case, where factanal reports the bound)
// gives an error instead of a number.
//
// Only the leading eigenpair of M is needed (see oneFactor.eval): the sum
// and the log-sum of all eigenvalues are trace(M) = Σ r_ii/ψ_i and
// log det M = log det R − Σ log ψ_i.
func OmegaFromCorrelation(r *mat.SymDense) (OmegaResult, error) {
	k := r.SymmetricDim()
	res := OmegaResult{K: k, Omega: math.NaN()}
	if k < 3 {
		return res, degenerate("omega needs at least 3 items for a one-factor model (have %d)", k)
	}
	var chol cholesky.Cholesky // mat.Cholesky's results (see the package)
	const singular = "the item correlation matrix is singular (fewer respondents than items, or an item that is a linear combination of others): omega is undefined"
	if !chol.Factorize(r) {
		return res, degenerate(singular)
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return res, degenerate(singular)
	}
	psi0 := make([]float64, k)
	for i := range psi0 {
		psi0[i] = (1 - 0.5/float64(k)) / inv.At(i, i)
	}
	fa := newOneFactor(r, chol.LogDet())
	psi, ok := fa.newton(psi0)
	if !ok {
		psi, ok = fa.boundedNewton(psi0)
	}
	var err error
	if !ok {
		psi, err = fa.fit(psi0)
	}
	if err == nil && !fa.isLeading() {
		// Power iteration ended on another eigenpair (or e_1 = e_2): fit
		// again with full decompositions only.
		fa.exact = true
		psi, err = fa.fit(psi0)
	}
	if err != nil {
		return res, err
	}
	lambda := fa.loadings(make([]float64, k), psi)
	res.Loadings, res.Uniquenesses = lambda, psi
	for i, p := range psi {
		if p < heywoodBound+1e-6 {
			// The loading's sign as LAPACK's eigenvector has it (as
			// before power iteration), for an unchanged message.
			if fa.full() {
				lambda = fa.loadings(lambda, psi)
			}
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

// start sets the first power iteration's start at ψ: Ψ^{−1/2}λ with
// λ_i² = 1 − ψ_i, about M's leading vector.
func (o *oneFactor) start(psi []float64) {
	for i, p := range psi {
		o.v[i] = math.Sqrt(math.Max(1-p, 1e-3) / p)
	}
}

// newton minimises F by Newton's method with the analytic Hessian and a
// backtracking (Armijo) line search from factanal's start psi0, then
// polishes. It gives up (false; the caller then tries boundedNewton, then
// fit, the L-BFGS path) when the Hessian is not positive definite on the
// way, the line search fails, or the answer comes within 0.001 of the
// bound 0.005: Heywood cases, and anything near one, are left to those.
// Where both succeed, Newton and L-BFGS find the same interior minimum;
// Newton needs ~5-10 evaluations of the Hessian instead of L-BFGS's ~40 of
// F and its gradient (and gonum's optimize machinery).
func (o *oneFactor) newton(psi0 []float64) ([]float64, bool) {
	k := o.k
	psi := append([]float64(nil), psi0...)
	o.start(psi)
	if o.eval(psi); !o.ok {
		return nil, false
	}
	g := make([]float64, k)
	o.gradient(g, psi)
	f := o.f
	h := make([]float64, k*k)
	d := make([]float64, k)
	next := make([]float64, k)
	const near = heywoodBound + 1e-3
	for iter := 0; ; iter++ {
		if iter == 100 {
			return nil, false
		}
		gmax := 0.0
		for _, x := range g {
			gmax = math.Max(gmax, math.Abs(x))
		}
		if gmax <= 1e-10 {
			break
		}
		if !o.hessian(h, psi) {
			return nil, false
		}
		copy(d, g)
		if !choleskySolve(h, d, k) {
			return nil, false
		}
		slope := 0.0 // g·step, step = −d
		for i := range d {
			slope -= g[i] * d[i]
		}
		if !(slope < 0) {
			return nil, false
		}
		if !o.backtrack(psi, g, &f, next, func(alpha float64) (float64, bool) {
			inside := true
			for i := range next {
				next[i] = psi[i] - alpha*d[i]
				inside = inside && next[i] > heywoodBound
			}
			return 1e-4 * alpha * slope, inside
		}) {
			return nil, false
		}
	}
	for _, p := range psi {
		if p < near {
			return nil, false
		}
	}
	psi = o.polish(psi)
	if o.eval(psi); !o.ok {
		return nil, false
	}
	return psi, true
}

// boundedNewton is newton for a Heywood case: a projected Newton method
// (Bertsekas 1982) on ψ ≥ 0.005. A uniqueness at the bound whose gradient
// points further down is held there; Newton steps with the Hessian reduced
// to the others (shifted by a multiple of I where it is not positive
// definite: Nocedal & Wright 2006, §3.4), projected onto the bound, with
// Armijo backtracking along the projected path, until the others' gradient
// is below 1e-10. Its answer is kept only when some uniqueness ends at the
// bound (the caller reports the Heywood case); otherwise, and on any
// failure, the caller runs fit.
//
// Long because the reduced, shifted Newton system is formed and solved in
// place, step by step, before the projected line search.
func (o *oneFactor) boundedNewton(psi0 []float64) ([]float64, bool) {
	const lb = heywoodBound
	k := o.k
	psi := make([]float64, k)
	for i, p := range psi0 {
		psi[i] = math.Max(p, lb)
	}
	o.start(psi)
	if o.eval(psi); !o.ok {
		return nil, false
	}
	g := make([]float64, k)
	o.gradient(g, psi)
	f := o.f
	h := make([]float64, k*k)
	hf := make([]float64, 0, k*k)
	df := make([]float64, 0, k)
	d := make([]float64, k)
	next := make([]float64, k)
	free := make([]int, 0, k)
	for iter := 0; ; iter++ {
		if iter == 200 {
			return nil, false
		}
		free = free[:0]
		converged := true
		for i := range psi {
			if psi[i] <= lb && g[i] > 0 {
				continue
			}
			free = append(free, i)
			converged = converged && math.Abs(g[i]) <= 1e-10
		}
		if converged {
			break
		}
		if !o.hessian(h, psi) {
			return nil, false
		}
		// The reduced Hessian, plus μI where it is not positive definite
		// (far from the minimum), μ doubling from 1e-3 of its diagonal.
		nf := len(free)
		mu, scale := 0.0, 0.0
		for _, a := range free {
			scale = math.Max(scale, math.Abs(h[a*k+a]))
		}
		for try := 0; ; try++ {
			if try == 60 {
				return nil, false
			}
			hf, df = hf[:0], df[:0]
			for _, a := range free {
				for _, b := range free {
					x := h[a*k+b]
					if a == b {
						x += mu
					}
					hf = append(hf, x)
				}
				df = append(df, g[a])
			}
			if choleskySolve(hf, df, nf) {
				break
			}
			mu = math.Max(2*mu, 1e-3*scale)
		}
		clear(d)
		for j, a := range free {
			d[a] = df[j]
		}
		if !o.backtrack(psi, g, &f, next, func(alpha float64) (float64, bool) {
			slope := 0.0 // g·(next − ψ)
			for i := range next {
				next[i] = math.Max(psi[i]-alpha*d[i], lb)
				slope += g[i] * (next[i] - psi[i])
			}
			return 1e-4 * slope, slope < 0
		}) {
			return nil, false
		}
	}
	for _, p := range psi {
		if p <= lb {
			if o.eval(psi); !o.ok {
				return nil, false
			}
			return psi, true
		}
	}
	return nil, false
}

// backtrack is the Armijo line search of newton and boundedNewton: for
// α = 1, ½, ¼, … (down to 1e-10) step(α) writes the trial point into next
// and returns the decrease F must show there (1e-4 times the directional
// derivative along the step) and whether the point may be tried. The first
// point that lowers F (*f at psi) by that much, with room for F's rounding
// near the minimum, is taken: psi, *f and the gradient g move to it. False
// when none is, or when F cannot be evaluated.
func (o *oneFactor) backtrack(psi, g []float64, f *float64, next []float64, step func(alpha float64) (decrease float64, ok bool)) bool {
	for alpha := 1.0; alpha > 1e-10; alpha /= 2 {
		decrease, ok := step(alpha)
		if !ok {
			continue
		}
		if o.eval(next); !o.ok {
			return false
		}
		if o.f <= *f+decrease+1e-13*(1+math.Abs(*f)) {
			copy(psi, next)
			*f = o.f
			o.gradient(g, psi)
			return true
		}
	}
	return false
}

// choleskySolve solves a x = b for the symmetric positive definite k × k
// row-major a (its lower triangle is overwritten by the factor), x into b;
// false when a is not positive definite.
func choleskySolve(a, b []float64, k int) bool {
	if !choleskyLower(a, k) {
		return false
	}
	for i := 0; i < k; i++ {
		s := b[i]
		for p := 0; p < i; p++ {
			s -= a[i*k+p] * b[p]
		}
		b[i] = s / a[i*k+i]
	}
	for i := k - 1; i >= 0; i-- {
		s := b[i]
		for p := i + 1; p < k; p++ {
			s -= a[p*k+i] * b[p]
		}
		b[i] = s / a[i*k+i]
	}
	return true
}

// fit minimises F from factanal's start psi0 (see OmegaFromCorrelation)
// and leaves the evaluation at the answer in o.
func (o *oneFactor) fit(psi0 []float64) ([]float64, error) {
	k := o.k
	theta := make([]float64, k)
	psi := make([]float64, k)
	for i, p := range psi0 {
		theta[i] = math.Log(math.Max(p-heywoodBound, 1e-3))
	}
	o.start(psi0)
	// gonum asks for F and its gradient at the same point in turn: the
	// point last evaluated is kept.
	last := make([]float64, k)
	lastOK := false
	at := func(th []float64) bool {
		if lastOK && equalFloats(th, last) {
			return o.ok
		}
		copy(last, th)
		for i, t := range th {
			psi[i] = heywoodBound + math.Exp(t)
		}
		o.eval(psi)
		lastOK = true
		return o.ok
	}
	problem := optimize.Problem{
		Func: func(th []float64) float64 {
			if !at(th) {
				return math.Inf(1)
			}
			return o.f
		},
		Grad: func(grad, th []float64) {
			if !at(th) {
				for i := range grad {
					grad[i] = math.NaN()
				}
				return
			}
			o.gradient(grad, psi)
			for i, t := range th {
				grad[i] *= math.Exp(t)
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
		return nil, degenerate("the one-factor model did not converge: %v", err)
	}
	for i, t := range out.X {
		psi[i] = heywoodBound + math.Exp(t)
	}
	psi = o.polish(psi)
	if o.eval(psi); !o.ok {
		return nil, degenerate("the one-factor model could not be fitted (eigen decomposition failed)")
	}
	return psi, nil
}

func equalFloats(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// oneFactor evaluates factanal's objective for one factor at ψ from the
// leading eigenpair (e_1, v_1) of M = Ψ^{−1/2} R Ψ^{−1/2} alone:
//
//	F = (trace M − e_1) − (log det M − log e_1) − (k − 1),
//
// trace M = Σ r_ii/ψ_i, log det M = log det R − Σ log ψ_i. The pair comes
// from power iteration warm-started at the previous point's v_1 (Golub &
// Van Loan 2013, §8.2.1), run until the residual ‖Mv − ρv‖ reaches the
// rounding level; when it does not (e_1 close to e_2), from a full
// symmetric eigendecomposition.
type oneFactor struct {
	k       int
	r       []float64 // R, row-major
	logdetR float64
	m       []float64 // M, row-major
	scale   []float64 // ψ^{−1/2}
	v, w    []float64 // v_1 (the warm start of the next evaluation), work
	inv     []float64 // work of hessian
	e1, f   float64
	ok      bool
	exact   bool // full decompositions only
	// the fallback
	s    *mat.SymDense
	eig  mat.EigenSym
	vecs mat.Dense
}

func newOneFactor(r *mat.SymDense, logdetR float64) *oneFactor {
	k := r.SymmetricDim()
	o := &oneFactor{k: k, r: make([]float64, k*k), logdetR: logdetR, m: make([]float64, k*k),
		scale: make([]float64, k), v: make([]float64, k), w: make([]float64, k), inv: make([]float64, k*k)}
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			o.r[a*k+b] = r.At(a, b)
		}
	}
	return o
}

// powerTol is the relative residual ‖Mv − ρv‖/ρ at which power iteration
// stops: a few units of rounding in M·v.
const powerTol = 1e-15

// eval sets e1, v, f and ok at ψ.
func (o *oneFactor) eval(psi []float64) {
	k := o.k
	tr, sumLog := 0.0, 0.0
	for i, p := range psi {
		o.scale[i] = 1 / math.Sqrt(p)
		tr += o.r[i*k+i] / p
		sumLog += math.Log(p)
	}
	for a := 0; a < k; a++ {
		sa := o.scale[a]
		for b := a; b < k; b++ {
			x := o.r[a*k+b] * sa * o.scale[b]
			o.m[a*k+b], o.m[b*k+a] = x, x
		}
	}
	if o.exact {
		o.ok = o.full()
	} else {
		o.ok = o.power() || o.full()
	}
	if !o.ok {
		o.f = math.Inf(1)
		return
	}
	e1 := o.e1
	o.f = (tr - e1) - (o.logdetR - sumLog - math.Log(e1)) - float64(k-1)
}

// power runs power iteration on M from v.
func (o *oneFactor) power() bool {
	k := o.k
	v, w := o.v, o.w
	prev := math.Inf(1)
	for it := 0; it < 200; it++ {
		nw, rho := 0.0, 0.0
		for i := 0; i < k; i++ {
			row := o.m[i*k : i*k+k]
			s := 0.0
			for j, x := range row {
				s += x * v[j]
			}
			w[i] = s
			rho += s * v[i]
			nw += s * s
		}
		res := 0.0
		for i, x := range w {
			d := x - rho*v[i]
			res += d * d
		}
		res = math.Sqrt(res)
		nw = math.Sqrt(nw)
		for i, x := range w {
			v[i] = x / nw
		}
		if !(rho > 0) || math.IsNaN(nw) {
			return false
		}
		// Converged, or stalled at the rounding level (the residual no
		// longer falls; a mere slow fall, e_2/e_1 above 1/2, goes on).
		if res <= powerTol*rho || (res <= 1e-13*rho && res > 0.9*prev) {
			o.e1 = rho
			return true
		}
		// Too slow (e_2/e_1 near 1): the full decomposition is cheaper.
		if it >= 20 && res > 0.9*prev {
			return false
		}
		prev = res
	}
	return false
}

// isLeading reports whether (e1, v) is the leading eigenpair of M, e1 a
// simple eigenvalue: then and only then is e1·I − M + e1·vvᵀ positive
// definite (its eigenvalues are e1 on v and e1 − e_i on the others).
func (o *oneFactor) isLeading() bool {
	k, e, v, a := o.k, o.e1, o.v, o.inv
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			x := -o.m[i*k+j] + e*v[i]*v[j]
			if i == j {
				x += e
			}
			a[i*k+j] = x
		}
	}
	return choleskyLower(a, k)
}

// full takes e1 and v from a full eigendecomposition of M.
func (o *oneFactor) full() bool {
	k := o.k
	if o.s == nil {
		o.s = mat.NewSymDense(k, nil)
	}
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			o.s.SetSym(a, b, o.m[a*k+b])
		}
	}
	if !o.eig.Factorize(o.s, true) {
		return false
	}
	o.e1 = o.eig.Values(nil)[k-1] // ascending
	o.eig.VectorsTo(&o.vecs)
	for i := range o.v {
		o.v[i] = o.vecs.At(i, k-1)
	}
	return true
}

// loadings writes λ = Ψ^{1/2} v_1 √max(e_1 − 1, 0) of the last evaluation
// to dst.
func (o *oneFactor) loadings(dst, psi []float64) []float64 {
	g := math.Sqrt(math.Max(o.e1-1, 0))
	for i := range dst {
		dst[i] = math.Sqrt(psi[i]) * o.v[i] * g
	}
	return dst
}

// gradient writes ∂F/∂ψ_i = (λ_i² + ψ_i − 1)/ψ_i² (factanal's FAgr for a
// correlation matrix) of the last evaluation to dst.
func (o *oneFactor) gradient(dst, psi []float64) {
	a := math.Max(o.e1-1, 0)
	for i, p := range psi {
		l2 := p * o.v[i] * o.v[i] * a
		dst[i] = (l2 + p - 1) / (p * p)
	}
}

// grad evaluates at ψ and returns the gradient (nil when the evaluation
// fails).
func (o *oneFactor) grad(psi []float64) []float64 {
	if o.eval(psi); !o.ok {
		return nil
	}
	g := make([]float64, len(psi))
	o.gradient(g, psi)
	return g
}

// hessian writes the analytic Jacobian of the gradient (the Hessian of F)
// at the last evaluation to h (k × k, row-major), from first-order
// perturbation of the eigenpair (Magnus & Neudecker 2019, ch. 8):
// ∂M/∂ψ_j = −(E_j M + M E_j)/(2ψ_j) gives
//
//	∂e_1/∂ψ_j = −e_1 v_j²/ψ_j,
//	∂v_i/∂ψ_j = v_j/(2ψ_j)·(δ_ij − v_i v_j + 2 e_1 G_ij),  G = (M − e_1 I)⁺,
//
// and with λ_i² = ψ_i v_i² (e_1 − 1) and g_i = (λ_i² + ψ_i − 1)/ψ_i²,
//
//	∂g_i/∂ψ_j = (∂λ_i²/∂ψ_j)/ψ_i² + δ_ij (1/ψ_i² − 2 g_i/ψ_i).
//
// G comes from the Cholesky factor of e_1 I − M + e_1 vvᵀ, positive definite
// when e_1 is a simple eigenvalue: its inverse is vvᵀ/e_1 − G. It returns
// false when that factorization fails.
func (o *oneFactor) hessian(h, psi []float64) bool {
	k := o.k
	e, v := o.e1, o.v
	a := e - 1
	if !(a > 0) {
		return false
	}
	// inv ← e I − M + e vvᵀ, then its inverse.
	inv := o.inv
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			x := -o.m[i*k+j] + e*v[i]*v[j]
			if i == j {
				x += e
			}
			inv[i*k+j] = x
		}
	}
	if !choleskyInverse(inv, k) {
		return false
	}
	g := o.w
	o.gradient(g, psi)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			// G_ij = v_i v_j/e − (inverse)_ij
			gij := v[i]*v[j]/e - inv[i*k+j]
			var dij float64
			if i == j {
				dij = 1
			}
			dv := v[j] / (2 * psi[j]) * (dij - v[i]*v[j] + 2*e*gij)
			de := -e * v[j] * v[j] / psi[j]
			dl := psi[i] * (2*a*v[i]*dv + v[i]*v[i]*de)
			if i == j {
				dl += v[i] * v[i] * a
			}
			h[i*k+j] = dl / (psi[i] * psi[i])
		}
		h[i*k+i] += 1/(psi[i]*psi[i]) - 2*g[i]/psi[i]
	}
	return true
}

// choleskyInverse replaces the symmetric positive definite k × k matrix in
// the lower triangle of a (row-major) by its full inverse; false when a is
// not positive definite.
func choleskyInverse(a []float64, k int) bool {
	if !choleskyLower(a, k) {
		return false
	}
	// L⁻¹ in place (lower triangle).
	for j := 0; j < k; j++ {
		a[j*k+j] = 1 / a[j*k+j]
		for i := j + 1; i < k; i++ {
			s := 0.0
			for p := j; p < i; p++ {
				s -= a[i*k+p] * a[p*k+j]
			}
			a[i*k+j] = s / a[i*k+i]
		}
	}
	// A⁻¹ = L⁻ᵀ L⁻¹, (A⁻¹)_ij = Σ_{p ≥ j} (L⁻¹)_pi (L⁻¹)_pj for j ≥ i, into
	// the upper triangle (row i's entries read only rows p ≥ i of L⁻¹, and
	// its diagonal is overwritten after its one use), then mirrored.
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			s := 0.0
			for p := j; p < k; p++ {
				s += a[p*k+i] * a[p*k+j]
			}
			a[i*k+j] = s
		}
	}
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			a[i*k+j] = a[j*k+i]
		}
	}
	return true
}

// polish takes Newton steps on ∂F/∂ψ = 0 from the optimiser's answer. Near
// the minimum F is flat to within its rounding, so a line search on F stops
// some 1e-8 short; the gradient is still accurate there, and a few steps
// with the analytic Hessian (hessian) reach the root to ~1e-14. A step is
// kept only if it stays inside the bounds and shrinks the gradient; at a
// bound (a Heywood case) nothing is done.
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
	g := o.grad(psi)
	if g == nil {
		return psi
	}
	h := make([]float64, k*k)
	step := make([]float64, k)
	for iter := 0; iter < 8 && norm(g) > 1e-14; iter++ {
		if !o.hessian(h, psi) {
			return psi
		}
		copy(step, g)
		if !solveLinear(h, step, k) {
			return psi
		}
		next := make([]float64, k)
		for i := range next {
			next[i] = psi[i] - step[i]
			if !(next[i] > heywoodBound) {
				return psi
			}
		}
		gn := o.grad(next)
		if gn == nil || norm(gn) >= norm(g) {
			o.eval(psi) // the state of the answer
			return psi
		}
		psi, g = next, gn
	}
	return psi
}

// solveLinear solves a x = b for the k × k row-major a (overwritten) by
// Gaussian elimination with partial pivoting, x into b; false when a is
// singular.
func solveLinear(a, b []float64, k int) bool {
	for c := 0; c < k; c++ {
		p := c
		for i := c + 1; i < k; i++ {
			if math.Abs(a[i*k+c]) > math.Abs(a[p*k+c]) {
				p = i
			}
		}
		if a[p*k+c] == 0 || math.IsNaN(a[p*k+c]) {
			return false
		}
		if p != c {
			for j := 0; j < k; j++ {
				a[c*k+j], a[p*k+j] = a[p*k+j], a[c*k+j]
			}
			b[c], b[p] = b[p], b[c]
		}
		for i := c + 1; i < k; i++ {
			f := a[i*k+c] / a[c*k+c]
			if f == 0 {
				continue
			}
			for j := c + 1; j < k; j++ {
				a[i*k+j] -= f * a[c*k+j]
			}
			b[i] -= f * b[c]
		}
	}
	for i := k - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < k; j++ {
			s -= a[i*k+j] * b[j]
		}
		b[i] = s / a[i*k+i]
	}
	return true
}

// choleskyLower factors the symmetric k × k matrix in the lower triangle of
// a (row-major) as LLᵀ, L into the lower triangle; false when it is not
// positive definite.
func choleskyLower(a []float64, k int) bool {
	for j := 0; j < k; j++ {
		d := a[j*k+j]
		for p := 0; p < j; p++ {
			d -= a[j*k+p] * a[j*k+p]
		}
		if !(d > 0) {
			return false
		}
		d = math.Sqrt(d)
		a[j*k+j] = d
		for i := j + 1; i < k; i++ {
			s := a[i*k+j]
			for p := 0; p < j; p++ {
				s -= a[i*k+p] * a[j*k+p]
			}
			a[i*k+j] = s / d
		}
	}
	return true
}
