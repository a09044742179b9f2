package stats

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// The expected values in ../testdata/r/change_reference.tsv were printed by
// R 4.2.2 with 17 significant digits; testdata/r/change_reference.R made them
// (Jacobson-Truax and Hageman-Arrindell from their published formulas,
// fisher.test and chisq.test).

func loadChangeReference(t *testing.T) []refCase { return readReference(t, "change_reference.tsv") }

func nanVec(t *testing.T, c refCase, k string) []float64 {
	t.Helper()
	var out []float64
	for _, s := range strings.Split(c[k], ",") {
		if s == "NA" {
			out = append(out, math.NaN())
			continue
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		out = append(out, x)
	}
	return out
}

func closeRel(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if want == 0 {
		return math.Abs(got) <= tol
	}
	return math.Abs(got-want) <= tol*math.Abs(want)
}

const changeTol = 1e-9

func TestChangeAgainstR(t *testing.T) {
	n := 0
	for _, c := range loadChangeReference(t) {
		kind := c["kind"]
		if kind != "jt" && kind != "ha" && kind != "mid" && kind != "jt-missing" {
			continue
		}
		n++
		name := c["name"]
		from, to := nanVec(t, c, "from"), nanVec(t, c, "to")
		if kind == "jt-missing" {
			var f, g []float64
			for i := range from {
				if !math.IsNaN(from[i]) && !math.IsNaN(to[i]) {
					f, g = append(f, from[i]), append(g, to[i])
				}
			}
			from, to = f, g
			// the SD is that of the complete pairs' from-scores
			if got := Describe(from).SD; !closeRel(got, c.num(t, "sd"), changeTol) {
				t.Errorf("%s: SD %v, R %v", name, got, c.num(t, "sd"))
			}
		}
		better, err := ParseBetter(c["better"])
		if err != nil {
			t.Fatal(err)
		}
		crit := Criterion{Z: 1.96, Better: better, Cutoff: c.num(t, "cutoff")}
		if kind != "mid" {
			crit.Z = c.num(t, "z")
		}
		var res ChangeResult
		switch kind {
		case "jt", "jt-missing":
			res, err = JacobsonTruax(from, to, c.num(t, "sd"), c.num(t, "rxx"), crit)
		case "ha":
			res, err = HagemanArrindell(from, to, c.num(t, "rxx"), crit)
		case "mid":
			res, err = MinimalImportantChange(from, to, c.num(t, "mid"), crit)
		}
		if !closeRel(res.RDD, c.num(t, "rdd"), changeTol) {
			t.Errorf("%s: r_DD %v, R %v", name, res.RDD, c.num(t, "rdd"))
		}
		if c["categories"] == "NA" {
			if err == nil {
				t.Errorf("%s: want a reason (R gives no index), got none", name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !closeRel(res.SDiff, c.num(t, "sdiff"), changeTol) {
			t.Errorf("%s: S_diff %v, R %v", name, res.SDiff, c.num(t, "sdiff"))
		}
		idx := nanVec(t, c, "index")
		cats := strings.Split(c["categories"], ",")
		for i := range from {
			if !closeRel(res.Index[i], idx[i], changeTol) {
				t.Errorf("%s[%d]: index %v, R %v", name, i, res.Index[i], idx[i])
			}
			if res.Categories[i].String() != cats[i] {
				t.Errorf("%s[%d]: %v → %v is %s, R %s", name, i, from[i], to[i], res.Categories[i], cats[i])
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d change cases in the reference", n)
	}
}

func TestCutoffsAgainstR(t *testing.T) {
	for _, c := range loadChangeReference(t) {
		if c["kind"] != "cutoff" {
			continue
		}
		b, _ := ParseBetter(c["better"])
		fun := Norm{c.num(t, "fm"), c.num(t, "fsd")}
		dys := Norm{c.num(t, "dm"), c.num(t, "dsd")}
		for _, x := range []struct {
			k   string
			got float64
		}{{"a", CutoffA(dys, b)}, {"b", CutoffB(fun, b)}, {"c", CutoffC(fun, dys)}} {
			if !closeRel(x.got, c.num(t, x.k), changeTol) {
				t.Errorf("cutoff %s (%s): %v, R %v", x.k, b, x.got, c.num(t, x.k))
			}
		}
	}
}

func refTable(t *testing.T, c refCase) [][]int {
	r, _ := strconv.Atoi(c["rows"])
	k, _ := strconv.Atoi(c["cols"])
	cells := c.vec(t, "cells")
	tab := make([][]int, r)
	for i := range tab {
		tab[i] = make([]int, k)
		for j := range tab[i] {
			tab[i][j] = int(cells[i*k+j])
		}
	}
	return tab
}

func TestContingencyAgainstR(t *testing.T) {
	n := 0
	for _, c := range loadChangeReference(t) {
		if c["kind"] != "table" {
			continue
		}
		n++
		tab := refTable(t, c)
		p, err := FisherExact(tab)
		if err != nil {
			t.Fatalf("%s: %v", c["name"], err)
		}
		if !closeRel(p, c.num(t, "fisher_p"), changeTol) {
			t.Errorf("%s: fisher p %.17g, R %.17g", c["name"], p, c.num(t, "fisher_p"))
		}
		for _, correct := range []bool{true, false} {
			sfx := ""
			if !correct {
				sfx = "_uncorrected"
			}
			cs, err := ChiSquaredTest(tab, correct)
			if err != nil {
				t.Fatal(err)
			}
			if !closeRel(cs.Statistic, c.num(t, "chisq"+sfx+"_stat"), changeTol) || !closeRel(cs.P, c.num(t, "chisq"+sfx+"_p"), changeTol) {
				t.Errorf("%s%s: X² %v p %v, R %v %v", c["name"], sfx, cs.Statistic, cs.P, c.num(t, "chisq"+sfx+"_stat"), c.num(t, "chisq"+sfx+"_p"))
			}
			if !closeRel(cs.MinExpected, c.num(t, "min_expected"), changeTol) {
				t.Errorf("%s: min expected %v, R %v", c["name"], cs.MinExpected, c.num(t, "min_expected"))
			}
		}
		ct, err := CompareCategories(tab)
		if err != nil {
			t.Fatal(err)
		}
		want, wantP := "fisher", c.num(t, "fisher_p")
		if c.num(t, "min_expected") >= 5 {
			want, wantP = "chisq", c.num(t, "chisq_p")
		}
		if ct.Test != want || !closeRel(ct.P, wantP, changeTol) {
			t.Errorf("%s: CompareCategories %s %v, want %s %v", c["name"], ct.Test, ct.P, want, wantP)
		}
	}
	if n == 0 {
		t.Fatal("no tables in the reference")
	}
}

func TestCompareCategoriesDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		table [][]int
	}{
		{"one group", [][]int{{3, 4, 5}}},
		{"one group with participants", [][]int{{3, 4, 5}, {0, 0, 0}}},
		{"one category after dropping zeros", [][]int{{0, 7, 0}, {0, 3, 0}}},
	} {
		ct, err := CompareCategories(tc.table)
		if err != nil || ct.Test != "" || !math.IsNaN(ct.P) || ct.Reason == "" {
			t.Errorf("%s: %+v %v, want no test and a reason", tc.name, ct, err)
		}
	}
	// zero columns are dropped before choosing: this 2 × 3 with an empty
	// middle column is the 2 × 2 {{3, 1}, {1, 3}}.
	ct, _ := CompareCategories([][]int{{3, 0, 1}, {1, 0, 3}})
	if ct.Test != "fisher" || !closeRel(ct.P, 0.48571428571428582, changeTol) {
		t.Errorf("empty column: %+v", ct)
	}
}

func TestChangeBadInput(t *testing.T) {
	crit := Criterion{Z: 1.96, Cutoff: math.NaN()}
	x, y := []float64{1, 2, 3, 4}, []float64{2, 3, 5, 4}
	for _, r := range []float64{0, 1, -0.2, 1.3, math.NaN()} {
		if _, err := JacobsonTruax(x, y, 1, r, crit); err == nil {
			t.Errorf("reliability %v accepted", r)
		}
		if _, err := HagemanArrindell(x, y, r, crit); err == nil {
			t.Errorf("HA: reliability %v accepted", r)
		}
	}
	for _, sd := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := JacobsonTruax(x, y, sd, 0.8, crit); err == nil {
			t.Errorf("SD %v accepted", sd)
		}
	}
	if _, err := JacobsonTruax(nil, nil, 1, 0.8, crit); err == nil {
		t.Error("no pairs accepted")
	}
	if _, err := ParseBetter("none"); err == nil {
		t.Error(`direction "none" accepted`)
	}
}

func TestFisherLargeTableIsBounded(t *testing.T) {
	// Dense 4 × 5 with 400 observations: either a p-value or a reason, never
	// a hang or a panic.
	tab := [][]int{{20, 18, 22, 19, 21}, {21, 19, 20, 22, 18}, {18, 22, 19, 21, 20}, {22, 20, 21, 18, 19}}
	p, err := FisherExact(tab)
	if err == nil && !(p > 0 && p <= 1) {
		t.Errorf("p = %v", p)
	}
}

// FisherExact's pruned enumeration against the plain one on random small
// tables: every table with the margins, P(t) ≤ P(obs)(1 + 1e-7) summed.
func TestFisherExactMatchesBruteForce(t *testing.T) {
	rng := uint64(12345)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	for iter := 0; iter < 300; iter++ {
		r, c := 2+next(2), 2+next(3)
		tab := make([][]int, r)
		for i := range tab {
			tab[i] = make([]int, c)
			for j := range tab[i] {
				tab[i][j] = next(6)
			}
		}
		got, err := FisherExact(tab)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteFisher(tab)
		if !closeRel(got, want, 1e-12) {
			t.Fatalf("%v: %v, brute force %v", tab, got, want)
		}
	}
}

func bruteFisher(tab [][]int) float64 {
	r, c := len(tab), len(tab[0])
	rs, cs := make([]int, r), make([]int, c)
	n := 0
	for i := range tab {
		for j, v := range tab[i] {
			rs[i] += v
			cs[j] += v
			n += v
		}
	}
	lf := logFactorials(n)
	logP := func(x [][]int) float64 {
		s := -lf[n]
		for _, v := range rs {
			s += lf[v]
		}
		for _, v := range cs {
			s += lf[v]
		}
		for i := range x {
			for _, v := range x[i] {
				s -= lf[v]
			}
		}
		return s
	}
	pObs := math.Exp(logP(tab))
	cur := make([][]int, r)
	for i := range cur {
		cur[i] = make([]int, c)
	}
	total := 0.0
	// fill cells in row-major order, last row and last column determined
	var rec func(cell int)
	rec = func(cell int) {
		if cell == (r-1)*(c-1) {
			// complete last column and last row
			for i := 0; i < r-1; i++ {
				s := 0
				for j := 0; j < c-1; j++ {
					s += cur[i][j]
				}
				if rs[i]-s < 0 {
					return
				}
				cur[i][c-1] = rs[i] - s
			}
			for j := 0; j < c; j++ {
				s := 0
				for i := 0; i < r-1; i++ {
					s += cur[i][j]
				}
				if cs[j]-s < 0 {
					return
				}
				cur[r-1][j] = cs[j] - s
			}
			if p := math.Exp(logP(cur)); p <= pObs*(1+1e-7) {
				total += p
			}
			return
		}
		i, j := cell/(c-1), cell%(c-1)
		for v := 0; v <= rs[i] && v <= cs[j]; v++ {
			cur[i][j] = v
			rec(cell + 1)
		}
	}
	rec(0)
	return math.Min(1, total)
}
