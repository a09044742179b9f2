package stats

import "sort"

// Ranks returns the mid-ranks (1-based; tied values share the mean of the
// ranks they span, R's rank(ties.method = "average")) of x and the sizes of
// its tie groups of two or more.
func Ranks(x []float64) (ranks []float64, ties []int) {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	ranks = make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			ranks[idx[k]] = mid
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
