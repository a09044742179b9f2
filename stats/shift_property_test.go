package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// How a statistic moves when every value x becomes s·x + c.
type moves int

const (
	invariant moves = iota // unchanged (t, p, d, F, epsilons, alpha, ranks)
	location               // s·v + c (means, quantiles, CI bounds)
	spread                 // |s|·v (SDs, mean differences up to sign)
	signed                 // s·v (mean differences)
	squared                // s²·v (sums of squares)
)

type statValue struct {
	name  string
	v     float64
	moves moves
}

// everyStatistic computes every statistic of the package on paired or
// two-sample data x, y and the subjects × times matrix m.
func everyStatistic(t *testing.T, x, y []float64, m [][]float64) []statValue {
	t.Helper()
	var out []statValue
	add := func(name string, v float64, mv moves) { out = append(out, statValue{name, v, mv}) }
	pt, err := PairedT(x, y, TwoSided)
	if err != nil {
		t.Fatal(err)
	}
	add("paired t", pt.T, invariant)
	add("paired p", pt.P, invariant)
	add("paired mean diff", pt.MeanDiff, signed)
	add("paired SD diff", pt.SDDiff, spread)
	add("paired d_z", pt.Dz, invariant)
	add("paired d_av", pt.Dav, invariant)
	lo, hi, err := CohensDCI(pt.T, pt.DF, math.Sqrt(float64(pt.N)), 0.95)
	if err != nil {
		t.Fatal(err)
	}
	add("d_z CI lo", lo, invariant)
	add("d_z CI hi", hi, invariant)
	for _, f := range []struct {
		name string
		f    func([]float64, []float64, Alternative) (IndependentTResult, error)
	}{{"welch", WelchT}, {"student", StudentT}} {
		r, err := f.f(x, y[:len(y)-1], TwoSided)
		if err != nil {
			t.Fatal(err)
		}
		add(f.name+" t", r.T, invariant)
		add(f.name+" df", r.DF, invariant)
		add(f.name+" p", r.P, invariant)
		add(f.name+" mean1", r.Mean1, location)
		add(f.name+" mean2", r.Mean2, location)
		add(f.name+" SD1", r.SD1, spread)
		add(f.name+" SD2", r.SD2, spread)
		add(f.name+" d", r.D, invariant)
		add(f.name+" g", r.G, invariant)
		scale := math.Sqrt(float64(r.N1*r.N2) / float64(r.N1+r.N2))
		lo, hi, err := CohensDCI(r.D*scale, float64(r.N1+r.N2-2), scale, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		add(f.name+" d CI lo", lo, invariant)
		add(f.name+" d CI hi", hi, invariant)
	}
	rm, err := RepeatedMeasuresANOVA(m)
	if err != nil {
		t.Fatal(err)
	}
	add("RM F", rm.F, invariant)
	add("RM p", rm.P, invariant)
	add("RM SS time", rm.SSTime, squared)
	add("RM SS subject", rm.SSSubject, squared)
	add("RM SS error", rm.SSErr, squared)
	add("RM Mauchly W", rm.MauchlyW, invariant)
	add("RM Mauchly p", rm.MauchlyP, invariant)
	add("RM GG epsilon", rm.GGEpsilon, invariant)
	add("RM HF epsilon", rm.HFEpsilonRaw, invariant)
	add("RM GG p", rm.GGP, invariant)
	add("RM partial eta²", rm.PartialEtaSq, invariant)
	add("RM generalized eta²", rm.GeneralizedEtaSq, invariant)
	fr, err := Friedman(m)
	if err != nil {
		t.Fatal(err)
	}
	add("Friedman", fr.Statistic, invariant)
	add("Friedman p", fr.P, invariant)
	s := Describe(x)
	add("mean", s.Mean, location)
	add("SD", s.SD, spread)
	add("Q1", s.Q1, location)
	add("median", s.Median, location)
	add("Q3", s.Q3, location)
	mm, lo, hi := MeanCI(x, 0.95)
	add("MeanCI mean", mm, location)
	add("MeanCI lo", lo, location)
	add("MeanCI hi", hi, location)
	a, err := CronbachAlpha(m)
	if err != nil {
		t.Fatal(err)
	}
	add("alpha", a.Raw, invariant)
	add("alpha std", a.Std, invariant)
	for _, meth := range []Method{Exact, Asymptotic} {
		opt := RankOptions{Method: meth, Continuity: true}
		sr, err := SignedRank(x, y, opt)
		if err != nil {
			t.Fatal(err)
		}
		add("signed-rank V "+meth.String(), sr.V, invariant)
		add("signed-rank p "+meth.String(), sr.P, invariant)
		add("signed-rank z "+meth.String(), sr.Z, invariant)
		mw, err := MannWhitney(x, y[:len(y)-1], opt)
		if err != nil {
			t.Fatal(err)
		}
		add("Mann-Whitney W "+meth.String(), mw.W, invariant)
		add("Mann-Whitney p "+meth.String(), mw.P, invariant)
		add("Mann-Whitney z "+meth.String(), mw.Z, invariant)
	}
	return out
}

func transform(x []float64, s, c float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = s*v + c
	}
	return out
}

// Every statistic is unchanged (to 1e-12 relative) when all data shift by
// 10^6 or 10^9, and moves as it should when they are multiplied by 10^6 or
// 10^-6. The data lie on a grid of 1/64, so the shifted values are exact and
// any change would be the arithmetic's.
func TestShiftAndScaleInvariance(t *testing.T) {
	const tol = 1e-12
	r := rand.New(rand.NewPCG(21, 22))
	grid := func(n int, lo, hi float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Round((lo+(hi-lo)*r.Float64())*64) / 64
		}
		return x
	}
	for iter := 0; iter < 40; iter++ {
		n := 5 + r.IntN(25)
		lo := -50 + 100*r.Float64()
		width := []float64{0.5, 4, 40}[iter%3]
		x, y := grid(n, lo, lo+width), grid(n, lo, lo+width)
		m := make([][]float64, n)
		for i := range m {
			b := grid(1, lo, lo+width)[0]
			m[i] = []float64{b, b + grid(1, 0, width/2)[0], b + grid(1, -width/4, width)[0]}
		}
		base := everyStatistic(t, x, y, m)
		for _, tr := range []struct {
			name string
			s, c float64
		}{{"+1e6", 1, 1e6}, {"+1e9", 1, 1e9}, {"-1e9", 1, -1e9}, {"×1e6", 1e6, 0}, {"×1e-6", 1e-6, 0}} {
			tm := make([][]float64, n)
			for i := range m {
				tm[i] = transform(m[i], tr.s, tr.c)
			}
			got := everyStatistic(t, transform(x, tr.s, tr.c), transform(y, tr.s, tr.c), tm)
			for k, b := range base {
				want := b.v
				switch b.moves {
				case location:
					want = tr.s*b.v + tr.c
				case spread:
					want = math.Abs(tr.s) * b.v
				case signed:
					want = tr.s * b.v
				case squared:
					want = tr.s * tr.s * b.v
				}
				g := got[k].v
				if math.IsNaN(want) && math.IsNaN(g) || g == want {
					continue
				}
				if math.Abs(g-want) > tol*math.Abs(want) {
					t.Errorf("iteration %d (n = %d, width %g), %s: %s = %.17g, want %.17g (relative error %.2g)",
						iter, n, width, tr.name, b.name, g, want, math.Abs(g-want)/math.Abs(want))
				}
			}
		}
	}
}
