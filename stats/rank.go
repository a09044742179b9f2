package stats

import (
	"cmp"
	"slices"
)

// Ranks returns the mid-ranks (1-based; tied values share the mean of the
// ranks they span, R's rank(ties.method = "average")) of x and the sizes of
// its tie groups of two or more, in increasing order of value. A large x
// with few distinct values is ranked by counting (distinct.go).
func Ranks(x []float64) (ranks []float64, ties []int) {
	n := len(x)
	if n >= countingMinN {
		if ranks, ties, ok := ranksByCounting(x); ok {
			return ranks, ties
		}
	}
	type vi struct {
		v float64
		i int
	}
	s := make([]vi, n)
	for i, v := range x {
		s[i] = vi{v, i}
	}
	// Unstable sort: tied values get the same mid-rank whatever their order.
	slices.SortFunc(s, func(a, b vi) int { return cmp.Compare(a.v, b.v) })
	ranks = make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && s[j].v == s[i].v {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			ranks[s[k].i] = mid
		}
		if j-i > 1 {
			ties = append(ties, j-i)
		}
		i = j
	}
	return ranks, ties
}

// tieSum returns Σ(t³ − t) over tie groups.
func tieSum(ties []int) float64 {
	s := 0.0
	for _, t := range ties {
		ft := float64(t)
		s += ft*ft*ft - ft
	}
	return s
}
