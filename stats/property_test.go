package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func likert(r *rand.Rand, n, lo, hi int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(lo + r.IntN(hi-lo+1))
	}
	return x
}

func shifted(x []float64, c float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v + c
	}
	return out
}

// Properties that hold for any data: p in [0, 1]; swapping the samples
// mirrors the statistic and keeps the two-sided p; permuting rows and adding
// a constant to both samples change nothing.
func TestRankTestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 300; iter++ {
		n := 1 + r.IntN(40)
		x, y := likert(r, n, 1, 5), likert(r, n, 1, 5)
		for _, m := range []Method{Exact, Asymptotic} {
			for _, alt := range []Alternative{TwoSided, Less, Greater} {
				opt := RankOptions{Alternative: alt, Method: m, Continuity: iter%2 == 0}
				a, errA := SignedRank(x, y, opt)
				b, errB := SignedRank(y, x, opt)
				if errA != nil || errB != nil {
					var de *DegenerateError
					if !errors.As(errA, &de) || !errors.As(errB, &de) {
						t.Fatalf("non-degenerate error %v %v", errA, errB)
					}
					continue
				}
				if a.P < 0 || a.P > 1 || math.IsNaN(a.P) {
					t.Fatalf("p = %v", a.P)
				}
				nr := float64(a.NRanked)
				if math.Abs(a.V+b.V-nr*(nr+1)/2) > 1e-9 {
					t.Fatalf("V %v + swapped %v != n(n+1)/2", a.V, b.V)
				}
				if alt == TwoSided && math.Abs(a.P-b.P) > 1e-12 {
					t.Fatalf("two-sided p changed on swap: %v %v", a.P, b.P)
				}
				// Permute pairs, add a constant to both.
				perm := r.Perm(n)
				px, py := make([]float64, n), make([]float64, n)
				for i, j := range perm {
					px[i], py[i] = x[j]+0.1, y[j]+0.1
				}
				c, err := SignedRank(px, py, opt)
				if err != nil || c.V != a.V || math.Abs(c.P-a.P) > 1e-15 {
					t.Fatalf("permuted/shifted: %v %v vs %v (%v)", c.V, c.P, a.P, err)
				}
			}
		}
		m := 1 + r.IntN(30)
		u, v := likert(r, n, 1, 7), likert(r, m, 1, 7)
		for _, meth := range []Method{Exact, Asymptotic} {
			opt := RankOptions{Alternative: TwoSided, Method: meth, Continuity: true}
			a, errA := MannWhitney(u, v, opt)
			b, errB := MannWhitney(v, u, opt)
			if errA != nil || errB != nil {
				continue // all values equal
			}
			if a.P < 0 || a.P > 1 {
				t.Fatalf("p = %v", a.P)
			}
			if math.Abs(a.W+b.W-float64(n*m)) > 1e-9 || math.Abs(a.P-b.P) > 1e-12 {
				t.Fatalf("swap: W %v + %v vs %d; p %v %v", a.W, b.W, n*m, a.P, b.P)
			}
			c, _ := MannWhitney(shifted(u, 3), shifted(v, 3), opt)
			if c.W != a.W || math.Abs(c.P-a.P) > 1e-15 {
				t.Fatalf("shift changed the result")
			}
		}
	}
}

// The exact conditional p and the normal approximation converge as n grows.
func TestExactAndAsymptoticConverge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	prev := math.Inf(1)
	for _, n := range []int{10, 40, 100, 640} {
		worst := 0.0
		for rep := 0; rep < 5; rep++ {
			x := likert(r, n, 1, 7)
			y := shifted(likert(r, n, 1, 7), 0.3)
			if n <= 100 {
				e, err1 := MannWhitney(x, y, RankOptions{Method: Exact})
				a, err2 := MannWhitney(x, y, RankOptions{Method: Asymptotic})
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				worst = math.Max(worst, math.Abs(e.P-a.P))
			}
			s1, _ := SignedRank(x, y, RankOptions{Method: Exact})
			s2, _ := SignedRank(x, y, RankOptions{Method: Asymptotic})
			worst = math.Max(worst, math.Abs(s1.P-s2.P))
		}
		if n >= 100 && worst > prev {
			t.Errorf("n = %d: max |exact − asymptotic| = %g grew from %g", n, worst, prev)
		}
		if n == 640 && worst > 0.005 {
			t.Errorf("n = 640: exact and asymptotic differ by %g", worst)
		}
		prev = worst
	}
}

