package scoring_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

func registry(t *testing.T) *instruments.Registry {
	t.Helper()
	r, err := instruments.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// load builds a wide file from a header and rows and scores it.
func load(t *testing.T, reg *instruments.Registry, header []string, rows ...[]string) (*scoring.Scores, *dataset.Dataset) {
	t.Helper()
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	ds, err := dataset.Load(strings.NewReader(b.String()), "test.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	return scoring.ScoreDataset(ds, reg), ds
}

func items(code string, n int, time string) []string {
	h := []string{"id"}
	for i := 1; i <= n; i++ {
		h = append(h, fmt.Sprintf("%s_%d_%s", code, i, time))
	}
	return h
}

func row(id string, vals []int, missing ...int) []string {
	out := []string{id}
	miss := map[int]bool{}
	for _, m := range missing {
		miss[m] = true
	}
	for i, v := range vals {
		if miss[i+1] {
			out = append(out, "")
		} else {
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

func expect(t *testing.T, sc *scoring.Scores, code, scale, time string, want ...float64) {
	t.Helper()
	s := sc.Find(code, scale, time)
	if s == nil {
		t.Fatalf("no score %s %s %s", code, scale, time)
	}
	for i, w := range want {
		got := s.Value(i)
		if math.IsNaN(w) != math.IsNaN(got) || !math.IsNaN(w) && math.Abs(got-w) > 1e-12 {
			t.Errorf("%s_%s_%s row %d = %v, want %v", code, scale, time, i+1, got, w)
		}
	}
}

// RAS-R with item i answered (i mod 5) + 1. By hand (Corrigan et al. 2004 key):
// TOTAL = 60 (items 1-20, four runs of 2+3+4+5+1) + 14 (items 21-24) = 74;
// PCH = items 7-14, 21 = 3+4+5+1+2+3+4+5+2 = 29, mean 29/9; WAH = 18-20 = 4+5+1,
// mean 10/3; GSO = 1-5 = 15, mean 3; RO = 6, 22-24 = 2+3+4+5, mean 3.5;
// NDS = 15-17 = 1+2+3, mean 2.
func TestRASRSubscalesAndProrating(t *testing.T) {
	reg := registry(t)
	vals := make([]int, 24)
	for i := range vals {
		vals[i] = (i+1)%5 + 1
	}
	sc, _ := load(t, reg, items("RAS-R", 24, "T1"),
		row("a", vals),
		row("b", vals, 24),            // 1 of 24 missing: TOTAL prorated (74−5)/23·24 = 72; RO 1 of 4 missing (25%) → missing
		row("c", vals, 1, 2, 3, 4),    // 4 of 24 (16.7%): TOTAL (74−14)/20·24 = 72; GSO 4 of 5 missing → missing
		row("d", vals, 1, 2, 3, 4, 5), // 5 of 24 (20.8%) → TOTAL missing
	)
	nan := math.NaN()
	expect(t, sc, "RAS-R", "TOTAL", "T1", 74, 72, 72, nan)
	expect(t, sc, "RAS-R", "PCH", "T1", 29.0/9, 29.0/9, 29.0/9, 29.0/9)
	expect(t, sc, "RAS-R", "WAH", "T1", 10.0/3, 10.0/3, 10.0/3, 10.0/3)
	expect(t, sc, "RAS-R", "GSO", "T1", 3, 3, nan, nan)
	expect(t, sc, "RAS-R", "RO", "T1", 3.5, nan, 3.5, 3.5)
	expect(t, sc, "RAS-R", "NDS", "T1", 2, 2, 2, 2)
	tot := sc.Find("RAS-R", "TOTAL", "T1")
	if tot.NProrated != 2 || !tot.ProratedAt(1) || !tot.ProratedAt(2) || tot.ProratedAt(0) || tot.ProratedAt(3) {
		t.Errorf("prorated = %v %v %v %v (%d), want rows b and c", tot.ProratedAt(0), tot.ProratedAt(1), tot.ProratedAt(2), tot.ProratedAt(3), tot.NProrated)
	}
}

// CAMI in the administered (interleaved) order. Row "agree" answers 5 to
// everything: each factor = 5 pro items at 5 + 5 anti items reversed to 1 = 30;
// the favourable TOTAL reverses AU and SR pro and BE and CMHI anti items,
// 20 items at 1 and 20 at 5 = 120; CONSTRUCT reverses the 20 anti items = 120;
// RAW = 200. Row "fav" answers the most favourable way: AU = SR = 10,
// BE = CMHI = 50, TOTAL = 200, CONSTRUCT = 120, RAW = 5+25 per factor = 120.
func TestCAMIFactorsAndTotals(t *testing.T) {
	reg := registry(t)
	agree := make([]int, 40)
	fav := make([]int, 40)
	for p := 1; p <= 40; p++ {
		agree[p-1] = 5
		pro := (p-1)%8 < 4
		factor := p % 4 // 1 AU, 2 BE, 3 SR, 0 CMHI
		favourableWhenAgree := (factor == 2 || factor == 0) == pro
		if favourableWhenAgree {
			fav[p-1] = 5
		} else {
			fav[p-1] = 1
		}
	}
	sc, _ := load(t, reg, items("CAMI", 40, "T1"), row("agree", agree), row("fav", fav))
	expect(t, sc, "CAMI", "AU", "T1", 30, 10)
	expect(t, sc, "CAMI", "BE", "T1", 30, 50)
	expect(t, sc, "CAMI", "SR", "T1", 30, 10)
	expect(t, sc, "CAMI", "CMHI", "T1", 30, 50)
	expect(t, sc, "CAMI", "TOTAL", "T1", 120, 200)
	expect(t, sc, "CAMI", "CONSTRUCT", "T1", 120, 120)
	expect(t, sc, "CAMI", "RAW", "T1", 200, 120)
}

// The grouped key (Taylor & Dear's table order): AU 1-10, BE 11-20, SR 21-30,
// CMHI 31-40, pro items first within each.
func TestCAMIGroupedVariant(t *testing.T) {
	reg := registry(t)
	if err := reg.SelectVariant("cami", "grouped"); err != nil {
		t.Fatal(err)
	}
	fav := make([]int, 40)
	for i := 1; i <= 40; i++ {
		factor := (i - 1) / 10 // 0 AU, 1 BE, 2 SR, 3 CMHI
		pro := (i-1)%10 < 5
		if (factor == 1 || factor == 3) == pro {
			fav[i-1] = 5
		} else {
			fav[i-1] = 1
		}
	}
	sc, _ := load(t, reg, items("CAMI", 40, "T2"), row("fav", fav), row("fav-missing", fav, 1, 2))
	// Row 2: AU has 2 of 10 missing (20%): prorated 8 items × 1 / 8 × 10 = 10;
	// TOTAL 38 items at 5 → 190/38·40 = 200.
	expect(t, sc, "CAMI", "AU", "T2", 10, 10)
	expect(t, sc, "CAMI", "BE", "T2", 50, 50)
	expect(t, sc, "CAMI", "SR", "T2", 10, 10)
	expect(t, sc, "CAMI", "CMHI", "T2", 50, 50)
	expect(t, sc, "CAMI", "TOTAL", "T2", 200, 200)
}

func TestSWLSVariantsAndSSQ(t *testing.T) {
	reg := registry(t)
	h := append(items("SWLS", 5, "T1"), items("SSQ", 14, "T1")[1:]...)
	r := []int{7, 6, 5, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1}
	sc, _ := load(t, reg, h, row("p", r))
	expect(t, sc, "SWLS", "TOTAL", "T1", 25)
	expect(t, sc, "SSQ", "TOTAL", "T1", 13*4+1)

	// The Spanish 5-point variant refuses a 7.
	if err := reg.SelectVariant("SWLS", "spanish-5"); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Load(strings.NewReader(strings.Join(items("SWLS", 5, "T1"), ",")+"\np,7,5,5,5,5\n"), "x.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}})
	if err != nil {
		t.Fatal(err)
	}
	err = ds.Err()
	if err == nil || !strings.Contains(err.Error(), `line 2, column "SWLS_1_T1": value "7" is outside 1..5, the response range of SWLS (variant spanish-5) items`) {
		t.Errorf("got %v", err)
	}
}

// COPM: PERF and SAT are the means over the rated problems.
func TestCOPM(t *testing.T) {
	reg := registry(t)
	h := []string{"id", "COPM_PERF_WORK_T1", "COPM_SAT_WORK_T1", "COPM_PERF_SELF-CARE_T1", "COPM_SAT_SELF-CARE_T1", "COPM_PERF_T2"}
	sc, _ := load(t, reg, h, []string{"p", "3", "4", "5", "", "6.5"}, []string{"q", "", "", "", "", ""})
	nan := math.NaN()
	expect(t, sc, "COPM", "PERF", "T1", 4, nan)
	expect(t, sc, "COPM", "SAT", "T1", 4, nan)
	expect(t, sc, "COPM", "PERF_WORK", "T1", 3, nan)
	expect(t, sc, "COPM", "SAT_SELF-CARE", "T1", nan, nan)
	// Pre-scored mean used where there are no ratings.
	expect(t, sc, "COPM", "PERF", "T2", 6.5, nan)
}

// A pre-scored total is used when the items are absent and checked against
// them when present.
func TestPrescoredColumns(t *testing.T) {
	reg := registry(t)
	h := append(items("SWLS", 5, "T1"), "SWLS_TOTAL_T1", "SWLS_TOTAL_T2")
	sc, ds := load(t, reg, h, []string{"a", "5", "5", "5", "5", "5", "25", "30"}, []string{"b", "5", "5", "5", "5", "4", "25", ""})
	expect(t, sc, "SWLS", "TOTAL", "T1", 25, 24)
	expect(t, sc, "SWLS", "TOTAL", "T2", 30, math.NaN())
	w := ds.Warnings()
	if len(w) != 1 || w[0].String() != `test.csv: line 3, column "SWLS_TOTAL_T1": warning: given SWLS TOTAL is 25 but the items score 24 (the items are used)` {
		t.Errorf("warnings = %v", w)
	}
}

func TestReverseKeysFromUserDefinition(t *testing.T) {
	reg := registry(t)
	defs, err := instruments.ParseDefinitions([]byte(`
code: MINI
variant: test
name: A test scale
citation: none (test)
status: provisional
items: 4
min: 0
max: 4
reverse: [2, 4]
scales:
  - {code: TOTAL, name: Total, items: [1-4], aggregate: sum, better: higher, higher_means: more}
  - {code: ODD, name: Odd items, items: [1, 3], reverse: [], aggregate: mean, better: lower, higher_means: less}
`), "mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 || defs[0].Reverse.String() != "2, 4" || defs[0].Scale("ODD").Reverse == nil {
		t.Fatalf("parsed %+v", defs)
	}
	// The same definition as JSON in a file, as a user passes it.
	f := t.TempDir() + "/mini.yaml"
	if err := writeFile(f, `[{"code":"MINI","variant":"test","name":"A test scale","citation":"none","status":"provisional","items":4,"min":0,"max":4,"reverse":[2,4],"scales":[{"code":"TOTAL","name":"Total","items":["1-4"],"aggregate":"sum","better":"higher","higher_means":"more"},{"code":"ODD","name":"Odd","items":[1,3],"reverse":[],"aggregate":"mean","better":"lower","higher_means":"less"}]}]`); err != nil {
		t.Fatal(err)
	}
	if err := reg.LoadFile(f); err != nil {
		t.Fatal(err)
	}
	// Items 4, 4, 1, 0: reversed 2 → 0, 4 → 4: TOTAL = 4 + 0 + 1 + 4 = 9; ODD = (4 + 1)/2.
	sc, _ := load(t, reg, items("MINI", 4, "T1"), row("p", []int{4, 4, 1, 0}))
	expect(t, sc, "MINI", "TOTAL", "T1", 9)
	expect(t, sc, "MINI", "ODD", "T1", 2.5)
}

// Every score formed from items is a ratio of whole numbers whose value,
// rounded once, is the score; given scores have none.
func TestRatio(t *testing.T) {
	reg := registry(t)
	f, err := os.Open("../../testdata/example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := dataset.Load(f, "example.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}})
	if err != nil {
		t.Fatal(err)
	}
	sc := scoring.ScoreDataset(ds, reg)
	seen := 0
	for _, s := range sc.Scores {
		for i, v := range s.Floats() {
			num, den, ok := s.Ratio(i)
			if math.IsNaN(v) || !s.FromItems {
				if ok {
					t.Fatalf("%s row %d: ratio %d/%d for a missing or given score", s.Name(), i+1, num, den)
				}
				continue
			}
			if !ok || den <= 0 || float64(num)/float64(den) != v {
				t.Fatalf("%s row %d: ratio %d/%d (%v), value %v", s.Name(), i+1, num, den, ok, v)
			}
			seen++
		}
	}
	if seen < 1000 {
		t.Errorf("only %d scores checked", seen)
	}
	// A prorated sum: RAS-R TOTAL with item j answered (j − 1) mod 5 + 1 and
	// item 3 missing: 67 over 23 items, times 24.
	h := items("RAS-R", 24, "T1")
	vals := make([]int, 24)
	for i := range vals {
		vals[i] = i%5 + 1
	}
	sc2, _ := load(t, reg, h, row("1", vals, 3))
	s := sc2.Find("RAS-R", "TOTAL", "T1")
	num, den, ok := s.Ratio(0)
	if !ok || num != 67*24 || den != 23 || s.Value(0) != 67.0*24/23 {
		t.Errorf("prorated RAS-R total: %d/%d (%v), want %d/23", num, den, ok, 67*24)
	}
}
