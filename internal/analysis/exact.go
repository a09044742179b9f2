package analysis

import (
	"math"

	"github.com/pssa-project/pssa/internal/scoring"
)

// taskBuffers are one scale task's gather buffers (runScale), each reused
// from one use to the next once the statistics of the last are computed
// (no result keeps the values): a time point's picked values per group,
// a contrast's pairs, the omnibus test's complete cases.
type taskBuffers struct {
	picks   [][]float64 // by group
	x, y, d []float64
	diff    []float64 // x − y for the t statistics
	flat    []float64
	rows    [][]float64
}

// floats returns *b resliced to n values when it has room, else a new
// slice kept in *b (contents undefined: the caller writes before reading).
func floats(b *[]float64, n int) []float64 {
	if cap(*b) < n {
		*b = make([]float64, n)
	}
	return (*b)[:n]
}

// pairs returns, in t's buffers, the scores of the rows where both are
// present (x from to, y from from) and their changes d = x − y, in one
// pass. Each change is
// formed exactly from the scores' ratios of whole numbers
// (scoring.Score.Ratio),
//
//	n₂/d₂ − n₁/d₁ = (n₂·d₁ − n₁·d₂)/(d₁·d₂),
//
// and rounded once: equal changes are equal numbers, so the signed-rank
// test's ties never depend on floating-point noise (5.3333 − 4 against
// 2.3333 − 1) or on the tie rule. Where both scores are whole numbers their
// ratios are n₁/1 and n₂/1 (a score num/den that is not whole is at least
// 1/den from any integer, far above rounding), so b − a is that exact
// difference and Ratio is not consulted. exact is false and d nil when a
// score has no ratio (given pre-scored in the file); the caller then ranks
// x − y under the tie rule.
func (t *taskBuffers) pairs(from, to *scoring.Score, rows []int) (x, y, d []float64, exact bool) {
	// Counted, then written without a branch on missing scores: each row's
	// values are written at j, which moves on only when both are present
	// (the arrays have one slot more for the last row's).
	n := 0
	for _, i := range rows {
		n += int(from.Has(i) & to.Has(i))
	}
	x, y = floats(&t.x, n+1), floats(&t.y, n+1)
	exact = from.HasRatio() && to.HasRatio()
	if exact {
		d = floats(&t.d, n+1)
	}
	if exact {
		// Compact scores: the exact differences from their ratio tables,
		// without a branch a row (scoring.ExactPairs).
		if _, ok := scoring.ExactPairs(from, to, rows, x, y, d); ok {
			return x[:n:n], y[:n:n], d[:n:n], true
		}
	}
	j := 0
	for _, i := range rows {
		both := from.Has(i) & to.Has(i)
		a, b := from.Value(i), to.Value(i)
		x[j], y[j] = b, a
		if exact {
			if a == math.Trunc(a) && b == math.Trunc(b) {
				d[j] = b - a
			} else if both == 0 {
				// missing: not a pair (its slot is overwritten)
			} else if n1, d1, ok1 := from.Ratio(i); !ok1 {
				exact, d = false, nil
			} else if n2, d2, ok2 := to.Ratio(i); !ok2 {
				exact, d = false, nil
			} else {
				d[j] = float64(n2*d1-n1*d2) / float64(d1*d2)
			}
		}
		j += int(both)
	}
	x, y = x[:n:n], y[:n:n]
	if d != nil {
		d = d[:n:n]
	}
	return x, y, d, exact
}
