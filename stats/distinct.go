package stats

import (
	"math"
	"math/bits"
	"slices"
)

// Counting instead of sorting. Scale scores are sums or means of a few small
// integers: a million of them take a few hundred distinct values, so their
// order statistics and mid-ranks come from a table of the distinct values
// and their counts in O(n + k log k) for k distinct values, where a sort is
// O(n log n). The results are the same numbers a sort gives.

const (
	// countingMinN is the smallest sample counted rather than sorted.
	countingMinN = 512
	// maxDistinct bounds the table; more distinct values than this (or
	// than a quarter of the sample) and the caller sorts instead.
	maxDistinct = 1 << 16
)

// distinctTable numbers the distinct float64 values of a sample by their
// bits in an open-addressing hash table.
type distinctTable struct {
	slots  []distinctSlot
	vals   []float64
	counts []int
}

type distinctSlot struct {
	key uint64
	idx int32 // 1 + index into vals; 0 for an empty slot
}

func newDistinctTable() *distinctTable {
	return &distinctTable{slots: make([]distinctSlot, 1024)}
}

// add counts v and returns its index in vals, or −1 when the table is full.
func (t *distinctTable) add(v float64, limit int) int {
	bits := math.Float64bits(v)
	mask := uint64(len(t.slots) - 1)
	for h := slotOf(bits, mask); ; h = (h + 1) & mask {
		e := &t.slots[h]
		if e.key == bits && e.idx != 0 {
			t.counts[e.idx-1]++
			return int(e.idx - 1)
		}
		if e.idx == 0 {
			if len(t.vals) >= limit {
				return -1
			}
			t.vals = append(t.vals, v)
			t.counts = append(t.counts, 1)
			e.key, e.idx = bits, int32(len(t.vals))
			if 2*len(t.vals) > len(t.slots) {
				t.grow()
			}
			return len(t.vals) - 1
		}
	}
}

func (t *distinctTable) grow() {
	old := t.slots
	t.slots = make([]distinctSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, e := range old {
		if e.idx == 0 {
			continue
		}
		h := slotOf(e.key, mask)
		for t.slots[h].idx != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = e
	}
}

// order returns the indices of vals in increasing order of value (−0
// before +0, which compare equal).
func (t *distinctTable) order() []int {
	idx := make([]int, len(t.vals))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		va, vb := t.vals[a], t.vals[b]
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return int(math.Float64bits(vb)>>63) - int(math.Float64bits(va)>>63)
	})
	return idx
}

// orderStats gives the order statistics of a sample (no NaN): from a sorted
// copy, or, for a large sample with few distinct values, from its distinct
// values in increasing order and their cumulative counts, with no copy.
type orderStats struct {
	sorted []float64
	vals   []float64 // distinct values, increasing
	cum    []int     // cum[k]: how many values are ≤ vals[k]
}

func newOrderStats(x []float64) orderStats {
	if len(x) >= countingMinN {
		t := newDistinctTable()
		limit := min(maxDistinct, len(x)/4)
		ok := true
		for _, v := range x {
			if t.add(v, limit) < 0 {
				ok = false
				break
			}
		}
		if ok {
			o := orderStats{vals: make([]float64, len(t.vals)), cum: make([]int, len(t.vals))}
			c := 0
			for k, i := range t.order() {
				c += t.counts[i]
				o.vals[k], o.cum[k] = t.vals[i], c
			}
			return o
		}
	}
	o := orderStats{sorted: slices.Clone(x)}
	slices.Sort(o.sorted)
	return o
}

// at returns the i-th smallest value (0-based).
func (o orderStats) at(i int) float64 {
	if o.vals == nil {
		return o.sorted[i]
	}
	k, _ := slices.BinarySearch(o.cum, i+1) // the first k with cum[k] > i
	return o.vals[k]
}

// ranksByCounting is Ranks for a large x with few distinct values; ok is
// false when x has too many distinct values to count.
func ranksByCounting(x []float64) (ranks []float64, ties []int, ok bool) {
	t := newDistinctTable()
	limit := min(maxDistinct, len(x)/4)
	code := make([]int32, len(x))
	for i, v := range x {
		// v + 0 is +0 for −0: the two are tied, as a sort compares them.
		c := t.add(v+0, limit)
		if c < 0 {
			return nil, nil, false
		}
		code[i] = int32(c)
	}
	mid := make([]float64, len(t.vals))
	start := 0
	for _, i := range t.order() {
		end := start + t.counts[i]
		mid[i] = float64(start+end+1) / 2 // mean of ranks start+1 .. end
		if t.counts[i] > 1 {
			ties = append(ties, t.counts[i])
		}
		start = end
	}
	ranks = make([]float64, len(x))
	for i, c := range code {
		ranks[i] = mid[c]
	}
	return ranks, ties, true
}

// slotOf is the home slot of a float's bits in a table of mask+1 slots (a
// power of two): the top bits of a Fibonacci hash, which depend on every bit
// of the key (small integers and simple fractions have long runs of zero
// low bits, which the product's low and middle bits would keep).
func slotOf(key, mask uint64) uint64 {
	return (key * 0x9E3779B97F4A7C15) >> (64 - bits.OnesCount64(mask))
}
