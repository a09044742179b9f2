package mixed

import (
	"errors"
	"math"

	"github.com/pssa-project/pssa/stats/internal/cholesky"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// covModel is a within-participant covariance structure Σ = σ²·W(θ) over
// the k time points; participant i's block is W restricted to the time
// points observed. θ is unconstrained.
type covModel interface {
	nTheta() int
	fill(theta []float64, w *mat.SymDense)
	deriv(theta []float64, j int, dw *mat.SymDense) // ∂W/∂θ_j
	start(S *mat.SymDense) []float64                // θ from a moment estimate of Σ
}

// riModel: W = I + θ²J with θ = τ/σ, lme4's relative covariance factor
// (Bates et al. 2015, J Stat Softw 67(1), section 3): τ² = σ²θ². θ enters as
// θ², so θ = 0 (variance component 0) is an ordinary stationary point of the
// criterion rather than an edge of the parameter space.
type riModel struct{ k int }

func (m riModel) nTheta() int { return 1 }
func (m riModel) fill(theta []float64, w *mat.SymDense) {
	t2 := theta[0] * theta[0]
	for a := 0; a < m.k; a++ {
		for b := a; b < m.k; b++ {
			v := t2
			if a == b {
				v++
			}
			w.SetSym(a, b, v)
		}
	}
}
func (m riModel) deriv(theta []float64, _ int, dw *mat.SymDense) {
	for a := 0; a < m.k; a++ {
		for b := a; b < m.k; b++ {
			dw.SetSym(a, b, 2*theta[0])
		}
	}
}
func (m riModel) start(S *mat.SymDense) []float64 {
	v, c, nc := 0.0, 0.0, 0.0
	for a := 0; a < m.k; a++ {
		v += S.At(a, a) / float64(m.k)
		for b := a + 1; b < m.k; b++ {
			c += S.At(a, b)
			nc++
		}
	}
	c /= nc
	tau2 := math.Max(c, 0.1*v)
	if tau2 >= 0.9*v {
		tau2 = 0.9 * v
	}
	if !(v > 0) {
		return []float64{1}
	}
	return []float64{math.Sqrt(tau2 / (v - tau2))}
}

// unModel: W = LLᵀ with L lower triangular, L₀₀ = 1 (σ² carries the scale),
// the other diagonal entries exp(θ) and the entries below the diagonal θ
// (the log-Cholesky parametrisation, Pinheiro & Bates 1996, Stat Comput
// 6:289–296). θ lists L's free entries row by row: (1,0), (1,1), (2,0),
// (2,1), (2,2), ...
type unModel struct{ k int }

func (m unModel) nTheta() int { return m.k*(m.k+1)/2 - 1 }

// pos gives the (row, column) of θ_j in L.
func (m unModel) pos(j int) (int, int) {
	j++ // skip L₀₀
	r := 0
	for j > r {
		j -= r + 1
		r++
	}
	return r, j
}

func (m unModel) lower(theta []float64) *mat.TriDense {
	L := mat.NewTriDense(m.k, mat.Lower, nil)
	L.SetTri(0, 0, 1)
	for j, v := range theta {
		r, c := m.pos(j)
		if r == c {
			v = math.Exp(v)
		}
		L.SetTri(r, c, v)
	}
	return L
}

func (m unModel) fill(theta []float64, w *mat.SymDense) {
	L := m.lower(theta)
	w.SymOuterK(1, L)
}

func (m unModel) deriv(theta []float64, j int, dw *mat.SymDense) {
	L := m.lower(theta)
	r, c := m.pos(j)
	e := 1.0
	if r == c {
		e = L.At(r, r)
	}
	// ∂W = E Lᵀ + L Eᵀ with E = e·unit(r, c): (∂W)_ab = e([a=r]L_bc + [b=r]L_ac).
	for a := 0; a < m.k; a++ {
		for b := a; b < m.k; b++ {
			v := 0.0
			if a == r {
				v += e * L.At(b, c)
			}
			if b == r {
				v += e * L.At(a, c)
			}
			dw.SetSym(a, b, v)
		}
	}
}

func (m unModel) start(S *mat.SymDense) []float64 {
	k := m.k
	W := mat.NewSymDense(k, nil)
	var chol mat.Cholesky
	ok := S.At(0, 0) > 0 && chol.Factorize(S)
	if ok {
		W.ScaleSym(1/S.At(0, 0), S)
	} else {
		// Not positive definite (pairwise estimates): the random-intercept
		// starting value instead.
		ri := riModel{k: k}
		th := ri.start(S)
		ri.fill(th, W)
		W.ScaleSym(1/W.At(0, 0), W)
	}
	if !chol.Factorize(W) {
		for a := 0; a < k; a++ {
			for b := a; b < k; b++ {
				W.SetSym(a, b, 0)
			}
			W.SetSym(a, a, 1)
		}
		chol.Factorize(W)
	}
	var L mat.TriDense
	chol.LTo(&L)
	theta := make([]float64, m.nTheta())
	for j := range theta {
		r, c := m.pos(j)
		v := L.At(r, c) / L.At(0, 0)
		if r == c {
			v = math.Log(v)
		}
		theta[j] = v
	}
	return theta
}

var errNotPD = errors.New("covariance matrix not positive definite")

// remlState is the REML criterion and what it is made of at one θ (and σ²).
type remlState struct {
	s      *lmmSuffStats
	cm     covModel
	theta  []float64
	sigma2 float64
	dev    float64 // the criterion (profiled or not, see eval)
	grad   []float64
	w      *mat.SymDense
	winv   []*mat.SymDense // W_P⁻¹ per pattern
	logdW  []float64       // log|W_P|
	ainv   []*mat.SymDense // per group, (X_gᵀ W⁻¹ X_g)⁻¹ over its estimable cells
	m      []float64       // cell means (the GLS estimate)
	rss    float64         // Σ_i r_iᵀ W_i⁻¹ r_i at the GLS estimate
}

// eval computes the REML criterion (−2 × REML log-likelihood; Harville
// 1977, J Am Stat Assoc 72:320–338; Pinheiro & Bates 2000, Mixed-Effects
// Models in S and S-PLUS, section 2.2) of y_i ~ N(X_i m, σ²W_i(θ)) with X
// the cell-means coding:
//
//	D(θ, σ²) = Σ_i log|σ²W_i| + log|Σ_i X_iᵀ(σ²W_i)⁻¹X_i| + Σ_i r_iᵀ(σ²W_i)⁻¹r_i + (N − p) log 2π
//	         = (N − p) log σ² + Σ_i log|W_i| + log|A| + RSS/σ² + (N − p) log 2π,
//	A = Σ_i X_iᵀW_i⁻¹X_i,  m̂ = A⁻¹ Σ_i X_iᵀW_i⁻¹y_i,  RSS = Σ_i r_iᵀW_i⁻¹r_i,  r_i = y_i − X_i m̂.
//
// With profile = true σ² is replaced by its maximiser RSS/(N − p), giving
// the profiled criterion minimised over θ (lme4's REMLcrit; Bates et al.
// 2015, J Stat Softw 67(1), section 3.4):
//
//	D_p(θ) = Σ_i log|W_i| + log|A| + (N − p)(1 + log(2π RSS/(N − p))).
//
// The gradient (grad = true) is analytic (Harville 1977; with the GLS
// estimate profiled, its own derivative drops out): with B_i = W_i⁻¹
// (∂W_i/∂θ_j) W_i⁻¹,
//
//	∂D/∂θ_j = Σ_i tr(W_i⁻¹ ∂W_i/∂θ_j) − Σ_i tr(A⁻¹ X_iᵀ B_i X_i) − Σ_i r_iᵀ B_i r_i / σ²,
//	∂D/∂log σ² = N − p − RSS/σ²  (only when not profiled; appended last).
//
// Sums over participants are sums over lmmCells. The criterion of the
// sum-to-zero coded X differs by the constant 2 log|det K| (see
// buildContrastCoding), added when reporting the log-likelihood.
func eval(s *lmmSuffStats, cm covModel, theta []float64, sigma2 float64, profile, grad bool) (*remlState, error) {
	k := s.k
	st := &remlState{s: s, cm: cm, theta: append([]float64(nil), theta...)}
	st.w = mat.NewSymDense(k, nil)
	cm.fill(theta, st.w)
	st.winv = make([]*mat.SymDense, len(s.patterns))
	st.logdW = make([]float64, len(s.patterns))
	var chol cholesky.Cholesky // mat.Cholesky's results, without its condition estimate where a bound rules it out
	for pi, p := range s.patterns {
		wp := subSym(st.w, p.idx)
		if !chol.Factorize(wp) {
			return nil, errNotPD
		}
		st.logdW[pi] = chol.LogDet()
		inv := mat.NewSymDense(len(p.idx), nil)
		if err := chol.InverseTo(inv); err != nil {
			return nil, errNotPD
		}
		st.winv[pi] = inv
	}
	// A and b, block-diagonal by group.
	G := s.nGroups
	A := make([]*mat.SymDense, G)
	b := make([]*mat.VecDense, G)
	for g := 0; g < G; g++ {
		n := len(s.groupTimes[g])
		A[g] = mat.NewSymDense(n, nil)
		b[g] = mat.NewVecDense(n, nil)
	}
	sumLogW := 0.0
	for _, c := range s.cells {
		wi := st.winv[c.pat]
		sumLogW += c.n * st.logdW[c.pat]
		off := s.groupStart[c.g]
		for a, ta := range c.idx {
			ia := s.est[c.g][ta] - off
			bv := 0.0
			for bb, tb := range c.idx {
				ib := s.est[c.g][tb] - off
				wab := wi.At(a, bb)
				bv += wab * c.mean[bb]
				if ib >= ia {
					A[c.g].SetSym(ia, ib, A[c.g].At(ia, ib)+c.n*wab)
				}
			}
			b[c.g].SetVec(ia, b[c.g].AtVec(ia)+c.n*bv)
		}
	}
	st.m = make([]float64, s.p)
	st.ainv = make([]*mat.SymDense, G)
	logdA := 0.0
	for g := 0; g < G; g++ {
		if !chol.Factorize(A[g]) {
			return nil, errNotPD
		}
		logdA += chol.LogDet()
		// The inverse first: it bounds the condition number for the solve.
		st.ainv[g] = mat.NewSymDense(A[g].SymmetricDim(), nil)
		if err := chol.InverseTo(st.ainv[g]); err != nil {
			return nil, errNotPD
		}
		var mg mat.VecDense
		if err := chol.SolveVecTo(&mg, b[g]); err != nil {
			return nil, errNotPD
		}
		for i := 0; i < mg.Len(); i++ {
			st.m[s.groupStart[g]+i] = mg.AtVec(i)
		}
	}
	resid := make([][]float64, len(s.cells))
	for ci, c := range s.cells {
		d := make([]float64, len(c.idx))
		for a, t := range c.idx {
			d[a] = c.mean[a] - st.m[s.est[c.g][t]]
		}
		resid[ci] = d
		wi := st.winv[c.pat]
		st.rss += frob(wi, c.scatter) + c.n*quad(wi, d, d)
	}
	N, p := float64(s.nObs), float64(s.p)
	nmp := N - p
	if profile {
		st.sigma2 = st.rss / nmp
		st.dev = sumLogW + logdA + nmp*(1+math.Log(2*math.Pi*st.rss/nmp))
	} else {
		st.sigma2 = sigma2
		st.dev = nmp*math.Log(sigma2) + sumLogW + logdA + st.rss/sigma2 + nmp*math.Log(2*math.Pi)
	}
	if math.IsNaN(st.dev) || math.IsInf(st.dev, 0) {
		return nil, errNotPD
	}
	if !grad {
		return st, nil
	}
	nt := cm.nTheta()
	st.grad = make([]float64, nt, nt+1)
	dw := mat.NewSymDense(k, nil)
	for j := 0; j < nt; j++ {
		cm.deriv(theta, j, dw)
		bp := st.patternB(dw)
		gj := 0.0
		for ci, c := range s.cells {
			wi := st.winv[c.pat]
			dwp := subSym(dw, c.idx)
			B := bp[c.pat]
			ai := st.ainvCell(c)
			gj += c.n*frob(wi, dwp) - c.n*frob(ai, B) - (frob(B, c.scatter)+c.n*quad(B, resid[ci], resid[ci]))/st.sigma2
		}
		st.grad[j] = gj
	}
	if !profile {
		st.grad = append(st.grad, nmp-st.rss/st.sigma2)
	}
	return st, nil
}

// patternB returns W_P⁻¹ (∂W)_P W_P⁻¹ for every pattern.
func (st *remlState) patternB(dw *mat.SymDense) []*mat.SymDense {
	out := make([]*mat.SymDense, len(st.s.patterns))
	for pi, p := range st.s.patterns {
		dwp := subSym(dw, p.idx)
		var t mat.Dense
		t.Mul(st.winv[pi], dwp)
		var u mat.Dense
		u.Mul(&t, st.winv[pi])
		n := len(p.idx)
		B := mat.NewSymDense(n, nil)
		for a := 0; a < n; a++ {
			for b := a; b < n; b++ {
				B.SetSym(a, b, (u.At(a, b)+u.At(b, a))/2)
			}
		}
		out[pi] = B
	}
	return out
}

// ainvCell is A⁻¹ restricted to the cell means a lmmCell's participants
// contribute to.
func (st *remlState) ainvCell(c lmmCell) *mat.SymDense {
	off := st.s.groupStart[c.g]
	n := len(c.idx)
	out := mat.NewSymDense(n, nil)
	for a := 0; a < n; a++ {
		for b := a; b < n; b++ {
			out.SetSym(a, b, st.ainv[c.g].At(st.s.est[c.g][c.idx[a]]-off, st.s.est[c.g][c.idx[b]]-off))
		}
	}
	return out
}

func (st *remlState) sigmaMatrix() [][]float64 {
	k := st.s.k
	out := make([][]float64, k)
	for a := range out {
		out[a] = make([]float64, k)
		for b := range out[a] {
			out[a][b] = st.sigma2 * st.w.At(a, b)
		}
	}
	return out
}

func subSym(w *mat.SymDense, idx []int) *mat.SymDense {
	n := len(idx)
	out := mat.NewSymDense(n, nil)
	for a := 0; a < n; a++ {
		for b := a; b < n; b++ {
			out.SetSym(a, b, w.At(idx[a], idx[b]))
		}
	}
	return out
}

// frob is the Frobenius inner product tr(AB) of two symmetric matrices.
func frob(a, b *mat.SymDense) float64 {
	n := a.SymmetricDim()
	s := 0.0
	for i := 0; i < n; i++ {
		s += a.At(i, i) * b.At(i, i)
		for j := i + 1; j < n; j++ {
			s += 2 * a.At(i, j) * b.At(i, j)
		}
	}
	return s
}

func quad(a *mat.SymDense, x, y []float64) float64 {
	s := 0.0
	for i := range x {
		for j := range y {
			s += x[i] * a.At(i, j) * y[j]
		}
	}
	return s
}

// lmmFit is the REML optimum.
type lmmFit struct {
	*remlState
	iterations int
	converged  bool
}

// defaultMaxIterations bounds the BFGS iterations.
const defaultMaxIterations = 500

// fitREML minimises the profiled REML criterion D_p(θ) (see eval) with
// gonum's BFGS (optimize.BFGS, More–Thuente line search) and the analytic
// gradient, starting from a moment estimate of Σ. Convergence criterion:
// the largest absolute gradient component ≤ 1e-9·N (N observations; the
// criterion grows like N), or ≤ 1e-7·N when the line search can make no
// more progress because the criterion is flat to rounding (BFGS is
// restarted up to 3 times before that is accepted); at most maxIterations
// iterations (LMMOptions.MaxIterations, default 500). For the random
// intercept, θ = τ/σ is reported as |θ|, and set to exactly 0 when |θ| <
// 1e-6 and the criterion at 0 is no larger (the boundary fit lmer reports
// as singular).
func fitREML(s *lmmSuffStats, cm covModel, maxIterations int) (*lmmFit, error) {
	theta0 := cm.start(s.momentCovariance())
	var last *remlState
	get := func(x []float64) (*remlState, error) {
		if last != nil && equalVec(last.theta, x) {
			return last, nil
		}
		st, err := eval(s, cm, x, 0, true, true)
		if err != nil {
			return nil, err
		}
		last = st
		return st, nil
	}
	prob := optimize.Problem{
		Func: func(x []float64) float64 {
			st, err := get(x)
			if err != nil {
				return math.Inf(1)
			}
			return st.dev
		},
		Grad: func(g, x []float64) {
			st, err := get(x)
			if err != nil {
				for i := range g {
					g[i] = math.NaN()
				}
				return
			}
			copy(g, st.grad)
		},
	}
	tol := 1e-9 * float64(s.nObs)
	settings := &optimize.Settings{
		GradientThreshold: tol,
		Converger:         optimize.NeverTerminate{},
		MajorIterations:   maxIterations,
	}
	if _, err := eval(s, cm, theta0, 0, true, false); err != nil {
		return nil, lmmDegenerate("the starting covariance is singular: the data carry no information on the covariance")
	}
	// BFGS restarts (a fresh Hessian approximation) when its line search can
	// make no more progress before the gradient criterion is met.
	x := theta0
	iters := 0
	var optErr error
	for restart := 0; restart < 4; restart++ {
		var res *optimize.Result
		method := &optimize.BFGS{}
		if restart > 0 {
			// near the optimum the criterion is flat to rounding: a line
			// search on the directional derivative alone still progresses
			method.Linesearcher = &optimize.Bisection{}
		}
		res, optErr = optimize.Minimize(prob, x, settings, method)
		if res != nil {
			x = res.X
			iters += res.Stats.MajorIterations
		}
		if optErr == nil || res == nil || iters >= maxIterations {
			break
		}
	}
	st, err := eval(s, cm, x, 0, true, true)
	if err != nil {
		return &lmmFit{iterations: iters}, lmmDegenerate("the covariance matrix became singular during the REML optimisation (after %d iterations)", iters)
	}
	if _, ok := cm.(riModel); ok {
		x = []float64{math.Abs(x[0])}
		if x[0] < 1e-6 {
			if st0, err := eval(s, cm, []float64{0}, 0, true, true); err == nil && st0.dev <= st.dev {
				x = []float64{0}
			}
		}
		if st, err = eval(s, cm, x, 0, true, true); err != nil {
			return &lmmFit{iterations: iters}, lmmDegenerate("the covariance matrix is singular at the REML optimum")
		}
	}
	f := &lmmFit{remlState: st, iterations: iters}
	// The line search stops when the criterion no longer changes beyond
	// rounding (a decrease of g²/H below ε·|D|); that is an optimum too if
	// the gradient is small on the looser scale 1e-7·N.
	f.converged = maxAbs(st.grad) <= tol || (optErr != nil && iters < maxIterations && maxAbs(st.grad) <= 100*tol)
	if !f.converged {
		why := "the iteration limit"
		if optErr != nil {
			why = optErr.Error()
		}
		if singular(st.w) {
			why += "; the covariance matrix is heading for singularity (a correlation of ±1 or a variance of 0): the data do not support this covariance structure"
		}
		return f, lmmDegenerate("the REML optimisation did not converge after %d iterations (largest gradient component %.3g, criterion %.3g; stopped by %s)", iters, maxAbs(st.grad), tol, why)
	}
	return f, nil
}

func equalVec(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// singular reports a covariance matrix whose condition number exceeds 1e10.
func singular(w *mat.SymDense) bool {
	var es mat.EigenSym
	if !es.Factorize(w, false) {
		return true
	}
	v := es.Values(nil)
	return v[0] <= 1e-10*v[len(v)-1]
}
