package mixed_test

import (
	"fmt"
	"math"

	"github.com/pssa-project/pssa/stats/mixed"
)

// Two arms measured at T1 and T2; two participants of the control arm
// missed T2 and still count at T1. The same numbers as lmerTest's
// anova(lmer(y ~ group*time + (1|id)), type = 3) and emmeans'
// contrast(emm, interaction = c("pairwise", "consec")).
func ExampleFitLMM() {
	nan := math.NaN()
	d := mixed.Design{
		Y: [][]float64{
			{12, 15}, {10, 14}, {14, 16}, {11, 15}, {13, 18}, {9, 12},
			{12, 12}, {11, 12}, {13, 12}, {10, nan}, {14, 15}, {12, nan},
		},
		Group:  []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1},
		Groups: []string{"intervention", "control"},
		Times:  []string{"T1", "T2"},
	}
	r, err := mixed.FitLMM(d, mixed.RandomIntercept)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d participants, %d observations, %d partial\n", r.NParticipants, r.NObservations, r.NPartial)
	for _, e := range r.Effects {
		fmt.Printf("%-10s F(%g, %.2f) = %.2f, p = %.4f\n", e.Effect, e.DF1, e.DF2, e.F, e.P)
	}
	c := r.InteractionContrasts[0]
	fmt.Printf("difference in change %s−%s, %s→%s: %.2f [%.2f, %.2f]\n", c.Group1, c.Group2, c.From, c.To, c.Estimate, c.CILow, c.CIHigh)
	// Output:
	// 12 participants, 22 observations, 2 partial
	// group      F(1, 10.11) = 1.26, p = 0.2870
	// time       F(1, 8.33) = 34.97, p = 0.0003
	// group:time F(1, 8.33) = 23.78, p = 0.0011
	// difference in change intervention−control, T1→T2: 3.16 [1.68, 4.65]
}
