package stats

import "math"

// RankOptions choose the alternative, the way the p-value is obtained, the
// continuity correction of the normal approximation and the tie rule.
type RankOptions struct {
	Alternative Alternative
	Method      Method
	// Continuity applies R's ±0.5 correction to the normal approximation
	// (R's correct = TRUE). SPSS's "Asymp. Sig." has none.
	Continuity bool
	// DigitsRank is the number of significant digits values (and paired
	// differences) are rounded to before ranking, R's digits.rank
	// (tierule.go): 0 means DefaultDigitsRank (12), DigitsRankExact no
	// rounding (R's default, digits.rank = Inf).
	DigitsRank int
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
	// Warnings say when the tie rule ranked as ties differences that differ
	// beyond the digits it keeps.
	Warnings []string
}

// SignedRank performs the Wilcoxon signed-rank test on the differences x − y,
// as R's wilcox.test(x, y, paired = TRUE).
//
// Zero differences are dropped (Wilcoxon's convention) and |d|, rounded to
// opt.DigitsRank significant digits (R's digits.rank; tierule.go), is
// ranked with mid-ranks. With n ranked pairs and tie groups of sizes t,
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
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - y[i]
	}
	// The magnitude of the numbers each difference was formed from tells
	// noise of the subtraction from digits (mergedTies).
	scale := func(i int) float64 { return math.Max(math.Abs(x[i]), math.Abs(y[i])) }
	return signedRank(d, opt, scale, false)
}

// SignedRankDifferences performs the Wilcoxon signed-rank test on the
// differences d themselves, as R's wilcox.test(d): SignedRank with d = x − y
// formed by the caller, e.g. exactly from integer scale sums so that no
// rounding noise needs the tie rule (then pass DigitsRank: DigitsRankExact).
func SignedRankDifferences(d []float64, opt RankOptions) (SignedRankResult, error) {
	return signedRank(d, opt, absAt(d), true)
}

// signedRank is the test on the differences all; scale(i) is the magnitude
// of the numbers all[i] was computed from (see mergedTies). valueScale says
// scale(i) is |all[i]| (a function of the value alone), which lets a large
// sample be ranked by counting (rank_count.go).
//
// Long because both ways of ranking (counting, or ranks of the rounded
// differences) feed the same statistics, which follow in order.
func signedRank(all []float64, opt RankOptions, scale func(i int) float64, valueScale bool) (SignedRankResult, error) {
	var res SignedRankResult
	res.N = len(all)
	if res.N == 0 {
		return res, degenerate("no complete pairs")
	}
	digits := opt.digitsRank()
	memo := newSignifMemo(digits)
	method := opt.Method
	if method == Auto {
		method = Asymptotic
		if res.N <= ExactThreshold {
			method = Exact
		}
	}
	var d, ranks []float64 // the rounded non-zero differences and their ranks (not formed when counted)
	var ties []int
	rPlus, rMinus := 0.0, 0.0
	counted := false
	if valueScale && method == Asymptotic && res.N >= countingMinN && rankByCounting {
		pc := newPartCounts(2, res.N)
		counted = true
		for _, v := range all {
			if v == 0 {
				res.NZero++
				continue
			}
			part := 0
			if v < 0 {
				part = 1
			}
			if !pc.add(v, part) {
				counted, res.NZero = false, 0 // too many distinct values: rank them
				break
			}
		}
		if counted {
			res.NRanked = res.N - res.NZero
			if res.NRanked == 0 {
				return res, degenerate("all %d differences are zero", res.N)
			}
			cr := pc.rank(memo.round, true)
			rPlus, rMinus, ties = cr.sums[0], cr.sums[1], cr.ties
			if len(ties) > 0 && cr.rounded {
				if a, b, ok := mergedTies(cr.raw, cr.after, absAt(cr.raw)); ok {
					res.Warnings = append(res.Warnings, tieRuleWarning("absolute differences", a, b, digits))
				}
			}
		}
	}
	if !counted {
		d = make([]float64, 0, len(all))
		rounded := false // the tie rule changed a difference
		for _, v := range all {
			if v == 0 {
				res.NZero++
				continue
			}
			r := memo.round(v)
			rounded = rounded || r != v
			d = append(d, r)
		}
		res.NRanked = len(d)
		if len(d) == 0 {
			return res, degenerate("all %d differences are zero", res.N)
		}
		abs := make([]float64, len(d))
		for i, v := range d {
			abs[i] = math.Abs(v)
		}
		ranks, ties = Ranks(abs)
		if len(ties) > 0 && rounded {
			// |d| before rounding, and where each came from in all.
			raw := make([]float64, 0, len(d))
			from := make([]int, 0, len(d))
			for i, v := range all {
				if v != 0 {
					raw = append(raw, math.Abs(v))
					from = append(from, i)
				}
			}
			if a, b, ok := mergedTies(raw, abs, func(i int) float64 { return scale(from[i]) }); ok {
				res.Warnings = append(res.Warnings, tieRuleWarning("absolute differences", a, b, digits))
			}
		}
		for i, v := range d {
			if v > 0 {
				rPlus += ranks[i]
			} else {
				rMinus += ranks[i]
			}
		}
	}
	n := res.NRanked
	res.Ties = len(ties) > 0
	res.V = rPlus
	res.RankBiserial = (rPlus - rMinus) / (rPlus + rMinus)

	fn := float64(n)
	centred := rPlus - fn*(fn+1)/4
	sigma := math.Sqrt(fn*(fn+1)*(2*fn+1)/24 - tieSum(ties)/48)
	res.Z = (centred - continuity(centred, opt.Alternative, opt.Continuity)) / sigma
	res.R = res.Z / math.Sqrt(float64(res.N))

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
