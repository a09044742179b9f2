package mixed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The mixed ANOVA is unchanged (to 1e-12 relative) when every score shifts
// by 10^6 or 10^9 and scale-equivariant under ×10^6 and ×10^-6: its sums of
// squares are formed from deviations, not raw sums (the numbers stay exact
// on a grid of 1/64, so shifted data are the same data).
func TestMixedANOVAShiftInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := Design{Groups: []string{"A", "B", "C"}, Times: []string{"T1", "T2", "T3"}}
	for i := 0; i < 40; i++ {
		row := make([]float64, 3)
		for j := range row {
			row[j] = math.Round((10+3*rng.NormFloat64()+float64(j*(i%3)))*64) / 64
		}
		if i%11 == 5 {
			row[2] = math.NaN()
		}
		d.Y = append(d.Y, row)
		d.Group = append(d.Group, i%3)
	}
	base, err := MixedANOVA(d)
	if err != nil {
		t.Fatal(err)
	}
	transform := func(f func(float64) float64) Design {
		e := d
		e.Y = make([][]float64, len(d.Y))
		for i, r := range d.Y {
			e.Y[i] = make([]float64, len(r))
			for j, v := range r {
				e.Y[i][j] = f(v)
			}
		}
		return e
	}
	cases := []struct {
		name string
		f    func(float64) float64
	}{
		{"+1e6", func(v float64) float64 { return v + 1e6 }},
		{"+1e9", func(v float64) float64 { return v + 1e9 }},
		{"x1e6", func(v float64) float64 { return v * 1e6 }},
		{"x1e-6", func(v float64) float64 { return v * 1e-6 }},
	}
	for _, c := range cases {
		got, err := MixedANOVA(transform(c.f))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, e := range base.Effects {
			g := got.Effects[i]
			for _, q := range []struct {
				what       string
				want, have float64
			}{{"F", e.F, g.F}, {"p", e.P, g.P}, {"partial eta", e.PartialEtaSq, g.PartialEtaSq},
				{"generalized eta", e.GeneralizedEtaSq, g.GeneralizedEtaSq}, {"GG", e.GGEpsilon, g.GGEpsilon}, {"HF", e.HFEpsilon, g.HFEpsilon}} {
				if math.IsNaN(q.want) && math.IsNaN(q.have) {
					continue
				}
				if math.Abs(q.have-q.want) > 1e-12*math.Abs(q.want) {
					t.Errorf("%s %s %s: %.17g, unshifted %.17g (rel %.2g)", c.name, e.Effect, q.what, q.have, q.want, math.Abs(q.have-q.want)/math.Abs(q.want))
				}
			}
		}
	}
}
