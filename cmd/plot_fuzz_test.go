package cmd

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// FuzzFigureFlags: any --group-names / --time-names and --width values
// parse without panic; what is accepted has a code and a name for every
// item and a length within 1.5..100 inches.
// Seeds: testdata/fuzz/figure_flags.txt, one "names<TAB>length" a line.
func FuzzFigureFlags(f *testing.F) {
	fh, err := os.Open("../testdata/fuzz/figure_flags.txt")
	if err != nil {
		f.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		n, l, _ := strings.Cut(sc.Text(), "\t")
		f.Add(n, l)
	}
	f.Fuzz(func(t *testing.T, names, length string) {
		var nv namesValue
		if nv.Set(names) == nil {
			if len(nv.m) != len(nv.order) {
				t.Fatalf("%q: %d names for %d codes", names, len(nv.m), len(nv.order))
			}
			for code, name := range nv.m {
				if strings.TrimSpace(code) == "" || strings.TrimSpace(name) == "" || code != strings.TrimSpace(code) {
					t.Fatalf("%q: accepted %q=%q", names, code, name)
				}
			}
		}
		var lv lengthValue
		if lv.Set(length) == nil && !(lv.v >= 1.5*vg.Inch && lv.v <= 100*vg.Inch) {
			t.Fatalf("%q: accepted %v", length, lv.v)
		}
	})
}
