package scoring_test

import (
	"github.com/pssa-project/pssa/instruments"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/scoring"
)

// benchScores loads 4·10^5 rows of COPM ratings and SWLS items (a quarter
// missing) and computes them: a per-problem score (a rating column's codes)
// and a SWLS total (keys).
func benchScores(b *testing.B) (*scoring.Scores, []int) {
	reg, err := instruments.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("id,COPM_PERF_WORK_T1,COPM_SAT_WORK_T1,SWLS_1_T1,SWLS_2_T1,SWLS_3_T1,SWLS_4_T1,SWLS_5_T1\n")
	r := rand.New(rand.NewPCG(1, 1))
	const n = 400000
	for i := range n {
		sb.WriteString("P" + strconv.Itoa(i))
		for j := 0; j < 7; j++ {
			sb.WriteByte(',')
			if r.IntN(4) != 0 {
				hi := 10
				if j >= 2 {
					hi = 7
				}
				sb.WriteString(strconv.Itoa(1 + r.IntN(hi)))
			}
		}
		sb.WriteByte('\n')
	}
	ds, err := dataset.Load(strings.NewReader(sb.String()), "b.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}})
	if err != nil {
		b.Fatal(err)
	}
	sc := scoring.ScoreDataset(ds, reg)
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return sc, rows
}

func BenchmarkPick(b *testing.B) {
	sc, rows := benchScores(b)
	for _, name := range []string{"PERF_WORK", "TOTAL"} {
		var s *scoring.Score
		for _, x := range sc.Scores {
			if x.Code == name {
				s = x
			}
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_ = s.Picked(rows)
			}
		})
	}
}
