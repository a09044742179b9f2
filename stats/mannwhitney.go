package stats

import "math"

// MannWhitneyResult is the outcome of the Wilcoxon–Mann–Whitney test.
type MannWhitneyResult struct {
	N1, N2 int
	W      float64 // U of the first sample: rank sum of x − n1(n1+1)/2 (R's W)
	Z      float64 // normal deviate of W, tie-corrected, with the chosen continuity correction
	P      float64
	Method Method // Exact or Asymptotic, as used
	Ties   bool
	// R is z/√(n1 + n2), signed as z.
	R float64
	// RankBiserial is 2W/(n1·n2) − 1: positive when x tends to exceed y.
	RankBiserial float64
	// Warnings say when the tie rule ranked as ties values that differ
	// beyond the digits it keeps.
	Warnings []string
}

// MannWhitney performs the Wilcoxon rank-sum (Mann–Whitney U) test of x
// against y, as R's wilcox.test(x, y).
//
// The pooled values, rounded to opt.DigitsRank significant digits (R's
// digits.rank; tierule.go), are ranked with mid-ranks. With N = n1 + n2
// and tie groups of sizes t over the pooled sample,
//
//	E W = n1·n2/2,  Var W = (n1·n2/12)·[(N + 1) − Σ(t³ − t)/(N(N − 1))].
//
// The exact p-value is the conditional permutation distribution of the
// observed mid-ranks (without ties equal to R's pwilcox; with ties to
// coin::wilcox_test(distribution = "exact")); two-sided it is
// P(|W − E W| ≥ |w − E W|).
func MannWhitney(x, y []float64, opt RankOptions) (MannWhitneyResult, error) {
	res := MannWhitneyResult{N1: len(x), N2: len(y)}
	if res.N1 == 0 || res.N2 == 0 {
		return res, degenerate("each group needs at least one value (have %d and %d)", res.N1, res.N2)
	}
	digits := opt.digitsRank()
	memo := newSignifMemo(digits)
	method := opt.Method
	if method == Auto {
		method = Asymptotic
		if res.N1 <= ExactThreshold && res.N2 <= ExactThreshold {
			method = Exact
		}
	}
	var rs pooledRanks
	counted := false
	if method == Asymptotic && res.N1+res.N2 >= countingMinN && rankByCounting {
		rs, counted = countedRankSum(x, y, memo)
	}
	if !counted {
		rs = rankedRankSum(x, y, memo)
	}
	ranks, ties, r1 := rs.ranks, rs.ties, rs.r1
	merged := false
	if rs.merged != [2]string{} {
		merged = true
		res.Warnings = append(res.Warnings, tieRuleWarning("values", rs.merged[0], rs.merged[1], digits))
	}
	res.Ties = len(ties) > 0
	n1, n2 := float64(res.N1), float64(res.N2)
	nn := n1 + n2
	res.W = r1 - n1*(n1+1)/2
	res.RankBiserial = 2*res.W/(n1*n2) - 1

	centred := res.W - n1*n2/2
	sigma := math.Sqrt((n1 * n2 / 12) * ((nn + 1) - tieSum(ties)/(nn*(nn-1))))
	res.Z = (centred - continuity(centred, opt.Alternative, opt.Continuity)) / sigma
	res.R = res.Z / math.Sqrt(nn)

	res.Method = method
	if sigma == 0 || math.IsNaN(sigma) {
		// Every value is the same: no ordering information at all.
		res.Z = math.NaN()
		res.R = math.NaN()
		if merged {
			res.Warnings = nil // the reason says it
			return res, degenerate("all %d values are equal when rounded to %d significant digits (the tie rule) but differ beyond them: use --digits-rank inf to rank them exactly",
				res.N1+res.N2, digits)
		}
		return res, degenerate("all %d values are equal", res.N1+res.N2)
	}
	if method == Exact {
		a, _ := integerScores(ranks)
		t, total := 0, 0
		for i, v := range a {
			total += v
			if i < res.N1 {
				t += v
			}
		}
		small := min(res.N1, res.N2)
		if work := float64(res.N1+res.N2) * float64(small) * float64(total); work > maxExactWork {
			return res, degenerate("the exact distribution for groups of %d and %d would take too long (about %.0f s); use the asymptotic method, which is accurate at this size",
				res.N1, res.N2, work/1e9)
		}
		res.P = rankSumExactP(a, res.N1, t, opt.Alternative)
	} else {
		res.P = tailP(res.Z, opt.Alternative)
	}
	return res, nil
}

// maxExactWork bounds the exact two-sample distribution's work, n·m·S
// inner steps (about 1 ns each), which grows as n⁴: two groups of 50 take
// about 10 ms, two of 150 about a second. Beyond the bound the normal
// approximation agrees with the exact p to the digits anyone reports.
const maxExactWork = 4e9

// pooledRanks are what MannWhitney needs of the pooled sample's mid-ranks
// (after the tie rule): the first sample's rank sum, the tie sizes in
// increasing order of value, the ranks themselves when they were formed
// (the exact p-value needs them), and the extreme values of a tie group the
// tie rule merged although they differ beyond noise (mergedTies; empty when
// none).
type pooledRanks struct {
	r1     float64
	ties   []int
	ranks  []float64
	merged [2]string
}

// rankedRankSum ranks the rounded pooled values (Ranks).
func rankedRankSum(x, y []float64, memo *signifMemo) pooledRanks {
	var out pooledRanks
	pooled := make([]float64, 0, len(x)+len(y))
	rounded := false // the tie rule changed a value
	for _, s := range [][]float64{x, y} {
		for _, v := range s {
			r := memo.round(v)
			rounded = rounded || r != v
			pooled = append(pooled, r)
		}
	}
	out.ranks, out.ties = Ranks(pooled)
	if len(out.ties) > 0 && rounded {
		raw := append(append(make([]float64, 0, len(pooled)), x...), y...)
		if a, b, ok := mergedTies(raw, pooled, absAt(raw)); ok {
			out.merged = [2]string{a, b}
		}
	}
	for _, r := range out.ranks[:len(x)] {
		out.r1 += r
	}
	return out
}

// countedRankSum is rankedRankSum for a large sample with few distinct
// values, by counting (rank_count.go): the same numbers with no per-value
// arrays (no ranks); false when there are too many distinct values.
func countedRankSum(x, y []float64, memo *signifMemo) (pooledRanks, bool) {
	pc := newPartCounts(2, len(x)+len(y))
	for part, s := range [][]float64{x, y} {
		for _, v := range s {
			if !pc.add(v, part) {
				return pooledRanks{}, false
			}
		}
	}
	cr := pc.rank(memo.round, false)
	out := pooledRanks{r1: cr.sums[0], ties: cr.ties}
	if len(out.ties) > 0 && cr.rounded {
		if a, b, ok := mergedTies(cr.raw, cr.after, absAt(cr.raw)); ok {
			out.merged = [2]string{a, b}
		}
	}
	return out, true
}
