package scoring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"
)

// TestCompactRowCounts compares the compact forms with the float64 form on
// odd and tiny row counts and on both sides of rowsPerKey's threshold
// (SWLS: 186 possible keys, so 929/930/931 rows at rowsPerKey 5), with
// given totals beside the items, reverse keys (CAMI), COPM and an int8
// (0..20) definition: values to the bit, prorated flags, ratios, picks,
// AllMissing, NProrated and the given-score warnings.
func TestCompactRowCounts(t *testing.T) {
	reg := registry(t)
	addDefinitions(t, reg, `{"code":"WIDE","variant":"test","name":"Test","citation":"none","status":"provisional","items":4,"min":-3,"max":17,"reverse":[2],`+
		`"scales":[{"code":"TOTAL","name":"Total","items":["1-4"],"aggregate":"sum","better":"higher","higher_means":"more"}]}`)
	type col struct{ lo, hi int }
	header := []string{"id"}
	var cols []col
	add := func(name string, lo, hi int) { header = append(header, name); cols = append(cols, col{lo, hi}) }
	for _, tp := range []string{"T1", "T2"} {
		for i := 1; i <= 5; i++ {
			add(fmt.Sprintf("SWLS_%d_%s", i, tp), 1, 7)
		}
		add("SWLS_TOTAL_"+tp, 5, 35)
		for i := 1; i <= 40; i++ {
			add(fmt.Sprintf("CAMI_%d_%s", i, tp), 1, 5)
		}
		for _, p := range []string{"WORK", "SELFCARE", "SOCIAL"} {
			add("COPM_PERF_"+p+"_"+tp, 1, 10)
			add("COPM_SAT_"+p+"_"+tp, 1, 10)
		}
		for i := 1; i <= 4; i++ {
			add(fmt.Sprintf("WIDE_%d_%s", i, tp), -3, 17)
		}
	}
	for _, perKey := range []int{0, 5} {
		for _, n := range []int{1, 2, 3, 5, 185, 186, 187, 929, 930, 931} {
			r := rand.New(rand.NewPCG(uint64(n), uint64(perKey)))
			var rows [][]string
			for p := 0; p < n; p++ {
				row := []string{"P" + strconv.Itoa(p)}
				miss := []int{0, 2, 5, 30}[r.IntN(4)]
				for _, c := range cols {
					if miss > 0 && r.IntN(miss) == 0 {
						row = append(row, "")
						continue
					}
					row = append(row, strconv.Itoa(c.lo+r.IntN(c.hi-c.lo+1)))
				}
				rows = append(rows, row)
			}
			was := scoring.SetRowsPerKey(perKey)
			compact := scoreAll(t, reg, header, rows, true)
			plain := scoreAll(t, reg, header, rows, false)
			scoring.SetRowsPerKey(was)
			if len(compact) != len(plain) {
				t.Fatalf("n %d: %d scores, want %d", n, len(compact), len(plain))
			}
			all := make([]int, n)
			for i := range all {
				all[i] = i
			}
			for si, c := range compact {
				p := plain[si]
				name := fmt.Sprintf("perKey %d n %d %s (%s)", perKey, n, c.Name(), c.Form())
				if c.NProrated != p.NProrated || c.NDisagree != p.NDisagree || fmt.Sprint(c.Warnings) != fmt.Sprint(p.Warnings) || c.AllMissing() != p.AllMissing() {
					t.Fatalf("%s: prorated/disagree/warnings/AllMissing differ", name)
				}
				for i := range all {
					a, b := c.Value(i), p.Value(i)
					if math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
						t.Fatalf("%s row %d: %v, float64 form %v", name, i, a, b)
					}
					n1, d1, ok1 := c.Ratio(i)
					n2, d2, ok2 := p.Ratio(i)
					if c.ProratedAt(i) != p.ProratedAt(i) || c.Has(i) != p.Has(i) || n1 != n2 || d1 != d2 || ok1 != ok2 {
						t.Fatalf("%s row %d: prorated, Has or Ratio differ", name, i)
					}
				}
				for _, rows := range [][]int{all, all[n/2:], {n - 1}, nil} {
					want := pickByValue(p, rows)
					if got := c.Picked(rows); fmt.Sprint(got) != fmt.Sprint(want) || cap(got) != len(got) || c.Count(rows) != len(want) {
						t.Fatalf("%s: Picked/Count differ on %d rows", name, len(rows))
					}
				}
			}
		}
	}
}
