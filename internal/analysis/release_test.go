package analysis_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pssa-project/pssa/cmd"
	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/analysis"
	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/scoring"
)

// TestReleaseItemsSameResults runs the analysis of a simulated study large
// enough for scores in keys (every instrument, three time points), with
// and without freeing the items as it goes, with the change analysis on
// definitions' reliabilities and on study alphas (which read the items
// late): the results are the same, and the items are freed.
func TestReleaseItemsSameResults(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sim.csv")
	if code := cmd.Run([]string{"simulate", "--participants", "4000", "--seed", "11", "-o", file}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatal("simulate:", code)
	}
	reg, err := instruments.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	load := func() *scoring.Scores {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := dataset.Load(bytes.NewReader(data), "sim.csv", dataset.Options{Schema: scoring.Schema{Registry: reg}, SizeHint: int64(len(data))})
		if err != nil {
			t.Fatal(err)
		}
		return scoring.ScoreLazy(ds, reg)
	}
	for _, study := range []bool{false, true} {
		opt := analysis.Options{Change: &analysis.ChangeOptions{ReliabilityStudy: study}}
		want, err := analysis.Run(load(), opt)
		if err != nil {
			t.Fatal(err)
		}
		sc := load()
		keys := 0
		for _, s := range sc.Scores {
			s.Compute()
			if s.FromItems && !s.ReadsItems() {
				keys++
			}
			s.Release()
		}
		if keys == 0 {
			t.Fatal("no score in keys: the test does not reach the early release")
		}
		opt.ReleaseItems = true
		got, err := analysis.Run(sc, opt)
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Fatalf("study alpha %v: results differ with ReleaseItems", study)
		}
		freed := 0
		for _, c := range sc.Data.Columns {
			if codes, _, packed := c.ResponseCodes(); packed && codes == nil {
				freed++
			}
		}
		if freed == 0 {
			t.Fatalf("study alpha %v: no item column was freed", study)
		}
	}
}
