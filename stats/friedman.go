package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// FriedmanResult is the outcome of the Friedman rank-sum test.
type FriedmanResult struct {
	N, K             int
	Statistic, DF, P float64
	KendallW         float64 // χ²/(n(k − 1))
	// Warnings say when the tie rule ranked as ties values of a subject
	// that differ beyond the digits it keeps.
	Warnings []string
}

// Friedman performs the Friedman rank-sum test of the rows of data
// (blocks: subjects) over its columns (time points), as R's friedman.test,
// with its tie correction:
//
//	χ² = 12Σ(R_j − n(k+1)/2)² / [nk(k+1) − ΣΣ(t³ − t)/(k − 1)],  df = k − 1.
//
// Each subject's values are rounded to 12 significant digits before they
// are ranked, pssa's tie rule (tierule.go); friedman.test ranks them as they
// are, which FriedmanWithOptions gives with DigitsRank: DigitsRankExact.
// The rank sums R_j are multiples of 1/2 and exact.
func Friedman(data [][]float64) (FriedmanResult, error) {
	return FriedmanWithOptions(data, RankOptions{})
}

// FriedmanWithOptions is Friedman with the tie rule of opt.DigitsRank (the
// other options do not apply).
func FriedmanWithOptions(data [][]float64, opt RankOptions) (FriedmanResult, error) {
	res := FriedmanResult{N: len(data)}
	if res.N == 0 {
		return res, degenerate("no complete cases")
	}
	res.K = len(data[0])
	k := res.K
	if k < 2 {
		return res, degenerate("the Friedman test needs at least 2 time points (have %d)", k)
	}
	digits := opt.digitsRank()
	colRank := make([]float64, k)
	ties := 0.0
	row, rk := make([]float64, k), make([]float64, k)
	merged := false
	memo := newSignifMemo(digits)
	for i, r := range data {
		if len(r) != k {
			return res, degenerate("row %d has %d values, not %d", i+1, len(r), k)
		}
		for j, v := range r {
			row[j] = memo.round(v)
		}
		tied, tieSize := false, 0.0
		if k <= smallRankK {
			tied, tieSize = smallRanks(row, rk)
		} else {
			var t []int
			rk, t = Ranks(row)
			tied, tieSize = len(t) > 0, tieSum(t)
		}
		if tied && !merged {
			if a, b, ok := mergedTies(r, row, absAt(r)); ok {
				merged = true
				res.Warnings = append(res.Warnings, tieRuleWarning("values of a subject", a, b, digits))
			}
		}
		for j, v := range rk {
			colRank[j] += v
		}
		ties += tieSize
	}
	fn, fk := float64(res.N), float64(k)
	num := 0.0
	for _, r := range colRank {
		num += (r - fn*(fk+1)/2) * (r - fn*(fk+1)/2)
	}
	den := fn*fk*(fk+1) - ties/(fk-1)
	res.DF = fk - 1
	if den <= 0 {
		res.Statistic, res.P, res.KendallW = math.NaN(), math.NaN(), math.NaN()
		if merged {
			res.Warnings = nil // the reason says it
			return res, degenerate("every subject gives the same value at every time point when rounded to %d significant digits (the tie rule), but the values differ beyond them: use --digits-rank inf to rank them exactly", digits)
		}
		return res, degenerate("every subject gives the same value at every time point: the Friedman statistic is undefined")
	}
	res.Statistic = 12 * num / den
	res.P = distuv.ChiSquared{K: res.DF}.Survival(res.Statistic)
	res.KendallW = res.Statistic / (fn * (fk - 1))
	return res, nil
}

// smallRankK is the most time points smallRanks ranks (O(k²) comparisons).
const smallRankK = 16

// smallRanks writes the mid-ranks of a subject's k values into rk, as Ranks
// gives them, with no allocation: the value with l smaller values and e
// equal ones (itself included) has mid-rank l + (e + 1)/2. It returns
// whether there are ties and Σ(t³ − t) over the tie groups, which is
// Σ_j (e_j² − 1) (each of a group's t members has e = t).
func smallRanks(row, rk []float64) (tied bool, tieSum float64) {
	for j, v := range row {
		l, e := 0, 0
		for _, w := range row {
			switch {
			case w < v:
				l++
			case w == v:
				e++
			}
		}
		rk[j] = float64(2*l+e+1) / 2
		if e > 1 {
			tied = true
			tieSum += float64(e*e - 1)
		}
	}
	return tied, tieSum
}
