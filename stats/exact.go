package stats

import "math"

// Exact conditional distributions of rank statistics, for data with or
// without ties, by the shift (convolution) algorithm of Streitberg & Röhmel
// (1986, "Exact distributions for permutation and rank tests", Statistical
// Software Newsletter 12:10–17): mid-ranks are doubled, so that they are
// integers, and divided by their greatest common divisor; the distribution
// of a sum of such scores is then built one observation at a time over an
// array indexed by the sum. The cost is O(n·S) for the signed-rank sum and
// O(n·m·S) for the two-sample sum, where S is the sum of the integer scores,
// polynomial in n (no enumeration of permutations).

// integerScores returns the doubled mid-ranks divided by their gcd, and the
// factor that maps a sum of them back to a sum of mid-ranks.
func integerScores(ranks []float64) (a []int, unit float64) {
	a = make([]int, len(ranks))
	g := 0
	for i, r := range ranks {
		a[i] = int(math.Round(2 * r))
		g = gcd(g, a[i])
	}
	if g == 0 {
		g = 1
	}
	for i := range a {
		a[i] /= g
	}
	return a, float64(g) / 2
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// signedRankDist returns P(T = s), s = 0..Σa, where T is the sum of the
// scores a_i over a subset that holds each i independently with probability
// 1/2: the permutation distribution of the signed-rank statistic given the
// observed (possibly tied) ranks.
func signedRankDist(a []int) []float64 {
	total := 0
	for _, v := range a {
		total += v
	}
	p := make([]float64, total+1)
	p[0] = 1
	cur := 0
	for _, v := range a {
		// p'(s) = (p(s) + p(s − v)) / 2, in place from the top down.
		for s := cur + v; s >= 0; s-- {
			q := 0.0
			if s <= cur {
				q = p[s]
			}
			if s >= v {
				q += p[s-v]
			}
			p[s] = 0.5 * q
		}
		cur += v
	}
	return p
}

// twoSampleDist returns P(T = s), s = 0..Σa, where T is the sum of the scores
// of a random m-subset of the n = len(a) observations, all subsets equally
// likely: the permutation distribution of the rank-sum statistic given the
// observed (possibly tied) ranks.
//
// With d_i(j, s) the probability that a random j-subset of the first i
// observations sums to s,
//
//	d_i(j, s) = (j/i)·d_{i−1}(j−1, s − a_i) + ((i−j)/i)·d_{i−1}(j, s),
//
// which stays within [0, 1] (no overflow of counts for large n).
func twoSampleDist(a []int, m int) []float64 {
	n := len(a)
	total := 0
	for _, v := range a {
		total += v
	}
	width := total + 1
	d := make([]float64, (m+1)*width)
	d[0] = 1
	cum := 0
	for i := 1; i <= n; i++ {
		v := a[i-1]
		cum += v
		jhi := min(i, m)
		jlo := max(0, m-(n-i))
		fi := float64(i)
		for j := jhi; j >= jlo; j-- {
			row := d[j*width : j*width+cum+1]
			stay := float64(i-j) / fi
			take := float64(j) / fi
			if j == 0 {
				// The empty subset stays at sum 0 with probability 1.
				continue
			}
			prev := d[(j-1)*width : (j-1)*width+cum+1]
			for s := cum; s >= v; s-- {
				row[s] = stay*row[s] + take*prev[s-v]
			}
			for s := min(v-1, cum); s >= 0; s-- {
				row[s] = stay * row[s]
			}
		}
	}
	out := make([]float64, width)
	copy(out, d[m*width:(m+1)*width])
	return out
}

// exactP sums the distribution p of an integer statistic T over the outcomes
// at least as extreme as the observed t. For the two-sided test the centre
// E T = c/k is given as two integers, so that P(|T − E T| ≥ |t − E T|) is
// decided on the integers |k·s − c| without rounding.
func exactP(p []float64, t int, alt Alternative, k, c int) float64 {
	sum := 0.0
	switch alt {
	case Less:
		for s := 0; s <= t && s < len(p); s++ {
			sum += p[s]
		}
	case Greater:
		for s := max(t, 0); s < len(p); s++ {
			sum += p[s]
		}
	default:
		obs := absInt(k*t - c)
		for s := range p {
			if absInt(k*s-c) >= obs {
				sum += p[s]
			}
		}
	}
	return math.Min(1, sum)
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
