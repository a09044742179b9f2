package mixed

import (
	"math"
	"testing"
)

// The analytic gradient of the REML criterion against central differences.
func TestREMLGradient(t *testing.T) {
	d := lmmReadDesign(t, "groups3t4")
	s, err := newSuffStats(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, cm := range []covModel{riModel{k: s.k}, unModel{k: s.k}} {
		theta := cm.start(s.momentCovariance())
		for i := range theta {
			theta[i] += 0.05 * float64(i+1)
		}
		for _, profile := range []bool{true, false} {
			x := append(append([]float64(nil), theta...), math.Log(1.7))
			n := len(theta)
			if !profile {
				n++
			}
			st, err := eval(s, cm, x[:len(theta)], math.Exp(x[len(theta)]), profile, true)
			if err != nil {
				t.Fatal(err)
			}
			h := 1e-6
			for j := 0; j < n; j++ {
				xp := append([]float64(nil), x...)
				xm := append([]float64(nil), x...)
				xp[j] += h
				xm[j] -= h
				sp, _ := eval(s, cm, xp[:len(theta)], math.Exp(xp[len(theta)]), profile, false)
				sm, _ := eval(s, cm, xm[:len(theta)], math.Exp(xm[len(theta)]), profile, false)
				num := (sp.dev - sm.dev) / (2 * h)
				if math.Abs(num-st.grad[j]) > 1e-5*math.Max(1, math.Abs(num)) {
					t.Errorf("%T profile=%v: d/dθ_%d analytic %.8g, numeric %.8g", cm, profile, j, st.grad[j], num)
				}
			}
		}
	}
}
