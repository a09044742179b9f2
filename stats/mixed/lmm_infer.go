package mixed

import (
	"fmt"
	"math"

	"github.com/pssa-project/pssa/stats/internal/cholesky"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// hessStep is the central-difference step for the Hessian of the REML
// criterion, taken on the analytic gradient in φ = (θ, log σ²): truncation
// error O(h²) ≈ 1e-8 relative, rounding O(ε/h) ≈ 1e-12.
const hessStep = 1e-4

// lmmInference holds what Satterthwaite's df need at the REML optimum.
type lmmInference struct {
	s  *lmmSuffStats
	f  *lmmFit
	cm covModel
	// bpat[j][pattern] = W_P⁻¹ (∂W/∂θ_j)_P W_P⁻¹ at the optimum.
	bpat [][]*mat.SymDense
	acov *mat.SymDense // A = 2H⁻¹, the asymptotic covariance of φ̂
}

// newInference computes the Hessian H of the full (not profiled) REML
// criterion D(θ, log σ²) of eval at the optimum by central differences of
// the analytic gradient with step hessStep, symmetrised; A = 2H⁻¹ is the
// covariance of the variance parameters from the observed information, as
// lmerTest (vcov_varpar) and nlme (apVar) compute it with numerical
// derivatives.
func newInference(s *lmmSuffStats, cm covModel, f *lmmFit) (*lmmInference, error) {
	nt := cm.nTheta()
	phi := append(append([]float64(nil), f.theta...), math.Log(f.sigma2))
	n := len(phi)
	gradAt := func(x []float64) ([]float64, error) {
		st, err := eval(s, cm, x[:nt], math.Exp(x[nt]), false, true)
		if err != nil {
			return nil, err
		}
		return st.grad, nil
	}
	H := mat.NewDense(n, n, nil)
	x := make([]float64, n)
	for j := 0; j < n; j++ {
		copy(x, phi)
		x[j] = phi[j] + hessStep
		gp, err := gradAt(x)
		if err != nil {
			return nil, lmmDegenerate("the covariance is singular next to the REML optimum: Satterthwaite's df are not available")
		}
		x[j] = phi[j] - hessStep
		gm, err := gradAt(x)
		if err != nil {
			return nil, lmmDegenerate("the covariance is singular next to the REML optimum: Satterthwaite's df are not available")
		}
		for i := 0; i < n; i++ {
			H.Set(i, j, (gp[i]-gm[i])/(2*hessStep))
		}
	}
	Hs := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			Hs.SetSym(i, j, (H.At(i, j)+H.At(j, i))/2)
		}
	}
	var chol cholesky.Cholesky
	if !chol.Factorize(Hs) {
		return nil, lmmDegenerate("the Hessian of the REML criterion is not positive definite: the covariance parameters are not identified by these data")
	}
	acov := mat.NewSymDense(n, nil)
	if err := chol.InverseTo(acov); err != nil {
		return nil, lmmDegenerate("the Hessian of the REML criterion is singular")
	}
	acov.ScaleSym(2, acov)
	in := &lmmInference{s: s, f: f, cm: cm, acov: acov}
	dw := mat.NewSymDense(s.k, nil)
	for j := 0; j < nt; j++ {
		cm.deriv(f.theta, j, dw)
		in.bpat = append(in.bpat, f.patternB(dw))
	}
	return in, nil
}

// ainvTimes returns u = A⁻¹l (A block-diagonal by group).
func (in *lmmInference) ainvTimes(l []float64) []float64 {
	s := in.s
	u := make([]float64, s.p)
	for g := 0; g < s.nGroups; g++ {
		off := s.groupStart[g]
		n := len(s.groupTimes[g])
		for a := 0; a < n; a++ {
			v := 0.0
			for b := 0; b < n; b++ {
				v += in.f.ainv[g].At(a, b) * l[off+b]
			}
			u[off+a] = v
		}
	}
	return u
}

// varGrad returns v = var(l'm̂) = σ² l'A⁻¹l and its gradient in φ = (θ,
// log σ²):
//
//	∂v/∂θ_j = σ² Σ_i u_iᵀ B_i u_i  (u = A⁻¹l on participant i's cells, σ² fixed),
//	∂v/∂log σ² = v,
//
// the derivative lmerTest (Jac_list) and emmeans (gls_grad) take
// numerically.
func (in *lmmInference) varGrad(l []float64) (float64, []float64) {
	s, f := in.s, in.f
	u := in.ainvTimes(l)
	q := dot(l, u)
	v := f.sigma2 * q
	nt := len(in.bpat)
	g := make([]float64, nt+1)
	for j := 0; j < nt; j++ {
		gj := 0.0
		for _, c := range s.cells {
			uc := make([]float64, len(c.idx))
			any := false
			for a, t := range c.idx {
				uc[a] = u[s.est[c.g][t]]
				if uc[a] != 0 {
					any = true
				}
			}
			if any {
				gj += c.n * quad(in.bpat[j][c.pat], uc, uc)
			}
		}
		g[j] = f.sigma2 * gj
	}
	g[nt] = v
	return v, g
}

