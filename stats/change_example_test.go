package stats_test

import (
	"fmt"

	"github.com/pssa-project/pssa/stats"
)

// Four participants on a scale where higher is better, reliability .80, the
// SD of the from-scores 5 and a cutoff of 20: S_diff = √2·5·√0.2 = 3.16, so a
// change beyond 1.96·3.16 = 6.2 points is reliable.
func ExampleJacobsonTruax() {
	from := []float64{12, 18, 25, 22}
	to := []float64{21, 20, 17, 23}
	res, err := stats.JacobsonTruax(from, to, 5, 0.80, stats.Criterion{Z: 1.96, Better: stats.HigherIsBetter, Cutoff: 20})
	if err != nil {
		panic(err)
	}
	fmt.Printf("S_diff %.2f\n", res.SDiff)
	for i := range from {
		fmt.Printf("%g → %g: RCI %+.2f, %s\n", from[i], to[i], res.Index[i], res.Categories[i])
	}
	// Output:
	// S_diff 3.16
	// 12 → 21: RCI +2.85, recovered
	// 18 → 20: RCI +0.63, unchanged
	// 25 → 17: RCI -2.53, harmed
	// 22 → 23: RCI +0.32, unchanged
}

// The categories of two groups compared: with an expected count below 5,
// Fisher's exact test (R's fisher.test; the example's COPM PERF T1–T3 counts).
func ExampleCompareCategories() {
	// rows: groups; columns: improved, unchanged, deteriorated
	ct, _ := stats.CompareCategories([][]int{{5, 6, 0}, {6, 40, 2}})
	fmt.Printf("%s p = %.4f\n", ct.Test, ct.P)
	// Output:
	// fisher p = 0.0552
}
