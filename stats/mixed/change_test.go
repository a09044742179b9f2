package mixed

import (
	"strconv"
	"testing"

	"github.com/pssa-project/pssa/stats"
)

// Against wilcox.test on the change scores of two designs (one with
// drop-outs and tied changes); see testdata/r/mixed_anova_reference.R.
func TestChangeMannWhitneyAgainstR(t *testing.T) {
	designs := loadDesigns(t)
	got := map[string][]ChangeTest{}
	checked := 0
	for _, ref := range loadRef(t) {
		if ref["row"] != "changemw" {
			continue
		}
		name := ref["design"]
		asym, ok := got[name]
		if !ok {
			asym = ChangeMannWhitney(designs[name], stats.RankOptions{Method: stats.Asymptotic, Continuity: true})
			got[name] = asym
		}
		exact := ChangeMannWhitney(designs[name], stats.RankOptions{Method: stats.Exact, Continuity: true})
		found := false
		for i, c := range asym {
			if c.From != ref["from"] || c.To != ref["to"] || c.Group1 != ref["group1"] || c.Group2 != ref["group2"] {
				continue
			}
			found = true
			lbl := name + " " + c.From + "→" + c.To + " " + c.Group1 + "−" + c.Group2 + " "
			if c.Reason != "" {
				t.Fatalf("%s: %s", lbl, c.Reason)
			}
			if strconv.Itoa(c.Test.N1) != ref["n1"] || strconv.Itoa(c.Test.N2) != ref["n2"] {
				t.Errorf("%s: n %d, %d; R %s, %s", lbl, c.Test.N1, c.Test.N2, ref["n1"], ref["n2"])
			}
			check(t, lbl+"W", c.Test.W, ref.num(t, "w"), relTol)
			check(t, lbl+"p (normal)", c.Test.P, ref.num(t, "p_asymptotic"), relTol)
			check(t, lbl+"z", c.Test.Z, ref.num(t, "z"), relTol)
			check(t, lbl+"r", c.Test.R, ref.num(t, "r"), relTol)
			if v := ref["p_exact"]; v != "NaN" && v != "NA" {
				check(t, lbl+"p (exact)", exact[i].Test.P, ref.num(t, "p_exact"), relTol)
			}
			checked++
		}
		if !found {
			t.Errorf("%s: no test %s→%s %s−%s", name, ref["from"], ref["to"], ref["group1"], ref["group2"])
		}
	}
	if checked < 8 {
		t.Errorf("only %d change tests checked", checked)
	}
}

func TestChangeMannWhitneyDegenerate(t *testing.T) {
	d := Design{
		Y:      [][]float64{{1, 2}, {2, 3}, {4, 5}},
		Group:  []int{0, 0, 2},
		Groups: []string{"A", "B", "C"},
		Times:  []string{"T1", "T2"},
	}
	rows := ChangeMannWhitney(d, stats.RankOptions{})
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3 (A−B, A−C, B−C)", len(rows))
	}
	if rows[0].Reason == "" || rows[2].Reason == "" {
		t.Errorf("a group without change scores should give a reason: %+v", rows)
	}
	if rows[1].Reason == "" {
		t.Errorf("A vs C: every change is 1, the test is undefined: %+v", rows[1])
	}
}
