package dataset_test

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/pssa-project/pssa/internal/dataset"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkLoadCPU(b *testing.B) {
	data := wideCSV(20000)
	s := schema(b)
	b.ResetTimer()
	c0 := cpuNow()
	n := 0
	for b.Loop() {
		ds, err := dataset.Load(bytes.NewReader(data), "bench.csv", dataset.Options{Schema: s, SizeHint: int64(len(data))})
		if err != nil || ds.Err() != nil {
			b.Fatal(err, ds.Err())
		}
		n++
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(n)/1e6, "cpu-ms/op")
}
