package dataset_test

import (
	"bytes"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
)

// wideCSV builds a registry-like wide file: rows × (SSQ, RAS-R, CAMI items
// at two time points), with some missing cells.
func wideCSV(rows int) []byte {
	return wideCSVCols(rows, []benchCol{{"SSQ", 14, 7}, {"RAS-R", 24, 5}, {"CAMI", 40, 5}})
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
