package scoring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/scoring"
)

// TestCompactAsFloats scores the same files twice, with the compact forms
// of computed scores (keys into a table, a COPM rating column's own codes)
// and with the float64 form they replace, and requires the same bits for
// every value, the same prorated rows and counts, ratios and warnings about
// given scores. The files: every built-in instrument at two time points
// with random responses, missing ones (some rows all missing, some scales
// prorated), given totals that partly disagree, and COPM with five
// problems; plus a 0..14 and a 0..20 definition (packed and int8 columns)
// with reverse keys.
func TestCompactAsFloats(t *testing.T) {
	defer scoring.SetRowsPerKey(scoring.SetRowsPerKey(0))
	reg := registry(t)
	// BIG's keys would pass 2^16: it keeps the float64 form.
	big := `{"code":"BIG","variant":"test","name":"Test","citation":"none","status":"provisional","items":30,"min":0,"max":100,"reverse":[1],` +
		`"scales":[{"code":"TOTAL","name":"Total","items":["1-30"],"aggregate":"sum","better":"higher","higher_means":"more"}]}`
	addDefinitions(t, reg, sixItems("NARROW", 14), sixItems("WIDE", 20), big)
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		header := []string{"id"}
		type col struct{ lo, hi int }
		var cols []col
		for _, d := range reg.All() {
			if d.Min != math.Trunc(d.Min) || d.Max != math.Trunc(d.Max) {
				continue
			}
			for _, tp := range []string{"T1", "T2"} {
				if d.IsCOPM() {
					for _, p := range []string{"WORK", "SELFCARE", "SOCIAL", "LEISURE", "HOUSE"} {
						for _, sc := range []string{"PERF", "SAT"} {
							header = append(header, "COPM_"+sc+"_"+p+"_"+tp)
							cols = append(cols, col{int(d.Min), int(d.Max)})
						}
					}
					continue
				}
				for i := 1; i <= d.Items; i++ {
					header = append(header, fmt.Sprintf("%s_%d_%s", d.Code, i, tp))
					cols = append(cols, col{int(d.Min), int(d.Max)})
				}
				if d.Code == "SWLS" {
					header = append(header, "SWLS_TOTAL_"+tp)
					cols = append(cols, col{5, 35})
				}
			}
		}
		header = append(header, "SWLS_TOTAL_T3") // given, no items: the float64 form
		cols = append(cols, col{5, 35})
		// EMAS and a COPM problem at T4 answered by nobody (AllMissing).
		for i := 1; i <= 12; i++ {
			header = append(header, fmt.Sprintf("EMAS_%d_T4", i))
			cols = append(cols, col{1, 0})
		}
		header = append(header, "COPM_PERF_WORK_T4", "COPM_SAT_WORK_T4")
		cols = append(cols, col{1, 0}, col{1, 0})
		var rows [][]string
		for p := 0; p < 700; p++ {
			row := []string{"P" + strconv.Itoa(p)}
			miss := []int{0, 3, 6, 40}[r.IntN(4)] // missing one in miss (0: none)
			blank := r.IntN(20) == 0
			for _, c := range cols {
				if blank || c.hi < c.lo || miss > 0 && r.IntN(miss) == 0 {
					row = append(row, "")
					continue
				}
				row = append(row, strconv.Itoa(c.lo+r.IntN(c.hi-c.lo+1)))
			}
			rows = append(rows, row)
		}
		compact := scoreAll(t, reg, header, rows, true)
		plain := scoreAll(t, reg, header, rows, false)
		if len(compact) != len(plain) {
			t.Fatalf("seed %d: %d scores, want %d", seed, len(compact), len(plain))
		}
		kinds := map[string]int{}
		for si, c := range compact {
			p := plain[si]
			name := c.Name()
			kinds[c.Form()]++
			if c.Compactable() != (c.Form() != "values") || p.Compactable() {
				t.Errorf("seed %d %s: Compactable %v but held as %s (float64 run: %v)", seed, name, c.Compactable(), c.Form(), p.Compactable())
			}
			if c.FromItems && c.Def.Code != "BIG" && c.Form() == "values" {
				t.Errorf("seed %d %s: held as float64 values; every built-in scale fits the compact forms", seed, name)
			}
			if c.NProrated != p.NProrated || c.NDisagree != p.NDisagree || fmt.Sprint(c.Warnings) != fmt.Sprint(p.Warnings) {
				t.Fatalf("seed %d %s: prorated %d, disagree %d, warnings %v; float64 form: %d, %d, %v", seed, name,
					c.NProrated, c.NDisagree, c.Warnings, p.NProrated, p.NDisagree, p.Warnings)
			}
			all := make([]int, len(rows))
			for i := range all {
				all[i] = i
				a, b := c.Value(i), p.Value(i)
				if math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Fatalf("seed %d %s row %d: %v, float64 form %v", seed, name, i, a, b)
				}
				if c.ProratedAt(i) != p.ProratedAt(i) {
					t.Fatalf("seed %d %s row %d: prorated %v, float64 form %v", seed, name, i, c.ProratedAt(i), p.ProratedAt(i))
				}
				n1, d1, ok1 := c.Ratio(i)
				n2, d2, ok2 := p.Ratio(i)
				if n1 != n2 || d1 != d2 || ok1 != ok2 {
					t.Fatalf("seed %d %s row %d: ratio %d/%d %v, float64 form %d/%d %v", seed, name, i, n1, d1, ok1, n2, d2, ok2)
				}
			}
			some := all[r.IntN(len(all)):]
			want := pickByValue(p, some)
			if fmt.Sprint(pickByValue(c, some)) != fmt.Sprint(want) || fmt.Sprint(c.Picked(some)) != fmt.Sprint(want) ||
				fmt.Sprint(p.Picked(some)) != fmt.Sprint(want) || c.Count(some) != len(want) || c.AllMissing() != p.AllMissing() {
				t.Fatalf("seed %d %s: Pick, Picked, Count or AllMissing differ", seed, name)
			}
			if got := c.Picked(some); len(want) == 0 && got != nil || cap(got) != len(got) {
				t.Fatalf("seed %d %s: Picked is not exactly sized", seed, name)
			}
			fl := c.Floats()
			for i, v := range fl {
				if math.Float64bits(v) != math.Float64bits(p.Value(i)) && !(math.IsNaN(v) && math.IsNaN(p.Value(i))) {
					t.Fatalf("seed %d %s row %d: Floats %v, want %v", seed, name, i, v, p.Value(i))
				}
			}
		}
		checkExactPairs(t, seed, compact, plain, len(rows))
		allMissing := 0
		for _, c := range compact {
			if c.AllMissing() {
				allMissing++
			}
		}
		if allMissing < 4 {
			t.Fatalf("seed %d: %d scores all missing; the T4 ones should be", seed, allMissing)
		}
		if kinds["keys"] == 0 || kinds["nib"] == 0 || kinds["values"] == 0 {
			t.Fatalf("seed %d: forms %v: each form should be reached", seed, kinds)
		}
	}
}

