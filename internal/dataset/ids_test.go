package dataset

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortStableParallel: the two-core sort gives slices.SortStableFunc's
// order, ties included.
func TestSortStableParallel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 5, 1 << 16, 1<<16 + 7, 200001} {
		keys := make([]int32, n)
		for i := range keys {
			keys[i] = int32(r.IntN(max(1, n/10))) // many ties
		}
		cmp := func(a, b int32) int { return int(keys[a]) - int(keys[b]) }
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		got := slices.Clone(want)
		slices.SortStableFunc(want, cmp)
		got = sortStableParallel(got, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("n = %d: the orders differ", n)
		}
	}
}

// BenchmarkCheckDuplicateIDs: 10^6 ids, sorted within three groups, as in
// a registry sorted by group.
func BenchmarkCheckDuplicateIDs(b *testing.B) {
	d := &Dataset{maxProblems: 100}
	for _, g := range []string{"PSW", "SU", "MHP"} {
		for i := range 333333 {
			d.ids.Append([]byte(fmt.Sprintf("SYN-%s-%06d", g, i)))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		d.checkDuplicateIDs("id")
	}
}
