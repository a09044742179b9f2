package cholesky

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomSym returns a symmetric matrix of size n: positive definite with a
// condition number of about 10^e, or (when e < 0) indefinite.
func randomSym(r *rand.Rand, n int, e float64) *mat.SymDense {
	q := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			q.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(q)
	var o mat.Dense
	qr.QTo(&o)
	d := make([]float64, n)
	for i := range d {
		switch {
		case e < 0:
			d[i] = r.NormFloat64()
		case n == 1:
			d[i] = math.Pow(10, -e*r.Float64())
		default:
			d[i] = math.Pow(10, -e*float64(i)/float64(n-1))
		}
	}
	a := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += o.At(i, k) * d[k] * o.At(j, k)
			}
			a.SetSym(i, j, s)
		}
	}
	return a
}

func sameErr(a, b error) bool {
	var ca, cb mat.Condition
	if errors.As(a, &ca) && errors.As(b, &cb) {
		return ca == cb || math.IsNaN(float64(ca)) && math.IsNaN(float64(cb))
	}
	return (a == nil) == (b == nil)
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// Every result, and every refusal, is mat.Cholesky's, bit for bit: on
// well-conditioned, near-singular (condition numbers up to 10^18) and
// indefinite matrices of the sizes the REML fits and omega use.
func TestSameAsMatCholesky(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var c Cholesky // reused, as the callers reuse it
	skipped := 0
	for trial := 0; trial < 6000; trial++ {
		n := 1 + trial%6
		if trial%50 == 0 {
			n = 40
		}
		e := []float64{-1, 0.5, 2, 8, 13, 14.5, 15.5, 16.2, 17, 18}[trial%10]
		a := randomSym(r, n, e)
		var m mat.Cholesky
		okM := m.Factorize(a)
		okC := c.Factorize(a)
		if okM != okC {
			t.Fatalf("trial %d (n %d, 1e%g): Factorize %v, mat %v", trial, n, e, okC, okM)
		}
		if !okM {
			continue
		}
		if math.Float64bits(m.LogDet()) != math.Float64bits(c.LogDet()) {
			t.Fatalf("trial %d: LogDet %v, mat %v", trial, c.LogDet(), m.LogDet())
		}
		var im, ic mat.SymDense
		errM := m.InverseTo(&im)
		errC := c.InverseTo(&ic)
		if !sameErr(errM, errC) {
			t.Fatalf("trial %d (n %d, 1e%g): InverseTo error %v, mat %v", trial, n, e, errC, errM)
		}
		if !sameBits(im.RawSymmetric().Data, ic.RawSymmetric().Data) && errM == nil {
			// compare the upper triangles (the lower halves are not written)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					if math.Float64bits(im.At(i, j)) != math.Float64bits(ic.At(i, j)) {
						t.Fatalf("trial %d: inverse (%d,%d) %v, mat %v", trial, i, j, ic.At(i, j), im.At(i, j))
					}
				}
			}
		}
		if c.ok {
			skipped++
		}
		b := mat.NewVecDense(n, nil)
		for i := 0; i < n; i++ {
			b.SetVec(i, r.NormFloat64())
		}
		var xm, xc mat.VecDense
		errM = m.SolveVecTo(&xm, b)
		errC = c.SolveVecTo(&xc, b)
		if !sameErr(errM, errC) || !sameBits(xm.RawVector().Data, xc.RawVector().Data) {
			t.Fatalf("trial %d: SolveVecTo %v %v, mat %v %v", trial, xc.RawVector().Data, errC, xm.RawVector().Data, errM)
		}
		// A solve before any inverse estimates the condition as mat does.
		var c2 Cholesky
		c2.Factorize(a)
		if err := c2.SolveVecTo(&xc, b); !sameErr(err, errM) {
			t.Fatalf("trial %d: SolveVecTo first: %v, mat %v", trial, err, errM)
		}
	}
	if skipped == 0 {
		t.Error("the bound never cleared the check: no estimate was saved")
	}
}
