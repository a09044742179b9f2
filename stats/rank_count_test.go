package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// countedSample draws n values of one of several kinds: small integers,
// means of three items (k/3 formed in floating point, so equal fractions
// differ in their last bits), values that differ only beyond 12 significant
// digits (the tie rule merges them and must warn), zeros of both signs.
func countedSample(r *rand.Rand, kind, n int, shift float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch kind {
		case 0:
			x[i] = float64(r.IntN(7)) + shift
		case 1:
			a, b, c := r.IntN(5)+1, r.IntN(5)+1, r.IntN(5)+1
			x[i] = (float64(a)/3 + float64(b)/3 + float64(c)/3) + shift
		case 2:
			x[i] = float64(1+r.IntN(3)) + float64(r.IntN(4))*1e-13 + shift
		case 3:
			x[i] = float64(r.IntN(3)-1) * shift
			if x[i] == 0 && r.IntN(2) == 0 {
				x[i] = math.Copysign(0, -1)
			}
		}
	}
	return x
}

// Counting (rank_count.go) gives the rank tests' numbers and warnings bit
// for bit as ranking the rounded values does.
func TestRankByCountingSameAsRanking(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	same := func(name string, run func() (any, error)) {
		t.Helper()
		rankByCounting = true
		a, errA := run()
		rankByCounting = false
		b, errB := run()
		rankByCounting = true
		if fmt.Sprintf("%#v %v", a, errA) != fmt.Sprintf("%#v %v", b, errB) {
			t.Errorf("%s: counted %#v (%v), ranked %#v (%v)", name, a, errA, b, errB)
		}
	}
	for c := 0; c < 200; c++ {
		kind := c % 4
		n1, n2 := 200+r.IntN(900), 300+r.IntN(900)
		shift := []float64{0, 0.5, 1e6, -3}[r.IntN(4)]
		x, y := countedSample(r, kind, n1, shift), countedSample(r, kind, n2, shift+float64(r.IntN(2)))
		for _, opt := range []RankOptions{
			{Method: Asymptotic, Continuity: true},
			{Method: Auto, Alternative: Greater},
			{Method: Asymptotic, DigitsRank: DigitsRankExact},
			{Method: Asymptotic, DigitsRank: 6, Alternative: Less},
		} {
			same(fmt.Sprintf("case %d Mann–Whitney %+v", c, opt), func() (any, error) { return MannWhitney(x, y, opt) })
			d := make([]float64, n1)
			for i := range d {
				d[i] = x[i] - y[i%n2]
			}
			same(fmt.Sprintf("case %d signed-rank %+v", c, opt), func() (any, error) { return SignedRankDifferences(d, opt) })
		}
	}
	// The warnings are exercised, not only their absence.
	x := countedSample(r, 2, 2000, 0)
	m, _ := MannWhitney(x, countedSample(r, 2, 2000, 0), RankOptions{Method: Asymptotic})
	if len(m.Warnings) == 0 {
		t.Error("values differing beyond 12 digits: no tie-rule warning")
	}
}

// smallRanks (Friedman's per-subject ranks) gives Ranks' mid-ranks and tie
// sum.
func TestSmallRanksSameAsRanks(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 1))
	for c := 0; c < 5000; c++ {
		k := 2 + r.IntN(smallRankK-1)
		row := make([]float64, k)
		for j := range row {
			row[j] = float64(r.IntN(4)) / 2
			if row[j] == 0 && r.IntN(2) == 0 {
				row[j] = math.Copysign(0, -1)
			}
		}
		want, ties := Ranks(row)
		got := make([]float64, k)
		tied, sum := smallRanks(row, got)
		if fmt.Sprint(got) != fmt.Sprint(want) || tied != (len(ties) > 0) || sum != tieSum(ties) {
			t.Fatalf("%v: ranks %v tie %v %v, want %v %v %v", row, got, tied, sum, want, len(ties) > 0, tieSum(ties))
		}
	}
}