// scoreAll loads a file and computes every score, in the compact forms or
// not.
func scoreAll(t *testing.T, reg *instruments.Registry, header []string, rows [][]string, compact bool) []*scoring.Score {
	t.Helper()
	was := scoring.SetCompact(compact)
	defer scoring.SetCompact(was)
	sc, _ := load(t, reg, header, rows...)
	return sc.Scores
}

// TestSmallFileFloats: on a study-sized file a scale with many possible
// keys keeps the float64 form (its tables would outweigh its values); a
// COPM problem is still a view of its rating column.
func TestSmallFileFloats(t *testing.T) {
	reg := registry(t)
	header := append(items("RAS-R", 24, "T1"), "COPM_PERF_WORK_T1", "COPM_SAT_WORK_T1")
	var rows [][]string
	for p := 0; p < 20; p++ {
		row := []string{"P" + strconv.Itoa(p)}
		for i := 0; i < 24; i++ {
			row = append(row, strconv.Itoa(1+(p+i)%5))
		}
		rows = append(rows, append(row, "7", "8"))
	}
	sc, _ := load(t, reg, header, rows...)
	if s := sc.Find("RAS-R", "TOTAL", "T1"); s.Form() != "values" || s.Compactable() {
		t.Errorf("RAS-R total on 20 rows: %s form, Compactable %v; want values", s.Form(), s.Compactable())
	}
	if f := sc.Find("RAS-R", "TOTAL", "T1").Form(); f != "values" {
		t.Errorf("RAS-R total on 20 rows: %s form, want values", f)
	}
	if f := sc.Find("COPM", "PERF_WORK", "T1").Form(); f != "nib" {
		t.Errorf("COPM problem: %s form, want nib", f)
	}
}

