package stats

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// The counted p-values agree with the floating-point distributions of
// exact.go (which the R reference tests pin) on random tied data.
func TestCountedExactAgreesWithDistributions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 100; trial++ {
		n1, n2 := 1+r.IntN(30), 1+r.IntN(30)
		lo, hi := 1+r.IntN(5), 6+r.IntN(40)
		x, y := likert(r, n1, lo, hi), likert(r, n2, lo, hi)
		pooled := append(append([]float64{}, x...), y...)
		ranks, _ := Ranks(pooled)
		a, _ := integerScores(ranks)
		tt, total := 0, 0
		for i, v := range a {
			total += v
			if i < n1 {
				tt += v
			}
		}
		for _, alt := range []Alternative{TwoSided, Less, Greater} {
			want := exactP(twoSampleDist(a, n1), tt, alt, n1+n2, n1*total)
			got := rankSumExactP(a, n1, tt, alt)
			if math.Abs(got-want) > 1e-12*math.Max(want, 1e-300) {
				t.Fatalf("two-sample n1=%d n2=%d %v: got %.17g want %.17g (a=%v)", n1, n2, alt, got, want, a)
			}
		}
		d := make([]float64, n1)
		for i := range d {
			d[i] = x[i] - float64(lo+r.IntN(hi-lo+1))
			if d[i] == 0 {
				d[i] = 1
			}
		}
		abs := make([]float64, n1)
		for i, v := range d {
			abs[i] = math.Abs(v)
		}
		sr, _ := Ranks(abs)
		sa, _ := integerScores(sr)
		st, stotal := 0, 0
		for i, v := range sa {
			stotal += v
			if d[i] > 0 {
				st += v
			}
		}
		for _, alt := range []Alternative{TwoSided, Less, Greater} {
			want := exactP(signedRankDist(sa), st, alt, 2, stotal)
			got := signedRankExactP(sa, st, alt)
			if got != want {
				t.Fatalf("signed-rank n=%d %v: got %.17g want %.17g (a=%v)", n1, alt, got, want, sa)
			}
		}
	}
}

// The counted two-sample p-value is the exact ratio rounded once: checked
// against subset counts in arbitrary precision (the plain shift algorithm
// over every sum, in big integers).
func TestCountedTwoSampleIsCorrectlyRounded(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 40; trial++ {
		n1, n2 := 1+r.IntN(25), 1+r.IntN(25)
		x, y := likert(r, n1, 1, 5+r.IntN(30)), likert(r, n2, 1, 5+r.IntN(30))
		ranks, _ := Ranks(append(append([]float64{}, x...), y...))
		a, _ := integerScores(ranks)
		tt, total := 0, 0
		for i, v := range a {
			total += v
			if i < n1 {
				tt += v
			}
		}
		// counts[j][s]: j-subsets with sum s.
		counts := make([][]*big.Int, n1+1)
		for j := range counts {
			counts[j] = make([]*big.Int, total+1)
			for s := range counts[j] {
				counts[j][s] = new(big.Int)
			}
		}
		counts[0][0].SetInt64(1)
		for _, v := range a {
			for j := n1; j >= 1; j-- {
				for s := total; s >= v; s-- {
					counts[j][s].Add(counts[j][s], counts[j-1][s-v])
				}
			}
		}
		all := new(big.Int).Binomial(int64(n1+n2), int64(n1))
		n, c := n1+n2, n1*total
		obs := absInt(n*tt - c)
		for _, alt := range []Alternative{TwoSided, Less, Greater} {
			num := new(big.Int)
			for s, k := range counts[n1] {
				if (alt == Less && s <= tt) || (alt == Greater && s >= tt) || (alt == TwoSided && absInt(n*s-c) >= obs) {
					num.Add(num, k)
				}
			}
			want, _ := new(big.Rat).SetFrac(num, all).Float64()
			want = math.Min(1, want)
			if got := rankSumExactP(a, n1, tt, alt); got != want {
				t.Fatalf("n1=%d n2=%d %v: got %.17g, exact %.17g", n1, n2, alt, got, want)
			}
		}
	}
}

// A count table from the pool is cleared, whatever the test before it
// left in it: the exact p-values with a pool of dirty, oversized tables
// are those computed before.
func TestCountPoolCleared(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	type tc struct {
		a     []int
		n1, t int
	}
	var cases []tc
	var want []float64
	for i := 0; i < 60; i++ {
		n := 4 + i%40
		a := make([]int, n)
		for j := range a {
			a[j] = 2 + 2*r.IntN(6) // doubled mid-ranks: ties
		}
		n1 := 1 + i%(n-1)
		s := 0
		for _, v := range a[:n1] {
			s += v
		}
		cases = append(cases, tc{a, n1, s})
		want = append(want, rankSumExactP(a, n1, s, TwoSided), signedRankExactP(a, s/2, TwoSided))
	}
	for k := 0; k < 8; k++ {
		dirty := make([]uint64, 1<<16)
		for j := range dirty {
			dirty[j] = ^uint64(j)
		}
		putCounts(dirty)
	}
	if c := getCounts(100); slices.ContainsFunc(c, func(x uint64) bool { return x != 0 }) {
		t.Fatal("getCounts returned a table that is not cleared")
	}
	for i, c := range cases {
		putCounts(make([]uint64, 1<<15)) // and some clean ones of another size
		got := []float64{rankSumExactP(c.a, c.n1, c.t, TwoSided), signedRankExactP(c.a, c.t/2, TwoSided)}
		if got[0] != want[2*i] || got[1] != want[2*i+1] {
			t.Fatalf("case %d: %v with a dirty pool, %v before", i, got, want[2*i:2*i+2])
		}
	}
}
