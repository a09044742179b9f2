package dataset_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pssa-project/pssa/internal/dataset"
)

// benchCol is one instrument of a generated wide file: its code, item
// count and highest response.
type benchCol struct {
	inst       string
	items, max int
}

// wideCSVCols builds a wide file: rows × the instruments' items at two time
// points, with some missing cells (deterministic).
func wideCSVCols(rows int, cols []benchCol) []byte {
	var b bytes.Buffer
	b.WriteString("id,group")
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

var studyFiles = sync.OnceValues(func() ([]byte, []byte) {
	const rows = 100000
	data := wideCSVCols(rows, []benchCol{{"SWLS", 5, 7}, {"RAS-R", 24, 5}})
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		panic(err)
	}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		panic(err)
	}
	row := make([]any, len(recs[0]))
	for r, rec := range recs {
		for i, s := range rec {
			if n, err := strconv.Atoi(s); err == nil && r > 0 {
				row[i] = n
			} else if s == "" {
				row[i] = nil
			} else {
				row[i] = s
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := sw.SetRow(cell, row); err != nil {
			panic(err)
		}
	}
	if err := sw.Flush(); err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		panic(err)
	}
	return data, buf.Bytes()
})

// BenchmarkStudyCSV and BenchmarkStudyXLSX read the same 10^5-participant
// study as CSV and as .xlsx (the workbook is meant to load within 10× of
// the CSV).
func BenchmarkStudyCSV(b *testing.B) {
	data, _ := studyFiles()
	s := schema(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ds, err := dataset.Load(bytes.NewReader(data), "study.csv", dataset.Options{Schema: s, SizeHint: int64(len(data))})
		if err != nil || ds.Err() != nil || ds.Rows() != 100000 {
			b.Fatal(err, ds.Err())
		}
	}
}

func BenchmarkStudyXLSX(b *testing.B) {
	_, data := studyFiles()
	s := schema(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ds, err := dataset.LoadXLSX(bytes.NewReader(data), "study.xlsx", "", dataset.Options{Schema: s})
		if err != nil || ds.Err() != nil || ds.Rows() != 100000 {
			b.Fatal(err, ds.Err())
		}
	}
}
