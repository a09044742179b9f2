package stats

import "math"

// RankOptions choose the alternative, the way the p-value is obtained and the
// continuity correction of the normal approximation.
type RankOptions struct {
	Alternative Alternative
	Method      Method
	// Continuity applies R's ±0.5 correction to the normal approximation
	// (R's correct = TRUE). SPSS's "Asymp. Sig." has none.
	Continuity bool
}

// SignedRankResult is the outcome of the Wilcoxon signed-rank test.
type SignedRankResult struct {
	N       int     // complete pairs used
	NZero   int     // pairs whose difference is zero, dropped before ranking
	NRanked int     // N − NZero
	V       float64 // sum of the ranks of the positive differences (R's V)
	Z       float64 // normal deviate of V, tie-corrected, with the chosen continuity correction
	P       float64
	Method  Method // Exact or Asymptotic, as used
	Ties    bool   // tied |differences| among the ranked pairs
	// R is the effect size z/√N (N complete pairs, zeros included, as
	// rstatix::wilcox_effsize); it carries the sign of z.
	R float64
	// RankBiserial is the matched-pairs rank-biserial correlation
	// (R⁺ − R⁻)/(R⁺ + R⁻), zeros dropped; positive when x tends to exceed y.
	RankBiserial float64
}

// SignedRank performs the Wilcoxon signed-rank test on the differences x − y,
// as R's wilcox.test(x, y, paired = TRUE).
//
// Zero differences are dropped (Wilcoxon's convention) and |d| is ranked with
// mid-ranks. With n ranked pairs and tie groups of sizes t,
//
//	E V = n(n+1)/4,  Var V = n(n+1)(2n+1)/24 − Σ(t³ − t)/48,
//	z = (V − E V − c)/√Var V,
//
// c the continuity correction when asked for. The exact p-value is the
// conditional permutation distribution of the observed mid-ranks (equal to
// R's psignrank without ties; with ties and zeros, to
// coin::wilcoxsign_test(distribution = "exact", zero.method = "Wilcoxon"));
// two-sided it is P(|V − E V| ≥ |v − E V|).
func SignedRank(x, y []float64, opt RankOptions) (SignedRankResult, error) {
	if len(x) != len(y) {
		return SignedRankResult{}, degenerate("x has %d values and y %d: paired data need the same number", len(x), len(y))
	}
	var res SignedRankResult
	res.N = len(x)
	if res.N == 0 {
		return res, degenerate("no complete pairs")
	}
	d := make([]float64, 0, len(x))
	for i := range x {
		v := signif(x[i] - y[i])
		if v == 0 {
			res.NZero++
			continue
		}
		d = append(d, v)
	}
	n := len(d)
	res.NRanked = n
	if n == 0 {
		return res, degenerate("all %d differences are zero", res.N)
	}
	abs := make([]float64, n)
	for i, v := range d {
		abs[i] = math.Abs(v)
	}
	ranks, ties := Ranks(abs)
	res.Ties = len(ties) > 0
	rPlus, rMinus := 0.0, 0.0
	for i, v := range d {
		if v > 0 {
			rPlus += ranks[i]
		} else {
			rMinus += ranks[i]
		}
	}
	res.V = rPlus
	res.RankBiserial = (rPlus - rMinus) / (rPlus + rMinus)

	fn := float64(n)
	centred := rPlus - fn*(fn+1)/4
	sigma := math.Sqrt(fn*(fn+1)*(2*fn+1)/24 - tieSum(ties)/48)
	res.Z = (centred - continuity(centred, opt.Alternative, opt.Continuity)) / sigma
	res.R = res.Z / math.Sqrt(float64(res.N))

	method := opt.Method
	if method == Auto {
		method = Asymptotic
		if res.N <= ExactThreshold {
			method = Exact
		}
	}
	res.Method = method
	if method == Exact {
		a, _ := integerScores(ranks)
		t := 0
		for i, v := range d {
			if v > 0 {
				t += a[i]
			}
		}
		res.P = signedRankExactP(a, t, opt.Alternative)
	} else {
		if sigma == 0 {
			return res, degenerate("the normal approximation has zero variance")
		}
		res.P = tailP(res.Z, opt.Alternative)
	}
	return res, nil
}
