package stats

import "math"

// Rank sums by counting, with no per-value arrays. A registry's rank tests
// pool a million scores that take a few hundred distinct values: the rank
// sum of one part of the pooled sample (the first group of a Mann–Whitney
// test, the positive differences of a signed-rank test) and the tie sizes
// follow from how often each distinct value occurs in each part. Mid-ranks
// are halves of integers and their sums (below 2^52 for any sample that
// fits in memory) are exact in float64 in any order, so these are the
// numbers Ranks and a sum over its result give, bit for bit.

// rankByCounting lets the rank tests count; the tests switch it off to
// check that counting gives the numbers ranking gives.
var rankByCounting = true

// partCounts counts the distinct raw values of a pooled sample per part.
type partCounts struct {
	t     *distinctTable
	parts int
	limit int
	c     []int // c[k·parts + part]: occurrences of distinct value k in part
}

func newPartCounts(parts, n int) *partCounts {
	return &partCounts{t: newDistinctTable(), parts: parts, limit: min(maxDistinct, n/4)}
}

// add counts v in part; false when there are too many distinct values.
func (p *partCounts) add(v float64, part int) bool {
	k := p.t.add(v, p.limit)
	if k < 0 {
		return false
	}
	if i := k * p.parts; i >= len(p.c) {
		p.c = append(p.c, make([]int, p.parts)...)
	}
	p.c[k*p.parts+part]++
	return true
}

// countedRanks is the outcome of partCounts.rank.
type countedRanks struct {
	sums    []float64 // per part, the sum of its values' mid-ranks
	ties    []int     // tie group sizes, in increasing order of value (as Ranks)
	rounded bool      // the tie rule changed a value
	// raw and after hold each distinct raw value (absolute for a
	// signed-rank test) and its rounded value, for mergedTies.
	raw, after []float64
}

// rank ranks the pooled values after round (and, with absolute, |·|), as
// Ranks does the rounded values.
func (p *partCounts) rank(round func(float64) float64, absolute bool) countedRanks {
	var out countedRanks
	rt := newDistinctTable()
	var rc []int // per rounded value and part
	out.raw = make([]float64, len(p.t.vals))
	out.after = make([]float64, len(p.t.vals))
	for k, v := range p.t.vals {
		r := round(v)
		out.rounded = out.rounded || r != v
		if absolute {
			v, r = math.Abs(v), math.Abs(r)
		}
		out.raw[k], out.after[k] = v, r
		j := rt.add(r+0, maxDistinct) // −0 and +0 tie, as a sort has them
		if i := j * p.parts; i >= len(rc) {
			rc = append(rc, make([]int, p.parts)...)
		}
		for part := 0; part < p.parts; part++ {
			rc[j*p.parts+part] += p.c[k*p.parts+part]
		}
	}
	out.sums = make([]float64, p.parts)
	start := 0
	for _, j := range rt.order() {
		total := 0
		for part := 0; part < p.parts; part++ {
			total += rc[j*p.parts+part]
		}
		mid := float64(2*start+total+1) / 2 // mean of ranks start+1 .. start+total
		for part := 0; part < p.parts; part++ {
			out.sums[part] += float64(rc[j*p.parts+part]) * mid
		}
		if total > 1 {
			out.ties = append(out.ties, total)
		}
		start += total
	}
	return out
}