// pickByValue is Picked written plainly: the non-missing Value of each row,
// in order.
func pickByValue(s *scoring.Score, rows []int) []float64 {
	var out []float64
	for _, i := range rows {
		if v := s.Value(i); !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}

// checkExactPairs holds ExactPairs and ExactChange on the compact scores
// (each scale from T1 to T2) to the differences the analysis forms row by
// row on the float64 form: b − a where both are whole numbers, else from
// the ratios (refPairs).
func checkExactPairs(t *testing.T, seed uint64, compact, plain []*scoring.Score, n int) {
	t.Helper()
	at := map[string]int{}
	for i, s := range compact {
		at[s.Def.Code+" "+s.Code+" "+s.Time] = i
	}
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	checked, whole, fractional := 0, 0, 0
	for i, from := range compact {
		j, ok := at[from.Def.Code+" "+from.Code+" T2"]
		if from.Time != "T1" || !ok {
			continue
		}
		to := compact[j]
		x, y, d := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
		m, ok := scoring.ExactPairs(from, to, rows, x, y, d)
		if ok != (from.RatioTable() && to.RatioTable()) || ok != (from.Form() != "values" && to.Form() != "values" && from.HasRatio()) {
			t.Fatalf("seed %d %s: ExactPairs ok %v for forms %s, %s", seed, from.Name(), ok, from.Form(), to.Form())
		}
		if !ok {
			continue
		}
		checked++
		if from.WholeValued() && to.WholeValued() {
			whole++
		} else {
			fractional++
		}
		wx, wy, wd := refPairs(plain[i], plain[j], rows)
		if m != len(wx) || fmt.Sprint(x[:m]) != fmt.Sprint(wx) || fmt.Sprint(y[:m]) != fmt.Sprint(wy) || !sameBits(d[:m], wd) {
			t.Fatalf("seed %d %s: ExactPairs differ from the row-by-row differences", seed, from.Name())
		}
		for _, r := range rows {
			_, _, want := refPairs(plain[i], plain[j], []int{r})
			got := scoring.ExactChange(from, to, r)
			if len(want) == 1 && !sameBits([]float64{got}, want) || len(want) == 0 && !math.IsNaN(got) {
				t.Fatalf("seed %d %s row %d: ExactChange %v, want %v", seed, from.Name(), r, got, want)
			}
		}
	}
	if whole == 0 || fractional == 0 {
		t.Fatalf("seed %d: ExactPairs checked on %d pairs, %d whole-valued and %d fractional: both kinds should be reached", seed, checked, whole, fractional)
	}
}

// refPairs is the analysis's row-by-row gathering of pairs (x = to, y =
// from) and their exact differences, on any form.
func refPairs(from, to *scoring.Score, rows []int) (x, y, d []float64) {
	for _, i := range rows {
		a, b := from.Value(i), to.Value(i)
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		c := b - a
		if a != math.Trunc(a) || b != math.Trunc(b) {
			n1, d1, _ := from.Ratio(i)
			n2, d2, _ := to.Ratio(i)
			c = float64(n2*d1-n1*d2) / float64(d1*d2)
		}
		x, y, d = append(x, b), append(y, a), append(d, c)
	}
	return x, y, d
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
