package stats

import (
	"math"
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
	keys   []uint64
	slot   []int32 // 1 + index into vals; 0 for an empty slot
	vals   []float64
	counts []int
}

func newDistinctTable() *distinctTable {
	return &distinctTable{keys: make([]uint64, 1024), slot: make([]int32, 1024)}
}

// add counts v and returns its index in vals, or −1 when the table is full.
func (t *distinctTable) add(v float64, limit int) int {
	bits := math.Float64bits(v)
	mask := uint64(len(t.keys) - 1)
	for h := (bits * 0x9E3779B97F4A7C15) >> 32 & mask; ; h = (h + 1) & mask {
		switch s := t.slot[h]; {
		case s == 0:
			if len(t.vals) >= limit {
				return -1
			}
			t.vals = append(t.vals, v)
			t.counts = append(t.counts, 1)
			t.keys[h], t.slot[h] = bits, int32(len(t.vals))
			if 2*len(t.vals) > len(t.keys) {
				t.grow()
			}
			return len(t.vals) - 1
		case t.keys[h] == bits:
			t.counts[s-1]++
			return int(s - 1)
		}
	}
}

func (t *distinctTable) grow() {
	keys, slot := t.keys, t.slot
	t.keys, t.slot = make([]uint64, 2*len(keys)), make([]int32, 2*len(keys))
	mask := uint64(len(t.keys) - 1)
	for i, s := range slot {
		if s == 0 {
			continue
		}
		h := (keys[i] * 0x9E3779B97F4A7C15) >> 32 & mask
		for t.slot[h] != 0 {
			h = (h + 1) & mask
		}
		t.keys[h], t.slot[h] = keys[i], s
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
