package mixed

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pssa-project/pssa/stats"
)

func benchDesign(n, k int) Design {
	r := rand.New(rand.NewPCG(1, 2))
	d := Design{Groups: []string{"intervention", "control"}}
	for j := 0; j < k; j++ {
		d.Times = append(d.Times, fmt.Sprintf("T%d", j+1))
	}
	for i := 0; i < n; i++ {
		g := i % 2
		subj := r.NormFloat64() * 4
		y := make([]float64, k)
		for j := range y {
			y[j] = float64(int(20 + float64(g*j) + subj + 3*r.NormFloat64()))
		}
		d.Y = append(d.Y, y)
		d.Group = append(d.Group, g)
	}
	return d
}

func BenchmarkMixedANOVA1e6x3(b *testing.B) {
	d := benchDesign(1_000_000, 3)
	b.ResetTimer()
	for b.Loop() {
		if _, err := MixedANOVA(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChangeMannWhitney1e6x3(b *testing.B) {
	d := benchDesign(1_000_000, 3)
	b.ResetTimer()
	for b.Loop() {
		ChangeMannWhitney(d, stats.RankOptions{Method: stats.Asymptotic, Continuity: true})
	}
}
