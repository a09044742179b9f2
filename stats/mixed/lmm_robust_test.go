package mixed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Small random designs with missing values, ties, constant columns and
// single-participant groups: FitLMM returns a result or an error, never
// panics, and a result without error has finite estimates where estimable.
func TestFitLMMRandomDesignsNoPanic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for it := 0; it < 150; it++ {
		G := 2 + r.IntN(2)
		k := 2 + r.IntN(3)
		n := 2 + r.IntN(12)
		d := Design{}
		for g := 0; g < G; g++ {
			d.Groups = append(d.Groups, string(rune('A'+g)))
		}
		for tt := 0; tt < k; tt++ {
			d.Times = append(d.Times, string(rune('1'+tt)))
		}
		for i := 0; i < n; i++ {
			y := make([]float64, k)
			for j := range y {
				switch r.IntN(6) {
				case 0:
					y[j] = math.NaN()
				case 1:
					y[j] = 3
				default:
					y[j] = float64(r.IntN(5))
				}
			}
			d.Y = append(d.Y, y)
			d.Group = append(d.Group, r.IntN(G))
		}
		for _, cov := range []Covariance{RandomIntercept, Unstructured} {
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic on %+v (%v): %v", d, cov, p)
					}
				}()
				res, err := FitLMM(d, cov)
				if err != nil {
					return
				}
				for _, e := range res.EMMeans {
					if e.Reason == "" && (math.IsNaN(e.Estimate) || math.IsNaN(e.SE)) {
						t.Errorf("NaN EMM without a reason: %+v on %+v", e, d)
					}
				}
			}()
		}
	}
}
