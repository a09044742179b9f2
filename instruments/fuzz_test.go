package instruments_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pssa-project/pssa/instruments"
)

// FuzzParseDefinitions: any bytes parse without panic, and what is accepted
// is a valid definition whose scale ranges are sound.
func FuzzParseDefinitions(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/fuzz/definitions/*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defs, err := instruments.ParseDefinitions(data, "fuzz.yaml")
		if err != nil {
			return
		}
		for _, d := range defs {
			if err := d.Validate(); err != nil {
				t.Fatalf("accepted an invalid definition: %v", err)
			}
			for i := range d.Scales {
				lo, hi := d.Range(&d.Scales[i])
				if !(lo < hi) {
					t.Fatalf("scale %s range %v..%v", d.Scales[i].Code, lo, hi)
				}
			}
		}
	})
}
