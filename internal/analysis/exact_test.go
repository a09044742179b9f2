package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// wahScores scores RAS-R at T1 and T2 for rows whose WAH items (18-20, a
// mean of 3) are given; every other item is 3.
func wahScores(t *testing.T, wah [][2][3]int) *scoring.Scores {
	t.Helper()
	reg, err := instruments.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("id")
	for _, tp := range []string{"T1", "T2"} {
		for i := 1; i <= 24; i++ {
			fmt.Fprintf(&b, ",RAS-R_%d_%s", i, tp)
		}
	}
	b.WriteString("\n")
	for r, row := range wah {
		fmt.Fprint(&b, r+1)
		for tp := 0; tp < 2; tp++ {
			for i := 1; i <= 24; i++ {
				v := 3
				if i >= 18 && i <= 20 {
					v = row[tp][i-18]
				}
				fmt.Fprintf(&b, ",%d", v)
			}
		}
		b.WriteString("\n")
	}
	ds, err := dataset.Load(strings.NewReader(b.String()), "wah.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	return scoring.ScoreDataset(ds, reg)
}

// Changes of a mean of 3 items: 7/3 − 1 and 13/3 − 3 are both 4/3, but the
// differences of the rounded scores are 1.3333333333333335 and
// 1.333333333333333. Formed from the integer ratios they are equal, so they
// tie whatever the tie rule (also --digits-rank inf).
func TestExactDifferences(t *testing.T) {
	sc := wahScores(t, [][2][3]int{
		{{1, 1, 1}, {2, 2, 3}}, // 1 → 7/3
		{{3, 3, 3}, {4, 4, 5}}, // 3 → 13/3
		{{2, 2, 2}, {1, 1, 2}}, // 2 → 4/3
		{{5, 5, 4}, {3, 3, 3}}, // 14/3 → 3
	})
	from, to := sc.Find("RAS-R", "WAH", "T1"), sc.Find("RAS-R", "WAH", "T2")
	rows := []int{0, 1, 2, 3}
	if naive := [2]float64{to.Value(0) - from.Value(0), to.Value(1) - from.Value(1)}; naive[0] == naive[1] {
		t.Fatalf("the rounded scores' differences tie (%v): the case does not test anything", naive)
	}
	_, _, d, ok := new(taskBuffers).pairs(from, to, rows)
	if !ok || len(d) != 4 || d[0] != 4.0/3 || d[1] != 4.0/3 || d[2] != -2.0/3 || d[3] != -5.0/3 {
		t.Fatalf("exact differences %v (%v)", d, ok)
	}
	// The signed-rank test in analyze does not depend on the tie rule.
	var got []float64
	for _, digits := range []int{0, stats.DigitsRankExact} {
		p, warns := paired("G", &results.Scale{Instrument: "RAS-R", Code: "WAH"}, from, to, rows, Options{}, stats.RankOptions{Method: stats.Exact, DigitsRank: digits}, new(taskBuffers))
		if len(warns) > 0 || p.Note != "" {
			t.Fatalf("digits %d: warnings %q, note %q", digits, warns, p.Note)
		}
		got = append(got, p.Statistic, p.P)
	}
	// |d| = 4/3, 4/3, 2/3, 5/3: ranks 2.5, 2.5, 1, 4; V = 5.
	if got[0] != 5 || got[2] != 5 || got[1] != got[3] {
		t.Errorf("V, p at 12 digits %v, %v; at inf %v, %v", got[0], got[1], got[2], got[3])
	}
}
