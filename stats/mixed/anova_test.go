package mixed

import (
	"bufio"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/stats"
)

// The designs are ../../testdata/r/mixed_anova_designs.csv and the expected
// values ../../testdata/r/mixed_anova_reference.tsv, both written by
// testdata/r/mixed_anova_reference.R (R 4.2.2, afex 1.2.1, car 3.1.1) with 17
// significant digits.

const relTol = 1e-9

// loadDesigns reads the wide design file: design, id, group, T1..T4.
func loadDesigns(t testing.TB) map[string]Design {
	t.Helper()
	f, err := os.Open("../../testdata/r/mixed_anova_designs.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Design{}
	maxK := map[string]int{}
	for _, r := range recs[1:] {
		name := r[0]
		for j, v := range r[3:] {
			if v != "NA" && j+1 > maxK[name] {
				maxK[name] = j + 1
			}
		}
	}
	for _, r := range recs[1:] {
		name := r[0]
		d := out[name]
		if d.Times == nil {
			for j := 1; j <= maxK[name]; j++ {
				d.Times = append(d.Times, "T"+strconv.Itoa(j))
			}
		}
		gi := -1
		for i, g := range d.Groups {
			if g == r[2] {
				gi = i
			}
		}
		if gi < 0 {
			d.Groups = append(d.Groups, r[2])
			gi = len(d.Groups) - 1
		}
		y := make([]float64, maxK[name])
		for j := range y {
			if r[3+j] == "NA" {
				y[j] = math.NaN()
				continue
			}
			if y[j], err = strconv.ParseFloat(r[3+j], 64); err != nil {
				t.Fatal(err)
			}
		}
		d.Y = append(d.Y, y)
		d.Group = append(d.Group, gi)
		out[name] = d
	}
	return out
}

type refRow map[string]string

func loadRef(t *testing.T) []refRow {
	t.Helper()
	f, err := os.Open("../../testdata/r/mixed_anova_reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []refRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		r := refRow{}
		for _, field := range strings.Split(sc.Text(), "\t") {
			k, v, _ := strings.Cut(field, "=")
			r[k] = v
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func (r refRow) num(t *testing.T, k string) float64 {
	t.Helper()
	v, ok := r[k]
	if !ok {
		t.Fatalf("reference row has no %q", k)
	}
	if v == "NaN" || v == "NA" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("reference %s=%q: %v", k, v, err)
	}
	return x
}

func check(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(got) {
			t.Errorf("%s = %.17g, want NaN (NA in R)", what, got)
		}
		return
	}
	if got == want {
		return
	}
	// Within tol of |want|, or (for a value R gives as exactly 0 or 1 of an
	// arithmetic identity) within tol absolutely.
	if math.Abs(got-want) > tol*math.Max(math.Abs(want), 1e-300) && !(want == 0 && math.Abs(got) < tol) {
		t.Errorf("%s = %.17g, want %.17g (R); relative error %.3g", what, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

func TestMixedANOVAAgainstR(t *testing.T) {
	designs := loadDesigns(t)
	results := map[string]*ANOVAResult{}
	seen := map[string]int{}
	for _, ref := range loadRef(t) {
		name := ref["design"]
		if ref["row"] == "changemw" {
			continue
		}
		res, ok := results[name]
		if !ok {
			var err error
			res, err = MixedANOVA(designs[name])
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			results[name] = res
		}
		seen[ref["row"]]++
		switch ref["row"] {
		case "summary":
			if float64(res.N) != ref.num(t, "n") || float64(res.Dropped) != ref.num(t, "dropped") {
				t.Errorf("%s: n = %d, dropped = %d; R has %s, %s", name, res.N, res.Dropped, ref["n"], ref["dropped"])
			}
			var per []string
			for _, n := range res.NPerGroup {
				per = append(per, strconv.Itoa(n))
			}
			if got := strings.Join(per, ","); got != ref["n_per_group"] {
				t.Errorf("%s: n per group %s, R %s", name, got, ref["n_per_group"])
			}
			check(t, name+" Mauchly W", res.MauchlyW, ref.num(t, "mauchly_w"), relTol)
			check(t, name+" Mauchly p", res.MauchlyP, ref.num(t, "mauchly_p"), relTol)
		case "effect":
			e, ok := res.Effect(ref["effect"])
			if !ok {
				t.Fatalf("%s: no effect %s", name, ref["effect"])
			}
			lbl := name + " " + e.Effect + " "
			check(t, lbl+"SS", e.SS, ref.num(t, "ss"), relTol)
			check(t, lbl+"error SS", e.ErrorSS, ref.num(t, "error_ss"), relTol)
			check(t, lbl+"df1", e.DF1, ref.num(t, "df1"), 0)
			check(t, lbl+"df2", e.DF2, ref.num(t, "df2"), 0)
			check(t, lbl+"F", e.F, ref.num(t, "f"), relTol)
			check(t, lbl+"p", e.P, ref.num(t, "p"), relTol)
			check(t, lbl+"partial eta²", e.PartialEtaSq, ref.num(t, "partial_eta_sq"), relTol)
			check(t, lbl+"generalized eta²", e.GeneralizedEtaSq, ref.num(t, "generalized_eta_sq"), relTol)
			check(t, lbl+"GG epsilon", e.GGEpsilon, ref.num(t, "gg_epsilon"), relTol)
			check(t, lbl+"GG p", e.GGP, ref.num(t, "gg_p"), relTol)
			check(t, lbl+"HF epsilon", e.HFEpsilon, ref.num(t, "hf_epsilon"), relTol)
			check(t, lbl+"HF p", e.HFP, ref.num(t, "hf_p"), relTol)
			if e.Effect != "group" && len(designs[name].Times) > 2 {
				check(t, lbl+"HF epsilon (raw)", res.HFEpsilonRaw, ref.num(t, "hf_epsilon_raw"), relTol)
			}
		}
	}
	if seen["summary"] < 6 || seen["effect"] < 18 {
		t.Errorf("only %v reference rows checked", seen)
	}
	if r := results["hfcap"]; r == nil || r.HFEpsilonRaw <= 1 {
		t.Error("the hfcap design should have a raw Huynh–Feldt epsilon above 1")
	}
}

func TestMixedANOVADegenerate(t *testing.T) {
	nan := math.NaN()
	two := []string{"A", "B"}
	times := []string{"T1", "T2", "T3"}
	cases := []struct {
		name    string
		d       Design
		partial bool   // a result comes back with the error
		want    string // in the reason
	}{
		{"one group", Design{Y: [][]float64{{1, 2, 3}, {2, 3, 5}}, Group: []int{0, 0}, Groups: []string{"A"}, Times: times}, false, "at least 2 groups"},
		{"one time point", Design{Y: [][]float64{{1}, {2}}, Group: []int{0, 1}, Groups: two, Times: []string{"T1"}}, false, "at least 2 time points"},
		{"one participant in a group", Design{Y: [][]float64{{1, 2, 3}, {2, 3, 5}, {4, 4, 7}}, Group: []int{0, 0, 1}, Groups: two, Times: times}, true, "group B has 1 participant"},
		{"only drop-outs in a group", Design{Y: [][]float64{{1, 2, 3}, {2, 3, 5}, {4, nan, 7}, {4, 5, nan}}, Group: []int{0, 0, 1, 1}, Groups: two, Times: times}, true, "group B has 0 participant"},
		{"a group missing a time point", Design{Y: [][]float64{{1, 2, 3}, {2, 3, 5}, {4, nan, 7}, {4, nan, 6}}, Group: []int{0, 0, 1, 1}, Groups: two, Times: times}, false, "group B has no observation at T2"},
		{"no participants", Design{Groups: two, Times: times}, false, "group A has no observation at T1"},
		{"bad group index", Design{Y: [][]float64{{1, 2, 3}}, Group: []int{2}, Groups: two, Times: times}, false, "group index 2"},
		{"ragged row", Design{Y: [][]float64{{1, 2}}, Group: []int{0}, Groups: two, Times: times}, false, "2 scores for 3 time points"},
		{"no within variance", Design{Y: [][]float64{{1, 2, 3}, {2, 3, 4}, {5, 5, 5}, {7, 7, 7}}, Group: []int{0, 0, 1, 1}, Groups: two, Times: times}, true, "within-subject error sum of squares is zero"},
		{"no between variance", Design{Y: [][]float64{{1, 2, 3}, {3, 2, 1}, {5, 6, 7}, {7, 6, 5}}, Group: []int{0, 0, 1, 1}, Groups: two, Times: times}, true, "error sum of squares of group is zero"},
		{"all equal", Design{Y: [][]float64{{3, 3}, {3, 3}, {3, 3}, {3, 3}}, Group: []int{0, 0, 1, 1}, Groups: two, Times: times[:2]}, true, "zero"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := MixedANOVA(c.d)
			if err == nil {
				t.Fatalf("no error; result %+v", res)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			if (res != nil) != c.partial {
				t.Errorf("result %v, want one: %v", res, c.partial)
			}
			var de *stats.DegenerateError
			if !errors.As(err, &de) && !strings.Contains(c.name, "index") && !strings.Contains(c.name, "ragged") {
				t.Errorf("error %T is not a DegenerateError", err)
			}
		})
	}
}

// With too few participants for the error matrix to have full rank (N − g <
// k − 1) the F tests stand but the epsilons and Mauchly's test do not (as car).
func TestMixedANOVASingularErrorMatrix(t *testing.T) {
	d := Design{
		Y:      [][]float64{{1, 2, 4, 3}, {2, 5, 3, 4}, {4, 4, 7, 9}, {3, 5, 5, 8}},
		Group:  []int{0, 0, 1, 1},
		Groups: []string{"A", "B"},
		Times:  []string{"T1", "T2", "T3", "T4"},
	}
	res, err := MixedANOVA(d)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := res.Effect("group:time")
	if math.IsNaN(e.F) || !math.IsNaN(e.GGEpsilon) || !math.IsNaN(e.HFP) || !math.IsNaN(res.MauchlyW) {
		t.Errorf("F %v, GG %v, HF p %v, W %v: want F and NaN corrections", e.F, e.GGEpsilon, e.HFP, res.MauchlyW)
	}
}
