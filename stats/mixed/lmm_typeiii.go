package mixed

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
)

// typeIII returns the F tests of group, time and group:time (those of them
// in only, when only is not nil).
//
// With sum-to-zero contrasts and every cell observed, the type III
// hypotheses are: equal group means averaged over time points, equal time
// means averaged over groups, and no interaction. The F statistic is the
// Wald statistic F = (Lm̂)ᵀ(L C Lᵀ)⁻¹(Lm̂)/q, which depends on L only through
// its row space; the denominator df depend on the particular rows, so each
// covariance structure uses the rows its R package uses:
//
//   - ri, lmerTest's anova(m, type = 3) (contestMD; Kuznetsova et al. 2017,
//     section 3): L has the rows of lmerTest's type III contrasts
//     (lmerTestType3: with every cell observed, each level against the
//     first, interactions as products; with an empty cell lmerTest's own
//     estimable functions, F on fewer df), LCLᵀ = P diag(d) Pᵀ, one Satterthwaite ν_m per row of PᵀL, and
//     df2 = 2E/(E − q) with E = Σ ν_m/(ν_m − 2) (2 if any ν_m ≤ 2; their
//     mean if all are equal to 1e-8; ν_1 when q = 1).
//   - un, emmeans' joint_tests: L has the consecutive-difference rows of
//     the term's marginal means in R's sum-to-zero coefficient space,
//     orthonormalised by QR as test(joint = TRUE) does; df2 is the smallest
//     Satterthwaite df of the orthonormal rows.
//
// For un, a design with an empty cell gets NaN and a reason (gls cannot
// fit it).
func (in *lmmInference) typeIII(d Design, cov Covariance, only []string) []LMMEffect {
	names := []string{"group", "time", "group:time"}
	if only != nil {
		names = slices.DeleteFunc(names, func(nm string) bool { return !slices.Contains(only, nm) })
	}
	out := make([]LMMEffect, len(names))
	s := in.s
	for i, nm := range names {
		out[i] = LMMEffect{Effect: nm, DF1: math.NaN(), DF2: math.NaN(), F: math.NaN(), P: math.NaN()}
	}
	var ri map[string][][]float64
	if cov == RandomIntercept {
		var err error
		if ri, err = s.lmerTestType3(); err != nil {
			for i := range out {
				out[i].Reason = "type III contrasts: " + err.Error()
			}
			return out
		}
	} else if len(s.emptyCells) > 0 {
		c := s.emptyCells[0]
		for i := range out {
			out[i].Reason = fmt.Sprintf("type III test not defined for the unstructured model: group %s has no data at %s (nlme::gls cannot fit it either; use the random-intercept model)", d.Groups[c[0]], d.Times[c[1]])
		}
		return out
	}
	G, k := s.nGroups, s.k
	cell := func(g, t int) int { return s.est[g][t] }
	for i, nm := range names {
		var L [][]float64
		row := func() []float64 { return make([]float64, s.p) }
		switch {
		case cov == RandomIntercept:
			L = ri[nm]
		case nm == "group":
			for g := 0; g+1 < G; g++ {
				l := row()
				for t := 0; t < k; t++ {
					l[cell(g+1, t)] += 1 / float64(k)
					l[cell(g, t)] -= 1 / float64(k)
				}
				L = append(L, l)
			}
		case nm == "time":
			for t := 0; t+1 < k; t++ {
				l := row()
				for g := 0; g < G; g++ {
					l[cell(g, t+1)] += 1 / float64(G)
					l[cell(g, t)] -= 1 / float64(G)
				}
				L = append(L, l)
			}
		default:
			for t := 0; t+1 < k; t++ {
				for g := 0; g+1 < G; g++ {
					l := row()
					l[cell(g+1, t+1)]++
					l[cell(g+1, t)]--
					l[cell(g, t+1)]--
					l[cell(g, t)]++
					L = append(L, l)
				}
			}
		}
		var e LMMEffect
		var err error
		if len(L) == 0 {
			// lmerTest: an empty hypothesis matrix gives an NA row
			err = fmt.Errorf("no estimable type III contrast for %s in this incomplete design", nm)
		} else if cov == RandomIntercept {
			e, err = in.contestMD(L)
		} else {
			e, err = in.jointTest(L)
		}
		e.Effect = nm
		if err != nil {
			e = LMMEffect{Effect: nm, DF1: math.NaN(), DF2: math.NaN(), F: math.NaN(), P: math.NaN(), Reason: err.Error()}
		}
		out[i] = e
	}
	return out
}

// covRows returns L C Lᵀ with C = σ²A⁻¹ (cell-mean space).
func (in *lmmInference) covRows(L [][]float64) *mat.SymDense {
	q := len(L)
	U := make([][]float64, q)
	for i, l := range L {
		U[i] = in.ainvTimes(l)
	}
	V := mat.NewSymDense(q, nil)
	for i := 0; i < q; i++ {
		for j := i; j < q; j++ {
			V.SetSym(i, j, in.f.sigma2*dot(L[i], U[j]))
		}
	}
	return V
}

