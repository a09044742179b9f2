package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

// benchData is 20,000 participants' RAS-R and CAMI items at two time
// points (one in 40 cells missing).
func benchData(b *testing.B) (*dataset.Dataset, *instruments.Registry) {
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
	for p := 0; p < benchRows; p++ {
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
	ds, err := dataset.Load(strings.NewReader(sb.String()), "bench.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}, SizeHint: int64(sb.Len())})
	if err != nil || ds.Err() != nil {
		b.Fatal(err, ds.Err())
	}
	return ds, reg
}

// BenchmarkScore scores every scale of RAS-R and CAMI at two time points
// for 20,000 participants (the scorer on its own, data already loaded).
func BenchmarkScore(b *testing.B) {
	ds, reg := benchData(b)
	for b.Loop() {
		sc := scoring.ScoreLazy(ds, reg)
		for _, s := range sc.Scores {
			s.Compute()
			s.Release()
		}
	}
}

// BenchmarkItemRow reads every row's items of every scale as alpha and
// omega do (Score.ItemRow).
func BenchmarkItemRow(b *testing.B) {
	ds, reg := benchData(b)
	sc := scoring.ScoreLazy(ds, reg)
	row := make([]uint32, 64)
	for b.Loop() {
		n := 0
		for _, s := range sc.Scores {
			for i := 0; i < ds.Rows(); i++ {
				if s.ItemRow(i, row) {
					n++
				}
			}
		}
		if n == 0 {
			b.Fatal("no complete rows")
		}
	}
}

// BenchmarkRatio reads every row's score as a ratio (Score.Ratio), as the
// exact paired differences do.
func BenchmarkRatio(b *testing.B) {
	ds, reg := benchData(b)
	sc := scoring.ScoreLazy(ds, reg)
	for _, s := range sc.Scores {
		s.Compute()
	}
	for b.Loop() {
		var sum int64
		for _, s := range sc.Scores {
			for i := 0; i < ds.Rows(); i++ {
				if num, _, ok := s.Ratio(i); ok {
					sum += num
				}
			}
		}
		if sum == 0 {
			b.Fatal("no ratios")
		}
	}
}

var benchRows = func() int {
	if n, err := strconv.Atoi(os.Getenv("PSSA_BENCH_ROWS")); err == nil {
		return n
	}
	return 20000
}()