func TestDegenerate(t *testing.T) {
	var de *DegenerateError
	check := func(name string, err error, want string) {
		t.Helper()
		if !errors.As(err, &de) || de.Reason != want {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	_, err := SignedRank([]float64{1, 2, 3}, []float64{1, 2, 3}, RankOptions{})
	check("signed-rank zeros", err, "all 3 differences are zero")
	_, err = SignedRank(nil, nil, RankOptions{})
	check("signed-rank empty", err, "no complete pairs")
	_, err = MannWhitney([]float64{2, 2}, []float64{2, 2, 2}, RankOptions{})
	check("mann-whitney equal", err, "all 5 values are equal")
	_, err = MannWhitney(nil, []float64{1}, RankOptions{})
	check("mann-whitney empty", err, "each group needs at least one value (have 0 and 1)")
	_, err = PairedT([]float64{3, 4, 5}, []float64{1, 2, 3}, TwoSided)
	check("paired t constant difference", err, "the 3 differences are all equal (2): the t statistic is undefined")
	_, err = PairedT([]float64{3}, []float64{1}, TwoSided)
	check("paired t n=1", err, "a paired t-test needs at least 2 complete pairs (have 1)")
	_, err = WelchT([]float64{1, 1}, []float64{1, 1}, TwoSided)
	check("welch zero variance", err, "both groups have zero variance: the t statistic is undefined")
	_, err = RepeatedMeasuresANOVA([][]float64{{1, 2, 3}, {2, 3, 4}})
	check("rmanova no error", err, "the error sum of squares is zero (every subject changes by the same amount): F is undefined")
	_, err = RepeatedMeasuresANOVA([][]float64{{1, 2, 3}})
	check("rmanova n=1", err, "a repeated-measures ANOVA needs at least 2 complete cases (have 1)")
	_, err = Friedman([][]float64{{1, 1, 1}, {2, 2, 2}})
	check("friedman all tied", err, "every subject gives the same value at every time point: the Friedman statistic is undefined")
	_, err = CronbachAlpha([][]float64{{1, 2}})
	check("alpha n=1", err, "alpha needs at least 2 complete respondents (have 1)")

	// With 2 subjects and 3 time points Mauchly's test is not defined
	// (n − 1 < k − 1): NaN, while F and the epsilons are.
	r, err := RepeatedMeasuresANOVA([][]float64{{1, 2, 4}, {2, 5, 4}})
	if err != nil || !math.IsNaN(r.MauchlyW) || math.IsNaN(r.F) || math.IsNaN(r.GGEpsilon) {
		t.Errorf("k=3, n=2: %+v %v", r, err)
	}
	// A single pair: exact p = 1 two-sided.
	s, err := SignedRank([]float64{3}, []float64{1}, RankOptions{Method: Exact})
	if err != nil || s.P != 1 || s.V != 1 {
		t.Errorf("n=1: %+v %v", s, err)
	}
}

func BenchmarkExactSignedRankTies50(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	x, y := likert(r, 50, 14, 98), likert(r, 50, 14, 98)
	for b.Loop() {
		if _, err := SignedRank(x, y, RankOptions{Method: Exact}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExactMannWhitneyTies50x50(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	x, y := likert(r, 50, 10, 50), likert(r, 50, 10, 50)
	for b.Loop() {
		if _, err := MannWhitney(x, y, RankOptions{Method: Exact}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAsymptoticMannWhitney10000(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	x, y := likert(r, 10000, 10, 50), likert(r, 10000, 10, 50)
	for b.Loop() {
		if _, err := MannWhitney(x, y, RankOptions{Method: Asymptotic}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRMANOVA1000x3(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	data := make([][]float64, 1000)
	for i := range data {
		data[i] = likert(r, 3, 20, 120)
	}
	for b.Loop() {
		if _, err := RepeatedMeasuresANOVA(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAsymptoticSignedRank10000(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	x, y := likert(r, 10000, 14, 98), likert(r, 10000, 14, 98)
	for b.Loop() {
		if _, err := SignedRank(x, y, RankOptions{Method: Asymptotic, Continuity: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPairedT10000(b *testing.B) {
	r := rand.New(rand.NewPCG(15, 16))
	x, y := likert(r, 10000, 14, 98), likert(r, 10000, 14, 98)
	for b.Loop() {
		if _, err := PairedT(x, y, TwoSided); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWelchT10000(b *testing.B) {
	r := rand.New(rand.NewPCG(17, 18))
	x, y := likert(r, 10000, 14, 98), likert(r, 8000, 14, 98)
	for b.Loop() {
		if _, err := WelchT(x, y, TwoSided); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFriedman1000x3(b *testing.B) {
	r := rand.New(rand.NewPCG(19, 20))
	data := make([][]float64, 1000)
	for i := range data {
		data[i] = likert(r, 3, 20, 120)
	}
	for b.Loop() {
		if _, err := Friedman(data); err != nil {
			b.Fatal(err)
		}
	}
}
