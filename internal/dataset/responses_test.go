package dataset

import (
	"math/rand/v2"
	"testing"
)

// TestResponses stores random responses (a fifth missing) in columns of
// several ranges, packed (at most 15 values) or not, and reads them back
// one by one, in runs from every offset, and through Value.
func TestResponses(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, rg := range [][2]float64{{1, 5}, {0, 3}, {1, 10}, {0, 14}, {-7, 7}, {113, 127}, {0, 15}, {-3, 100}, {-127, 0}} {
		for _, n := range []int{0, 1, 2, 7, 64, 1001} {
			c := &Column{ColumnSpec: ColumnSpec{Kind: KindItem}, inst: &Instrument{Min: rg[0], Max: rg[1]}}
			c.packResponses()
			if want := rg[1]-rg[0] <= 14; c.resp.packed != want {
				t.Fatalf("%v: packed %v, want %v", rg, c.resp.packed, want)
			}
			if n == 7 {
				c.resp.grow(3, 1) // growing keeps what is there
			}
			want := make([]int8, n)
			for i := range want {
				want[i] = int8(rg[0]) + int8(r.IntN(int(rg[1]-rg[0])+1))
				if r.IntN(5) == 0 {
					want[i] = Missing8
				}
				if want[i] == Missing8 {
					c.addMissing()
				} else {
					c.addValue(want[i])
				}
				if r.IntN(7) == 0 {
					c.resp.settle() // batches of any length, odd or even
				}
				if i == 3 {
					c.resp.grow(100, 7)
				}
			}
			c.resp.settle()
			if c.Len() != n {
				t.Fatalf("%v: Len %d, want %d", rg, c.Len(), n)
			}
			for i, w := range want {
				if got := c.Response(i); got != w {
					t.Fatalf("%v n=%d: row %d = %d, want %d", rg, n, i, got, w)
				}
				if v := c.Value(i); (w == Missing8) != (v != v) || w != Missing8 && v != float64(w) {
					t.Fatalf("%v: Value(%d) = %v, want %d", rg, i, v, w)
				}
			}
			for lo := 0; lo <= min(n, 9); lo++ {
				for m := 0; lo+m <= n && m < 12; m++ {
					got := make([]int8, m)
					c.Responses(got, lo)
					for k := range got {
						if got[k] != want[lo+k] {
							t.Fatalf("%v: Responses(%d rows from %d)[%d] = %d, want %d", rg, m, lo, k, got[k], want[lo+k])
						}
					}
				}
			}
			if n > 0 {
				got := make([]int8, n-1)
				c.Responses(got, 1)
				for k := range got {
					if got[k] != want[1+k] {
						t.Fatalf("%v: Responses(all from 1)[%d] = %d, want %d", rg, k, got[k], want[1+k])
					}
				}
			}
			c.resp.reset()
			if c.Len() != 0 {
				t.Fatalf("reset left %d", c.Len())
			}
		}
	}
}
