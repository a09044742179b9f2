package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

// BenchmarkScore scores every scale of RAS-R and CAMI at two time points
// for 20,000 participants (the scorer on its own, data already loaded).
func BenchmarkScore(b *testing.B) {
	reg, err := instruments.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("id")
	for t := 1; t <= 2; t++ {
		for i := 1; i <= 24; i++ {
			fmt.Fprintf(&sb, ",RAS-R_%d_T%d", i, t)
		}
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&sb, ",CAMI_%d_T%d", i, t)
		}
	}
	sb.WriteByte('\n')
	r := rand.New(rand.NewPCG(3, 4))
	for p := 0; p < 20000; p++ {
		fmt.Fprintf(&sb, "P%d", p)
		for j := 0; j < 128; j++ {
			if r.IntN(40) == 0 {
				sb.WriteString(",")
			} else {
				fmt.Fprintf(&sb, ",%d", 1+r.IntN(5))
			}
		}
		sb.WriteByte('\n')
	}
	ds, err := dataset.Load(strings.NewReader(sb.String()), "bench.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}})
	if err != nil || ds.Err() != nil {
		b.Fatal(err, ds.Err())
	}
	for b.Loop() {
		sc := scoring.ScoreLazy(ds, reg)
		for _, s := range sc.Scores {
			s.Compute()
			s.Release()
		}
	}
}
