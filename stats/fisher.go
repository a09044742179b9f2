package stats

import (
	"math"
	"sort"
)

// fisherRelErr is R's relative tolerance in fisher.test: tables whose
// probability is at most the observed one's times 1 + 1e-7 count as at
// least as extreme, so that ties are not lost to rounding.
const fisherRelErr = 1 + 1e-7

// fisherMaxNodes bounds the enumeration; a table that needs more is too
// large for the exact test (R's fisher.test fails on it too, asking for a
// larger workspace).
const fisherMaxNodes = 2_000_000

// FisherExact returns the two-sided p-value of Fisher's exact test of
// independence in an r × c contingency table of counts, as R's
// fisher.test(table) (the default two-sided test, no simulation):
//
//	P(table) = Π R_i! · Π C_j! / (N! · Π x_ij!)
//	p = Σ P(t) over the tables t with the observed margins and P(t) ≤ P(observed)·(1 + 1e-7).
//
// The tables are enumerated column by column. At each partial table the sum
// of the probabilities of all its completions has a closed form
// (N'!/(Π R'_i! · Π C'_j!) times the partial product), and bounds on the
// most and least probable completions, from each remaining column taken on
// its own, decide whether all completions count, none does, or the next
// column must be enumerated: the idea of Mehta & Patel's network algorithm
// (1983, J Am Stat Assoc 78:427–434) that R's FEXACT implements.
//
// Rows or columns whose total is zero are ignored. A table with fewer than
// two non-empty rows or columns gives p = 1.
func FisherExact(table [][]int) (float64, error) {
	rows, cols, err := margins(table)
	if err != nil {
		return math.NaN(), err
	}
	if len(rows) < 2 || len(cols) < 2 {
		return 1, nil
	}
	// Keep the non-empty rows and columns, columns largest first (so the
	// enumeration branches least near the root).
	var x [][]int
	for _, i := range rows {
		var r []int
		for _, j := range cols {
			r = append(r, table[i][j])
		}
		x = append(x, r)
	}
	nr, nc := len(x), len(x[0])
	colSum := make([]int, nc)
	rowSum := make([]int, nr)
	n := 0
	for i := range x {
		for j, v := range x[i] {
			colSum[j] += v
			rowSum[i] += v
			n += v
		}
	}
	order := make([]int, nc)
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return colSum[order[a]] > colSum[order[b]] })
	cs := make([]int, nc)
	for k, j := range order {
		cs[k] = colSum[j]
	}
	lf := logFactorials(n)
	// log P(t) = K − S(t), S(t) = Σ log x_ij!.
	k := -lf[n]
	for _, r := range rowSum {
		k += lf[r]
	}
	for _, c := range cs {
		k += lf[c]
	}
	sObs := 0.0
	for i := range x {
		for _, v := range x[i] {
			sObs += lf[v]
		}
	}
	// A table counts when K − S ≤ K − S_obs + log(relErr), i.e. S ≥ sThr.
	sThr := sObs - math.Log(fisherRelErr)
	e := fisherEnum{lf: lf, cols: cs, k: k, sThr: sThr, nr: nr}
	rem := append([]int(nil), rowSum...)
	// suffix sums of the columns
	e.colRest = make([]int, nc+1)
	for j := nc - 1; j >= 0; j-- {
		e.colRest[j] = e.colRest[j+1] + cs[j]
	}
	e.cell = make([]int, nr)
	e.walk(0, rem, 0)
	if e.nodes > fisherMaxNodes {
		return math.NaN(), degenerate("the table is too large for Fisher's exact test (more than %d partial tables)", fisherMaxNodes)
	}
	return math.Min(1, e.p), nil
}

// margins checks the table and returns the indices of the rows and columns
// with a positive total.
func margins(table [][]int) (rows, cols []int, err error) {
	if len(table) == 0 || len(table[0]) == 0 {
		return nil, nil, degenerate("the contingency table is empty")
	}
	nc := len(table[0])
	colSum := make([]int, nc)
	for i, r := range table {
		if len(r) != nc {
			panic("stats: contingency table rows differ in length")
		}
		s := 0
		for j, v := range r {
			if v < 0 {
				return nil, nil, degenerate("negative count %d in the contingency table", v)
			}
			s += v
			colSum[j] += v
		}
		if s > 0 {
			rows = append(rows, i)
		}
	}
	for j, s := range colSum {
		if s > 0 {
			cols = append(cols, j)
		}
	}
	return rows, cols, nil
}

