package dataset

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestDuplicateIDs: checkDuplicateIDs reports what a stable sort of the
// rows by id finds (the way it found them before it used a hash table),
// in the same order, under the cap on errors, with other problems around.
func TestDuplicateIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		n := r.IntN(300)
		if trial%50 == 0 {
			n = 5000 + r.IntN(5000)
		}
		distinct := 1 + r.IntN(n+1)
		mk := func() *Dataset {
			return &Dataset{File: "f.csv", maxProblems: 1 + r.IntN(20)}
		}
		a := mk()
		for i := range n {
			id := fmt.Appendf(nil, "P%d", r.IntN(distinct))
			if r.IntN(30) == 0 {
				id = nil
			}
			a.ids.Append(id)
			a.lines.add(2 + i + r.IntN(2))
		}
		for range r.IntN(4) {
			a.AddProblem(Problem{Line: 2 + r.IntN(n+1), Message: "other"})
		}
		b := *a
		b.Problems = slices.Clone(a.Problems)
		a.checkDuplicateIDs("id")
		b.checkDuplicateIDsSorted("id")
		if !reflect.DeepEqual(a.Problems, b.Problems) || a.Omitted != b.Omitted || a.errors != b.errors {
			t.Fatalf("trial %d (%d rows): got %d problems (%d omitted), want %d (%d omitted)\n%v\n%v",
				trial, n, len(a.Problems), a.Omitted, len(b.Problems), b.Omitted, a.Problems, b.Problems)
		}
	}
}

// checkDuplicateIDsSorted is checkDuplicateIDs as it was, by a stable sort.
func (d *Dataset) checkDuplicateIDsSorted(column string) {
	idx := make([]int32, d.Rows())
	for i := range idx {
		idx[i] = int32(i)
	}
	id := func(i int32) []byte { return d.ids.Bytes(int(i)) }
	slices.SortStableFunc(idx, func(a, b int32) int { return bytes.Compare(id(a), id(b)) })
	var dups []Problem
	for i := 1; i < len(idx); i++ {
		a, b := idx[i-1], idx[i]
		if len(id(b)) == 0 || !bytes.Equal(id(a), id(b)) {
			continue
		}
		first := a
		for j := i - 1; j >= 0 && bytes.Equal(id(idx[j]), id(b)); j-- {
			first = idx[j]
		}
		dups = append(dups, Problem{File: d.File, Line: d.Line(int(b)), Column: column,
			Message: fmt.Sprintf("duplicate id %q (first on line %d)", id(b), d.Line(int(first)))})
	}
	if len(dups) == 0 {
		return
	}
	// Keep the problems in file order.
	for _, p := range dups {
		d.AddProblem(p)
	}
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return a.Line - b.Line })
}
