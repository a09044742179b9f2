package sav_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/sav"
)

// benchCases is a registry size, at which .sav reading is meant to stay
// within 2× of the same data as CSV.
const benchCases = 100_000

var benchData = sync.OnceValues(func() ([]byte, []byte) {
	s, c := wideStudy(benchCases)
	runtime.GC() // so that building the data does not bill the benchmarks
	return s, c
})

// wideStudy returns the same wide study as a bytecode-compressed .sav (as
// SPSS and PSPP save by default) and as the CSV WriteCSV makes of it: an id,
// a group, and SSQ (14 items, 1..7), RAS-R (24, 1..5) and CAMI (40, 1..5)
// at two time points (RAS-R named as pssa's grammar has it; SPSS would need
// RAS_R), one cell in 50 system-missing; the layout of
// internal/dataset's BenchmarkLoad.
func wideStudy(rows int) (savBytes, csvBytes []byte) {
	type inst struct {
		name       string
		items, max int
	}
	insts := []inst{{"SSQ", 14, 7}, {"RAS-R", 24, 5}, {"CAMI", 40, 5}}
	b := &builder{order: binary.LittleEndian, compress: true, encoding: "UTF-8"}
	b.vars = append(b.vars, bvar{name: "id", width: 8}, bvar{name: "group", width: 2})
	for t := 1; t <= 2; t++ {
		for _, in := range insts {
			for i := 1; i <= in.items; i++ {
				b.vars = append(b.vars, bvar{name: fmt.Sprintf("%s_%d_T%d", in.name, i, t)})
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < rows; i++ {
		row := []any{fmt.Sprintf("P%07d", i), fmt.Sprintf("G%d", i%3)}
		for t := 1; t <= 2; t++ {
			for _, in := range insts {
				for j := 0; j < in.items; j++ {
					if r.IntN(50) == 0 {
						row = append(row, nan)
					} else {
						row = append(row, float64(1+r.IntN(in.max)))
					}
				}
			}
		}
		b.rows = append(b.rows, row)
	}
	savBytes = b.bytes()
	b.rows = nil
	f, err := sav.Read(bytes.NewReader(savBytes))
	if err != nil {
		panic(err)
	}
	var w bytes.Buffer
	if err := f.WriteCSV(&w, sav.CSVOptions{}); err != nil {
		panic(err)
	}
	return savBytes, w.Bytes()
}

// BenchmarkRead: Read on its own (10^5 cases × 158 variables).
func BenchmarkRead(b *testing.B) {
	data, _ := benchData()
	b.SetBytes(int64(len(data)))
	start := cpuTime()
	for b.Loop() {
		if _, err := sav.Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkReadWriteCSV: Read, then WriteCSV.
func BenchmarkReadWriteCSV(b *testing.B) {
	data, _ := benchData()
	b.SetBytes(int64(len(data)))
	start := cpuTime()
	for b.Loop() {
		f, err := sav.Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if err := f.WriteCSV(io.Discard, sav.CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkLoadCSV is the baseline: the same data as CSV through the loader.
func BenchmarkLoadCSV(b *testing.B) {
	_, data := benchData()
	s := benchSchema(b)
	b.SetBytes(int64(len(data)))
	start := cpuTime()
	for b.Loop() {
		ds, err := dataset.Load(bytes.NewReader(data), "bench.csv", dataset.Options{Schema: s, SizeHint: int64(len(data))})
		if err != nil || ds.Err() != nil {
			b.Fatal(err, ds.Err())
		}
	}
	reportCPU(b, start)
}

// BenchmarkLoadSav: the .sav through Read, WriteCSV and the loader, the
// path a .sav input takes; compare with BenchmarkLoadCSV.
func BenchmarkLoadSav(b *testing.B) {
	data, _ := benchData()
	s := benchSchema(b)
	b.SetBytes(int64(len(data)))
	var buf bytes.Buffer
	start := cpuTime()
	for b.Loop() {
		f, err := sav.Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := f.WriteCSV(&buf, sav.CSVOptions{}); err != nil {
			b.Fatal(err)
		}
		ds, err := dataset.Load(&buf, "bench.sav", dataset.Options{Schema: s, SizeHint: int64(buf.Len())})
		if err != nil || ds.Err() != nil {
			b.Fatal(err, ds.Err())
		}
	}
	reportCPU(b, start)
}

func benchSchema(b *testing.B) dataset.Schema {
	r, err := instruments.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	return scoring.Schema{Registry: r}
}

// cpuTime is the process's user+system CPU time. The benchmarks report it
// per operation (cpu-ms/op) besides wall time: on a shared machine it is
// the steadier figure for comparing the .sav path with the CSV one.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/1e6/float64(b.N), "cpu-ms/op")
}
