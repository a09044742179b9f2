package stats

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
	"sync"
)

// Exact p-values by counting in integers. The distributions of exact.go are
// built in floating point over every attainable sum; the functions here count
// the subsets whose sum lies in the rejection region, in unsigned integers, so
// the p-value is a ratio of two exact integers rounded once to float64:
//
//   - signed-rank: only the sums up to the smaller tail's bound are counted
//     (each observation's score is added to or left out of the sum with
//     probability 1/2, so the distribution is symmetric about Σa/2 and one
//     tail gives the other);
//   - two-sample: the split-up algorithm of van de Wiel (2001, "The split-up
//     algorithm: a fast symbolic method for computing p-values of
//     distribution-free statistics", Computational Statistics 16:519–538).
//     The scores are sorted and cut into a lower and an upper half; for each
//     half the counts of its j-subsets by sum are built by the shift
//     algorithm of Streitberg & Röhmel (1986) over the reachable sums only
//     (in sorted order a j-subset of the first i scores sums to between the j
//     smallest and the j largest of them); the number of m-subsets of all the
//     scores with sum ≤ x is then Σ_j Σ_s L_j(s)·U_{m−j}(≤ x − s).
//
// Integer counts bound the sizes: 2^n must fit in 64 bits for the signed-rank
// counts, and C(n, m) in 128 bits for the two-sample ones; larger samples
// (only with Method Exact) fall back to the floating-point distributions.

const (
	maxCountedSignedRank = 63
	maxCountedTwoSample  = 130 // C(130, 65) < 2^128; each half ≤ 65, C(65, 32) < 2^64
)

// signedRankExactP returns the exact p-value of the signed-rank sum t of the
// positive differences' integer scores a (see exactP for the two-sided rule).
func signedRankExactP(a []int, t int, alt Alternative) float64 {
	n := len(a)
	total := 0
	for _, v := range a {
		total += v
	}
	if n > maxCountedSignedRank {
		return exactP(signedRankDist(a), t, alt, 2, total)
	}
	var bound int
	switch alt {
	case Less:
		bound = t
	case Greater:
		// P(T ≥ t) = P(T ≤ total − t) by symmetry.
		bound = total - t
	default:
		if 2*t == total {
			return 1
		}
		bound = min(t, total-t)
	}
	if bound < 0 {
		return 0
	}
	count := signedRankCountAtMost(a, bound)
	if alt == TwoSided {
		// The tails s ≤ bound and s ≥ total − bound are disjoint and equal.
		count *= 2
	}
	return math.Min(1, math.Ldexp(float64(count), -n))
}

// signedRankCountAtMost returns the number of subsets of a whose sum is at
// most bound (len(a) ≤ 63).
func signedRankCountAtMost(a []int, bound int) uint64 {
	c := getCounts(bound + 1) // cleared: see countBufs
	defer putCounts(c)
	c[0] = 1
	cum := 0
	for _, v := range a {
		if v > bound {
			// Adding v overshoots the bound whatever else is in the subset.
			continue
		}
		hi := min(cum+v, bound)
		// c'(s) = c(s) + c(s − v), in place from the top down.
		dst := c[v : hi+1]
		src := c[:len(dst)]
		for k := len(dst) - 1; k >= 0; k-- {
			dst[k] += src[k]
		}
		cum = hi
	}
	var sum uint64
	for _, x := range c {
		sum += x
	}
	return sum
}

