package mixed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// lmmBenchDesign: n participants in 2 groups, k time points, a person
// effect, about 20% drop-out at each later visit.
func lmmBenchDesign(n, k int) Design {
	r := rand.New(rand.NewPCG(13, 1))
	d := Design{Groups: []string{"intervention", "control"}}
	for t := 0; t < k; t++ {
		d.Times = append(d.Times, "T"+string(rune('1'+t)))
	}
	for i := 0; i < n; i++ {
		g := i % 2
		u := r.NormFloat64()
		y := make([]float64, k)
		for t := range y {
			y[t] = 20 + u + 0.3*float64(t*g) + r.NormFloat64()
			if t > 0 && r.Float64() < 0.2 {
				y[t] = math.NaN()
			}
		}
		d.Y = append(d.Y, y)
		d.Group = append(d.Group, g)
	}
	return d
}

func benchmarkFitLMM(b *testing.B, n, k int, cov Covariance) {
	d := lmmBenchDesign(n, k)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := FitLMM(d, cov); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitLMMRandomIntercept1e5x3(b *testing.B) {
	benchmarkFitLMM(b, 100000, 3, RandomIntercept)
}
func BenchmarkFitLMMUnstructured1e5x3(b *testing.B) { benchmarkFitLMM(b, 100000, 3, Unstructured) }
func BenchmarkFitLMMRandomIntercept1e6x3(b *testing.B) {
	benchmarkFitLMM(b, 1000000, 3, RandomIntercept)
}
func BenchmarkFitLMMUnstructured1e6x3(b *testing.B) { benchmarkFitLMM(b, 1000000, 3, Unstructured) }
