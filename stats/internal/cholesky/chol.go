// Package cholesky is gonum's mat.Cholesky for pssa's small symmetric matrices,
// bit for bit, without estimating the condition number where a bound
// rules out near-singularity.
//
// mat.Cholesky.Factorize estimates the reciprocal condition number
// (LAPACK's Dpocon) after every factorization, so that InverseTo and
// SolveVecTo can refuse a near-singular matrix (condition number above
// mat.ConditionTolerance, 1e16). In the REML fits of stats/mixed, which
// factorize thousands of 1×1 to 3×3 matrices, the estimate cost more than
// the factorizations. Here the inverse is formed first (every caller needs
// it), and ‖A‖₁·‖A⁻¹‖₁ bounds the condition number from above; Dpocon's
// estimate is a lower bound of it (Higham, "Accuracy and Stability of
// Numerical Algorithms", 2nd ed., §15.3), so when the bound is below 1e14
// gonum's estimate is below 1e16 too and the check passes without it.
// Otherwise the estimate is made exactly as mat.Cholesky makes it. The
// factor, log-determinant, inverse and solutions come from the same
// LAPACK calls (lapack64.Lansy, Potrf, Potri, Potrs) on the same data, so
// they are mat.Cholesky's to the last bit (TestSameAsMatCholesky).
package cholesky

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// boundOK is the bound on ‖A‖₁·‖A⁻¹‖₁ under which the condition estimate
// is skipped: a hundredth of mat.ConditionTolerance, room for the rounding
// of the computed inverse (relative error about cond·ε, 1% here).
const boundOK = mat.ConditionTolerance / 100

// Cholesky is the factorization A = UᵀU of a symmetric positive definite A.
type Cholesky struct {
	u     blas64.Triangular // upper, as mat.Cholesky stores it
	anorm float64           // ‖A‖₁ (LAPACK's one-norm, mat.CondNorm)
	cond  float64           // the condition estimate; 0 until made
	ok    bool              // the inverse bound has cleared the check
	work  []float64
	iwork []int
}

// Factorize factorizes a and reports whether it is positive definite (as
// mat.Cholesky.Factorize).
func (c *Cholesky) Factorize(a mat.Symmetric) bool {
	n := a.SymmetricDim()
	if cap(c.u.Data) < n*n {
		c.u.Data = make([]float64, n*n)
	}
	c.u = blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: n, Stride: n, Data: c.u.Data[:n*n]}
	clear(c.u.Data)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			c.u.Data[i*n+j] = a.At(i, j)
		}
	}
	c.cond, c.ok = 0, false
	sym := c.sym()
	if cap(c.work) < 3*n {
		c.work = make([]float64, 3*n)
		c.iwork = make([]int, n)
	}
	c.anorm = lapack64.Lansy(lapack.MaxRowSum, sym, c.work[:n]) // mat.CondNorm
	_, ok := lapack64.Potrf(sym)
	return ok
}

func (c *Cholesky) sym() blas64.Symmetric {
	return blas64.Symmetric{Uplo: blas.Upper, N: c.u.N, Stride: c.u.Stride, Data: c.u.Data}
}

// LogDet returns log det A (as mat.Cholesky.LogDet).
func (c *Cholesky) LogDet() float64 {
	var det float64
	for i := 0; i < c.u.N; i++ {
		det += 2 * math.Log(c.u.Data[i*c.u.Stride+i])
	}
	return det
}

// InverseTo writes A⁻¹ into dst (as mat.Cholesky.InverseTo, the same error
// for a near-singular A).
func (c *Cholesky) InverseTo(dst *mat.SymDense) error {
	n := c.u.N
	if dst.SymmetricDim() != n {
		*dst = *mat.NewSymDense(n, nil)
	}
	raw := dst.RawSymmetric()
	u := blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: n, Stride: raw.Stride, Data: raw.Data}
	for i := 0; i < n; i++ {
		copy(u.Data[i*u.Stride+i:i*u.Stride+n], c.u.Data[i*c.u.Stride+i:i*c.u.Stride+n])
	}
	if _, ok := lapack64.Potri(u); !ok {
		return mat.Condition(math.Inf(1))
	}
	if !c.ok && c.cond == 0 {
		// ‖A⁻¹‖₁ from the inverse's upper triangle.
		inorm := 0.0
		for j := 0; j < n; j++ {
			s := 0.0
			for i := 0; i < n; i++ {
				if i <= j {
					s += math.Abs(u.Data[i*u.Stride+j])
				} else {
					s += math.Abs(u.Data[j*u.Stride+i])
				}
			}
			inorm = math.Max(inorm, s)
		}
		c.ok = c.anorm*inorm <= boundOK
	}
	return c.check()
}

// SolveVecTo solves A x = b into dst (as mat.Cholesky.SolveVecTo, the same
// error for a near-singular A). dst must not share b's storage.
func (c *Cholesky) SolveVecTo(dst *mat.VecDense, b mat.Vector) error {
	n := c.u.N
	if dst.Len() != n {
		*dst = *mat.NewVecDense(n, nil)
	}
	dst.CopyVec(b)
	raw := dst.RawVector()
	lapack64.Potrs(c.u, blas64.General{Rows: n, Cols: 1, Stride: raw.Inc, Data: raw.Data})
	return c.check()
}

// check returns mat.Cholesky's condition error, estimating the condition
// number as it does unless the inverse's bound has ruled it out.
func (c *Cholesky) check() error {
	if c.ok {
		return nil
	}
	if c.cond == 0 {
		n := c.u.N
		v := lapack64.Pocon(c.sym(), c.anorm, c.work[:3*n], c.iwork[:n])
		c.cond = 1 / v
	}
	if c.cond > mat.ConditionTolerance {
		return mat.Condition(c.cond)
	}
	return nil
}
