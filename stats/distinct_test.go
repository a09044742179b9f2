package stats

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// ranksBySorting is Ranks without the counting path.
func ranksBySorting(x []float64) ([]float64, []int) {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	ranks := make([]float64, n)
	var ties []int
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		for k := i; k < j; k++ {
			ranks[idx[k]] = float64(i+j+1) / 2
		}
		if j-i > 1 {
			ties = append(ties, j-i)
		}
		i = j
	}
	return ranks, ties
}

// Counting gives the ranks, tie sizes and sorted samples that sorting gives,
// for few distinct values (counted), many (sorted after all), −0 and +0, and
// prorated means.
func TestCountingMatchesSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	samples := map[string][]float64{}
	few := make([]float64, 5000)
	for i := range few {
		few[i] = float64(5+r.IntN(31)) * 5 / float64(4+r.IntN(2))
	}
	samples["prorated sums"] = few
	many := make([]float64, 3000)
	for i := range many {
		many[i] = r.NormFloat64()
	}
	samples["continuous"] = many
	zeros := make([]float64, 1000)
	for i := range zeros {
		zeros[i] = float64(r.IntN(5) - 2)
		if zeros[i] == 0 && r.IntN(2) == 0 {
			zeros[i] = math.Copysign(0, -1)
		}
	}
	samples["signed zeros"] = zeros
	for name, x := range samples {
		gotR, gotT := Ranks(x)
		wantR, wantT := ranksBySorting(x)
		if !reflect.DeepEqual(gotR, wantR) || !reflect.DeepEqual(gotT, wantT) {
			t.Errorf("%s: ranks by counting differ from ranks by sorting", name)
		}
		want := slices.Clone(x)
		slices.Sort(want)
		got := newOrderStats(x)
		for i := range want {
			if g := got.at(i); g != want[i] || math.Signbit(g) != math.Signbit(want[i]) && g != 0 {
				t.Errorf("%s: order statistic %d = %v, sorted %v", name, i, g, want[i])
				break
			}
		}
	}
}

func BenchmarkRanksFewDistinct1e6(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := likert(r, 1_000_000, 5, 35)
	for b.Loop() {
		Ranks(x)
	}
}

// The counted tie-rule check finds the tie group the sorted one finds.
func TestMergedTiesCountedMatchesSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	for trial := 0; trial < 20; trial++ {
		n := 1000 + r.IntN(2000)
		raw, rounded := make([]float64, n), make([]float64, n)
		for i := range raw {
			v := float64(r.IntN(40)) / 12
			switch r.IntN(50) {
			case 0:
				v += 1e-14 * v // noise
			case 1:
				if trial%2 == 0 {
					v += 3e-13 * (1 + v) // beyond noise, merged by 12 digits
				}
			}
			raw[i] = v
			rounded[i] = signifDigits(v, 12)
		}
		scale := func(i int) float64 { return math.Abs(raw[i]) }
		a1, b1, ok1, counted := mergedTiesCounted(raw, rounded, scale)
		a2, b2, ok2 := mergedTiesSorted(raw, rounded, scale)
		if !counted || a1 != a2 || b1 != b2 || ok1 != ok2 {
			t.Errorf("trial %d: counted (%q, %q, %v, %v), sorted (%q, %q, %v)", trial, a1, b1, ok1, counted, a2, b2, ok2)
		}
	}
}
