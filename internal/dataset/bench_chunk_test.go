package dataset_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
)

// registryFile is the peer benchmark's registry file (bench/, `make
// bench-peers`), when it has been generated.
const registryFile = "../../bench/out/registry-1000000.csv"

// BenchmarkLoadRegistry reads the registry file (10^6 rows × 110 columns)
// from memory and from the file: the loader at the registry size of the
// README's speed table, by blocks (the plain-file path) and the serial way.
func BenchmarkLoadRegistry(b *testing.B) {
	path := registryFile
	if p := os.Getenv("PSSA_REGISTRY"); p != "" {
		path = p
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("no registry file (%v): generate it with make bench-peers", err)
	}
	s := schema(b)
	for _, v := range []struct {
		name  string
		chunk int
	}{{"blocks", 0}, {"serial", -1}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				o := dataset.Options{Schema: s, SizeHint: int64(len(data))}
				dataset.ChunkBytes(&o, v.chunk)
				ds, err := dataset.Load(bytes.NewReader(data), "registry.csv", o)
				if err != nil || ds.Err() != nil {
					b.Fatal(err, ds.Err())
				}
			}
		})
		// From the file, as pssa reads it (the page cache warm).
		b.Run("file-"+v.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				o := dataset.Options{Schema: s, SizeHint: int64(len(data))}
				dataset.ChunkBytes(&o, v.chunk)
				ds, err := dataset.Load(f, "registry.csv", o)
				f.Close()
				if err != nil || ds.Err() != nil {
					b.Fatal(err, ds.Err())
				}
			}
		})
	}
}

// registryLike builds a file laid out as the registry (bench/): id, group,
// SWLS (5 items) and EMAS (12) items and COPM ratings (5 problems,
// performance and satisfaction) at T1..T3, a later time point missing for
// some, a COPM problem for most.
func registryLike(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("id,group")
	copm := []string{"FINDWORK", "SELFCARE", "SOCIAL", "LEISURE", "HOUSEWORK"}
	for _, in := range []struct {
		code  string
		items int
	}{{"SWLS", 5}, {"EMAS", 12}} {
		for t := 1; t <= 3; t++ {
			for i := 1; i <= in.items; i++ {
				fmt.Fprintf(&b, ",%s_%d_T%d", in.code, i, t)
			}
		}
	}
	for t := 1; t <= 3; t++ {
		for _, p := range copm {
			fmt.Fprintf(&b, ",COPM_PERF_%s_T%d,COPM_SAT_%s_T%d", p, t, p, t)
		}
	}
	b.WriteByte('\n')
	r := rand.New(rand.NewPCG(3, 4))
	groups := []string{"PSW", "SU", "MHP"}
	for i := range rows {
		g := groups[i*len(groups)/rows]
		fmt.Fprintf(&b, "SYN-%s-%04d,%s", g, i+1, g)
		seen := [3]bool{true, r.IntN(4) > 0, r.IntN(2) > 0}
		for _, in := range []struct{ items, max int }{{5, 7}, {12, 5}} {
			for t := range 3 {
				for range in.items {
					if seen[t] && r.IntN(20) > 0 {
						fmt.Fprintf(&b, ",%d", 1+r.IntN(in.max))
					} else {
						b.WriteByte(',')
					}
				}
			}
		}
		for t := range 3 {
			for range copm {
				if seen[t] && r.IntN(5) < 2 {
					fmt.Fprintf(&b, ",%d,%d", 1+r.IntN(10), 1+r.IntN(10))
				} else {
					b.WriteString(",,")
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// BenchmarkLoadRegistryLike reads a generated file laid out as the
// registry (200,000 rows × 83 columns, mostly one-digit or empty cells),
// for when bench/out has no registry file.
func BenchmarkLoadRegistryLike(b *testing.B) {
	data := registryLike(200000)
	s := schema(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ds, err := dataset.Load(bytes.NewReader(data), "registry.csv", dataset.Options{Schema: s, SizeHint: int64(len(data))})
		if err != nil || ds.Err() != nil {
			b.Fatal(err, ds.Err())
		}
	}
}
