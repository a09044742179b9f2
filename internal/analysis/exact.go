package analysis

import (
	"math"

	"github.com/pssa-project/pssa/internal/scoring"
)

// exactDifferences returns to − from over the rows where both scores are
// present, each difference formed exactly from the scores' ratios of whole
// numbers (scoring.Score.Ratio),
//
//	n₂/d₂ − n₁/d₁ = (n₂·d₁ − n₁·d₂)/(d₁·d₂),
//
// and rounded once: equal changes are equal numbers, so the signed-rank
// test's ties never depend on floating-point noise (5.3333 − 4 against
// 2.3333 − 1) or on the tie rule. ok is false when a score has no ratio
// (given pre-scored in the file); the caller then ranks x − y of the values
// under the tie rule.
//
// n is the number of complete pairs (the capacity needed). Where both scores
// are whole numbers their ratios are n₁/1 and n₂/1 (a score num/den that is
// not whole is at least 1/den from any integer, far above rounding), so
// b − a is the exact difference and Ratio is not consulted.
func exactDifferences(from, to *scoring.Score, rows []int, n int) (d []float64, ok bool) {
	if !from.HasRatio() || !to.HasRatio() {
		return nil, false
	}
	d = make([]float64, 0, n)
	for _, i := range rows {
		a, b := from.Values[i], to.Values[i]
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		if a == math.Trunc(a) && b == math.Trunc(b) {
			d = append(d, b-a)
			continue
		}
		n1, d1, ok1 := from.Ratio(i)
		n2, d2, ok2 := to.Ratio(i)
		if !ok1 || !ok2 {
			return nil, false
		}
		d = append(d, float64(n2*d1-n1*d2)/float64(d1*d2))
	}
	return d, true
}

// pairs returns the scores of the rows where both are present: x from to,
// y from from.
func pairs(from, to *scoring.Score, rows []int) (x, y []float64) {
	n := 0
	for _, i := range rows {
		if !math.IsNaN(from.Values[i]) && !math.IsNaN(to.Values[i]) {
			n++
		}
	}
	x, y = make([]float64, 0, n), make([]float64, 0, n)
	for _, i := range rows {
		a, b := from.Values[i], to.Values[i]
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		x = append(x, b)
		y = append(y, a)
	}
	return x, y
}
