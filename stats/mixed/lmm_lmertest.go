package mixed

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// lmerTestType3 builds lmerTest's type III hypothesis matrices
// (get_contrasts_type3 and extract_contrasts_type3 of lmerTest 3.1) for
// y ~ group*time, returned as rows over the cell means (the parameter
// vector of eval). lmerTest works in the treatment coding X_T (aliased
// columns dropped), expresses the columns of the overparametrised dummy
// design rdX (intercept, every group, every time, every group × time cell)
// in it, L = (X_T⁺ rdX)ᵀ, replaces the columns of each term by their
// residuals on the columns of the terms containing it (group and time on
// group:time), and keeps for each term the rows named by X_T's columns of
// that term. With every cell observed this gives each level against the
// first (interactions as their products); with an empty cell it is
// lmerTest's choice of estimable functions. lmerTest then rounds the matrix
// with zapsmall; this is the unrounded matrix.
//
// Everything is exact at the level of the observed cells (rdX lies in the
// column space of X_T), so the matrices are built on the p observed cells
// instead of the N observations; a row over β_T becomes a row over the cell
// means by l·T⁻¹, T = X_T on the cells.
func (s *lmmSuffStats) lmerTestType3() (map[string][][]float64, error) {
	G, k, p := s.nGroups, s.k, s.p
	// Treatment-coded columns in R's order and the term of each.
	type col struct {
		term int // 0 intercept, 1 group, 2 time, 3 group:time
		g, t int // level (−1 when not used)
	}
	var tcols []col
	tcols = append(tcols, col{0, -1, -1})
	for g := 1; g < G; g++ {
		tcols = append(tcols, col{1, g, -1})
	}
	for t := 1; t < k; t++ {
		tcols = append(tcols, col{2, -1, t})
	}
	for t := 1; t < k; t++ {
		for g := 1; g < G; g++ {
			tcols = append(tcols, col{3, g, t})
		}
	}
	value := func(c col, g, t int) float64 {
		switch c.term {
		case 0:
			return 1
		case 1:
			return b2f(g == c.g)
		case 2:
			return b2f(t == c.t)
		}
		return b2f(g == c.g && t == c.t)
	}
	cellOf := make([][2]int, p)
	for g := 0; g < G; g++ {
		for t := 0; t < k; t++ {
			if j := s.est[g][t]; j >= 0 {
				cellOf[j] = [2]int{g, t}
			}
		}
	}
	full := mat.NewDense(p, len(tcols), nil)
	for i, c := range cellOf {
		for j, tc := range tcols {
			full.Set(i, j, value(tc, c[0], c[1]))
		}
	}
	kept := keepIndependent(full, p)
	T := mat.NewDense(p, p, nil)
	for j, c := range kept {
		T.SetCol(j, mat.Col(nil, c, full))
	}
	// rdX: intercept, G group dummies, k time dummies, G·k cell dummies (group fastest).
	var rcols []col
	rcols = append(rcols, col{0, -1, -1})
	for g := 0; g < G; g++ {
		rcols = append(rcols, col{1, g, -1})
	}
	for t := 0; t < k; t++ {
		rcols = append(rcols, col{2, -1, t})
	}
	for t := 0; t < k; t++ {
		for g := 0; g < G; g++ {
			rcols = append(rcols, col{3, g, t})
		}
	}
	rd := mat.NewDense(p, len(rcols), nil)
	for i, c := range cellOf {
		for j, rc := range rcols {
			rd.Set(i, j, value(rc, c[0], c[1]))
		}
	}
	var lu mat.LU
	lu.Factorize(T)
	var coef mat.Dense // T⁻¹ rdX: p × len(rcols)
	if err := lu.SolveTo(&coef, false, rd); err != nil {
		return nil, err
	}
	L := mat.DenseCopyOf(coef.T()) // len(rcols) × p, columns = kept X_T columns
	termCols := func(term int) []int {
		var out []int
		for j, c := range kept {
			if tcols[c].term == term {
				out = append(out, j)
			}
		}
		return out
	}
	inter := termCols(3)
	for _, term := range []int{1, 2} { // group and time are contained in group:time
		cols := termCols(term)
		if len(cols) == 0 || len(inter) == 0 {
			continue
		}
		X := mat.NewDense(len(rcols), len(inter), nil)
		for j, c := range inter {
			X.SetCol(j, mat.Col(nil, c, L))
		}
		for _, c := range cols {
			y := mat.NewVecDense(len(rcols), mat.Col(nil, c, L))
			r := residual(X, y)
			L.SetCol(c, r)
		}
	}
	// Rows of L named by X_T's columns.
	rowOf := func(tc col) int {
		for i, rc := range rcols {
			if rc.term == tc.term && (tc.term == 0 || (tc.term == 1 && rc.g == tc.g) || (tc.term == 2 && rc.t == tc.t) || (tc.term == 3 && rc.g == tc.g && rc.t == tc.t)) {
				return i
			}
		}
		return -1
	}
	var tinv mat.Dense
	if err := tinv.Inverse(T); err != nil {
		return nil, err
	}
	out := map[string][][]float64{}
	names := map[int]string{1: "group", 2: "time", 3: "group:time"}
	for term := 1; term <= 3; term++ {
		for _, c := range termCols(term) {
			// hypothesis row over β_T: l_j = L[row of X_T column j, c]
			lt := make([]float64, p)
			sum := 0.0
			for j, kc := range kept {
				lt[j] = L.At(rowOf(tcols[kc]), c)
				sum += math.Abs(lt[j])
			}
			if sum <= 1e-8 {
				continue
			}
			var lc mat.VecDense
			lc.MulVec(tinv.T(), mat.NewVecDense(p, lt))
			out[names[term]] = append(out[names[term]], append([]float64(nil), lc.RawVector().Data...))
		}
	}
	return out, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// keepIndependent returns the first n columns of a that are linearly
// independent of the columns kept before them (R's qr(tol = 1e-7) pivoting).
func keepIndependent(a *mat.Dense, n int) []int {
	_, nc := a.Dims()
	var kept []int
	var basis [][]float64
	for c := 0; c < nc && len(kept) < n; c++ {
		v := mat.Col(nil, c, a)
		norm0 := math.Sqrt(dot(v, v))
		for _, q := range basis {
			d := dot(v, q)
			for i := range v {
				v[i] -= d * q[i]
			}
		}
		nv := math.Sqrt(dot(v, v))
		if nv <= 1e-7*norm0 || norm0 == 0 {
			continue
		}
		for i := range v {
			v[i] /= nv
		}
		basis = append(basis, v)
		kept = append(kept, c)
	}
	return kept
}

// residual returns y minus its least-squares projection on the columns of X
// (lm.fit's residuals; X may be rank-deficient).
func residual(X *mat.Dense, y *mat.VecDense) []float64 {
	var svd mat.SVD
	if !svd.Factorize(X, mat.SVDThin) {
		return append([]float64(nil), y.RawVector().Data...)
	}
	var U mat.Dense
	svd.UTo(&U)
	vals := svd.Values(nil)
	r := append([]float64(nil), y.RawVector().Data...)
	n, _ := U.Dims()
	for j, sv := range vals {
		if sv <= 1e-7*vals[0] {
			continue
		}
		u := mat.Col(nil, j, &U)
		d := dot(u, y.RawVector().Data)
		for i := 0; i < n; i++ {
			r[i] -= d * u[i]
		}
	}
	return r
}
