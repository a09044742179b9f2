package stats

import (
	"maps"
	"math"
	"slices"
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
// The tables are enumerated column by column as a network (Mehta & Patel
// 1983, J Am Stat Assoc 78:427–434, the algorithm of R's FEXACT): a node is
// the multiset of row totals left after some columns, reached by paths with
// partial sums S_past = Σ log x!. The exact smallest and largest Σ log x! of
// a node's completions decide whether all completions of a path count (added
// in closed form, N'!/(Π R'_i!·Π C'_j!) times the path's product), none does
// (dropped), or the next column must be enumerated; a node with few enough
// completions lists them once, sorted, and answers its paths by binary
// search. The sum is exact; only past sums equal to 1e-9 are merged.
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
	// The test is symmetric in rows and columns; the enumeration's nodes are
	// vectors of remaining row totals, so the shorter side goes there.
	if len(x) > len(x[0]) {
		t := make([][]int, len(x[0]))
		for j := range t {
			t[j] = make([]int, len(x))
			for i := range x {
				t[j][i] = x[i][j]
			}
		}
		x = t
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
	p, err := fisherNetwork(lf, cs, rowSum, k, sThr)
	if err != nil {
		return math.NaN(), err
	}
	return math.Min(1, p), nil
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

// past is a partial sum S_past = Σ log x! reaching a node, with the
// multiplicity of the paths merged into it (Σ exp(s − S_path)).
type past struct {
	s, m float64
}

// fisherListMax is the largest number of completions a node lists for the
// meet-in-the-middle step.
const fisherListMax = 1 << 18

// fisherNetwork sums the probabilities of the tables at least as extreme
// as the observed one, column by column. A node is the multiset of the row
// totals still to fill after the first j columns (rows are exchangeable for
// what remains, so the totals are kept sorted); each node holds the distinct
// partial sums S_past = Σ log x! of the paths that reach it, with their
// multiplicities. For a node and a past: if even the least extreme
// completion counts, all of them are added in closed form; if even the most
// extreme does not, the past is dropped; otherwise it moves on to the next
// column. Pasts equal to 1e-9 (in log probability) are merged. A node with
// few enough completions lists them once and answers all its pasts by
// binary search (meet in the middle).
func fisherNetwork(lf []float64, cols, rowSum []int, k, sThr float64) (float64, error) {
	type node struct {
		rem   []int
		pasts map[int64]*past
	}
	keyOf := func(rem []int) string {
		b := make([]byte, 0, 4*len(rem))
		for _, v := range rem {
			b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
		return string(b)
	}
	add := func(stage map[string]*node, rem []int, s, m float64) {
		key := keyOf(rem)
		nd := stage[key]
		if nd == nil {
			nd = &node{rem: append([]int(nil), rem...), pasts: map[int64]*past{}}
			stage[key] = nd
		}
		pk := int64(math.Round(s * 1e9))
		if q := nd.pasts[pk]; q != nil {
			q.m += m * math.Exp(q.s-s)
			return
		}
		nd.pasts[pk] = &past{s: s, m: m}
	}
	colRest := make([]int, len(cols)+1)
	for j := len(cols) - 1; j >= 0; j-- {
		colRest[j] = colRest[j+1] + cols[j]
	}
	start := append([]int(nil), rowSum...)
	sort.Ints(start)
	stage := map[string]*node{}
	add(stage, start, 0, 1)
	bounds := &pathBounds{lf: lf, cols: cols, memo: make([]map[string][2]float64, len(cols)+1)}
	p := 0.0
	work := 0
	x := make([]int, len(rowSum))
	child := make([]int, len(rowSum))
	for j := 0; j <= len(cols); j++ {
		next := map[string]*node{}
		// Maps are walked in sorted key order so that the sums (and the
		// last bits of p) are the same on every run.
		for _, key := range slices.Sorted(maps.Keys(stage)) {
			nd := stage[key]
			if j == len(cols) {
				for _, pk := range slices.Sorted(maps.Keys(nd.pasts)) {
					q := nd.pasts[pk]
					if q.s >= sThr {
						p += q.m * math.Exp(k-q.s)
					}
				}
				continue
			}
			lo, hi := bounds.of(j, nd.rem)
			if bounds.work > fisherMaxNodes {
				return math.NaN(), degenerate("the table is too large for Fisher's exact test (more than %d partial tables)", fisherMaxNodes)
			}
			// Σ over completions of Π 1/x! = N'!/(Π R'!·Π C'!).
			t := lf[colRest[j]] - sumLF(lf, nd.rem) - sumLF(lf, cols[j:])
			var open []*past
			for _, pk := range slices.Sorted(maps.Keys(nd.pasts)) {
				q := nd.pasts[pk]
				switch {
				case q.s+lo >= sThr:
					p += q.m * math.Exp(k-q.s+t)
				case q.s+hi < sThr:
				default:
					open = append(open, q)
				}
			}
			if len(open) == 0 {
				continue
			}
			if len(open) > 1 && completionsAtMost(cols[j:], nd.rem, fisherListMax) {
				// Meet in the middle: list every completion of this node
				// once, sorted, and answer each past by a binary search.
				add, listed := completionSums(lf, cols[j:], nd.rem, open, k, sThr)
				p += add
				work += listed
				continue
			}
			// Every split of column j over the rows, with the pasts that
			// need it.
			var split func(i, left int, s float64)
			split = func(i, left int, s float64) {
				if i == len(nd.rem)-1 {
					if left > nd.rem[i] {
						return
					}
					x[i] = left
					for r := range child {
						child[r] = nd.rem[r] - x[r]
					}
					cs := append([]int(nil), child...)
					sort.Ints(cs)
					ds := s + lf[left]
					for _, q := range open {
						add(next, cs, q.s+ds, q.m)
						work++
					}
					return
				}
				below := 0
				for r := i + 1; r < len(nd.rem); r++ {
					below += nd.rem[r]
				}
				for v := max(0, left-below); v <= min(left, nd.rem[i]); v++ {
					x[i] = v
					split(i+1, left-v, s+lf[v])
				}
			}
			split(0, cols[j], 0)
			if work > fisherMaxNodes {
				return math.NaN(), degenerate("the table is too large for Fisher's exact test (more than %d partial tables)", fisherMaxNodes)
			}
		}
		stage = next
	}
	return p, nil
}

// pathBounds are the exact smallest and largest Σ log x! over the
// completions of a partial table (the shortest and longest paths of the
// network), memoised by column and sorted remaining row totals.
type pathBounds struct {
	lf   []float64
	cols []int
	memo []map[string][2]float64
	work int
}

func (b *pathBounds) of(j int, rem []int) (lo, hi float64) {
	if j == len(b.cols) {
		return 0, 0
	}
	key := remKey(rem)
	if b.memo[j] == nil {
		b.memo[j] = map[string][2]float64{}
	}
	if v, ok := b.memo[j][key]; ok {
		return v[0], v[1]
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	if j == len(b.cols)-1 {
		// The last column is forced: x_i = rem_i.
		lo = sumLF(b.lf, rem)
		hi = lo
	} else {
		x := make([]int, len(rem))
		child := make([]int, len(rem))
		var split func(i, left int, s float64)
		split = func(i, left int, s float64) {
			if b.work > fisherMaxNodes {
				return
			}
			if i == len(rem)-1 {
				if left > rem[i] {
					return
				}
				x[i] = left
				for r := range child {
					child[r] = rem[r] - x[r]
				}
				cs := append([]int(nil), child...)
				sort.Ints(cs)
				b.work++
				a, c := b.of(j+1, cs)
				lo = math.Min(lo, s+b.lf[left]+a)
				hi = math.Max(hi, s+b.lf[left]+c)
				return
			}
			below := 0
			for r := i + 1; r < len(rem); r++ {
				below += rem[r]
			}
			for v := max(0, left-below); v <= min(left, rem[i]); v++ {
				x[i] = v
				split(i+1, left-v, s+b.lf[v])
			}
		}
		split(0, b.cols[j], 0)
	}
	b.memo[j][key] = [2]float64{lo, hi}
	return lo, hi
}

func remKey(rem []int) string {
	b := make([]byte, 0, 4*len(rem))
	for _, v := range rem {
		b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return string(b)
}

func sumLF(lf []float64, c []int) float64 {
	s := 0.0
	for _, v := range c {
		s += lf[v]
	}
	return s
}

// completionsAtMost reports whether a partial table with remaining column
// totals cols and row totals rem has at most limit completions (bounded by
// the product of each column's number of splits, the last column forced).
func completionsAtMost(cols, rem []int, limit int) bool {
	r := len(rem)
	n := 1.0
	for j := 0; j < len(cols)-1; j++ {
		// C(c + r − 1, r − 1) splits of c into r parts
		k := 1.0
		for i := 1; i < r; i++ {
			k = k * float64(cols[j]+i) / float64(i)
		}
		n *= k
		if n > float64(limit) {
			return false
		}
	}
	return true
}

// completionSums adds, for each past, the probabilities of the completions
// that make the table at least as extreme as the observed one (and the
// number of completions listed):
// Σ_past m·exp(k − s) Σ_{S_rest ≥ sThr − s} exp(−S_rest).
func completionSums(lf []float64, cols, rem []int, pasts []*past, k, sThr float64) (float64, int) {
	var rest []float64
	cur := append([]int(nil), rem...)
	var walk func(j int, s float64)
	walk = func(j int, s float64) {
		if j == len(cols)-1 {
			rest = append(rest, s+sumLF(lf, cur))
			return
		}
		var split func(i, left int, s float64)
		split = func(i, left int, s float64) {
			if i == len(cur)-1 {
				if left > cur[i] {
					return
				}
				cur[i] -= left
				walk(j+1, s+lf[left])
				cur[i] += left
				return
			}
			below := 0
			for r := i + 1; r < len(cur); r++ {
				below += cur[r]
			}
			for v := max(0, left-below); v <= min(left, cur[i]); v++ {
				cur[i] -= v
				split(i+1, left-v, s+lf[v])
				cur[i] += v
			}
		}
		split(0, cols[j], s)
	}
	walk(0, 0)
	sort.Float64s(rest)
	// suffix[i] = Σ_{l ≥ i} exp(rest[0] − rest[l])
	suffix := make([]float64, len(rest)+1)
	for i := len(rest) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + math.Exp(rest[0]-rest[i])
	}
	total := 0.0
	for _, q := range pasts {
		i := sort.SearchFloat64s(rest, sThr-q.s)
		total += q.m * math.Exp(k-q.s-rest[0]) * suffix[i]
	}
	return total, len(rest)
}
