package cmd_test

import (
	"io"
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
