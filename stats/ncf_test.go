package stats

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// With ncp = 0 the noncentral F is the central one (gonum's F).
func TestNoncentralFCentral(t *testing.T) {
	for _, c := range [][3]float64{{0.5, 2, 20}, {3.1, 1, 29}, {7, 4, 120}, {1.2, 3, 7}} {
		want := distuv.F{D1: c[1], D2: c[2]}.CDF(c[0])
		check(t, "pf(ncp = 0)", NoncentralFCDF(c[0], c[1], c[2], 0), want, 1e-12)
	}
}

// The CDF rises with x and falls with the noncentrality, and the inverse
// returns the noncentrality it was given.
func TestNoncentralFMonotoneAndInverse(t *testing.T) {
	prev := 0.0
	for x := 0.25; x < 20; x += 0.25 {
		p := NoncentralFCDF(x, 3, 40, 6)
		if p < prev-1e-15 || p > 1 {
			t.Fatalf("CDF(%g) = %g after %g", x, p, prev)
		}
		prev = p
	}
	prev = 1
	for ncp := 0.0; ncp < 60; ncp += 1.5 {
		p := NoncentralFCDF(4, 3, 40, ncp)
		if p > prev+1e-15 {
			t.Fatalf("CDF at ncp %g = %g after %g", ncp, p, prev)
		}
		prev = p
	}
	for _, ncp := range []float64{0.5, 7, 33, 250} {
		target := NoncentralFCDF(5, 2, 30, ncp)
		check(t, "ncp", NoncentralFNcp(5, 2, 30, target), ncp, 1e-8)
	}
	if got := NoncentralFCDF(math.Inf(1), 2, 30, 4); got != 1 {
		t.Errorf("CDF(+Inf) = %g", got)
	}
	if got := NoncentralFCDF(-1, 2, 30, 4); got != 0 {
		t.Errorf("CDF(-1) = %g", got)
	}
	if got := NoncentralFCDF(1, 0, 30, 4); !math.IsNaN(got) {
		t.Errorf("CDF with df1 = 0 = %g, want NaN", got)
	}
}

// Random item sets never panic and give omega in (0, 1] or a reason.
func TestOmegaRobust(t *testing.T) {
	seed := uint64(7)
	next := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / (1 << 53)
	}
	for trial := 0; trial < 200; trial++ {
		k := 3 + trial%12
		n := 4 + (trial*7)%60
		items := make([][]float64, n)
		for i := range items {
			f := next()*2 - 1
			items[i] = make([]float64, k)
			for j := range items[i] {
				items[i][j] = math.Round(3 + 2*(f*next()+next()-0.5))
			}
		}
		om, err := McDonaldOmega(items)
		if err == nil && !(om.Omega > 0 && om.Omega <= 1) {
			t.Errorf("trial %d (n %d, k %d): omega = %g without an error", trial, n, k, om.Omega)
		}
		if err != nil && !math.IsNaN(om.Omega) {
			t.Errorf("trial %d: error %v with omega %g", trial, err, om.Omega)
		}
	}
}

func BenchmarkMcDonaldOmega40Items(b *testing.B) { benchmarkOmega(b, 300, 40) }

// Scale-sized: 10 items of 60 respondents.
func BenchmarkMcDonaldOmega10Items(b *testing.B) { benchmarkOmega(b, 60, 10) }

func benchmarkOmega(b *testing.B, n, k int) {
	seed := uint64(3)
	next := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / (1 << 53)
	}
	items := make([][]float64, n)
	for i := range items {
		f := next()
		items[i] = make([]float64, k)
		for j := range items[i] {
			items[i][j] = math.Round(1 + 4*(0.6*f+0.4*next()))
		}
	}
	acc := NewCovAccumulator(k)
	for _, r := range items {
		acc.Add(r)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := acc.Omega(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPartialEtaSqCI(b *testing.B) {
	for b.Loop() {
		PartialEtaSqCI(8.0, 2, 20, 0.95)
	}
}

func BenchmarkCohensDCI(b *testing.B) {
	for b.Loop() {
		CohensDCI(2.7, 39, math.Sqrt(40), 0.95)
		CohensDCI(-1.3, 158, 6, 0.95)
	}
}
