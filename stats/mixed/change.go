package mixed

import (
	"math"

	"github.com/pssa-project/pssa/stats"
)

// ChangeTest is one Mann–Whitney test of change scores: the change
// From → To (later − earlier) of Group1 against that of Group2.
type ChangeTest struct {
	From, To       string
	Group1, Group2 string
	// Mean1 and Mean2 are the mean changes (NaN for an empty group).
	Mean1, Mean2 float64
	// Test is stats.MannWhitney(change in Group1, change in Group2): W is U
	// of Group1, R = z/√(n1 + n2) (positive when Group1 changes more).
	Test stats.MannWhitneyResult
	// Reason says why the test is not defined (empty when it is); Test then
	// holds only the sample sizes.
	Reason string
}

// ChangeMannWhitney is the non-parametric companion of the group × time
// interaction: for each pair of consecutive time points (From, To) and each
// pair of groups (Group1 before Group2 in d.Groups), the Mann–Whitney U test
// of the change scores y_To − y_From, on the participants observed at both
// time points (drop-outs at other visits still count). Each test is R's
// wilcox.test(change1, change2) with the options given (see
// stats.MannWhitney). Rows come time pair by time pair, then group pair by
// group pair.
func ChangeMannWhitney(d Design, opt stats.RankOptions) []ChangeTest {
	var out []ChangeTest
	g := len(d.Groups)
	changes := make([][]float64, g)
	size := make([]int, g)
	for i := 0; i < d.N(); i++ {
		if gi := d.Group[i]; gi >= 0 && gi < g {
			size[gi]++
		}
	}
	for gi := range changes {
		changes[gi] = make([]float64, 0, size[gi])
	}
	for j := 1; j < len(d.Times); j++ {
		for gi := range changes {
			changes[gi] = changes[gi][:0]
		}
		for i := 0; i < d.N(); i++ {
			row := d.Row(i)
			if j >= len(row) || d.Group[i] < 0 || d.Group[i] >= g {
				continue
			}
			c := row[j] - row[j-1]
			if ch := d.changes(i); ch != nil {
				c = ch[j-1]
			}
			if !math.IsNaN(c) {
				changes[d.Group[i]] = append(changes[d.Group[i]], c)
			}
		}
		for a := 0; a < g; a++ {
			for b := a + 1; b < g; b++ {
				ct := ChangeTest{From: d.Times[j-1], To: d.Times[j], Group1: d.Groups[a], Group2: d.Groups[b],
					Mean1: meanOf(changes[a]), Mean2: meanOf(changes[b])}
				r, err := stats.MannWhitney(changes[a], changes[b], opt)
				ct.Test = r
				if err != nil {
					ct.Reason = err.Error()
				}
				out = append(out, ct)
			}
		}
	}
	return out
}

func meanOf(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
