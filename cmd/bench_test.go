package cmd_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// BenchmarkAnalyzeExample is the study-size workload in-process (no
// process start-up): load, score and analyse testdata/example.csv.
func BenchmarkAnalyzeExample(b *testing.B) {
	for b.Loop() {
		if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--format", "json"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkAnalyzeExampleTable is BenchmarkAnalyzeExample in the default
// format, the text tables: the difference is the tables' cost.
func BenchmarkAnalyzeExampleTable(b *testing.B) {
	for b.Loop() {
		if code := cmd.Run([]string{"analyze", "../testdata/example.csv"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkStartup is pssa's fixed cost: the command tree and the embedded
// instrument registry.
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		if code := cmd.Run([]string{"instruments", "--format", "json"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkAnalyzeExampleNoGroupTime is BenchmarkAnalyzeExample without the
// group × time block: the difference is the block's cost.
func BenchmarkAnalyzeExampleNoGroupTime(b *testing.B) {
	for b.Loop() {
		if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--format", "json", "--group-time=false"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkAnalyzeExampleNoChange is BenchmarkAnalyzeExample without the
// clinical significance section: the difference is the section's cost.
func BenchmarkAnalyzeExampleNoChange(b *testing.B) {
	for b.Loop() {
		if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--format", "json", "--change=false"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}

// BenchmarkAnalyzeSimulated100k is analyze at registry scale in-process:
// 100,000 simulated participants, every instrument at three time points
// (pssa simulate --seed 7; the file is made once, outside the timing). For a
// profile: go test -run '^$' -bench AnalyzeSimulated100k -cpuprofile cpu.prof ./cmd
func BenchmarkAnalyzeSimulated100k(b *testing.B) {
	file := filepath.Join(b.TempDir(), "registry.csv")
	if code := cmd.Run([]string{"simulate", "--participants", "100000", "--seed", "7", "-o", file}, nil, io.Discard, io.Discard); code != 0 {
		b.Fatal("simulate:", code)
	}
	if st, err := os.Stat(file); err == nil {
		b.SetBytes(st.Size())
	}
	b.ResetTimer()
	for b.Loop() {
		if code := cmd.Run([]string{"analyze", file, "--format", "json"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}