// contestMD is lmerTest's multi-df Satterthwaite F test.
func (in *lmmInference) contestMD(L [][]float64) (LMMEffect, error) {
	V := in.covRows(L)
	var es mat.EigenSym
	if !es.Factorize(V, true) {
		return LMMEffect{}, fmt.Errorf("eigen-decomposition of the contrasts' covariance failed")
	}
	vals := es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	// descending, as R's eigen()
	order := make([]int, len(vals))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return vals[order[a]] > vals[order[b]] })
	dmax := vals[order[0]]
	tol := math.Max(math.Sqrt(2.220446049250313e-16)*dmax, 0)
	var rows [][]float64
	var ds []float64
	for _, o := range order {
		if vals[o] <= tol {
			continue
		}
		r := make([]float64, in.s.p)
		for i, l := range L {
			w := vecs.At(i, o)
			for j := range r {
				r[j] += w * l[j]
			}
		}
		rows = append(rows, r)
		ds = append(ds, vals[o])
	}
	q := len(rows)
	if q == 0 {
		return LMMEffect{}, fmt.Errorf("the contrasts have no variance")
	}
	F := 0.0
	nu := make([]float64, q)
	for m, r := range rows {
		est, se, df := in.satterthwaite(r)
		if q == 1 {
			F = est * est / (se * se)
		} else {
			F += est * est / ds[m]
		}
		// lmerTest uses the eigenvalue d_m as the variance: the same number.
		nu[m] = df
	}
	if q > 1 {
		F /= float64(q)
	}
	df2 := fStatDDF(nu)
	return LMMEffect{DF1: float64(q), DF2: df2, F: F, P: fUpper(F, float64(q), df2)}, nil
}

// fStatDDF is lmerTest's get_Fstat_ddf.
func fStatDDF(nu []float64) float64 {
	if len(nu) == 1 {
		return nu[0]
	}
	equal := true
	for i := 1; i < len(nu); i++ {
		if math.Abs(nu[i]-nu[i-1]) >= 1e-8 {
			equal = false
		}
	}
	if equal {
		m := 0.0
		for _, v := range nu {
			m += v
		}
		return m / float64(len(nu))
	}
	E := 0.0
	for _, v := range nu {
		if v <= 2 {
			return 2
		}
		E += v / (v - 2)
	}
	return 2 * E / (E - float64(len(nu)))
}

// jointTest is emmeans' test(joint = TRUE) for rows L given in cell-mean
// space.
func (in *lmmInference) jointTest(L [][]float64) (LMMEffect, error) {
	s := in.s
	p, q := s.p, len(L)
	// rows in R's coefficient space: l_β = l_m·K
	Lt := mat.NewDense(p, q, nil)
	for i, l := range L {
		var lb mat.VecDense
		lb.MulVec(s.kRed.T(), mat.NewVecDense(p, l))
		Lt.SetCol(i, lb.RawVector().Data)
	}
	var qr mat.QR
	qr.Factorize(Lt)
	var Q, R mat.Dense
	qr.QTo(&Q)
	qr.RTo(&R)
	r := 0
	for i := 0; i < q; i++ {
		if math.Abs(R.At(i, i)) > 1e-7 {
			r++
		}
	}
	if r < q {
		return LMMEffect{}, fmt.Errorf("the contrasts are linearly dependent")
	}
	// back to cell-mean space: l_m = l_β K⁻¹, i.e. Kᵀ l_mᵀ = l_βᵀ
	var lu mat.LU
	lu.Factorize(s.kRed)
	rows := make([][]float64, r)
	for i := 0; i < r; i++ {
		var lm mat.VecDense
		if err := lu.SolveVecTo(&lm, true, Q.ColView(i)); err != nil {
			return LMMEffect{}, err
		}
		rows[i] = append([]float64(nil), lm.RawVector().Data...)
	}
	V := in.covRows(rows)
	z := mat.NewVecDense(r, nil)
	df2 := math.Inf(1)
	for i, row := range rows {
		_, _, df := in.satterthwaite(row)
		z.SetVec(i, dot(row, in.f.m))
		df2 = math.Min(df2, df)
	}
	var chol mat.Cholesky
	if !chol.Factorize(V) {
		return LMMEffect{}, fmt.Errorf("the contrasts' covariance is singular")
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, z); err != nil {
		return LMMEffect{}, err
	}
	F := mat.Dot(z, &x) / float64(r)
	return LMMEffect{DF1: float64(r), DF2: df2, F: F, P: fUpper(F, float64(r), df2)}, nil
}

// fUpper is P(F(d1, d2) > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2), computed
// directly so that small p-values keep their digits.
func fUpper(f, d1, d2 float64) float64 {
	if math.IsNaN(f) || math.IsNaN(d2) {
		return math.NaN()
	}
	if f <= 0 {
		return 1
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}
