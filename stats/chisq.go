package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquaredResult is Pearson's χ² test of independence.
type ChiSquaredResult struct {
	Statistic float64
	DF        float64
	P         float64
	// MinExpected is the smallest expected count R·C/N.
	MinExpected float64
}

// ChiSquaredTest is Pearson's χ² test of independence in an r × c table of
// counts, as R's chisq.test(table, correct = correct):
//
//	E_ij = R_i·C_j / N,   X² = Σ (|x_ij − E_ij| − Y_ij)² / E_ij,   df = (r − 1)(c − 1),
//
// with Yates' continuity correction Y_ij = min(0.5, |x_ij − E_ij|) on a 2 × 2
// table when correct is true (R's default) and Y = 0 otherwise; p is the
// upper tail of χ²(df). Rows and columns whose total is zero are left out
// first (R would give NaN).
func ChiSquaredTest(table [][]int, correct bool) (ChiSquaredResult, error) {
	res := ChiSquaredResult{Statistic: math.NaN(), DF: math.NaN(), P: math.NaN(), MinExpected: math.NaN()}
	rows, cols, err := margins(table)
	if err != nil {
		return res, err
	}
	if len(rows) < 2 || len(cols) < 2 {
		return res, degenerate("the χ² test needs at least 2 non-empty rows and columns (have %d and %d)", len(rows), len(cols))
	}
	rs := make([]float64, len(rows))
	cs := make([]float64, len(cols))
	n := 0.0
	for a, i := range rows {
		for b, j := range cols {
			v := float64(table[i][j])
			rs[a] += v
			cs[b] += v
			n += v
		}
	}
	yates := correct && len(rows) == 2 && len(cols) == 2
	res.MinExpected = math.Inf(1)
	x2 := 0.0
	for a, i := range rows {
		for b, j := range cols {
			e := rs[a] * cs[b] / n
			res.MinExpected = math.Min(res.MinExpected, e)
			d := math.Abs(float64(table[i][j]) - e)
			if yates {
				d -= math.Min(0.5, d)
			}
			x2 += d * d / e
		}
	}
	res.Statistic = x2
	res.DF = float64((len(rows) - 1) * (len(cols) - 1))
	res.P = distuv.ChiSquared{K: res.DF}.Survival(x2)
	return res, nil
}

// CategoryTest is the comparison of category counts across groups.
type CategoryTest struct {
	// Test is "chisq" or "fisher"; "" when no test applies.
	Test string
	// Statistic is X² for chisq, NaN for fisher.
	Statistic, P float64
	// Groups and Categories are the rows and columns left after dropping
	// the empty ones.
	Groups, Categories int
	// Reason says why there is no test.
	Reason string
}

// CompareCategories tests whether the distribution over categories (columns)
// differs between groups (rows), by pssa's rule: categories and groups with
// zero counts are dropped; with fewer than two of either left there is no
// test (Test "", P NaN, Reason set); R's chisq.test (Yates' correction on a
// 2 × 2 table, as R's default) when every expected count is at least 5,
// else R's fisher.test.
func CompareCategories(table [][]int) (CategoryTest, error) {
	res := CategoryTest{Statistic: math.NaN(), P: math.NaN()}
	rows, cols, err := margins(table)
	if err != nil {
		return res, err
	}
	res.Groups, res.Categories = len(rows), len(cols)
	switch {
	case len(rows) < 2:
		res.Reason = "fewer than two groups with participants"
		return res, nil
	case len(cols) < 2:
		res.Reason = "fewer than two categories occur"
		return res, nil
	}
	cs, err := ChiSquaredTest(table, true)
	if err != nil {
		return res, err
	}
	if cs.MinExpected >= 5 {
		res.Test, res.Statistic, res.P = "chisq", cs.Statistic, cs.P
		return res, nil
	}
	p, err := FisherExact(table)
	if err != nil {
		res.Reason = err.Error()
		return res, nil
	}
	res.Test, res.P = "fisher", p
	return res, nil
}
