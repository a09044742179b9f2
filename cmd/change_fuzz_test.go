package cmd

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// FuzzChangeFlags: any --reliability / --norms values parse without panic,
// and what is accepted is in range (a reliability in (0, 1), norm SDs > 0).
// Seeds: testdata/fuzz/change_flags.txt, one "reliability<TAB>norms" a line.
func FuzzChangeFlags(f *testing.F) {
	fh, err := os.Open("../testdata/fuzz/change_flags.txt")
	if err != nil {
		f.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		r, n, _ := strings.Cut(sc.Text(), "\t")
		f.Add(r, n)
	}
	f.Fuzz(func(t *testing.T, rel, norms string) {
		fl := changeFlags{rci: "jt", rciSD: "group", rciZ: 1.96, cutoff: "auto", reliability: strings.Split(rel, ","), norms: []string{norms}}
		o, err := fl.options()
		if err != nil {
			return
		}
		for k, v := range o.Reliability {
			if !(v > 0 && v < 1) {
				t.Fatalf("accepted reliability %s=%v", k, v)
			}
		}
		for k, n := range o.Norms {
			if n.Functional != nil && !(n.Functional.SD > 0) || n.Dysfunctional != nil && !(n.Dysfunctional.SD > 0) {
				t.Fatalf("accepted norms %s=%+v", k, n)
			}
		}
	})
}