// rankSumExactP returns the exact p-value of the rank sum t of the first n1
// of the integer scores a (see exactP for the two-sided rule: the outcomes s
// with |N·s − n1·total| ≥ |N·t − n1·total|).
func rankSumExactP(a []int, n1, t int, alt Alternative) float64 {
	n := len(a)
	total := 0
	for _, v := range a {
		total += v
	}
	if n > maxCountedTwoSample {
		if n-n1 < n1 {
			// Build the smaller group's distribution; T1 = total − T2.
			d2 := twoSampleDist(a, n-n1)
			dist := make([]float64, len(d2))
			for s := range d2 {
				dist[total-s] = d2[s]
			}
			return exactP(dist, t, alt, n, n1*total)
		}
		return exactP(twoSampleDist(a, n1), t, alt, n, n1*total)
	}
	// Count subsets of the smaller group's size m; when that is the second
	// group, T1 ≤ x exactly when T2 ≥ total − x.
	m, second := n1, false
	if n-n1 < n1 {
		m, second = n-n1, true
	}
	sc := newSubsetCounter(a, m)
	defer sc.release()
	all := sc.all
	atMost := func(x int) u128 { // #{n1-subsets with T1 ≤ x}
		if !second {
			return sc.atMost(x)
		}
		return all.sub(sc.atMost(total - x - 1))
	}
	var count u128
	switch alt {
	case Less:
		count = atMost(t)
	case Greater:
		count = all.sub(atMost(t - 1))
	default:
		c := n1 * total
		obs := absInt(n*t - c)
		// s ≤ lo ⇔ N·s ≤ c − obs; s ≥ hi ⇔ N·s ≥ c + obs.
		lo := floorDiv(c-obs, n)
		hi := -floorDiv(-(c + obs), n)
		if lo >= hi {
			return 1
		}
		count = atMost(lo).add(all.sub(atMost(hi - 1)))
	}
	return math.Min(1, count.ratio(all))
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// subsetCounter counts the m-subsets of a multiset of positive integer scores
// by their sum, split up into a lower and an upper half.
type subsetCounter struct {
	m     int
	lower sumCounts // counts by sum of the lower half's j-subsets
	upper sumCounts // cumulative counts of the upper half's k-subsets
	all   u128      // C(n, m)
}

func newSubsetCounter(a []int, m int) *subsetCounter {
	b := slices.Clone(a)
	slices.Sort(b)
	h := len(b) / 2
	sc := &subsetCounter{m: m}
	sc.lower = buildSumCounts(b[:h], m)
	sc.upper = buildSumCounts(b[h:], m)
	sc.upper.accumulate()
	// C(n, m) = Σ_j C(h, j)·C(n − h, m − j) (Vandermonde), j over the
	// split-ups that exist.
	jlo, jhi := max(0, m-(len(b)-h)), min(h, m)
	for j := jlo; j <= jhi; j++ {
		sc.all = sc.all.add(mul64(binomial(h, j), binomial(len(b)-h, m-j)))
	}
	return sc
}

// release hands the count tables back for the next test; sc is not used
// after it.
func (sc *subsetCounter) release() {
	putCounts(sc.lower.buf)
	putCounts(sc.upper.buf)
	sc.lower.buf, sc.upper.buf = nil, nil
}

// countBufs keeps count tables between tests. A 50 × 50 test with ties
// needs tables of tens of kilobytes. Fresh from the operating system, each
// page of such a table is faulted in twice: first read, as addTo adds into
// it, which maps the shared zero page, then written, which replaces that
// page and flushes it from every core's TLB. In a study-sized run that
// cost more than the counting itself; a table from the pool is cleared
// and reused.
var countBufs sync.Pool

func getCounts(n int) []uint64 {
	if p, ok := countBufs.Get().(*[]uint64); ok && cap(*p) >= n {
		b := (*p)[:n]
		clear(b)
		return b
	}
	b := make([]uint64, n)
	clear(b) // written before addTo reads it: see countBufs
	return b
}

func putCounts(b []uint64) {
	if b != nil {
		countBufs.Put(&b)
	}
}

// atMost returns the number of m-subsets whose sum is at most x.
func (sc *subsetCounter) atMost(x int) u128 {
	var sum u128
	lo, up := &sc.lower, &sc.upper
	jlo, jhi := max(0, sc.m-up.size), min(lo.size, sc.m)
	for j := jlo; j <= jhi; j++ {
		k := sc.m - j
		row := lo.row(j)
		cum := up.row(k)
		ulo, uhi := up.lo[k], up.hi[k]
		full := cum[len(cum)-1]
		// For lower sums s: x − s ≥ uhi counts every upper k-subset,
		// x − s < ulo none; in between, the cumulative count at x − s.
		var fullRows uint64 // Σ row[s] over s ≤ x − uhi
		for i, c := range row {
			if c == 0 {
				continue
			}
			s := lo.lo[j] + i
			y := x - s
			if y < ulo {
				break
			}
			if y >= uhi {
				fullRows += c
				continue
			}
			sum = sum.add(mul64(c, cum[y-ulo]))
		}
		sum = sum.add(mul64(fullRows, full))
	}
	return sum
}

// sumCounts holds, for j = 0..jmax, the number of j-subsets of a sorted list
// of scores with each attainable sum s, lo[j] ≤ s ≤ hi[j] (the sums of the j
// smallest and the j largest scores).
type sumCounts struct {
	size   int
	lo, hi []int
	off    []int // row j is buf[off[j] : off[j]+hi[j]−lo[j]+1]
	buf    []uint64
}

func (c *sumCounts) row(j int) []uint64 {
	return c.buf[c.off[j] : c.off[j]+c.hi[j]-c.lo[j]+1]
}

// binomial returns C(n, k) for n ≤ 67 (the largest that fit in 64 bits).
func binomial(n, k int) uint64 {
	if k < 0 || k > n {
		return 0
	}
	k = min(k, n-k)
	c := uint64(1)
	for i := 1; i <= k; i++ {
		// c·(n − k + i)/i is C(n − k + i, i), exact; the product needs 128 bits.
		hi, lo := bits.Mul64(c, uint64(n-k+i))
		c, _ = bits.Div64(hi, lo, uint64(i))
	}
	return c
}

func buildSumCounts(b []int, jmax int) sumCounts {
	h := len(b)
	jmax = min(jmax, h)
	c := sumCounts{size: h, lo: make([]int, jmax+1), hi: make([]int, jmax+1), off: make([]int, jmax+2)}
	for j := 1; j <= jmax; j++ {
		c.lo[j] = c.lo[j-1] + b[j-1]
		c.hi[j] = c.hi[j-1] + b[h-j]
	}
	for j := 0; j <= jmax; j++ {
		c.off[j+1] = c.off[j] + c.hi[j] - c.lo[j] + 1
	}
	c.buf = getCounts(c.off[jmax+1])
	c.buf[0] = 1
	// reach[j]: the largest sum of a j-subset of the scores processed so far.
	reach := make([]int, jmax+1)
	for i, v := range b {
		for j := min(i+1, jmax); j >= 1; j-- {
			// L_j(s) += L_{j−1}(s − v); v is the largest score so far, so the
			// new largest j-sum is the old largest (j−1)-sum plus v.
			from, to := c.lo[j-1], reach[j-1]
			src := c.buf[c.off[j-1]+from-c.lo[j-1] : c.off[j-1]+to-c.lo[j-1]+1]
			d := c.off[j] + from + v - c.lo[j]
			addTo(c.buf[d:d+len(src)], src)
			reach[j] = to + v
		}
	}
	c.buf = c.buf[:c.off[jmax+1]]
	return c
}

// accumulate turns each row into cumulative counts: row j at s is then the
// number of j-subsets with sum ≤ s.
func (c *sumCounts) accumulate() {
	for j := range c.lo {
		r := c.row(j)
		for i := 1; i < len(r); i++ {
			r[i] += r[i-1]
		}
	}
}

// u128 is an unsigned 128-bit count.
type u128 struct{ hi, lo uint64 }

func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func (x u128) add(y u128) u128 {
	lo, carry := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, carry)
	return u128{hi, lo}
}

func (x u128) sub(y u128) u128 {
	lo, borrow := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, borrow)
	return u128{hi, lo}
}

func (x u128) big() *big.Int {
	b := new(big.Int).SetUint64(x.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(x.lo))
}

// ratio returns x/y rounded once to the nearest float64.
func (x u128) ratio(y u128) float64 {
	if x.hi == 0 && y.hi == 0 && x.lo < 1<<53 && y.lo < 1<<53 {
		// Both exact in float64: IEEE division rounds once.
		return float64(x.lo) / float64(y.lo)
	}
	f, _ := new(big.Rat).SetFrac(x.big(), y.big()).Float64()
	return f
}

// addTo adds src to dst element by element (len(dst) == len(src)).
func addTo(dst, src []uint64) {
	dst = dst[:len(src)]
	k := 0
	for ; k+4 <= len(src); k += 4 {
		d, s := dst[k:k+4:k+4], src[k:k+4:k+4]
		d[0] += s[0]
		d[1] += s[1]
		d[2] += s[2]
		d[3] += s[3]
	}
	for ; k < len(src); k++ {
		dst[k] += src[k]
	}
}
