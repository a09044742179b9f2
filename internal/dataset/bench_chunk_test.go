package dataset_test

import (
	"bytes"
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
