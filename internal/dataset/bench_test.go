package dataset_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
)

// wideCSV builds a registry-like wide file: rows × (SSQ, RAS-R, CAMI items
// at two time points), with some missing cells.
func wideCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("id,group")
	type col struct {
		inst       string
		items, max int
	}
	cols := []col{{"SSQ", 14, 7}, {"RAS-R", 24, 5}, {"CAMI", 40, 5}}
	for t := 1; t <= 2; t++ {
		for _, c := range cols {
			for i := 1; i <= c.items; i++ {
				fmt.Fprintf(&b, ",%s_%d_T%d", c.inst, i, t)
			}
		}
	}
	b.WriteByte('\n')
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "P%07d,G%d", i, i%3)
		for t := 1; t <= 2; t++ {
			for _, c := range cols {
				for j := 0; j < c.items; j++ {
					if r.IntN(50) == 0 {
						b.WriteString(",")
					} else {
						fmt.Fprintf(&b, ",%d", 1+r.IntN(c.max))
					}
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// BenchmarkLoad reads a 20,000-row, 158-column wide file (the loader on
// its own; bytes/s in the output is the throughput).
func BenchmarkLoad(b *testing.B) {
	data := wideCSV(20000)
	s := schema(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ds, err := dataset.Load(bytes.NewReader(data), "bench.csv", dataset.Options{Schema: s, SizeHint: int64(len(data))})
		if err != nil || ds.Err() != nil {
			b.Fatal(err, ds.Err())
		}
	}
}
