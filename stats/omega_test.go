package stats

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomCorrelation returns the correlation matrix of n random respondents
// to k items loading on one factor (loading ±load; every fifth item
// reversed when reversed), or nil when it is not positive definite.
func randomCorrelation(next func() float64, n, k int, load float64, reversed bool) *mat.SymDense {
	acc := NewCovAccumulator(k)
	row := make([]float64, k)
	for i := 0; i < n; i++ {
		f := next()*2 - 1
		for j := range row {
			w := load
			if reversed && j%5 == 3 {
				w = -w
			}
			row[j] = math.Round(3 + 2*(w*f+(1-load)*(next()-0.5)))
		}
		acc.Add(row)
	}
	r := mat.NewSymDense(k, nil)
	for a := 0; a < k; a++ {
		if !(acc.m2[a*k+a] > 0) {
			return nil
		}
		for b := a; b < k; b++ {
			r.SetSym(a, b, acc.m2[a*k+b]/math.Sqrt(acc.m2[a*k+a]*acc.m2[b*k+b]))
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(r) {
		return nil
	}
	return r
}

func lcg(seed uint64) func() float64 {
	return func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / (1 << 53)
	}
}

// Power iteration finds the leading eigenpair that the full decomposition
// finds, and the analytic Hessian is the derivative of the gradient.
func TestOneFactorEigenpairAndHessian(t *testing.T) {
	next := lcg(5)
	for trial := 0; trial < 40; trial++ {
		k := 3 + trial%12
		r := randomCorrelation(next, 40+trial, k, 0.3+0.6*next(), trial%2 == 0)
		if r == nil {
			continue
		}
		o := newOneFactor(r, 0)
		psi := make([]float64, k)
		for i := range psi {
			psi[i] = 0.2 + 0.6*next()
		}
		o.start(psi)
		o.eval(psi)
		e1, v := o.e1, append([]float64(nil), o.v...)
		if !o.ok || !o.isLeading() {
			t.Fatalf("trial %d: power iteration failed", trial)
		}
		if !o.full() {
			t.Fatal("eigendecomposition failed")
		}
		dot := 0.0
		for i := range v {
			dot += v[i] * o.v[i]
		}
		if math.Abs(e1-o.e1) > 1e-13*o.e1 || math.Abs(math.Abs(dot)-1) > 1e-13 {
			t.Errorf("trial %d: e1 %v vs %v, |v·v_full| = %v", trial, e1, o.e1, math.Abs(dot))
		}
		o.eval(psi)
		h := make([]float64, k*k)
		if !o.hessian(h, psi) {
			t.Fatalf("trial %d: hessian failed", trial)
		}
		for j := 0; j < k; j++ {
			step := 1e-6 * psi[j]
			up := append([]float64(nil), psi...)
			dn := append([]float64(nil), psi...)
			up[j] += step
			dn[j] -= step
			gu, gd := o.grad(up), o.grad(dn)
			for i := 0; i < k; i++ {
				fd := (gu[i] - gd[i]) / (2 * step)
				if math.Abs(fd-h[i*k+j]) > 1e-6*(1+math.Abs(fd)) {
					t.Errorf("trial %d: H[%d][%d] = %v, central difference %v", trial, i, j, h[i*k+j], fd)
				}
			}
		}
	}
}

// Where Newton's method succeeds, L-BFGS (the fallback) reaches the same
// minimum; where the projected Newton method ends at the bound, L-BFGS
// ends there with the same item (the one the Heywood message names).
func TestOmegaNewtonMatchesLBFGS(t *testing.T) {
	next := lcg(11)
	newton, heywood := 0, 0
	for trial := 0; trial < 1000; trial++ {
		k := 3 + trial%20
		r := randomCorrelation(next, 20+(trial*7)%200, k, 0.2+0.8*next(), trial%3 == 0)
		if r == nil {
			continue
		}
		var chol mat.Cholesky
		chol.Factorize(r)
		var inv mat.SymDense
		if chol.InverseTo(&inv) != nil {
			continue
		}
		psi0 := make([]float64, k)
		for i := range psi0 {
			psi0[i] = (1 - 0.5/float64(k)) / inv.At(i, i)
		}
		o := newOneFactor(r, chol.LogDet())
		pn, ok := o.newton(psi0)
		if !ok {
			if pb, ok := o.boundedNewton(psi0); ok {
				heywood++
				pl, err := o.fit(psi0)
				if err != nil {
					t.Fatalf("trial %d: %v", trial, err)
				}
				if a, b := firstAtBound(pb), firstAtBound(pl); a != b {
					t.Errorf("trial %d: Heywood item %d (projected Newton), %d (L-BFGS)", trial, a, b)
				}
			}
			continue
		}
		newton++
		pl, err := o.fit(psi0)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for i := range pn {
			if math.Abs(pn[i]-pl[i]) > 1e-10*pl[i] {
				t.Errorf("trial %d: ψ_%d = %v (Newton), %v (L-BFGS)", trial, i+1, pn[i], pl[i])
			}
		}
	}
	t.Logf("Newton %d, projected Newton %d", newton, heywood)
	if newton < 500 || heywood < 5 {
		t.Errorf("Newton succeeded on only %d item sets, projected Newton on %d Heywood cases", newton, heywood)
	}
}

func firstAtBound(psi []float64) int {
	for i, p := range psi {
		if p < heywoodBound+1e-6 {
			return i + 1
		}
	}
	return 0
}
