package scoring_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestPackedAsInt8 scores the same responses with two definitions that
// differ only in their response range: 0..14, whose columns the loader
// packs 4 bits a response, and 0..20, kept one int8 a response (every
// shipped instrument is packed; this keeps the other path honest). For
// both, ItemRow and Ratio must give the responses and their sums with the
// reverse keys applied, and Values the ratio rounded once.
func TestPackedAsInt8(t *testing.T) {
	reg := registry(t)
	addDefinitions(t, reg, sixItems("NARROW", 14), sixItems("WIDE", 20))
	header := append(items("NARROW", 6, "T1"), items("WIDE", 6, "T1")[1:]...)
	r := rand.New(rand.NewPCG(7, 8))
	var rows [][]string
	var raw [][]int // -1: missing
	for p := 0; p < 3001; p++ {
		var vals []string
		var ints []int
		for j := 0; j < 6; j++ {
			v := r.IntN(15)
			if r.IntN(9) == 0 {
				v = -1
			}
			ints = append(ints, v)
			if v < 0 {
				vals = append(vals, "")
			} else {
				vals = append(vals, strconv.Itoa(v))
			}
		}
		raw = append(raw, ints)
		rows = append(rows, append(append([]string{"P" + strconv.Itoa(p)}, vals...), vals...))
	}
	sc, ds := load(t, reg, header, rows...)
	for _, code := range []string{"NARROW", "WIDE"} {
		max := map[string]int{"NARROW": 14, "WIDE": 20}[code]
		for _, scale := range []string{"TOTAL", "PART"} {
			s := sc.Find(code, scale, "T1")
			if s == nil {
				t.Fatalf("no %s %s score", code, scale)
			}
			if scale == "TOTAL" && s.NProrated == 0 {
				t.Errorf("%s %s: nothing prorated", code, scale)
			}
			got := make([]uint32, len(s.Items))
			complete, missing := 0, 0
			for i := 0; i < ds.Rows(); i++ {
				var want []uint32
				var sum, a int64
				for j := range s.Items {
					v := raw[i][j]
					if v < 0 {
						continue
					}
					if s.Reversed[j] {
						v = max - v
					}
					want = append(want, uint32(v))
					sum += int64(v)
					a++
				}
				ok := s.ItemRow(i, got)
				if ok != (len(want) == len(s.Items)) {
					t.Fatalf("%s %s row %d: ItemRow %v for %v", code, scale, i, ok, raw[i])
				}
				for j := range want {
					if ok && got[j] != want[j] {
						t.Fatalf("%s %s row %d: ItemRow %v, want %v", code, scale, i, got, want)
					}
				}
				if ok {
					complete++
				}
				num, den, ok := s.Ratio(i)
				if math.IsNaN(s.Value(i)) {
					missing++
					if ok {
						t.Fatalf("%s %s row %d: a ratio for a missing score", code, scale, i)
					}
					continue
				}
				if scale == "TOTAL" {
					sum *= int64(len(s.Items))
				}
				if !ok || num != sum || den != a || float64(num)/float64(den) != s.Value(i) {
					t.Fatalf("%s %s row %d: ratio %d/%d (%v), want %d/%d, value %v", code, scale, i, num, den, ok, sum, a, s.Value(i))
				}
			}
			if complete < 100 || missing < 10 {
				t.Errorf("%s %s: %d complete rows, %d missing scores", code, scale, complete, missing)
			}
		}
	}
}