func logFactorials(n int) []float64 {
	lf := make([]float64, n+1)
	for i := 2; i <= n; i++ {
		lf[i], _ = math.Lgamma(float64(i + 1))
	}
	return lf
}

type fisherEnum struct {
	lf      []float64
	cols    []int
	colRest []int
	k, sThr float64
	nr      int
	p       float64
	nodes   int
	cell    []int
}

// walk enumerates column j onward with remaining row totals rem and the
// partial sum s of log x! over the columns already filled.
func (e *fisherEnum) walk(j int, rem []int, s float64) {
	e.nodes++
	if e.nodes > fisherMaxNodes {
		return
	}
	if j == len(e.cols) {
		if s >= e.sThr {
			e.p += math.Exp(e.k - s)
		}
		return
	}
	lo, hi := 0.0, 0.0
	for jj := j; jj < len(e.cols); jj++ {
		a, b := columnBounds(e.lf, e.cols[jj], rem)
		lo += a
		hi += b
	}
	if s+lo >= e.sThr {
		// Every completion counts. Σ over completions of Π 1/x_ij! is
		// N'!/(Π R'_i!·Π C'_j!) (the multinomial identity).
		t := e.lf[e.colRest[j]] - sumLF(e.lf, rem) - sumLF(e.lf, e.cols[j:])
		e.p += math.Exp(e.k - s + t)
		return
	}
	if s+hi < e.sThr {
		return // no completion is as extreme as the observed table
	}
	e.fill(j, 0, e.cols[j], rem, s)
}

func sumLF(lf []float64, c []int) float64 {
	s := 0.0
	for _, v := range c {
		s += lf[v]
	}
	return s
}

// fill distributes the count left of column j over rows i onward.
func (e *fisherEnum) fill(j, i, left int, rem []int, s float64) {
	if i == e.nr-1 {
		if left > rem[i] {
			return
		}
		rem[i] -= left
		e.walk(j+1, rem, s+e.lf[left])
		rem[i] += left
		return
	}
	// rows below i can hold at most the sum of their remaining totals
	below := 0
	for r := i + 1; r < e.nr; r++ {
		below += rem[r]
	}
	from := left - below
	if from < 0 {
		from = 0
	}
	to := left
	if rem[i] < to {
		to = rem[i]
	}
	for v := from; v <= to; v++ {
		rem[i] -= v
		e.fill(j, i+1, left-v, rem, s+e.lf[v])
		rem[i] += v
		if e.nodes > fisherMaxNodes {
			return
		}
	}
}

// columnBounds returns the smallest and largest Σ log x_i! over the ways to
// split a column total c among rows with capacities rem (ignoring the other
// columns): the most even split (water-filling) and the most concentrated
// one (fill the largest capacities first). Σ log x! is Schur-convex, so these
// are the extremes.
func columnBounds(lf []float64, c int, rem []int) (lo, hi float64) {
	caps := append([]int(nil), rem...)
	sort.Sort(sort.Reverse(sort.IntSlice(caps)))
	// most concentrated
	left := c
	for _, r := range caps {
		v := r
		if left < v {
			v = left
		}
		hi += lf[v]
		left -= v
	}
	// most even: rows with small capacity are filled to capacity, the rest
	// share what is left as evenly as possible.
	left = c
	m := len(caps)
	for idx := m - 1; idx >= 0; idx-- {
		share := left / (idx + 1)
		if caps[idx] <= share {
			lo += lf[caps[idx]]
			left -= caps[idx]
			continue
		}
		// rows 0..idx all have capacity > share: split evenly
		q, r := left/(idx+1), left%(idx+1)
		lo += float64(r)*lf[q+1] + float64(idx+1-r)*lf[q]
		break
	}
	return lo, hi
}
