package mixed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The mixed models' tests and contrasts are unchanged when every score
// shifts by 10^6 (to the fit's own precision, 1e-6 relative as against R):
// the REML criterion is formed from residuals about the fixed effects, not
// from raw sums.
func TestFitLMMShiftInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	d := Design{Groups: []string{"A", "B"}, Times: []string{"T1", "T2", "T3"}}
	for i := 0; i < 40; i++ {
		u := rng.NormFloat64()
		row := make([]float64, 3)
		for j := range row {
			row[j] = math.Round((20+3*u+rng.NormFloat64()+float64(j*(i%2)))*64) / 64
		}
		if i%7 == 3 {
			row[2] = math.NaN()
		}
		d.Y = append(d.Y, row)
		d.Group = append(d.Group, i%2)
	}
	shifted := d
	shifted.Y = make([][]float64, len(d.Y))
	for i, r := range d.Y {
		shifted.Y[i] = make([]float64, len(r))
		for j, v := range r {
			shifted.Y[i][j] = v + 1e6
		}
	}
	for _, cov := range []Covariance{RandomIntercept, Unstructured} {
		a, err := FitLMM(d, cov)
		if err != nil {
			t.Fatal(err)
		}
		b, err := FitLMM(shifted, cov)
		if err != nil {
			t.Fatal(err)
		}
		rel := func(x, y float64) float64 { return math.Abs(x-y) / math.Max(math.Abs(x), 1e-300) }
		for i, e := range a.Effects {
			if r := rel(e.F, b.Effects[i].F); r > 1e-6 {
				t.Errorf("%v %s: F %.12g shifted %.12g (rel %.2g)", cov, e.Effect, e.F, b.Effects[i].F, r)
			}
			if r := rel(e.DF2, b.Effects[i].DF2); r > 1e-6 {
				t.Errorf("%v %s: df2 %.12g shifted %.12g (rel %.2g)", cov, e.Effect, e.DF2, b.Effects[i].DF2, r)
			}
		}
		for i, c := range a.Changes {
			if r := rel(c.Estimate, b.Changes[i].Estimate); r > 1e-6 {
				t.Errorf("%v change %s: %.12g shifted %.12g (rel %.2g)", cov, c.Group, c.Estimate, b.Changes[i].Estimate, r)
			}
			if r := rel(c.SE, b.Changes[i].SE); r > 1e-6 {
				t.Errorf("%v change SE %s: %.12g shifted %.12g (rel %.2g)", cov, c.Group, c.SE, b.Changes[i].SE, r)
			}
		}
		for i, m := range a.EMMeans {
			if r := math.Abs(m.Estimate + 1e6 - b.EMMeans[i].Estimate); r > 1e-6 {
				t.Errorf("%v EMM %s %s: %.12g + 1e6 vs %.12g", cov, m.Group, m.Time, m.Estimate, b.EMMeans[i].Estimate)
			}
		}
	}
}