// satterthwaite returns the estimate, SE and Satterthwaite df of l'm̂
// (Satterthwaite 1946, Biometrics Bull 2:110–114; Kuznetsova et al. 2017,
// J Stat Softw 82(13), section 3 — lmerTest's contest1D; emmeans'
// satterthwaite mode, "Models supported by emmeans", gls):
//
//	ν = 2 v² / (∇vᵀ A ∇v),  v = var(l'm̂),  A = 2H⁻¹ (see newInference).
func (in *lmmInference) satterthwaite(l []float64) (est, se, df float64) {
	est = dot(l, in.f.m)
	v, g := in.varGrad(l)
	var gv mat.VecDense
	gvec := mat.NewVecDense(len(g), g)
	gv.MulVec(in.acov, gvec)
	den := mat.Dot(gvec, &gv)
	return est, math.Sqrt(v), 2 * v * v / den
}

// cellVec is the indicator of cell (g, t), nil when not estimable.
func (in *lmmInference) cellVec(g, t int) []float64 {
	j := in.s.est[g][t]
	if j < 0 {
		return nil
	}
	l := make([]float64, in.s.p)
	l[j] = 1
	return l
}

// combine returns Σ coef·cellVec, nil when any cell is not estimable.
func (in *lmmInference) combine(cells [][2]int, coef []float64) []float64 {
	l := make([]float64, in.s.p)
	for i, c := range cells {
		j := in.s.est[c[0]][c[1]]
		if j < 0 {
			return nil
		}
		l[j] += coef[i]
	}
	return l
}

func tInterval(est, se, df, level float64) (lo, hi, p float64) {
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	q := t.Quantile(1 - (1-level)/2)
	p = 2 * t.CDF(-math.Abs(est/se))
	return est - q*se, est + q*se, p
}

// fill writes the EMMs (unless opt.NoEMMeans), changes, interaction
// contrasts and F tests (those of opt.Effects).
func (in *lmmInference) fill(res *LMMResult, d Design, opt LMMOptions, level float64) {
	s := in.s
	G, k := s.nGroups, s.k
	nan := math.NaN()
	notEst := func(cells ...[2]int) string {
		for _, c := range cells {
			if s.est[c[0]][c[1]] < 0 {
				return fmt.Sprintf("not estimable: group %s has no data at %s", d.Groups[c[0]], d.Times[c[1]])
			}
		}
		return ""
	}
	for g := 0; g < G && !opt.NoEMMeans; g++ {
		for t := 0; t < k; t++ {
			e := EMM{Group: d.Groups[g], Time: d.Times[t], Estimate: nan, SE: nan, DF: nan, CILow: nan, CIHigh: nan}
			if l := in.cellVec(g, t); l != nil {
				e.Estimate, e.SE, e.DF = in.satterthwaite(l)
				e.CILow, e.CIHigh, _ = tInterval(e.Estimate, e.SE, e.DF, level)
			} else {
				e.Reason = notEst([2]int{g, t})
			}
			res.EMMeans = append(res.EMMeans, e)
		}
	}
	for g := 0; g < G; g++ {
		for t := 0; t+1 < k; t++ {
			c := Change{Group: d.Groups[g], From: d.Times[t], To: d.Times[t+1], Estimate: nan, SE: nan, DF: nan, CILow: nan, CIHigh: nan, P: nan}
			cells := [][2]int{{g, t + 1}, {g, t}}
			if l := in.combine(cells, []float64{1, -1}); l != nil {
				c.Estimate, c.SE, c.DF = in.satterthwaite(l)
				c.CILow, c.CIHigh, c.P = tInterval(c.Estimate, c.SE, c.DF, level)
			} else {
				c.Reason = notEst(cells...)
			}
			res.Changes = append(res.Changes, c)
		}
	}
	for t := 0; t+1 < k; t++ {
		for g1 := 0; g1 < G; g1++ {
			for g2 := g1 + 1; g2 < G; g2++ {
				c := InteractionContrast{From: d.Times[t], To: d.Times[t+1], Group1: d.Groups[g1], Group2: d.Groups[g2],
					Estimate: nan, SE: nan, DF: nan, CILow: nan, CIHigh: nan, P: nan}
				cells := [][2]int{{g1, t + 1}, {g1, t}, {g2, t + 1}, {g2, t}}
				if l := in.combine(cells, []float64{1, -1, -1, 1}); l != nil {
					c.Estimate, c.SE, c.DF = in.satterthwaite(l)
					c.CILow, c.CIHigh, c.P = tInterval(c.Estimate, c.SE, c.DF, level)
				} else {
					c.Reason = notEst(cells...)
				}
				res.InteractionContrasts = append(res.InteractionContrasts, c)
			}
		}
	}
	res.Effects = in.typeIII(d, opt.Covariance, opt.Effects)
}
