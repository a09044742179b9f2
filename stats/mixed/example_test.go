package mixed_test

import (
	"fmt"
	"math"

	"github.com/pssa-project/pssa/stats/mixed"
)

// The same numbers as afex::aov_ez(type = 3) on these data.
func ExampleMixedANOVA() {
	nan := math.NaN()
	d := mixed.Design{
		Y: [][]float64{
			{12, 15, 17}, {10, 14, 15}, {14, 15, 19}, {11, nan, 13}, // intervention
			{13, 13, 14}, {12, 12, 14}, {10, 11, 10}, {14, 15, 14}, // control
		},
		Group:  []int{0, 0, 0, 0, 1, 1, 1, 1},
		Groups: []string{"intervention", "control"},
		Times:  []string{"T1", "T2", "T3"},
	}
	res, err := mixed.MixedANOVA(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("n = %d (%v per group), %d dropped\n", res.N, res.NPerGroup, res.Dropped)
	for _, e := range res.Effects {
		fmt.Printf("%-10s F(%g, %g) = %.2f, p = %.4f, GG p = %.4f\n", e.Effect, e.DF1, e.DF2, e.F, e.P, e.GGP)
	}
	// Output:
	// n = 7 ([3 4] per group), 1 dropped
	// group      F(1, 5) = 2.32, p = 0.1883, GG p = NaN
	// time       F(2, 10) = 21.51, p = 0.0002, GG p = 0.0025
	// group:time F(2, 10) = 11.71, p = 0.0024, GG p = 0.0110
}
